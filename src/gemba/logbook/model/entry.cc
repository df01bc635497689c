// Checking an entry's field values against its template with the batch value checks
// (batch/model/field_check.h), and reading the stored values back.

#include <cmath>

#include "gemba/batch/model/field_check.h"
#include "gemba/core/time.h"
#include "gemba/logbook/model/template.h"
#include "gemba/recipe/model/field_reader.h"
#include "gemba/recipe/model/problem.h"

namespace gemba::logbook {
namespace {

namespace json = boost::json;
using recipe::StepType;

constexpr std::size_t kMaxUnitChars = 32;
constexpr std::size_t kMaxTimeChars = 64;

std::string shown_key(std::string_view key) {
  std::string s;
  for (char c : key.substr(0, 64)) {
    const auto b = static_cast<unsigned char>(c);
    s.push_back(b >= 0x20 && b < 0x7f ? c : '?');
  }
  if (key.size() > 64) s += "...";
  return s;
}

std::string json_kind(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "true/false";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
  }
  return "a value";
}

// What a field of `type` takes, for messages.
std::string expected_phrase(const recipe::Step& step) {
  switch (recipe::step_type(step)) {
    case StepType::kNumericEntry: {
      const std::string& unit = std::get<recipe::NumericEntrySpec>(step.spec).unit;
      return unit.empty() ? "a number"
                          : "a number in " + unit + " (or {\"value\": …, \"unit\": …})";
    }
    case StepType::kTextEntry: return "a text (a string)";
    case StepType::kChoiceEntry: return "one of its options (a string)";
    case StepType::kBooleanEntry: return "true or false";
    case StepType::kDateTimeEntry:
      return std::get<recipe::DateTimeEntrySpec>(step.spec).date_only
                 ? "a date (\"2027-03-31\" or an RFC 3339 time)"
                 : "an RFC 3339 time (\"2026-11-25T13:52:40Z\")";
    default: return "no value";
  }
}

Error wrong_type(const std::string& path, const recipe::Step& step, const json::value& v) {
  return recipe::field_error(path, "must be " + expected_phrase(step) + ", not " + json_kind(v));
}

Result<Timestamp> read_time(const std::string& path, const recipe::Step& step,
                            const json::value& v) {
  const json::string* s = v.if_string();
  if (!s) return wrong_type(path, step, v);
  if (s->size() > kMaxTimeChars) return recipe::field_error(path, "is too long for a time");
  const std::string_view text(*s);
  const bool date_only = std::get<recipe::DateTimeEntrySpec>(step.spec).date_only;
  if (date_only && text.size() == 10 && text[4] == '-' && text[7] == '-') {
    auto t = parse_rfc3339(std::string(text) + "T00:00:00Z");
    if (t.ok()) return *t;
  }
  auto t = parse_rfc3339(text);
  if (!t.ok()) {
    return recipe::field_error(path, "must be " + expected_phrase(step) + ": " + t.error().message);
  }
  return *t;
}

// The value `v` given for `step`, as the batch checks take it.
Result<batch::ValueInput> value_input(const std::string& path, const recipe::Step& step,
                                      const json::value& v) {
  const StepType type = recipe::step_type(step);
  const json::value* value = &v;
  const json::value* unit = nullptr;
  if (const json::object* o = v.if_object()) {
    value = nullptr;
    for (const auto& kv : *o) {
      const std::string_view member = kv.key();
      const bool allowed = (member == "value" && type != StepType::kDateTimeEntry) ||
                           (member == "unit" && type == StepType::kNumericEntry) ||
                           (member == "time" && type == StepType::kDateTimeEntry);
      if (!allowed) {
        return recipe::field_error(
            path, "takes no member " + recipe::quoted(shown_key(member)) + ": it takes " +
                      (type == StepType::kNumericEntry    ? "\"value\" and \"unit\""
                       : type == StepType::kDateTimeEntry ? "\"time\""
                                                          : "\"value\""));
      }
      if (member == "unit") {
        unit = &kv.value();
      } else {
        value = &kv.value();
      }
    }
    if (!value) {
      return recipe::field_error(
          path,
          std::string("needs ") + (type == StepType::kDateTimeEntry ? "\"time\"" : "\"value\""));
    }
  }
  batch::ValueInput in;
  switch (type) {
    case StepType::kNumericEntry: {
      if (!value->is_number()) return wrong_type(path, step, *value);
      in.number = value->to_number<double>();
      if (!std::isfinite(*in.number) || std::fabs(*in.number) > recipe::kMaxMagnitude) {
        return recipe::field_error(path, "must be a number between -1e15 and 1e15");
      }
      if (unit) {
        const json::string* u = unit->if_string();
        if (!u || u->empty() || u->size() > kMaxUnitChars) {
          return recipe::field_error(path, "unit must be a unit symbol (\"°C\")");
        }
        in.unit = std::string(*u);
      }
      return in;
    }
    case StepType::kTextEntry:
    case StepType::kChoiceEntry: {
      const json::string* s = value->if_string();
      if (!s) return wrong_type(path, step, *value);
      in.text = std::string(*s);
      return in;
    }
    case StepType::kBooleanEntry:
      if (!value->is_bool()) return wrong_type(path, step, *value);
      in.boolean = value->get_bool();
      return in;
    case StepType::kDateTimeEntry: {
      GEMBA_TRY(t, read_time(path, step, *value));
      in.time = t;
      return in;
    }
    default: return batch::ValueInput{};  // check_field refuses the type
  }
}

json::object stored(const recipe::Step& step, const batch::Value& v) {
  json::object o;
  switch (recipe::step_type(step)) {
    case StepType::kNumericEntry:
      o["value"] = v.number.value_or(0);
      if (!v.unit.empty()) o["unit"] = v.unit;
      if (v.entered_number) {
        o["entered_value"] = *v.entered_number;
        o["entered_unit"] = v.entered_unit;
      }
      break;
    case StepType::kTextEntry:
    case StepType::kChoiceEntry: o["value"] = v.text.value_or(""); break;
    case StepType::kBooleanEntry: o["value"] = v.boolean.value_or(false); break;
    case StepType::kDateTimeEntry: o["time"] = format_rfc3339(v.time.value_or(Timestamp{})); break;
    default: break;
  }
  return o;
}

std::string field_path(std::string_view key) { return "fields." + std::string(key); }

// The member `name` of the stored value of `key`, or nullptr.
const json::value* stored_member(const CheckedEntry& e, std::string_view key,
                                 std::string_view name) {
  const json::value* v = e.values.if_contains(key);
  const json::object* o = v ? v->if_object() : nullptr;
  return o ? o->if_contains(name) : nullptr;
}

// Kind rules on an entry that the field checks cannot see.
Result<void> check_kind(const Template& t, const CheckedEntry& e) {
  if (t.kind == Kind::kUsage && text_of(e, kActivityField) == "calibrated" &&
      find_field(t, kCalibrationDueField) && !e.values.contains(kCalibrationDueField)) {
    const std::string path = field_path(kCalibrationDueField);
    return Error::invalid_argument(
        path + ": is required when the activity is calibrated (the next calibration)",
        {{"field", path}});
  }
  return ok();
}

}  // namespace

