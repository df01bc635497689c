// Values (engine.h "Values"): types, units, decimals, limits, formula lines, options, patterns.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "gemba/batch/model/test_batches.h"

namespace gemba::batch {
namespace {

using namespace testing;

struct Expect {
  std::optional<ErrorCode> code;  // absent: recorded
  std::string fragment;           // of the error or of the exception message
  std::string field;              // details.field of the error
  std::optional<double> stored;
  std::optional<ExceptionKind> exception;
};

void check(Harness& h, std::string_view key, const ValueInput& in, const std::string& comment,
           const Expect& want, const std::string& label) {
  SCOPED_TRACE(label);
  auto r = h.record(key, in, operator_anna(), comment);
  if (want.code) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, *want.code) << r.error().to_string();
    EXPECT_NE(r.error().message.find(want.fragment), std::string::npos) << r.error().message;
    if (!want.field.empty()) {
      ASSERT_TRUE(r.error().details.contains("field")) << r.error().to_string();
      EXPECT_EQ(r.error().details.at("field").as_string(), want.field);
    }
    EXPECT_EQ(h.state(key), StepState::kReady) << "a refused value leaves the step Ready";
    EXPECT_TRUE(h.b.exceptions.empty());
    return;
  }
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const StepRun& run = h.run(key);
  EXPECT_EQ(run.state, StepState::kDone);
  ASSERT_TRUE(run.entry);
  if (want.stored) {
    ASSERT_TRUE(run.entry->value.number);
    EXPECT_DOUBLE_EQ(*run.entry->value.number, *want.stored);
  }
  EXPECT_EQ(run.entry->comment, comment);
  if (want.exception) {
    ASSERT_EQ(h.b.exceptions.size(), 1u);
    EXPECT_EQ(h.b.exceptions[0].kind, *want.exception);
    EXPECT_NE(h.b.exceptions[0].message.find(want.fragment), std::string::npos)
        << h.b.exceptions[0].message;
    EXPECT_EQ(h.b.exceptions[0].step_key, key);
    EXPECT_EQ(h.b.exceptions[0].raised_by, operator_anna().person);
  } else {
    EXPECT_TRUE(h.b.exceptions.empty()) << h.b.exceptions[0].message;
  }
}

TEST(ValuesTest, NumericLimitsDecimalsAndUnits) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const auto invalid = ErrorCode::kInvalidArgument;
  const struct {
    const char* label;
    ValueInput in;
    std::string comment;
    bool allow_override;
    Expect want;
  } table[] = {
      {"inside", num(2), "", false, {.stored = 2}},
      {"in grams", num(2000, "g"), "", false, {.stored = 2}},
      {"converted then rounded",
       num(2567.4, "g"),
       "",
       false,
       {.fragment = "above the alarm limit 2.5 kg",
        .stored = 2.57,
        .exception = ExceptionKind::kAlarmExcursion}},
      {"too many decimals",
       num(2.567),
       "",
       false,
       {invalid, "w is recorded with 2 decimals; 2.567 has more", "value.number"}},
      {"above alarm",
       num(2.6),
       "",
       false,
       {.fragment = "w 2.6 kg is above the alarm limit 2.5 kg",
        .stored = 2.6,
        .exception = ExceptionKind::kAlarmExcursion}},
      {"below alarm",
       num(1.2),
       "",
       false,
       {.fragment = "w 1.2 kg is below the alarm limit 1.5 kg",
        .stored = 1.2,
        .exception = ExceptionKind::kAlarmExcursion}},
      {"above hard",
       num(3.5),
       "",
       false,
       {invalid, "w 3.5 kg is above the upper limit 3 kg", "value.number"}},
      {"below hard",
       num(0.5),
       "",
       false,
       {invalid, "w 0.5 kg is below the lower limit 1 kg", "value.number"}},
      {"hard, override allowed, no comment",
       num(3.5),
       "",
       true,
       {invalid, "to keep it, give a comment", "value.number"}},
      {"hard, override with comment",
       num(3.5),
       "scale re-checked, value confirmed",
       true,
       {.fragment = "kept with the comment: scale re-checked",
        .stored = 3.5,
        .exception = ExceptionKind::kHardLimitOverride}},
      {"hard, comment but no override",
       num(3.5),
       "please keep",
       false,
       {invalid, "above the upper limit 3 kg", "value.number"}},
      {"wrong dimension",
       num(2, "L"),
       "",
       false,
       {invalid, "w is recorded in kg: cannot convert L (volume) to kg (mass)", "value.unit"}},
      {"unknown unit", num(2, "sacks"), "", false, {invalid, "sacks", "value.unit"}},
      {"NaN", num(kNaN), "", false, {invalid, "finite", "value.number"}},
      {"infinity", num(kInf), "", false, {invalid, "finite", "value.number"}},
      {"minus infinity", num(-kInf), "", false, {invalid, "finite", "value.number"}},
      {"text for a number",
       text("2"),
       "",
       false,
       {invalid, "w is a numeric_entry step: it takes a number", "value.text"}},
      {"nothing", ValueInput{}, "", false, {invalid, "w needs a number", "value.number"}},
      {"lot on a numeric entry",
       quantity(2, "kg", "L1"),
       "",
       false,
       {invalid, "not value.lot", "value.lot"}},
  };
  for (const auto& c : table) {
    Harness h;
    h.begin(one_operation(step("w", "numeric_entry",
                               std::string(R"("unit": "kg", "decimals": 2,
                                 "limits": {"low": 1, "high": 3},
                                 "alarm": {"low": 1.5, "high": 2.5})") +
                                   (c.allow_override ? R"(, "allow_override": true)" : ""))));
    check(h, "w", c.in, c.comment, c.want, c.label);
  }
}

