// Per-step validation rules (see validate.h).

#include <chrono>
#include <cmath>
#include <regex>
#include <set>

#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/validate_context.h"

namespace gemba::recipe {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr int kMaxDecimals = 6;
constexpr int kMaxTextLength = 10000;
constexpr long kMaxPatternRepetitions = 1000;

// True when `v` has no more than `decimals` digits after the decimal point.
bool fits_decimals(double v, int decimals) {
  const double scaled = v * std::pow(10.0, decimals);
  return std::fabs(scaled - std::round(scaled)) <= 1e-6 * std::max(1.0, std::fabs(scaled));
}

std::string num(double v) { return format_number(v); }

void check_numeric(ValidationContext& ctx, const std::string& path, const NumericSpec& n) {
  if (!n.unit.empty()) check_unit(ctx, path + ".unit", n.unit);
  if (n.decimals > kMaxDecimals) {
    ctx.add(path + ".decimals",
            "at most " + std::to_string(kMaxDecimals) + " decimals can be recorded");
  }
  check_ordered(ctx, path + ".limits", n.limits);
  check_ordered(ctx, path + ".alarm", n.alarm);
  const Limits& hard = n.limits;
  const Limits& alarm = n.alarm;
  if ((alarm.low && hard.low && *alarm.low < *hard.low) ||
      (alarm.high && hard.high && *alarm.high > *hard.high) ||
      (alarm.low && hard.high && *alarm.low > *hard.high) ||
      (alarm.high && hard.low && *alarm.high < *hard.low)) {
    ctx.add(path + ".alarm", "the alarm limits must lie within the hard limits (limits)");
  }
  if (n.target) {
    const double t = *n.target;
    if ((hard.low && t < *hard.low) || (hard.high && t > *hard.high)) {
      ctx.add(path + ".target", "the target (" + num(t) + ") lies outside the hard limits");
    } else if ((alarm.low && t < *alarm.low) || (alarm.high && t > *alarm.high)) {
      ctx.add(path + ".target", "the target (" + num(t) + ") lies outside the alarm limits");
    }
  }
  if (n.decimals <= kMaxDecimals) {
    auto check = [&](const std::optional<double>& v, const std::string& field) {
      if (v && !fits_decimals(*v, n.decimals)) {
        ctx.add(path + field, num(*v) + " has more decimals than the step records (" +
                                  std::to_string(n.decimals) + ")");
      }
    };
    check(n.target, ".target");
    check(hard.low, ".limits.low");
    check(hard.high, ".limits.high");
    check(alarm.low, ".alarm.low");
    check(alarm.high, ".alarm.high");
  }
}

// Why `pattern` is refused, or "": it must compile, and its counted repetitions ("{1000}") must
// not make the matcher explode: the product of all upper bounds stays under
// kMaxPatternRepetitions.
std::string pattern_problem(const std::string& pattern) {
  long product = 1;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
      continue;
    }
    if (pattern[i] != '{') continue;
    long bound = 0;
    for (std::size_t j = i + 1; j < pattern.size() && pattern[j] != '}'; ++j) {
      if (pattern[j] >= '0' && pattern[j] <= '9') {
        bound = std::min(bound * 10 + (pattern[j] - '0'), kMaxPatternRepetitions + 1);
      } else if (pattern[j] == ',') {
        bound = 0;  // {m,n}: the upper bound counts
      }
    }
    product = std::min(product * std::max(bound, 1L), kMaxPatternRepetitions + 1);
  }
  if (product > kMaxPatternRepetitions) {
    return "its counted repetitions ({n}) multiply to more than " +
           std::to_string(kMaxPatternRepetitions);
  }
  try {
    std::regex re(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    return "is not a valid regular expression (ECMAScript)";
  }
  return {};
}

void check_pattern(ValidationContext& ctx, const std::string& field, const std::string& pattern) {
  auto& cache = ctx.pattern_problems();
  auto it = cache.find(pattern);
  if (it == cache.end()) it = cache.emplace(pattern, pattern_problem(pattern)).first;
  if (!it->second.empty()) ctx.add(field, it->second);
}

