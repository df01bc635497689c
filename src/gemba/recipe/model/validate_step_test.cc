// The per-step rules of validate(), one table row per rule: a step added to the minimal recipe
// (as the 8th step of its mixing operation, before the sign-off) and exactly the problems it gives.

#include <gtest/gtest.h>

#include "gemba/recipe/model/test_recipes.h"
#include "gemba/recipe/model/validate.h"

namespace gemba::recipe {
namespace {

using testing::describe;

constexpr const char* kAt = "unit_procedures[1].operations[0].steps[7]";

struct Case {
  const char* step;                                           // JSON
  std::vector<std::pair<std::string, std::string>> expected;  // field suffix, message
};

void run(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    MasterRecipe r = testing::minimal_recipe();
    auto& steps = r.unit_procedures[1].operations[0].steps;
    steps.insert(steps.begin() + 7, testing::step_from_json(c.step));
    std::vector<Problem> expected;
    for (const auto& [suffix, message] : c.expected) expected.push_back({kAt + suffix, message});
    const auto problems = validate(r);
    EXPECT_EQ(problems, expected) << c.step << describe(problems);
  }
}

TEST(ValidateStepTest, NumericSpecs) {
  run({
      {R"j({"key":"x","name":"X","type":"numeric_entry","unit":"mg","decimals":1,"target":600,"limits":{"low":570,"high":630},"alarm":{"low":582,"high":618}})j",
       {}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","unit":"%","decimals":2,"limits":{"high":2}})j",
       {}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","unit":"furlong","decimals":0})j",
       {{".unit",
         "unknown unit \"furlong\"; the units are kg, g, mg, L, mL, K, °C, kPa, bar, mbar, "
         "Pa, rpm, %, s, min, h, mm, µm, N, kN, kW, W, kg/h, g/min, L/min, m³/h, pcs, /m³"}}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":7})j",
       {{".decimals", "at most 6 decimals can be recorded"}}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":0,"limits":{"low":630,"high":570}})j",
       {{".limits", "low (630) > high (570)"}}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":0,"alarm":{"low":20,"high":10}})j",
       {{".alarm", "low (20) > high (10)"}}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":0,"limits":{"low":570,"high":630},"alarm":{"low":560,"high":618}})j",
       {{".alarm", "the alarm limits must lie within the hard limits (limits)"}}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":0,"limits":{"high":10},"alarm":{"low":12}})j",
       {{".alarm", "the alarm limits must lie within the hard limits (limits)"}}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":0,"target":700,"limits":{"low":570,"high":630}})j",
       {{".target", "the target (700) lies outside the hard limits"}}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":0,"target":620,"limits":{"low":570,"high":630},"alarm":{"low":580,"high":610}})j",
       {{".target", "the target (620) lies outside the alarm limits"}}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":0,"limits":{"low":1,"high":2.5}})j",
       {{".limits.high", "2.5 has more decimals than the step records (0)"}}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":2,"target":5.4,"limits":{"low":5.2,"high":5.6}})j",
       {}},
  });
}

TEST(ValidateStepTest, EntryTypes) {
  run({
      {R"j({"key":"x","name":"X","type":"text_entry","max_length":20000})j",
       {{".max_length", "must be between 1 and 10000"}}},
      {R"j({"key":"x","name":"X","type":"text_entry","pattern":"DEV-[0-9]{4}-[0-9]{5}"})j", {}},
      {R"j({"key":"x","name":"X","type":"text_entry","pattern":"[a-"})j",
       {{".pattern", "is not a valid regular expression (ECMAScript)"}}},
      {R"j({"key":"x","name":"X","type":"text_entry","pattern":"((a{100}){100}){100}"})j",
       {{".pattern", "its counted repetitions ({n}) multiply to more than 1000"}}},
      {R"j({"key":"x","name":"X","type":"choice_entry","options":["Only"]})j",
       {{".options", "a choice needs at least two options"}}},
      {R"j({"key":"x","name":"X","type":"choice_entry","options":["A","B","A"],"expected":"C"})j",
       {{".options[2]", "\"A\" is listed twice"},
        {".expected", "\"C\" is not one of the options"}}},
      {R"j({"key":"x","name":"X","type":"boolean_entry","expected":false})j", {}},
      {R"j({"key":"x","name":"X","type":"datetime_entry"})j", {}},
  });
}

TEST(ValidateStepTest, Calculations) {
  run({
      {R"j({"key":"x","name":"X","type":"calculation","expression":"net_weight * 1000 / batch_size","decimals":0})j",
       {}},
      {R"j({"key":"x","name":"X","type":"calculation","expression":"mix_time + dispense_api + charge_api + mix_speed","decimals":0})j",
       {}},
      {R"j({"key":"x","name":"X","type":"calculation","expression":"bind_mixer * 2","decimals":0})j",
       {{".expression",
         "the variable \"bind_mixer\" is an equipment_use step, which has no numeric value"}}},
      {R"j({"key":"x","name":"X","type":"calculation","expression":"done + 1","decimals":0})j",
       {{".expression",
         "the variable \"done\" is a later step (unit_procedures[1].operations[0].steps[8]); only "
         "earlier steps can be used"}}},
      {R"j({"key":"x","name":"X","type":"calculation","expression":"x + 1","decimals":0})j",
       {{".expression", "the variable \"x\" is this step itself"}}},
      {R"j({"key":"x","name":"X","type":"calculation","expression":"cos(mix_time)","decimals":0})j",
       {{".expression",
         "unknown function cos(); the functions are abs, sqrt, exp, ln, log10, floor, ceil, "
         "round, min, max, sum, avg"}}},
      {R"j({"key":"x","name":"X","type":"calculation","expression":"mix_time / 0","decimals":0})j",
       {{".expression", "has no finite value for any input (division by zero?)"}}},
  });
}

TEST(ValidateStepTest, MaterialAndEquipment) {
  run({
      {R"j({"key":"x","name":"X","type":"dispense","formula_line":"sugar"})j",
       {{".formula_line", "\"sugar\" is not the key of any formula line"}}},
      {R"j({"key":"x","name":"X","type":"charge","formula_line":"api","allow_override":true})j",
       {}},
      {R"j({"key":"x","name":"X","type":"equipment_use","equipment_class":"OVEN"})j",
       {{".equipment_class",
         "OVEN is not an equipment requirement of unit procedure \"mix\"; add it to its "
         "equipment_classes"}}},
  });
}

TEST(ValidateStepTest, ProcessParameters) {
  const std::string base =
      R"("key":"x","name":"X","type":"process_parameter","tag":"t","decimals":0,)";
  run({
      {("{" + base + R"("equipment_step":"bind_mixer","capture":"value_now"})").c_str(), {}},
      {("{" + base + R"("equipment_step":"bind_oven","capture":"value_now"})").c_str(),
       {{".equipment_step", "\"bind_oven\" is not the key of any step"}}},
      {("{" + base + R"("equipment_step":"mix_time","capture":"value_now"})").c_str(),
       {{".equipment_step", "\"mix_time\" is not an equipment_use step"}}},
      {("{" + base + R"("equipment_step":"bind_scale","capture":"value_now"})").c_str(),
       {{".equipment_step",
         "\"bind_scale\" binds equipment in another unit procedure; bind it in this one"}}},
      {("{" + base + R"("equipment_step":"bind_mixer","capture":"value_now","window":"PT1M"})")
           .c_str(),
       {{".window", "value_now takes no window; remove it"}}},
      {("{" + base + R"("equipment_step":"bind_mixer","capture":"mean"})").c_str(),
       {{".window", "mean needs a window (e.g. \"PT5M\")"}}},
      {("{" + base + R"("equipment_step":"bind_mixer","capture":"max","window":"PT25H"})").c_str(),
       {{".window", "must be between 1 second and 24 hours"}}},
  });
}

TEST(ValidateStepTest, HoldTimes) {
  run({
      {R"j({"key":"x","name":"X","type":"hold_time","from_step":"dispense_api","max":"PT72H"})j",
       {}},
      {R"j({"key":"x","name":"X","type":"hold_time","from_step":"dispense_api","to_step":"charge_api","min":"PT5M","max":"PT1H"})j",
       {}},
      {R"j({"key":"x","name":"X","type":"hold_time","from_step":"nowhere","max":"PT1H"})j",
       {{".from_step", "\"nowhere\" is not the key of any step"}}},
      {R"j({"key":"x","name":"X","type":"hold_time","from_step":"done","max":"PT1H"})j",
       {{".from_step",
         "\"done\" is a later step (unit_procedures[1].operations[0].steps[8]); only earlier "
         "steps can be used"}}},
      {R"j({"key":"x","name":"X","type":"hold_time","from_step":"charge_api","to_step":"dispense_api","max":"PT1H"})j",
       {{".to_step", "must come after from_step (\"charge_api\")"}}},
      {R"j({"key":"x","name":"X","type":"hold_time","from_step":"charge_api"})j",
       {{"", "a hold time needs min, max or both"}}},
      {R"j({"key":"x","name":"X","type":"hold_time","from_step":"charge_api","min":"PT2H","max":"PT1H"})j",
       {{"", "min (7200 s) is longer than max (3600 s)"}}},
      {R"j({"key":"x","name":"X","type":"hold_time","from_step":"charge_api","min":"-PT5M","max":"PT0S"})j",
       {{".min", "must not be negative"}, {".max", "must be greater than zero"}}},
  });
}

TEST(ValidateStepTest, SamplingAndSignOff) {
  run({
      {R"j({"key":"x","name":"X","type":"sampling","sample_label":"S","tests":[]})j",
       {{".tests", "name at least one test"}}},
      {R"j({"key":"x","name":"X","type":"sampling","sample_label":"S","tests":["LOD","LOD"],"quantity":{"value":0,"unit":"grams"}})j",
       {{".tests[1]", "\"LOD\" is listed twice"},
        {".quantity.value", "must be greater than 0"},
        {".quantity.unit",
         "unknown unit \"grams\"; the units are kg, g, mg, L, mL, K, °C, kPa, "
         "bar, mbar, Pa, rpm, %, s, min, h, mm, µm, N, kN, kW, W, kg/h, g/min, "
         "L/min, m³/h, pcs, /m³"}}},
      {R"j({"key":"x","name":"X","type":"sign_off","meaning":"approved"})j", {}},
  });
}

TEST(ValidateStepTest, Options) {
  run({
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":0,"repeat":{"every":"PT30M"},"witness":"first"})j",
       {}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":0,"repeat":{"times":3}})j", {}},
      {R"j({"key":"x","name":"X","type":"dispense","formula_line":"api","repeat":{"times":3}})j",
       {{".repeat", "a dispense step cannot repeat"}}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":0,"repeat":{}})j",
       {{".repeat", "give every, times or both"}}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":0,"repeat":{"every":"PT30S","times":1}})j",
       {{".repeat.every", "must be between 1 minute and 24 hours"},
        {".repeat.times", "must be between 2 and 1000"}}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":0,"witness":"first"})j",
       {{".witness", "\"first\" is for repeating steps; use \"always\""}}},
      {R"j({"key":"x","name":"X","type":"instruction","text":"t","allow_override":true})j",
       {{".allow_override", "the step has no hard limits to override"}}},
      {R"j({"key":"x","name":"X","type":"numeric_entry","decimals":0,"alarm":{"high":3},"allow_override":true})j",
       {{".allow_override", "the step has no hard limits to override"}}},
      {R"j({"key":"x","name":"X","type":"instruction","text":"t","condition":"mix_time > 11 && net_weight < 9.5"})j",
       {}},
      {R"j({"key":"x","name":"X","type":"instruction","text":"t","condition":"done > 0"})j",
       {{".condition",
         "the variable \"done\" is a later step (unit_procedures[1].operations[0].steps[8]); only "
         "earlier steps can be used"}}},
      {R"j({"key":"x","name":"X","type":"instruction","text":"t","condition":"launch(1)"})j",
       {{".condition",
         "unknown function launch(); the functions are abs, sqrt, exp, ln, log10, floor, ceil, "
         "round, min, max, sum, avg"}}},
  });
}

}  // namespace
}  // namespace gemba::recipe