TEST(ValuesTest, EnteredValueKeptBesideTheConvertedOne) {
  Harness h;
  h.begin(one_operation(step("w", "numeric_entry", R"("unit": "kg", "decimals": 3)")));
  ASSERT_TRUE(h.record("w", num(600, "g")).ok());
  const Value& v = h.run("w").entry->value;
  EXPECT_DOUBLE_EQ(*v.number, 0.6);
  EXPECT_EQ(v.unit, "kg");
  EXPECT_EQ(v.entered_number, 600);
  EXPECT_EQ(v.entered_unit, "g");
}

TEST(ValuesTest, DispenseAgainstTheScaledFormulaLine) {
  // Batch of 5 kg: api 1 kg ±1 % → 0.99 to 1.01 kg.
  const auto invalid = ErrorCode::kInvalidArgument;
  const struct {
    const char* label;
    ValueInput in;
    std::string comment;
    bool allow_override;
    Expect want;
  } table[] = {
      {"on target", quantity(1, "", "LOT-1"), "", false, {.stored = 1}},
      {"in grams", quantity(1005, "g", "LOT-1"), "", false, {.stored = 1.005}},
      {"above",
       quantity(1.02, "kg", "LOT-1"),
       "",
       false,
       {invalid, "d 1.02 kg is above the upper limit 1.01 kg", "value.number"}},
      {"below",
       quantity(985, "g", "LOT-1"),
       "",
       false,
       {invalid, "d 0.985 kg is below the lower limit 0.99 kg", "value.number"}},
      {"above, override with comment",
       quantity(1.02, "kg", "LOT-1"),
       "last container",
       true,
       {.fragment = "above the upper limit 1.01 kg",
        .stored = 1.02,
        .exception = ExceptionKind::kHardLimitOverride}},
      {"no lot", num(1), "", false, {invalid, "d needs the material lot", "value.lot"}},
      {"lot refused",
       quantity(1, "kg", "LOT-Q"),
       "",
       false,
       {ErrorCode::kFailedPrecondition, "lot LOT-Q of RM-1 is quarantined"}},
      {"volume", quantity(1, "L", "LOT-1"), "", false, {invalid, "cannot convert", "value.unit"}},
      {"zero", quantity(0, "kg", "LOT-1"), "", false, {invalid, "above 0", "value.number"}},
  };
  for (const auto& c : table) {
    Harness h;
    h.checks.refuse_lot = "LOT-Q";
    h.begin(one_operation(step("d", "dispense",
                               std::string(R"("formula_line": "api")") +
                                   (c.allow_override ? R"(, "allow_override": true)" : ""))),
            {5, "kg"});
    check(h, "d", c.in, c.comment, c.want, c.label);
    if (!c.want.code) {
      EXPECT_EQ(h.run("d").entry->value.lot, "LOT-1");
    }
  }
}

TEST(ValuesTest, DispenseWeighedThroughMaterials) {
  const auto invalid = ErrorCode::kInvalidArgument;
  const struct {
    const char* label;
    ValueInput in;
    std::optional<Weighed> weighed;
    Expect want;
  } table[] = {
      {"nothing entered: the weighing is recorded",
       ValueInput{},
       Weighed{1.004, "L-1,L-2"},
       {.stored = 1.004}},
      {"the same total entered",
       quantity(1004, "g", ""),
       Weighed{1.004, "L-1,L-2"},
       {.stored = 1.004}},
      {"another total entered",
       quantity(1.0, "kg", ""),
       Weighed{1.004, "L-1,L-2"},
       {invalid, "the containers weighed for it total 1.004 kg", "value.number"}},
      {"another lot entered",
       quantity(1.004, "kg", "L-9"),
       Weighed{1.004, "L-1,L-2"},
       {invalid, "the lots weighed for it are L-1,L-2, not L-9", "value.lot"}},
      {"weighed total outside the window",
       ValueInput{},
       Weighed{1.02, "L-1"},
       {invalid, "above the upper limit 1.01 kg", "value.number"}},
  };
  for (const auto& c : table) {
    Harness h;
    h.checks.weighed_result = c.weighed;
    h.begin(one_operation(step("d", "dispense", R"("formula_line": "api")")), {5, "kg"});
    check(h, "d", c.in, "", c.want, c.label);
    if (!c.want.code) {
      EXPECT_EQ(h.run("d").entry->value.lot, c.weighed->lots);
    }
  }
}