void check_reference(ValidationContext& ctx, const StepRef& ref, const std::string& field,
                     const std::string& key) {
  std::string why = ctx.not_earlier(ref, key);
  if (!why.empty()) ctx.add(field, why);
}

struct SpecRules {
  ValidationContext& ctx;
  const StepRef& ref;
  const std::string path;

  void operator()(const InstructionSpec&) const {}
  void operator()(const NumericEntrySpec& s) const { check_numeric(ctx, path, s); }
  void operator()(const TextEntrySpec& s) const {
    if (s.max_length < 1 || s.max_length > kMaxTextLength) {
      ctx.add(path + ".max_length", "must be between 1 and " + std::to_string(kMaxTextLength));
    }
    if (!s.pattern.empty()) check_pattern(ctx, path + ".pattern", s.pattern);
  }
  void operator()(const ChoiceEntrySpec& s) const {
    if (s.options.size() < 2) ctx.add(path + ".options", "a choice needs at least two options");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < s.options.size(); ++i) {
      if (!seen.insert(s.options[i]).second) {
        ctx.add(path + ".options[" + std::to_string(i) + "]",
                "\"" + s.options[i] + "\" is listed twice");
      }
    }
    if (s.expected && !seen.contains(*s.expected)) {
      ctx.add(path + ".expected", "\"" + *s.expected + "\" is not one of the options");
    }
  }
  void operator()(const BooleanEntrySpec&) const {}
  void operator()(const DateTimeEntrySpec&) const {}
  void operator()(const CalculationSpec& s) const {
    ctx.check_expression(ref, path + ".expression", s.expression);
    check_numeric(ctx, path, s);
  }
  void check_line(const std::string& line) const {
    if (!ctx.has_formula_line(line)) {
      ctx.add(path + ".formula_line", "\"" + line + "\" is not the key of any formula line");
    }
  }
  void operator()(const DispenseSpec& s) const { check_line(s.formula_line); }
  void operator()(const ChargeSpec& s) const { check_line(s.formula_line); }
  void operator()(const EquipmentUseSpec& s) const {
    const UnitProcedure& up = ctx.recipe().unit_procedures[ref.unit_procedure];
    if (std::find(up.equipment_classes.begin(), up.equipment_classes.end(), s.equipment_class) ==
        up.equipment_classes.end()) {
      ctx.add(path + ".equipment_class",
              s.equipment_class + " is not an equipment requirement of unit procedure \"" + up.key +
                  "\"; add it to its equipment_classes");
    }
  }
  void operator()(const ProcessParameterSpec& s) const {
    const std::string field = path + ".equipment_step";
    std::string why = ctx.not_earlier(ref, s.equipment_step);
    if (!why.empty()) {
      ctx.add(field, why);
    } else {
      const StepRef* eq = ctx.find(s.equipment_step);
      if (step_type(*eq->step) != StepType::kEquipmentUse) {
        ctx.add(field, "\"" + s.equipment_step + "\" is not an equipment_use step");
      } else if (eq->unit_procedure != ref.unit_procedure) {
        ctx.add(field, "\"" + s.equipment_step +
                           "\" binds equipment in another unit procedure; bind it in this one");
      }
    }
    if (s.capture == CaptureRule::kValueNow) {
      if (s.window) ctx.add(path + ".window", "value_now takes no window; remove it");
    } else if (!s.window) {
      ctx.add(path + ".window",
              std::string(capture_rule_name(s.capture)) + " needs a window (e.g. \"PT5M\")");
    } else if (*s.window < seconds(1) || *s.window > hours(24)) {
      ctx.add(path + ".window", "must be between 1 second and 24 hours");
    }
    check_numeric(ctx, path, s);
  }
  void operator()(const HoldTimeSpec& s) const {
    check_reference(ctx, ref, path + ".from_step", s.from_step);
    if (!s.to_step.empty()) {
      check_reference(ctx, ref, path + ".to_step", s.to_step);
      const StepRef* from = ctx.find(s.from_step);
      const StepRef* to = ctx.find(s.to_step);
      if (from && to && to->ordinal <= from->ordinal) {
        ctx.add(path + ".to_step", "must come after from_step (\"" + s.from_step + "\")");
      }
    }
    if (!s.min && !s.max) ctx.add(path, "a hold time needs min, max or both");
    if (s.min && s.min->count() < 0) ctx.add(path + ".min", "must not be negative");
    if (s.max && s.max->count() <= 0) ctx.add(path + ".max", "must be greater than zero");
    if (s.min && s.max && *s.min > *s.max) {
      ctx.add(path, "min (" + std::to_string(s.min->count() / 1000000) +
                        " s) is longer than max (" + std::to_string(s.max->count() / 1000000) +
                        " s)");
    }
  }
  void operator()(const SamplingSpec& s) const {
    if (s.tests.empty()) ctx.add(path + ".tests", "name at least one test");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < s.tests.size(); ++i) {
      if (!seen.insert(s.tests[i]).second) {
        ctx.add(path + ".tests[" + std::to_string(i) + "]",
                "\"" + s.tests[i] + "\" is listed twice");
      }
    }
    if (s.quantity) {
      if (s.quantity->value <= 0) ctx.add(path + ".quantity.value", "must be greater than 0");
      check_unit(ctx, path + ".quantity.unit", s.quantity->unit);
    }
  }
  void operator()(const SignOffSpec&) const {}
};

