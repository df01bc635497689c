#include "gemba/recipe/model/validate.h"

#include <gtest/gtest.h>

#include <functional>

#include "gemba/recipe/model/test_recipes.h"

namespace gemba::recipe {
namespace {

using testing::describe;
using testing::find_step;
using testing::minimal_recipe;

struct Case {
  const char* name;
  std::function<void(MasterRecipe&)> change;
  std::vector<Problem> expected;  // exactly these, in this order
};

void run(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    MasterRecipe r = minimal_recipe();
    c.change(r);
    const auto problems = validate(r);
    EXPECT_EQ(problems, c.expected) << c.name << ":" << describe(problems);
  }
}

TEST(ValidateTest, TheMinimalRecipeIsValid) {
  EXPECT_EQ(validate(minimal_recipe()), std::vector<Problem>{});
}

TEST(ValidateTest, Header) {
  run({
      {"batch size zero",
       [](MasterRecipe& r) { r.header.batch_size.value = 0; },
       {{"header.batch_size.value", "must be greater than 0"}}},
      {"batch size unknown unit",
       [](MasterRecipe& r) { r.header.batch_size.unit = "lb"; },
       {{"header.batch_size.unit",
         "unknown unit \"lb\"; the units are kg, g, mg, L, mL, K, °C, kPa, bar, mbar, Pa, rpm, %, "
         "s, min, h, mm, µm, N, kN, kW, W, kg/h, g/min, L/min, m³/h, pcs, /m³"}}},
      {"batch size in minutes",
       [](MasterRecipe& r) { r.header.batch_size.unit = "min"; },
       {{"header.batch_size.unit", "must be a unit of mass, volume or count, not time"}}},
      {"range reversed",
       [](MasterRecipe& r) {
         r.header.batch_size_range = {12.0, 8.0};
       },
       {{"header.batch_size_range", "low (12) > high (8)"},
        {"header.batch_size_range", "does not include the nominal batch size (10 kg)"}}},
      {"range excludes nominal",
       [](MasterRecipe& r) {
         r.header.batch_size_range = {12.0, {}};
       },
       {{"header.batch_size_range", "does not include the nominal batch size (10 kg)"}}},
      {"yield limits",
       [](MasterRecipe& r) {
         r.header.yield_limits = {101.0, 97.0};
       },
       {{"header.yield_limits", "low (101) > high (97)"}}},
      {"yield limits range",
       [](MasterRecipe& r) {
         r.header.yield_limits = {-1.0, 250.0};
       },
       {{"header.yield_limits", "yield limits are percentages between 0 and 200"}}},
      {"theoretical yield",
       [](MasterRecipe& r) {
         r.header.theoretical_yield = {-3, "rpm"};
       },
       {{"header.theoretical_yield.value", "must be greater than 0"},
        {"header.theoretical_yield.unit", "must be a unit of mass, volume or count"}}},
  });
}

TEST(ValidateTest, Formula) {
  run({
      {"duplicate key",
       [](MasterRecipe& r) { r.formula[1].key = "api"; },
       {{"formula[1].key", "\"api\" is already the key of formula[0]; keys must be unique"},
        {"unit_procedures[0].operations[0].steps[2].formula_line",
         "\"filler\" is not the key of any formula line"},
        {"unit_procedures[1].operations[0].steps[2].formula_line",
         "\"filler\" is not the key of any formula line"}}},
      {"quantity",
       [](MasterRecipe& r) {
         r.formula[0].quantity = {0, "kg"};
       },
       {{"formula[0].quantity.value", "must be greater than 0"}}},
      {"quantity unit",
       [](MasterRecipe& r) { r.formula[0].quantity.unit = "°C"; },
       {{"formula[0].quantity.unit",
         "a material quantity must be a mass, volume or count, not temperature"}}},
      {"negative tolerance",
       [](MasterRecipe& r) { r.formula[0].tolerance.minus = -1; },
       {{"formula[0].tolerance",
         "minus and plus are distances from the target and must not be negative"}}},
      {"tolerance over 100 %",
       [](MasterRecipe& r) { r.formula[0].tolerance.plus = 150; },
       {{"formula[0].tolerance", "must not exceed 100 %"}}},
      {"tolerance of another dimension",
       [](MasterRecipe& r) { r.formula[1].tolerance.unit = "mL"; },
       {{"formula[1].tolerance.unit", "must be % or a unit of mass like the quantity (kg)"}}},
      {"absolute tolerance in g",
       [](MasterRecipe& r) {
         r.formula[1].tolerance = {50, 50, "g"};
       },
       {}},
      {"tolerance larger than quantity",
       [](MasterRecipe& r) {
         r.formula[1].tolerance = {9, 1, "kg"};
       },
       {{"formula[1].tolerance", "minus must be smaller than the quantity"}}},
      {"unused line",
       [](MasterRecipe& r) {
         r.formula.push_back(r.formula[0]);
         r.formula.back().key = "spare";
       },
       {{"formula[2]", "formula line \"spare\" is not dispensed or charged by any step"}}},
  });
}

TEST(ValidateTest, Procedure) {
  run({
      {"no unit procedures",
       [](MasterRecipe& r) { r.unit_procedures.clear(); },
       {{"formula[0]", "formula line \"api\" is not dispensed or charged by any step"},
        {"formula[1]", "formula line \"filler\" is not dispensed or charged by any step"},
        {"unit_procedures", "a recipe needs at least one unit procedure"}}},
      {"first parallel",
       [](MasterRecipe& r) { r.unit_procedures[0].parallel = true; },
       {{"unit_procedures[0].parallel",
         "the first unit procedure cannot run in parallel: there is none before it"}}},
      {"duplicate unit procedure",
       [](MasterRecipe& r) { r.unit_procedures[1].key = "prep"; },
       {{"unit_procedures[1].key",
         "\"prep\" is already the key of unit_procedures[0]; keys must be unique"}}},
      {"duplicate operation",
       [](MasterRecipe& r) { r.unit_procedures[1].operations[0].key = "weighing"; },
       {{"unit_procedures[1].operations[0].key",
         "\"weighing\" is already the key of unit_procedures[0].operations[0]; keys must be "
         "unique"}}},
      {"duplicate step",
       [](MasterRecipe& r) { find_step(r, "done").key = "mix_time"; },
       {{"unit_procedures[1].operations[0].steps[7].key",
         "\"mix_time\" is already the key of unit_procedures[1].operations[0].steps[4]; keys "
         "must be unique"}}},
      {"reserved key",
       [](MasterRecipe& r) { find_step(r, "done").key = "batch_size"; },
       {{"unit_procedures[1].operations[0].steps[7].key",
         "\"batch_size\" is reserved for expressions; choose another key"}}},
      {"function key",
       [](MasterRecipe& r) { find_step(r, "done").key = "avg"; },
       {{"unit_procedures[1].operations[0].steps[7].key",
         "\"avg\" is the name of an expression function; choose another key"}}},
      {"empty operation",
       [](MasterRecipe& r) { r.unit_procedures[0].operations[0].steps.clear(); },
       {{"unit_procedures[0].operations[0].steps", "an operation needs at least one step"}}},
      {"empty unit procedure",
       [](MasterRecipe& r) { r.unit_procedures[0].operations.clear(); },
       {{"unit_procedures[0].operations", "a unit procedure needs at least one operation"}}},
      {"class listed twice",
       [](MasterRecipe& r) { r.unit_procedures[0].equipment_classes.push_back("SCALE"); },
       {{"unit_procedures[0].equipment_classes[1]", "\"SCALE\" is listed twice"}}},
  });
}

TEST(ValidateTest, ParallelUnitProceduresCannotReferToEachOther) {
  MasterRecipe r = minimal_recipe();
  // A third unit procedure running alongside "mix" may not use mix's values, but may use prep's.
  UnitProcedure check;
  check.key = "check";
  check.name = "Check";
  check.parallel = true;
  Step calc = testing::step_from_json(
      R"j({"key":"c","name":"C","type":"calculation","expression":"net_weight * 2","decimals":0})j");
  Step ok = testing::step_from_json(
      R"j({"key":"d","name":"D","type":"instruction","text":"t","condition":"dispense_api > 1"})j");
  check.operations.push_back({"check_op", "Check", {calc, ok}});
  r.unit_procedures.push_back(check);
  const auto problems = validate(r);
  ASSERT_EQ(problems.size(), 1u) << describe(problems);
  EXPECT_EQ(problems[0].field, "unit_procedures[2].operations[0].steps[0].expression");
  EXPECT_EQ(problems[0].message,
            "the variable \"net_weight\" belongs to unit procedure \"mix\", which runs in parallel "
            "with this one, so it may not be done yet");
  // Not parallel: fine.
  r.unit_procedures[2].parallel = false;
  EXPECT_EQ(validate(r), std::vector<Problem>{});
}

TEST(ValidateTest, ReferencesAreCheckedThroughTheInjectedChecker) {
  MasterRecipe r = minimal_recipe();
  testing::FakeReferences refs;
  refs.materials = {"RM-1"};
  refs.equipment_classes = {"SCALE"};
  r.formula[1].material_code = "RM-1";  // the same code twice: asked once
  const auto ok_materials = validate(r, &refs);
  EXPECT_EQ(ok_materials, (std::vector<Problem>{{"unit_procedures[1].equipment_classes[0]",
                                                 "equipment class MIXER does not exist"}}))
      << describe(ok_materials);
  EXPECT_EQ(refs.calls, 3);  // RM-1, SCALE, MIXER

  r.formula[1].material_code = "RM-404";
  refs.equipment_classes.insert("MIXER");
  EXPECT_EQ(validate(r, &refs),
            (std::vector<Problem>{{"formula[1].material_code", "material RM-404 does not exist"}}));
  // Without a checker, codes are not checked.
  EXPECT_EQ(validate(r), std::vector<Problem>{});
}

TEST(ValidateTest, AllProblemsAreListedNotJustTheFirst) {
  MasterRecipe r = minimal_recipe();
  r.header.batch_size.value = -1;
  find_step(r, "mix_time").spec = NumericEntrySpec{{"min", 1, 20.0, {12.0, 8.0}, {}}};
  find_step(r, "yield").spec = CalculationSpec{{"%", 1, {}, {}, {}}, "nope(1)"};
  const auto problems = validate(r);
  ASSERT_EQ(problems.size(), 4u) << describe(problems);
  EXPECT_EQ(problems[0].field, "header.batch_size.value");
  EXPECT_EQ(problems[1].to_string(),
            "unit_procedures[1].operations[0].steps[4].limits: low (12) > high (8)");
  EXPECT_EQ(problems[2].field, "unit_procedures[1].operations[0].steps[4].target");
  EXPECT_EQ(problems[3].field, "unit_procedures[1].operations[0].steps[6].expression");
}

TEST(ValidateTest, ProblemListIsCapped) {
  MasterRecipe r = testing::generated_recipe(5000);
  for (auto& op : r.unit_procedures.back().operations) {
    for (auto& s : op.steps) s.key = "same";
  }
  const auto problems = validate(r);
  ASSERT_EQ(problems.size(), kMaxProblems + 1);
  EXPECT_EQ(problems.back().message,
            "more than 1000 problems were found; only the first are listed");
}

TEST(ValidateTest, ProblemsBecomeOneLocatedError) {
  const Error e = problems_to_error({{"a.b", "is wrong"}, {"c", "too"}});
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.message, "the recipe has 2 problems; the first: a.b: is wrong");
  EXPECT_EQ(e.details.at("field").as_string(), "a.b");
  EXPECT_EQ(e.details.at("problems").as_array().size(), 2u);
}

}  // namespace
}  // namespace gemba::recipe