Result<CheckedEntry> check_entry(const Template& t, const json::object& fields,
                                 std::string_view comment) {
  for (const auto& kv : fields) {
    if (find_field(t, kv.key())) continue;
    std::string known;
    for (const Field& f : t.fields) known += (known.empty() ? "" : ", ") + f.step.key;
    return recipe::field_error(field_path(shown_key(kv.key())),
                               "unknown field; the fields of " + t.type + " are " + known);
  }
  CheckedEntry out;
  for (const Field& f : t.fields) {
    const std::string path = field_path(f.step.key);
    const auto it = fields.find(f.step.key);
    if (it == fields.end() || it->value().is_null()) {
      if (f.required) return recipe::field_error(path, "is required (" + f.step.name + ")");
      continue;
    }
    GEMBA_TRY(in, value_input(path, f.step, it->value()));
    auto checked = batch::check_field(f.step, in, comment);
    if (!checked.ok()) {
      Error e = std::move(checked).error();
      e.details["field"] = path;
      return e;
    }
    out.values[f.step.key] = stored(f.step, checked->value);
    for (batch::FieldException& x : checked->exceptions) {
      out.exceptions.push_back({std::string(batch::exception_kind_name(x.kind)),
                                std::string(batch::severity_name(x.severity)), std::move(x.message),
                                f.step.key, std::move(x.values)});
    }
  }
  GEMBA_RETURN_IF_ERROR(check_kind(t, out));
  return out;
}

std::optional<double> number_of(const CheckedEntry& e, std::string_view key) {
  const json::value* v = stored_member(e, key, "value");
  if (!v || !v->is_number()) return std::nullopt;
  return v->to_number<double>();
}

std::optional<std::string> text_of(const CheckedEntry& e, std::string_view key) {
  const json::value* v = stored_member(e, key, "value");
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

std::optional<bool> bool_of(const CheckedEntry& e, std::string_view key) {
  const json::value* v = stored_member(e, key, "value");
  if (!v || !v->is_bool()) return std::nullopt;
  return v->get_bool();
}

std::optional<Timestamp> time_of(const CheckedEntry& e, std::string_view key) {
  const json::value* v = stored_member(e, key, "time");
  if (!v || !v->is_string()) return std::nullopt;
  auto t = parse_rfc3339(v->get_string());
  if (!t.ok()) return std::nullopt;
  return *t;
}

}  // namespace gemba::logbook
