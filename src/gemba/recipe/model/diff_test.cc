#include "gemba/recipe/model/diff.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/test_recipes.h"

namespace gemba::recipe {
namespace {

namespace json = boost::json;
using testing::find_step;
using testing::minimal_recipe;

// Compact JSON with numbers as the recipe format writes them ("12", not "1.2E1").
std::string compact(const json::value& v) {
  if (v.is_double()) return format_number(v.get_double());
  if (v.is_object()) {
    std::string s = "{";
    for (const auto& kv : v.get_object()) {
      if (s.size() > 1) s += ",";
      s += json::serialize(json::string_view(kv.key())) + ":" + compact(kv.value());
    }
    return s + "}";
  }
  return json::serialize(v);
}

// "element key change" lines, for compact expectations.
std::vector<std::string> lines(const RecipeDiff& d) {
  std::vector<std::string> out;
  for (const Change& c : d.changes) {
    std::string s = std::string(element_kind_name(c.element)) + " " + c.key + " " +
                    std::string(change_kind_name(c.kind));
    for (const FieldChange& f : c.fields) {
      s += " " + f.field + ":" + compact(f.old_value) + "→" + compact(f.new_value);
    }
    out.push_back(s);
  }
  return out;
}

std::vector<Step>& mixing(MasterRecipe& r) { return r.unit_procedures[1].operations[0].steps; }

TEST(DiffTest, IdenticalVersionsHaveNoChanges) {
  EXPECT_TRUE(diff_recipes(minimal_recipe(), minimal_recipe()).empty());
}

TEST(DiffTest, AddedRemovedAndChangedFields) {
  const MasterRecipe a = minimal_recipe();
  MasterRecipe b = a;
  b.product_name = "Test tablets 2";
  b.header.batch_size.value = 20;
  std::get<NumericEntrySpec>(find_step(b, "mix_time").spec).limits.high = 13;
  std::get<NumericEntrySpec>(find_step(b, "mix_time").spec).alarm = {};
  find_step(b, "net_weight").witness = Witness::kAlways;
  mixing(b).erase(mixing(b).begin() + 7);  // "done"
  mixing(b).insert(mixing(b).begin() + 2,
                   testing::step_from_json(
                       R"j({"key":"lump_check","name":"No lumps","type":"boolean_entry"})j"));
  b.formula[0].tolerance.plus = 2;

  EXPECT_EQ(lines(diff_recipes(a, b)),
            (std::vector<std::string>{
                "recipe  changed product_name:\"Test tablets\"→\"Test tablets 2\"",
                "header  changed batch_size.value:10→20",
                "formula_line api changed tolerance.plus:1→2",
                "step lump_check added",
                "step mix_time changed limits.high:12→13 alarm:{\"low\":9,\"high\":11}→null",
                "step net_weight changed witness:null→\"always\"",
                "step done removed",
            }));
}

TEST(DiffTest, InsertingAStepDoesNotMoveTheOthers) {
  const MasterRecipe a = minimal_recipe();
  MasterRecipe b = a;
  mixing(b).insert(
      mixing(b).begin(),
      testing::step_from_json(R"j({"key":"first","name":"F","type":"instruction","text":"t"})j"));
  EXPECT_EQ(lines(diff_recipes(a, b)), std::vector<std::string>{"step first added"});
}

TEST(DiffTest, ReorderingMovesTheFewestSteps) {
  const MasterRecipe a = minimal_recipe();
  MasterRecipe b = a;
  // Move "net_weight" (index 5) to the front of the operation.
  Step s = mixing(b)[5];
  mixing(b).erase(mixing(b).begin() + 5);
  mixing(b).insert(mixing(b).begin(), s);
  const RecipeDiff d = diff_recipes(a, b);
  ASSERT_EQ(lines(d), std::vector<std::string>{"step net_weight moved"});
  EXPECT_EQ(d.changes[0].from, (Location{"mix", "mixing", 5}));
  EXPECT_EQ(d.changes[0].to, (Location{"mix", "mixing", 0}));
}

TEST(DiffTest, MovingToAnotherOperationAndChanging) {
  const MasterRecipe a = minimal_recipe();
  MasterRecipe b = a;
  Step s = mixing(b)[4];  // mix_time
  std::get<NumericEntrySpec>(s.spec).decimals = 2;
  mixing(b).erase(mixing(b).begin() + 4);
  b.unit_procedures[0].operations[0].steps.push_back(s);
  const RecipeDiff d = diff_recipes(a, b);
  EXPECT_EQ(lines(d), (std::vector<std::string>{"step mix_time moved",
                                                "step mix_time changed decimals:1→2"}));
  EXPECT_EQ(d.changes[0].to, (Location{"prep", "weighing", 3}));
}

TEST(DiffTest, UnitProceduresAndOperations) {
  const MasterRecipe a = minimal_recipe();
  MasterRecipe b = a;
  std::swap(b.unit_procedures[0], b.unit_procedures[1]);
  b.unit_procedures[0].parallel = true;
  b.unit_procedures[1].operations[0].name = "Weigh";
  EXPECT_EQ(lines(diff_recipes(a, b)),
            (std::vector<std::string>{"unit_procedure mix moved",
                                      "unit_procedure mix changed parallel:false→true",
                                      "operation weighing changed name:\"Weighing\"→\"Weigh\""}));
}

TEST(DiffTest, SerialisesToJson) {
  const MasterRecipe a = minimal_recipe();
  MasterRecipe b = a;
  Step s = mixing(b)[5];
  mixing(b).erase(mixing(b).begin() + 5);
  mixing(b).insert(mixing(b).begin(), s);
  std::get<NumericEntrySpec>(find_step(b, "mix_time").spec).target = 10.5;
  EXPECT_EQ(json::serialize(diff_to_json(diff_recipes(a, b))),
            R"({"changes":[)"
            R"({"element":"step","key":"net_weight","change":"moved",)"
            R"("from":{"unit_procedure":"mix","operation":"mixing","position":5},)"
            R"("to":{"unit_procedure":"mix","operation":"mixing","position":0}},)"
            R"({"element":"step","key":"mix_time","change":"changed",)"
            R"("fields":[{"field":"target","old":1E1,"new":1.05E1}]}],)"
            R"("summary":{"added":0,"removed":0,"moved":1,"changed":1}})");
}

TEST(DiffTest, LargeRecipesDiffQuickly) {
  const MasterRecipe a = testing::generated_recipe(5000);
  MasterRecipe b = a;
  auto& ops = b.unit_procedures.back().operations;
  std::reverse(ops[3].steps.begin(), ops[3].steps.end());  // 99 of 100 steps move
  const RecipeDiff d = diff_recipes(a, b);
  EXPECT_EQ(d.changes.size(), 99u);
}

}  // namespace
}  // namespace gemba::recipe