bool has_hard_limits(const Step& s) {
  if (const NumericSpec* n = numeric_spec(s)) return !n->limits.empty();
  const StepType t = step_type(s);
  return t == StepType::kDispense || t == StepType::kCharge;  // the line's tolerance
}

void check_options(ValidationContext& ctx, const StepRef& ref, const std::string& path) {
  const Step& s = *ref.step;
  const StepType type = step_type(s);
  if (!s.condition.empty()) ctx.check_expression(ref, path + ".condition", s.condition);
  if (s.repeat) {
    const Repeat& r = *s.repeat;
    if (!may_repeat(type)) {
      ctx.add(path + ".repeat", step_type_phrase(type) + " cannot repeat");
    }
    if (!r.every && !r.times) ctx.add(path + ".repeat", "give every, times or both");
    if (r.every && (*r.every < minutes(1) || *r.every > hours(24))) {
      ctx.add(path + ".repeat.every", "must be between 1 minute and 24 hours");
    }
    if (r.times && (*r.times < 2 || *r.times > 1000)) {
      ctx.add(path + ".repeat.times", "must be between 2 and 1000");
    }
  }
  if (s.witness == Witness::kFirst && !s.repeat) {
    ctx.add(path + ".witness", "\"first\" is for repeating steps; use \"always\"");
  }
  if (s.allow_override && !has_hard_limits(s)) {
    ctx.add(path + ".allow_override", "the step has no hard limits to override");
  }
}

}  // namespace

const Unit* check_unit(ValidationContext& ctx, const std::string& field, std::string_view symbol) {
  const Unit* u = find_unit(symbol);
  if (!u) {
    std::string known;
    for (const Unit& k : all_units()) {
      if (!known.empty()) known += ", ";
      known += k.symbol;
    }
    ctx.add(field, "unknown unit \"" + std::string(symbol) + "\"; the units are " + known);
  }
  return u;
}

void check_ordered(ValidationContext& ctx, const std::string& field, const Limits& l) {
  if (l.low && l.high && *l.low > *l.high) {
    ctx.add(field, "low (" + num(*l.low) + ") > high (" + num(*l.high) + ")");
  }
}

void validate_step(ValidationContext& ctx, const StepRef& ref) {
  const std::string path = ctx.path(ref);
  std::visit(SpecRules{ctx, ref, path}, ref.step->spec);
  check_options(ctx, ref, path);
}

}  // namespace gemba::recipe
