// The demo recipe: it parses, validates cleanly, is canonical (export of the file is the file),
// and has the structure and content the issue's demo describes.

#include <gtest/gtest.h>

#include <set>

#include "gemba/recipe/demo/demo_recipes.h"
#include "gemba/recipe/model/diff.h"
#include "gemba/recipe/model/expression.h"
#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/scaling.h"
#include "gemba/recipe/model/test_recipes.h"
#include "gemba/recipe/model/validate.h"

namespace gemba::recipe {
namespace {

MasterRecipe demo() {
  auto r = parse_recipe(paracetamol_500mg_recipe_json());
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  return r.ok() ? std::move(*r) : MasterRecipe{};
}

TEST(ParacetamolDemoTest, ValidatesCleanly) {
  testing::FakeReferences refs;
  const MasterRecipe r = demo();
  for (const auto& line : r.formula) refs.materials.insert(line.material_code);
  for (const auto& up : r.unit_procedures) {
    refs.equipment_classes.insert(up.equipment_classes.begin(), up.equipment_classes.end());
  }
  EXPECT_EQ(validate(r, &refs), std::vector<Problem>{}) << testing::describe(validate(r, &refs));
}

TEST(ParacetamolDemoTest, IsCanonicalAndRoundTripsByteForByte) {
  const std::string file(paracetamol_500mg_recipe_json());
  const std::string exported = write_recipe(demo());
  EXPECT_EQ(exported, file);
  EXPECT_EQ(write_recipe(parse_recipe(exported).value()), exported);
  EXPECT_TRUE(diff_recipes(demo(), parse_recipe(exported).value()).empty());
}

TEST(ParacetamolDemoTest, FollowsTheProcessOfTheIssue) {
  const MasterRecipe r = demo();
  EXPECT_EQ(r.product_name, "Paracetamol 500 mg film-coated tablets");
  EXPECT_EQ(r.header.batch_size, (Quantity{100, "kg"}));
  EXPECT_EQ(r.header.yield_limits, (Limits{97.0, 101.0}));
  std::vector<std::string> ups;
  for (const auto& up : r.unit_procedures) ups.push_back(up.key);
  EXPECT_EQ(ups, (std::vector<std::string>{"dispensing", "wet_granulation", "drying", "blending",
                                           "compression", "coating_suspension", "coating",
                                           "reconciliation", "batch_sign_off"}));
  EXPECT_TRUE(r.unit_procedures[5].parallel);  // suspension prepared during compression

  // Dispensing: the four materials of the granulate.
  std::set<std::string> dispensed;
  for (const auto& op : r.unit_procedures[0].operations) {
    for (const auto& s : op.steps) {
      if (auto* d = std::get_if<DispenseSpec>(&s.spec)) dispensed.insert(d->formula_line);
    }
  }
  EXPECT_EQ(dispensed, (std::set<std::string>{"paracetamol", "maize_starch", "povidone",
                                              "magnesium_stearate"}));
  // The four materials make up the 100 kg.
  double granulate = 0;
  for (const auto& line : r.formula) {
    if (dispensed.contains(line.key)) granulate += line.quantity.value;
  }
  EXPECT_NEAR(granulate, 100.0, 1e-9);

  MasterRecipe copy = r;
  auto step = [&](const char* key) -> const Step& { return testing::find_step(copy, key); };
  // Granulation: impeller speed and end-point power from the granulator's tags.
  const auto& power = std::get<ProcessParameterSpec>(step("end_point_power").spec);
  EXPECT_EQ(power.equipment_step, "bind_granulator");
  EXPECT_EQ(power.unit, "kW");
  EXPECT_EQ(std::get<ProcessParameterSpec>(step("impeller_speed").spec).unit, "rpm");
  EXPECT_EQ(std::get<NumericEntrySpec>(step("granulation_time").spec).unit, "min");
  // Drying: inlet temperature and LOD ≤ 2.0 %.
  EXPECT_EQ(std::get<ProcessParameterSpec>(step("inlet_temperature").spec).unit, "°C");
  EXPECT_EQ(std::get<NumericEntrySpec>(step("lod").spec).limits.high, 2.0);
  // Compression: weight, hardness, thickness every 30 minutes, witness on the first check.
  for (const char* key : {"tablet_weight", "tablet_hardness", "tablet_thickness"}) {
    const Step& s = step(key);
    ASSERT_TRUE(s.repeat) << key;
    EXPECT_EQ(s.repeat->every, std::chrono::minutes(30)) << key;
    EXPECT_EQ(s.witness, Witness::kFirst) << key;
  }
  // Yield reconciliation: a calculation with limits 97–101 %.
  const auto& yield = std::get<CalculationSpec>(step("yield_percent").spec);
  EXPECT_EQ(yield.limits, (Limits{97.0, 101.0}));
  EXPECT_EQ(yield.unit, "%");
  // Ends with a sign-off.
  EXPECT_EQ(step_type(r.unit_procedures.back().operations.back().steps.back()), StepType::kSignOff);

  // Every step type appears at least once, so the demo doubles as the format's example.
  std::set<StepType> types;
  for (const auto& ref : all_steps(r)) types.insert(step_type(*ref.step));
  EXPECT_EQ(types.size(), static_cast<std::size_t>(kStepTypeCount));
}

TEST(ParacetamolDemoTest, YieldOfAScaledBatch) {
  const MasterRecipe r = demo();
  auto f = scale_formula(r, {80, "kg"});
  ASSERT_TRUE(f.ok()) << f.error().to_string();
  EXPECT_NEAR(f->lines[0].target, 66.664, 1e-9);    // paracetamol, scalable
  EXPECT_EQ(f->lines[7].scaling, Scaling::kFixed);  // spray-line flush water
  EXPECT_DOUBLE_EQ(f->lines[7].target, 2);
  EXPECT_FALSE(scale_formula(r, {120, "kg"}).ok());  // above the granulator's range

  MasterRecipe copy = r;
  auto yield = Expression::compile(
      std::get<CalculationSpec>(testing::find_step(copy, "yield_percent").spec).expression);
  ASSERT_TRUE(yield.ok());
  ExpressionValues values = reserved_expression_values(r, *f);
  values["coated_tablets_net"] = 81.2;
  values["qc_samples"] = 0.4;
  EXPECT_NEAR(*yield->evaluate(values), (81.2 + 0.4) / (103 * 0.8) * 100, 1e-9);
}

}  // namespace
}  // namespace gemba::recipe
