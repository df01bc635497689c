// docs/recipe.schema.json stays in step with the code: the same units, step types, fields and
// enumerations as the parser and the unit table.

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "gemba/core/json.h"
#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/units.h"

namespace gemba::recipe {
namespace {

namespace json = boost::json;

json::value schema() {
  std::ifstream in(std::string(GEMBA_SOURCE_DIR) + "/docs/recipe.schema.json");
  std::stringstream text;
  text << in.rdbuf();
  auto v = parse_json_strict(text.str());
  EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().to_string());
  return v.ok() ? *v : json::value();
}

std::set<std::string> strings(const json::value& array) {
  std::set<std::string> out;
  for (const auto& v : array.as_array()) out.emplace(v.as_string());
  return out;
}

TEST(FormatSchemaTest, UnitsAreTheUnitTable) {
  std::set<std::string> units;
  for (const Unit& u : all_units()) units.emplace(u.symbol);
  EXPECT_EQ(strings(schema().at("$defs").at("unit").at("enum")), units);
}

TEST(FormatSchemaTest, StepTypesAndTheirFields) {
  const json::value s = schema();
  const auto& variants = s.at("$defs").at("step").at("oneOf").as_array();
  ASSERT_EQ(variants.size(), static_cast<std::size_t>(kStepTypeCount));
  for (int i = 0; i < kStepTypeCount; ++i) {
    const auto type = static_cast<StepType>(i);
    const auto& props = variants[i].at("properties").as_object();
    EXPECT_EQ(props.at("type").at("const").as_string(), step_type_name(type));
    // Every field the writer can produce for this type is in the schema.
    Step step;
    step.spec = [&]() -> StepSpec {
      switch (type) {
        case StepType::kNumericEntry:
          return NumericEntrySpec{{"kg", 1, 1.0, {0.0, 2.0}, {0.5, 1.5}}};
        case StepType::kTextEntry: return TextEntrySpec{10, "[A-Z]+"};
        case StepType::kChoiceEntry: return ChoiceEntrySpec{{"a", "b"}, "a"};
        case StepType::kBooleanEntry: return BooleanEntrySpec{true};
        case StepType::kDateTimeEntry: return DateTimeEntrySpec{true};
        case StepType::kCalculation:
          return CalculationSpec{{"%", 1, 1.0, {0.0, 2.0}, {0.5, 1.5}}, "a"};
        case StepType::kDispense: return DispenseSpec{"a"};
        case StepType::kCharge: return ChargeSpec{"a"};
        case StepType::kEquipmentUse: return EquipmentUseSpec{"A"};
        case StepType::kProcessParameter: {
          ProcessParameterSpec p;
          p.unit = "rpm";
          p.target = 1;
          p.limits = p.alarm = {0.0, 2.0};
          p.equipment_step = "a";
          p.tag = "t";
          p.window = std::chrono::minutes(1);
          return p;
        }
        case StepType::kHoldTime:
          return HoldTimeSpec{"a", "b", std::chrono::minutes(1), std::chrono::minutes(2)};
        case StepType::kSampling: return SamplingSpec{"S", {"t"}, Quantity{1, "g"}};
        case StepType::kSignOff: return SignOffSpec{"performed"};
        default: return InstructionSpec{};
      }
    }();
    step.key = "a";
    step.name = "A";
    step.text = "T";
    step.witness = Witness::kAlways;
    step.condition = "a";
    step.repeat = Repeat{std::chrono::minutes(30), 2};
    step.allow_override = true;
    const json::object written = step_to_json(step);
    for (const auto& kv : written) {
      EXPECT_TRUE(props.contains(kv.key())) << step_type_name(type) << "." << kv.key();
    }
    EXPECT_EQ(variants[i].at("additionalProperties"), json::value(false));
  }
}

TEST(FormatSchemaTest, Enumerations) {
  const json::value s = schema();
  EXPECT_EQ(s.at("properties").at("format").at("const").as_string(), kRecipeFormat);
  const auto& variants = s.at("$defs").at("step").at("oneOf").as_array();
  std::set<std::string> meanings(std::begin(kSignOffMeanings), std::end(kSignOffMeanings));
  EXPECT_EQ(
      strings(
          variants[static_cast<int>(StepType::kSignOff)].at("properties").at("meaning").at("enum")),
      meanings);
  std::set<std::string> rules;
  for (auto r :
       {CaptureRule::kValueNow, CaptureRule::kMin, CaptureRule::kMax, CaptureRule::kMean}) {
    rules.emplace(capture_rule_name(r));
  }
  EXPECT_EQ(strings(variants[static_cast<int>(StepType::kProcessParameter)]
                        .at("properties")
                        .at("capture")
                        .at("enum")),
            rules);
}

}  // namespace
}  // namespace gemba::recipe
