#include "gemba/recipe/model/format_step.h"

#include "gemba/recipe/model/expression.h"

namespace gemba::recipe {
namespace {

constexpr std::size_t kUnitChars = 16;

void read_numeric(FieldReader& r, NumericSpec& n) {
  n.unit = r.string("unit", TextKind::kLine, kUnitChars, false);
  n.decimals = static_cast<int>(r.integer("decimals", 0, 15, true).value_or(0));
  n.target = r.number("target", false);
  n.limits = r.limits("limits").value_or(Limits{});
  n.alarm = r.limits("alarm").value_or(Limits{});
}

std::string type_list() {
  std::string s;
  for (int i = 0; i < kStepTypeCount; ++i) {
    if (i) s += ", ";
    s += step_type_name(static_cast<StepType>(i));
  }
  return s;
}

bool known_meaning(std::string_view m) {
  for (auto k : kSignOffMeanings) {
    if (k == m) return true;
  }
  return false;
}

StepSpec read_spec(FieldReader& r, StepType type, const FormatLimits& limits) {
  const std::size_t name_chars = limits.max_name_chars;
  switch (type) {
    case StepType::kInstruction: return InstructionSpec{};
    case StepType::kNumericEntry: {
      NumericEntrySpec s;
      read_numeric(r, s);
      return s;
    }
    case StepType::kTextEntry: {
      TextEntrySpec s;
      s.max_length = static_cast<int>(r.integer("max_length", 1, 100000, false).value_or(200));
      s.pattern = r.string("pattern", TextKind::kLine, 200, false);
      return s;
    }
    case StepType::kChoiceEntry: {
      ChoiceEntrySpec s;
      s.options = r.strings("options", TextKind::kLine, name_chars, 100, true);
      std::string expected = r.string("expected", TextKind::kLine, name_chars, false);
      if (r.raw("expected")) s.expected = std::move(expected);
      return s;
    }
    case StepType::kBooleanEntry: return BooleanEntrySpec{r.boolean("expected")};
    case StepType::kDateTimeEntry: return DateTimeEntrySpec{r.boolean("date_only").value_or(false)};
    case StepType::kCalculation: {
      CalculationSpec s;
      s.expression = r.string("expression", TextKind::kLine, kMaxExpressionLength, true);
      read_numeric(r, s);
      return s;
    }
    case StepType::kDispense:
      return DispenseSpec{r.string("formula_line", TextKind::kKey, 64, true)};
    case StepType::kCharge: return ChargeSpec{r.string("formula_line", TextKind::kKey, 64, true)};
    case StepType::kEquipmentUse:
      return EquipmentUseSpec{r.string("equipment_class", TextKind::kCode, 64, true)};
    case StepType::kProcessParameter: {
      ProcessParameterSpec s;
      s.equipment_step = r.string("equipment_step", TextKind::kKey, 64, true);
      s.tag = r.string("tag", TextKind::kTag, 128, true);
      const std::string capture = r.string("capture", TextKind::kLine, 16, true);
      if (!capture.empty()) {
        auto rule = parse_capture_rule(capture);
        if (!rule) {
          r.fail("capture", "unknown capture rule \"" + capture +
                                "\"; the rules are value_now, min, max and mean");
        } else {
          s.capture = *rule;
        }
      }
      s.window = r.duration("window", false);
      read_numeric(r, s);
      return s;
    }
    case StepType::kHoldTime: {
      HoldTimeSpec s;
      s.from_step = r.string("from_step", TextKind::kKey, 64, true);
      s.to_step = r.string("to_step", TextKind::kKey, 64, false);
      s.min = r.duration("min", false);
      s.max = r.duration("max", false);
      return s;
    }
    case StepType::kSampling: {
      SamplingSpec s;
      s.sample_label = r.string("sample_label", TextKind::kLine, name_chars, true);
      s.tests = r.strings("tests", TextKind::kLine, name_chars, 50, true);
      s.quantity = r.quantity("quantity", false);
      return s;
    }
    case StepType::kSignOff: {
      SignOffSpec s{r.string("meaning", TextKind::kLine, 32, true)};
      if (!s.meaning.empty() && !known_meaning(s.meaning)) {
        r.fail("meaning", "unknown signature meaning \"" + s.meaning +
                              "\"; the meanings are performed, verified, reviewed, approved "
                              "and responsible");
      }
      return s;
    }
  }
  return InstructionSpec{};
}

std::optional<Repeat> read_repeat(FieldReader& parent) {
  const boost::json::value* v = parent.raw("repeat");
  if (!v) return std::nullopt;
  FieldReader r(parent.state(), *v, parent.child("repeat"),
                "repeat: {\"every\": \"PT30M\", \"times\": N}");
  Repeat rep;
  rep.every = r.duration("every", false);
  if (auto t = r.integer("times", 1, 100000, false)) rep.times = static_cast<int>(*t);
  r.finish();
  return rep;
}

}  // namespace

Step read_step(ParseState& state, const boost::json::value& v, std::string path,
               const FormatLimits& limits) {
  FieldReader r(state, v, std::move(path), "a step");
  Step step;
  step.key = r.string("key", TextKind::kKey, 64, true);
  step.name = r.string("name", TextKind::kLine, limits.max_name_chars, true);
  const std::string type_name = r.string("type", TextKind::kLine, 32, true);
  if (r.failed()) return step;
  const auto type = parse_step_type(type_name);
  if (!type) {
    r.fail("type", "unknown step type \"" + type_name + "\"; the types are " + type_list());
    return step;
  }
  r.set_what(step_type_phrase(*type));
  step.text = r.string("text", TextKind::kMultiline, limits.max_text_chars, false);
  if (*type == StepType::kInstruction && step.text.empty() && !r.failed()) {
    r.fail("text", "is required: an instruction step shows its text to the operator");
  }
  step.spec = read_spec(r, *type, limits);
  const std::string witness = r.string("witness", TextKind::kLine, 16, false);
  if (!witness.empty()) {
    auto w = parse_witness(witness);
    if (!w) {
      r.fail("witness", "must be \"always\", \"first\" or \"none\", not \"" + witness + "\"");
    } else {
      step.witness = *w;
    }
  }
  step.condition = r.string("condition", TextKind::kLine, kMaxExpressionLength, false);
  step.repeat = read_repeat(r);
  step.allow_override = r.boolean("allow_override").value_or(false);
  r.finish();
  return step;
}

}  // namespace gemba::recipe