TEST(ValuesTest, OtherStepTypes) {
  const auto invalid = ErrorCode::kInvalidArgument;
  const struct {
    const char* label;
    std::string step_json;
    ValueInput in;
    Expect want;
  } table[] = {
      {"text matches",
       step("s", "text_entry", R"("max_length": 16, "pattern": "DEV-[0-9]{4}")"),
       text("DEV-0042"),
       {}},
      {"text pattern",
       step("s", "text_entry", R"("pattern": "DEV-[0-9]{4}")"),
       text("DEV-42"),
       {invalid, "does not have the required form DEV-[0-9]{4}", "value.text"}},
      {"text too long",
       step("s", "text_entry", R"("max_length": 3)"),
       text("abcd"),
       {invalid, "at most 3 characters", "value.text"}},
      {"text length counts characters",
       step("s", "text_entry", R"("max_length": 3)"),
       text("°C°"),
       {}},
      {"choice expected",
       step("s", "choice_entry", R"("options": ["A", "B"], "expected": "A")"),
       text("A"),
       {}},
      {"choice unexpected",
       step("s", "choice_entry", R"("options": ["A", "B"], "expected": "A")"),
       text("B"),
       {.fragment = "s is \"B\", expected \"A\"", .exception = ExceptionKind::kUnexpectedValue}},
      {"choice not an option",
       step("s", "choice_entry", R"("options": ["A", "B"])"),
       text("C"),
       {invalid, "\"C\" is not one of A, B", "value.text"}},
      {"boolean as expected", step("s", "boolean_entry", R"("expected": true)"), yes_no(true), {}},
      {"boolean unexpected",
       step("s", "boolean_entry", R"("expected": true)"),
       yes_no(false),
       {.fragment = "s is No, expected Yes", .exception = ExceptionKind::kUnexpectedValue}},
      {"boolean given a number",
       step("s", "boolean_entry"),
       num(1),
       {invalid, "not value.number", "value.number"}},
      {"datetime", step("s", "datetime_entry"), at(kT0), {}},
      {"datetime missing",
       step("s", "datetime_entry"),
       ValueInput{},
       {invalid, "s needs a time", "value.time"}},
      {"equipment", step("s", "equipment_use", R"("equipment_class": "SCALE")"), text("SC-1"), {}},
      {"equipment refused",
       step("s", "equipment_use", R"("equipment_class": "SCALE")"),
       text("SC-DIRTY"),
       {ErrorCode::kFailedPrecondition, "equipment SC-DIRTY is not clean"}},
      {"sampling",
       step("s", "sampling", R"("sample_label": "IPC", "tests": ["LOD"])"),
       text("IPC-1"),
       {}},
      {"sampling without id",
       step("s", "sampling", R"("sample_label": "IPC", "tests": ["LOD"])"),
       ValueInput{},
       {invalid, "sample id", "value.text"}},
      {"instruction", step("s", "instruction"), ValueInput{}, {}},
      {"instruction with a value",
       step("s", "instruction"),
       text("done"),
       {invalid, "it takes no value, not value.text", "value.text"}},
      {"source equipment refused",
       step("s", "instruction"),
       ValueInput{.source = ValueSource::kEquipment},
       {invalid, "manual or scanned", "value.source"}},
  };
  for (const auto& c : table) {
    Harness h;
    h.checks.refuse_equipment = "SC-DIRTY";
    h.begin(one_operation(c.step_json));
    check(h, "s", c.in, "", c.want, c.label);
  }
}

TEST(ValuesTest, DateOnlyIsMidnightUtc) {
  Harness h;
  h.begin(one_operation(step("expiry", "datetime_entry", R"("date_only": true)")));
  ASSERT_TRUE(h.record("expiry", at(kT0 + std::chrono::hours(5))).ok());
  EXPECT_EQ(h.run("expiry").entry->value.time,
            std::chrono::sys_days{std::chrono::year{2026} / 11 / 25});
}

TEST(ValuesTest, SignOffNeedsTheStepsMeaning) {
  Harness h;
  h.begin(one_operation(step("so", "sign_off", R"("meaning": "reviewed")")));
  auto none = h.record("so", {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(none.error().message.find("needs your signature (reviewed)"), std::string::npos);
  CompleteInput in{.key = "so"};
  in.signature = signature_of(operator_anna(), "performed", h.now);
  auto wrong = h.record(in);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().details.at("field").as_string(), "signature.meaning");
  in.signature = signature_of(operator_ben(), "reviewed", h.now);
  auto other = h.record(in);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kPermissionDenied);
  in.signature = signature_of(operator_anna(), "reviewed", h.now);
  ASSERT_TRUE(needs_signature(h.b, h.run("so"), in));
  ASSERT_TRUE(h.record(in).ok());
  EXPECT_EQ(h.run("so").entry->signature, in.signature);
}

}  // namespace
}  // namespace gemba::batch
