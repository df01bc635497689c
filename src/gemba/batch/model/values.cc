#include "gemba/batch/model/values.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <string>

#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/units.h"

namespace gemba::batch::detail {
namespace {

using recipe::StepType;

double round_to(double v, int decimals) {
  const double f = std::pow(10.0, decimals);
  const double r = std::round(v * f) / f;
  return r == 0 ? 0 : r;  // never -0
}

bool has_more_decimals(double v, int decimals) {
  const double scaled = v * std::pow(10.0, decimals);
  return std::fabs(scaled - std::round(scaled)) > 1e-9 * std::max(1.0, std::fabs(scaled));
}

std::string decimals_phrase(int d) {
  if (d == 0) return "no decimals";
  return std::to_string(d) + (d == 1 ? " decimal" : " decimals");
}

// Which side of [low, high] a value breaks, if any.
struct Breach {
  bool above = false;
  double limit = 0;
};
std::optional<Breach> breach(double v, std::optional<double> low, std::optional<double> high) {
  if (low && v < *low) return Breach{false, *low};
  if (high && v > *high) return Breach{true, *high};
  return std::nullopt;
}

void put_limits(recipe::ExpressionValues& values, std::string_view prefix,
                const recipe::Limits& l) {
  if (l.low) values[std::string(prefix) + "low"] = *l.low;
  if (l.high) values[std::string(prefix) + "high"] = *l.high;
}

boost::json::object limits_details(std::string_view field, double value, std::string_view unit,
                                   std::optional<double> low, std::optional<double> high) {
  boost::json::object d{{"field", field}, {"value", value}, {"unit", unit}};
  if (low) d["low"] = *low;
  if (high) d["high"] = *high;
  return d;
}

// Hard limits: refused, or kept as an override (a comment given and allowed), or, for values
// nobody entered, kept with an exception. Returns the refusal, or adds the exception.
Result<void> check_hard(CheckedValue& out, std::string_view label, double v, std::string_view unit,
                        std::optional<double> low, std::optional<double> high,
                        const NumberRules& rules, recipe::ExpressionValues values,
                        std::string_view what) {
  const auto b = breach(v, low, high);
  if (!b) return ok();
  const std::string text = std::string(label) + " " + quantity_text(v, unit) + " is " +
                           (b->above ? "above the upper " : "below the lower ") +
                           std::string(what) + " " + quantity_text(b->limit, unit);
  if (rules.refuse_outside_limits && !(rules.allow_override && !rules.comment.empty())) {
    return Error::invalid_argument(
        text + (rules.allow_override
                    ? "; to keep it, give a comment (the override is reviewed as a deviation)"
                    : ""),
        limits_details("value.number", v, unit, low, high));
  }
  const std::string why = rules.refuse_outside_limits
                              ? ", kept with the comment: " + std::string(rules.comment)
                              : " (calculated)";
  out.exceptions.push_back(
      {ExceptionKind::kHardLimitOverride, Severity::kMajor, text + why, std::move(values)});
  return ok();
}

Error unit_error(std::string_view label, std::string_view unit, const Error& e) {
  return Error::invalid_argument(std::string(label) + " is recorded in " +
                                     (unit.empty() ? "no unit" : std::string(unit)) + ": " +
                                     e.message,
                                 {{"field", "value.unit"}});
}

// The members a step type takes.
struct Members {
  bool number = false;
  bool text = false;
  bool boolean = false;
  bool time = false;
  bool lot = false;
};

Members members_of(StepType t, bool manual) {
  switch (t) {
    case StepType::kNumericEntry: return {.number = true};
    case StepType::kCalculation:
    case StepType::kProcessParameter: return {.number = manual};
    case StepType::kDispense:
    case StepType::kCharge: return {.number = true, .lot = true};
    case StepType::kTextEntry:
    case StepType::kChoiceEntry:
    case StepType::kEquipmentUse: return {.text = true};
    case StepType::kSampling: return {.number = true, .text = true};
    case StepType::kBooleanEntry: return {.boolean = true};
    case StepType::kDateTimeEntry: return {.time = true};
    default: return {};
  }
}

std::string members_phrase(const Members& m) {
  std::vector<std::string> parts;
  if (m.number) parts.push_back("a number (value.number, value.unit)");
  if (m.text) parts.push_back("a text (value.text)");
  if (m.boolean) parts.push_back("yes or no (value.boolean)");
  if (m.time) parts.push_back("a time (value.time)");
  if (m.lot) parts.push_back("a lot (value.lot)");
  if (parts.empty()) return "no value";
  std::string s = parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i) s += ", " + parts[i];
  return s;
}

Result<void> check_members(std::string_view label, const recipe::Step& step, const ValueInput& in,
                           bool manual) {
  const StepType t = recipe::step_type(step);
  const Members m = members_of(t, manual);
  const struct {
    bool given;
    bool allowed;
    const char* field;
  } fields[] = {{in.number.has_value(), m.number, "value.number"},
                {!in.unit.empty(), m.number, "value.unit"},
                {in.text.has_value(), m.text, "value.text"},
                {in.boolean.has_value(), m.boolean, "value.boolean"},
                {in.time.has_value(), m.time, "value.time"},
                {!in.lot.empty(), m.lot, "value.lot"}};
  for (const auto& f : fields) {
    if (f.given && !f.allowed) {
      return Error::invalid_argument(std::string(label) + " is " + recipe::step_type_phrase(t) +
                                         ": it takes " + members_phrase(m) + ", not " + f.field,
                                     {{"field", f.field}});
    }
  }
  if (in.source != ValueSource::kManual && in.source != ValueSource::kScanned) {
    return Error::invalid_argument(
        std::string(label) + ": a value entered by a person is manual or scanned; " +
            std::string(value_source_name(in.source)) + " values are recorded by the system",
        {{"field", "value.source"}});
  }
  return ok();
}

Error missing(std::string_view label, std::string_view what, std::string_view field) {
  return Error::invalid_argument(std::string(label) + " needs " + std::string(what),
                                 {{"field", field}});
}

std::size_t utf8_chars(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

Result<CheckedValue> check_formula_quantity(const Batch& b, std::string_view label,
                                            const recipe::Step& step, int occurrence,
                                            const std::string& line_key, const ValueInput& entered,
                                            std::string_view comment, bool dispense,
                                            const CapabilityChecks& checks) {
  const auto it = std::find_if(b.formula.lines.begin(), b.formula.lines.end(),
                               [&](const recipe::ScaledLine& l) { return l.key == line_key; });
  if (it == b.formula.lines.end()) {
    return Error::failed_precondition(std::string(label) + " refers to formula line " + line_key +
                                      ", which this batch's formula does not have");
  }
  const recipe::ScaledLine& line = *it;
  const LotUse use{.batch_id = b.header.id,
                   .step_key = step.key,
                   .occurrence = occurrence,
                   .dispense = dispense,
                   .line = line};
  const bool lot_required = dispense;
  ValueInput weighed_input;
  bool from_scale = false;
  if (dispense) {
    auto weighed = checks.weighed(use);
    if (!weighed.ok()) {
      Error e = std::move(weighed).error();
      return Error::failed_precondition(std::string(label) + ": " + e.message,
                                        std::move(e.details));
    }
    if (*weighed) {
      const Weighed& w = **weighed;
      if (entered.number) {
        auto in_line = entered.unit.empty() || entered.unit == line.unit
                           ? Result<double>(*entered.number)
                           : recipe::convert(*entered.number, entered.unit, line.unit);
        if (!in_line.ok() || std::abs(*in_line - w.total) > 1e-6) {
          return Error::invalid_argument(
              std::string(label) + ": the containers weighed for it total " +
                  recipe::format_number(w.total) + " " + line.unit +
                  "; leave the quantity out (it is taken from the weighing) or enter that total",
              {{"field", "value.number"}, {"weighed", w.total}});
        }
      }
      if (!entered.lot.empty() && entered.lot != w.lots) {
        return Error::invalid_argument(
            std::string(label) + ": the lots weighed for it are " + w.lots + ", not " + entered.lot,
            {{"field", "value.lot"}});
      }
      weighed_input = entered;
      weighed_input.number = w.total;
      weighed_input.unit = line.unit;
      weighed_input.lot = w.lots;
      from_scale = true;
    }
  }
  const ValueInput& in = from_scale ? weighed_input : entered;
  if (!in.number) return missing(label, "the quantity (value.number)", "value.number");
  if (!std::isfinite(*in.number) || *in.number <= 0) {
    return Error::invalid_argument(std::string(label) + ": the quantity must be a number above 0",
                                   {{"field", "value.number"}});
  }
  CheckedValue out;
  double v = *in.number;
  if (!in.unit.empty() && in.unit != line.unit) {
    auto c = recipe::convert(v, in.unit, line.unit);
    if (!c.ok()) return unit_error(label, line.unit, c.error());
    out.value.entered_number = v;
    out.value.entered_unit = in.unit;
    v = round_to(*c, 9);  // conversion noise only
  }
  if (lot_required && in.lot.empty()) return missing(label, "the material lot", "value.lot");
  recipe::ExpressionValues values{
      {"value", v}, {"target", line.target}, {"low", line.low}, {"high", line.high}};
  NumberRules rules{.allow_override = step.allow_override, .comment = comment};
  GEMBA_RETURN_IF_ERROR(
      check_hard(out, label, v, line.unit, line.low, line.high, rules, std::move(values), "limit"));
  if (!in.lot.empty() && !from_scale) {
    auto lot_ok = checks.check_lot(use, in.lot);
    if (!lot_ok.ok()) {
      Error e = std::move(lot_ok).error();
      return Error::failed_precondition(e.message, std::move(e.details));
    }
  }
  out.value.number = v;
  out.value.unit = line.unit;
  out.value.lot = in.lot;
  return out;
}

}  // namespace

Result<CheckedValue> check_number(std::string_view label, const recipe::NumericSpec& spec,
                                  double number, std::string_view unit, const NumberRules& rules) {
  if (!std::isfinite(number)) {
    return Error::invalid_argument(std::string(label) + ": the value must be a finite number",
                                   {{"field", "value.number"}});
  }
  const std::string_view entered_unit = unit.empty() ? std::string_view(spec.unit) : unit;
  CheckedValue out;
  double v = number;
  if (entered_unit != spec.unit) {
    auto c = recipe::convert(number, entered_unit, spec.unit);
    if (!c.ok()) return unit_error(label, spec.unit, c.error());
    out.value.entered_number = number;
    out.value.entered_unit = std::string(entered_unit);
    v = *c;
  } else if (rules.entered && has_more_decimals(number, spec.decimals)) {
    return Error::invalid_argument(std::string(label) + " is recorded with " +
                                       decimals_phrase(spec.decimals) + "; " +
                                       recipe::format_number(number) + " has more",
                                   {{"field", "value.number"}, {"decimals", spec.decimals}});
  }
  v = round_to(v, spec.decimals);
  out.value.number = v;
  out.value.unit = spec.unit;
  recipe::ExpressionValues values{{"value", v}};
  put_limits(values, "", spec.limits);
  GEMBA_RETURN_IF_ERROR(check_hard(out, label, v, spec.unit, spec.limits.low, spec.limits.high,
                                   rules, values, "limit"));
  if (out.exceptions.empty()) {
    if (const auto a = breach(v, spec.alarm.low, spec.alarm.high)) {
      put_limits(values, "alarm_", spec.alarm);
      out.exceptions.push_back({ExceptionKind::kAlarmExcursion, Severity::kMinor,
                                std::string(label) + " " + quantity_text(v, spec.unit) + " is " +
                                    (a->above ? "above" : "below") + " the alarm limit " +
                                    quantity_text(a->limit, spec.unit),
                                std::move(values)});
    }
  }
  return out;
}

Result<CheckedValue> check_input(const Batch& b, const recipe::Step& step, int occurrence,
                                 const ValueInput& in, std::string_view comment, bool manual,
                                 const CapabilityChecks& checks) {
  const std::string label = run_label(step, occurrence);
  GEMBA_RETURN_IF_ERROR(check_members(label, step, in, manual));
  const NumberRules entered{.allow_override = step.allow_override, .comment = comment};
  CheckedValue out;
  switch (recipe::step_type(step)) {
    case StepType::kInstruction:
    case StepType::kHoldTime:
    case StepType::kSignOff: return out;
    case StepType::kNumericEntry:
    case StepType::kCalculation:
    case StepType::kProcessParameter: {
      if (!in.number) return missing(label, "a number (value.number)", "value.number");
      return check_number(label, *recipe::numeric_spec(step), *in.number, in.unit, entered);
    }
    case StepType::kDispense:
      return check_formula_quantity(b, label, step, occurrence,
                                    std::get<recipe::DispenseSpec>(step.spec).formula_line, in,
                                    comment, true, checks);
    case StepType::kCharge:
      return check_formula_quantity(b, label, step, occurrence,
                                    std::get<recipe::ChargeSpec>(step.spec).formula_line, in,
                                    comment, false, checks);
    case StepType::kTextEntry: {
      const auto& spec = std::get<recipe::TextEntrySpec>(step.spec);
      if (!in.text || in.text->empty()) return missing(label, "a text (value.text)", "value.text");
      if (utf8_chars(*in.text) > static_cast<std::size_t>(spec.max_length)) {
        return Error::invalid_argument(
            label + " takes at most " + std::to_string(spec.max_length) + " characters",
            {{"field", "value.text"}, {"max_length", spec.max_length}});
      }
      if (!spec.pattern.empty()) {
        bool match = false;
        try {
          match = std::regex_match(*in.text, std::regex(spec.pattern, std::regex::ECMAScript));
        } catch (const std::regex_error&) {
          return Error::failed_precondition(label + ": the recipe's pattern cannot be used");
        }
        if (!match) {
          return Error::invalid_argument(
              label + ": \"" + *in.text + "\" does not have the required form " + spec.pattern,
              {{"field", "value.text"}, {"pattern", spec.pattern}});
        }
      }
      out.value.text = *in.text;
      return out;
    }
    case StepType::kChoiceEntry: {
      const auto& spec = std::get<recipe::ChoiceEntrySpec>(step.spec);
      if (!in.text) return missing(label, "a choice (value.text)", "value.text");
      if (std::find(spec.options.begin(), spec.options.end(), *in.text) == spec.options.end()) {
        std::string options;
        for (const auto& o : spec.options) options += (options.empty() ? "" : ", ") + o;
        return Error::invalid_argument(label + ": \"" + *in.text + "\" is not one of " + options,
                                       {{"field", "value.text"}});
      }
      if (spec.expected && *spec.expected != *in.text) {
        out.exceptions.push_back(
            {ExceptionKind::kUnexpectedValue,
             Severity::kMinor,
             label + " is \"" + *in.text + "\", expected \"" + *spec.expected + "\"",
             {}});
      }
      out.value.text = *in.text;
      return out;
    }
    case StepType::kBooleanEntry: {
      const auto& spec = std::get<recipe::BooleanEntrySpec>(step.spec);
      if (!in.boolean) return missing(label, "yes or no (value.boolean)", "value.boolean");
      if (spec.expected && *spec.expected != *in.boolean) {
        out.exceptions.push_back({ExceptionKind::kUnexpectedValue,
                                  Severity::kMajor,
                                  label + " is " + (*in.boolean ? "Yes" : "No") + ", expected " +
                                      (*spec.expected ? "Yes" : "No"),
                                  {{"value", *in.boolean ? 1.0 : 0.0}}});
      }
      out.value.boolean = *in.boolean;
      return out;
    }
    case StepType::kDateTimeEntry: {
      const auto& spec = std::get<recipe::DateTimeEntrySpec>(step.spec);
      if (!in.time) return missing(label, "a time (value.time)", "value.time");
      out.value.time = spec.date_only ? std::chrono::floor<std::chrono::days>(*in.time) : *in.time;
      return out;
    }
    case StepType::kEquipmentUse: {
      // The interlock (CapabilityChecks::check_equipment) is the engine's: it needs the time.
      if (!in.text || in.text->empty()) {
        return missing(label, "the equipment id scanned (value.text)", "value.text");
      }
      out.value.text = *in.text;
      return out;
    }
    case StepType::kSampling: {
      const auto& spec = std::get<recipe::SamplingSpec>(step.spec);
      if (!in.text || in.text->empty()) {
        return missing(label, "the sample id (value.text)", "value.text");
      }
      out.value.text = *in.text;
      if (in.number) {
        if (!std::isfinite(*in.number) || *in.number < 0) {
          return Error::invalid_argument(label + ": the sample quantity must be a number ≥ 0",
                                         {{"field", "value.number"}});
        }
        const std::string unit = spec.quantity ? spec.quantity->unit : in.unit;
        double v = *in.number;
        if (!in.unit.empty() && in.unit != unit) {
          auto c = recipe::convert(v, in.unit, unit);
          if (!c.ok()) return unit_error(label, unit, c.error());
          out.value.entered_number = v;
          out.value.entered_unit = in.unit;
          v = round_to(*c, 9);
        } else if (unit.empty() || !recipe::find_unit(unit)) {
          return missing(label, "the unit of the sample quantity (value.unit)", "value.unit");
        }
        out.value.number = v;
        out.value.unit = unit;
      }
      return out;
    }
  }
  return out;
}

}  // namespace gemba::batch::detail
