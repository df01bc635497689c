#include "gemba/recipe/model/step.h"

#include <array>
#include <string>

namespace gemba::recipe {
namespace {

constexpr std::array<std::string_view, kStepTypeCount> kStepTypeNames{
    "instruction",       "numeric_entry", "text_entry", "choice_entry", "boolean_entry",
    "datetime_entry",    "calculation",   "dispense",   "charge",       "equipment_use",
    "process_parameter", "hold_time",     "sampling",   "sign_off"};

static_assert(std::variant_size_v<StepSpec> == kStepTypeCount);

}  // namespace

StepType step_type(const Step& step) { return static_cast<StepType>(step.spec.index()); }

std::string_view step_type_name(StepType t) { return kStepTypeNames[static_cast<int>(t)]; }

std::optional<StepType> parse_step_type(std::string_view name) {
  for (int i = 0; i < kStepTypeCount; ++i) {
    if (kStepTypeNames[i] == name) return static_cast<StepType>(i);
  }
  return std::nullopt;
}

std::string step_type_phrase(StepType t) {
  const std::string_view name = step_type_name(t);
  const bool vowel = std::string_view("aeiou").find(name[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(name) + " step";
}

const NumericSpec* numeric_spec(const Step& step) {
  if (const auto* s = std::get_if<NumericEntrySpec>(&step.spec)) return s;
  if (const auto* s = std::get_if<CalculationSpec>(&step.spec)) return s;
  if (const auto* s = std::get_if<ProcessParameterSpec>(&step.spec)) return s;
  return nullptr;
}

bool yields_numeric_value(StepType t) {
  switch (t) {
    case StepType::kNumericEntry:
    case StepType::kCalculation:
    case StepType::kProcessParameter:
    case StepType::kBooleanEntry:
    case StepType::kDispense:
    case StepType::kCharge: return true;
    default: return false;
  }
}

bool may_repeat(StepType t) {
  switch (t) {
    case StepType::kInstruction:
    case StepType::kNumericEntry:
    case StepType::kTextEntry:
    case StepType::kChoiceEntry:
    case StepType::kBooleanEntry:
    case StepType::kDateTimeEntry:
    case StepType::kCalculation:
    case StepType::kProcessParameter:
    case StepType::kSampling: return true;
    default: return false;
  }
}

std::string_view capture_rule_name(CaptureRule r) {
  switch (r) {
    case CaptureRule::kValueNow: return "value_now";
    case CaptureRule::kMin: return "min";
    case CaptureRule::kMax: return "max";
    case CaptureRule::kMean: return "mean";
  }
  return "value_now";
}

std::optional<CaptureRule> parse_capture_rule(std::string_view name) {
  for (auto r :
       {CaptureRule::kValueNow, CaptureRule::kMin, CaptureRule::kMax, CaptureRule::kMean}) {
    if (capture_rule_name(r) == name) return r;
  }
  return std::nullopt;
}

std::string_view witness_name(Witness w) {
  switch (w) {
    case Witness::kNone: return "none";
    case Witness::kAlways: return "always";
    case Witness::kFirst: return "first";
  }
  return "none";
}

std::optional<Witness> parse_witness(std::string_view name) {
  for (auto w : {Witness::kNone, Witness::kAlways, Witness::kFirst}) {
    if (witness_name(w) == name) return w;
  }
  return std::nullopt;
}

}  // namespace gemba::recipe
