#pragma once
// Steps (ISA-88 phases): one spec type per step type, and the options any step can carry. Plain
// value types; the rules over them live in validate.h, their JSON form in format.h.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "gemba/core/clock.h"

namespace gemba::recipe {

// A one- or two-sided range; an absent side is unbounded.
struct Limits {
  std::optional<double> low;
  std::optional<double> high;
  bool empty() const { return !low && !high; }
  bool operator==(const Limits&) const = default;
};

// A quantity as the API shows it: {"value": 12.5, "unit": "kg"}.
struct Quantity {
  double value = 0;
  std::string unit;
  bool operator==(const Quantity&) const = default;
};

// What a numeric value is checked against. `limits` are the hard (specification) limits: outside
// them a value is refused unless the step allows an override with a comment. `alarm` limits lie
// within them: outside the alarm limits a value is accepted and flagged for review by exception.
struct NumericSpec {
  std::string unit;  // a symbol of units.h; empty = dimensionless
  int decimals = 0;  // digits recorded after the decimal point
  std::optional<double> target;
  Limits limits;
  Limits alarm;
  bool operator==(const NumericSpec&) const = default;
};

// Text shown to the operator, acknowledged. The text itself is Step::text.
struct InstructionSpec {
  bool operator==(const InstructionSpec&) const = default;
};

struct NumericEntrySpec : NumericSpec {
  bool operator==(const NumericEntrySpec&) const = default;
};

struct TextEntrySpec {
  int max_length = 200;
  std::string pattern;  // ECMAScript regular expression the whole value must match; empty = any
  bool operator==(const TextEntrySpec&) const = default;
};

struct ChoiceEntrySpec {
  std::vector<std::string> options;
  std::optional<std::string> expected;  // any other choice is an exception for review
  bool operator==(const ChoiceEntrySpec&) const = default;
};

struct BooleanEntrySpec {
  std::optional<bool> expected;
  bool operator==(const BooleanEntrySpec&) const = default;
};

struct DateTimeEntrySpec {
  bool date_only = false;
  bool operator==(const DateTimeEntrySpec&) const = default;
};

// A muParser expression over earlier numeric values (by step key), e.g. a yield in %.
struct CalculationSpec : NumericSpec {
  std::string expression;
  bool operator==(const CalculationSpec&) const = default;
};

// Weigh out a formula line (target scaled to the batch size, tolerance from the line).
struct DispenseSpec {
  std::string formula_line;
  bool operator==(const DispenseSpec&) const = default;
};

// Add a (dispensed) formula line to the equipment.
struct ChargeSpec {
  std::string formula_line;
  bool operator==(const ChargeSpec&) const = default;
};

// Scan and bind a piece of equipment of a class; the logbook checks its status (clean, calibrated).
struct EquipmentUseSpec {
  std::string equipment_class;
  bool operator==(const EquipmentUseSpec&) const = default;
};

enum class CaptureRule { kValueNow, kMin, kMax, kMean };

// A process value read from a tag of the equipment bound by an earlier equipment_use step: the
// value now, or the min/max/mean over the `window` before capture.
struct ProcessParameterSpec : NumericSpec {
  std::string equipment_step;  // key of an earlier equipment_use step in the same unit procedure
  std::string tag;
  CaptureRule capture = CaptureRule::kValueNow;
  std::optional<Duration> window;  // required unless capture is value_now
  bool operator==(const ProcessParameterSpec&) const = default;
};

// Minimum and/or maximum time from the completion of `from_step` until `to_step` (or, without
// one, until this step) completes.
struct HoldTimeSpec {
  std::string from_step;
  std::string to_step;  // empty = this step
  std::optional<Duration> min;
  std::optional<Duration> max;
  bool operator==(const HoldTimeSpec&) const = default;
};

struct SamplingSpec {
  std::string sample_label;
  std::vector<std::string> tests;
  std::optional<Quantity> quantity;
  bool operator==(const SamplingSpec&) const = default;
};

// A signature with a meaning (see kSignOffMeanings).
struct SignOffSpec {
  std::string meaning;
  bool operator==(const SignOffSpec&) const = default;
};

// The alternatives' order is the order of StepType.
using StepSpec =
    std::variant<InstructionSpec, NumericEntrySpec, TextEntrySpec, ChoiceEntrySpec,
                 BooleanEntrySpec, DateTimeEntrySpec, CalculationSpec, DispenseSpec, ChargeSpec,
                 EquipmentUseSpec, ProcessParameterSpec, HoldTimeSpec, SamplingSpec, SignOffSpec>;

enum class StepType {
  kInstruction,
  kNumericEntry,
  kTextEntry,
  kChoiceEntry,
  kBooleanEntry,
  kDateTimeEntry,
  kCalculation,
  kDispense,
  kCharge,
  kEquipmentUse,
  kProcessParameter,
  kHoldTime,
  kSampling,
  kSignOff,
};
inline constexpr int kStepTypeCount = 14;

// Who verifies a step as a second person: nobody, every occurrence, or only the first occurrence
// of a repeating step.
enum class Witness { kNone, kAlways, kFirst };

// Repeat every `every` (while the operation runs) and/or `times` times in total.
struct Repeat {
  std::optional<Duration> every;
  std::optional<int> times;
  bool operator==(const Repeat&) const = default;
};

struct Step {
  std::string key;   // stable across versions: values, exceptions and diffs refer to it
  std::string name;  // short title
  std::string text;  // what the operator reads; required for instructions
  StepSpec spec;
  Witness witness = Witness::kNone;
  std::string condition;  // expression over earlier values; empty = always applies
  std::optional<Repeat> repeat;
  bool allow_override = false;  // a value outside the hard limits may be kept, with a comment
  bool operator==(const Step&) const = default;
};

StepType step_type(const Step& step);
std::string_view step_type_name(StepType t);  // "numeric_entry"
std::optional<StepType> parse_step_type(std::string_view name);
// "a numeric_entry step", "an equipment_use step" (for messages).
std::string step_type_phrase(StepType t);

// The NumericSpec of numeric entries, calculations and process parameters; nullptr otherwise.
const NumericSpec* numeric_spec(const Step& step);

// True when the step's value can be used in expressions: numeric entry, calculation, process
// parameter, boolean entry (1 or 0), dispense and charge (the actual quantity, in the line's unit).
bool yields_numeric_value(StepType t);

// True for the types that may repeat (data capture, instructions, sampling, calculations).
bool may_repeat(StepType t);

std::string_view capture_rule_name(CaptureRule r);  // "value_now", "min", "max", "mean"
std::optional<CaptureRule> parse_capture_rule(std::string_view name);
std::string_view witness_name(Witness w);  // "none", "always", "first"
std::optional<Witness> parse_witness(std::string_view name);

// The meanings a sign-off step may ask for.
inline constexpr std::string_view kSignOffMeanings[] = {"performed", "verified", "reviewed",
                                                        "approved", "responsible"};

}  // namespace gemba::recipe
