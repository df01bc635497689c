// The canonical writer of the recipe format (see format.h).

#include "gemba/core/json.h"
#include "gemba/core/time.h"
#include "gemba/recipe/model/format.h"

namespace gemba::recipe {
namespace {

namespace json = boost::json;

json::object limits_json(const Limits& l) {
  json::object o;
  if (l.low) o["low"] = *l.low;
  if (l.high) o["high"] = *l.high;
  return o;
}

json::object quantity_json(const Quantity& q) {
  json::object o;
  o["value"] = q.value;
  o["unit"] = q.unit;
  return o;
}

json::array strings_json(const std::vector<std::string>& v) {
  json::array a;
  a.reserve(v.size());
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

void put_duration(json::object& o, std::string_view key, const std::optional<Duration>& d) {
  if (d) o[key] = format_iso8601_duration(*d);
}

void put_numeric(json::object& o, const NumericSpec& n) {
  if (!n.unit.empty()) o["unit"] = n.unit;
  o["decimals"] = n.decimals;
  if (n.target) o["target"] = *n.target;
  if (!n.limits.empty()) o["limits"] = limits_json(n.limits);
  if (!n.alarm.empty()) o["alarm"] = limits_json(n.alarm);
}

struct SpecWriter {
  json::object& o;
  void operator()(const InstructionSpec&) const {}
  void operator()(const NumericEntrySpec& s) const { put_numeric(o, s); }
  void operator()(const TextEntrySpec& s) const {
    o["max_length"] = s.max_length;
    if (!s.pattern.empty()) o["pattern"] = s.pattern;
  }
  void operator()(const ChoiceEntrySpec& s) const {
    o["options"] = strings_json(s.options);
    if (s.expected) o["expected"] = *s.expected;
  }
  void operator()(const BooleanEntrySpec& s) const {
    if (s.expected) o["expected"] = *s.expected;
  }
  void operator()(const DateTimeEntrySpec& s) const {
    if (s.date_only) o["date_only"] = true;
  }
  void operator()(const CalculationSpec& s) const {
    o["expression"] = s.expression;
    put_numeric(o, s);
  }
  void operator()(const DispenseSpec& s) const { o["formula_line"] = s.formula_line; }
  void operator()(const ChargeSpec& s) const { o["formula_line"] = s.formula_line; }
  void operator()(const EquipmentUseSpec& s) const { o["equipment_class"] = s.equipment_class; }
  void operator()(const ProcessParameterSpec& s) const {
    o["equipment_step"] = s.equipment_step;
    o["tag"] = s.tag;
    o["capture"] = capture_rule_name(s.capture);
    put_duration(o, "window", s.window);
    put_numeric(o, s);
  }
  void operator()(const HoldTimeSpec& s) const {
    o["from_step"] = s.from_step;
    if (!s.to_step.empty()) o["to_step"] = s.to_step;
    put_duration(o, "min", s.min);
    put_duration(o, "max", s.max);
  }
  void operator()(const SamplingSpec& s) const {
    o["sample_label"] = s.sample_label;
    o["tests"] = strings_json(s.tests);
    if (s.quantity) o["quantity"] = quantity_json(*s.quantity);
  }
  void operator()(const SignOffSpec& s) const { o["meaning"] = s.meaning; }
};

}  // namespace

std::string format_number(double v) { return format_json_number(v); }

json::object header_to_json(const VersionHeader& h) {
  json::object o;
  o["batch_size"] = quantity_json(h.batch_size);
  if (!h.batch_size_range.empty()) o["batch_size_range"] = limits_json(h.batch_size_range);
  o["theoretical_yield"] = quantity_json(h.theoretical_yield);
  if (!h.yield_limits.empty()) o["yield_limits"] = limits_json(h.yield_limits);
  return o;
}

json::object formula_line_to_json(const FormulaLine& line) {
  json::object o;
  o["key"] = line.key;
  o["material_code"] = line.material_code;
  o["name"] = line.name;
  o["quantity"] = quantity_json(line.quantity);
  o["tolerance"] = json::object{{"minus", line.tolerance.minus},
                                {"plus", line.tolerance.plus},
                                {"unit", line.tolerance.unit}};
  o["scaling"] = line.scaling == Scaling::kFixed ? "fixed" : "scalable";
  return o;
}

json::object step_to_json(const Step& step) {
  json::object o;
  o["key"] = step.key;
  o["name"] = step.name;
  o["type"] = step_type_name(step_type(step));
  if (!step.text.empty()) o["text"] = step.text;
  std::visit(SpecWriter{o}, step.spec);
  if (step.witness != Witness::kNone) o["witness"] = witness_name(step.witness);
  if (!step.condition.empty()) o["condition"] = step.condition;
  if (step.repeat) {
    json::object rep;
    put_duration(rep, "every", step.repeat->every);
    if (step.repeat->times) rep["times"] = *step.repeat->times;
    o["repeat"] = std::move(rep);
  }
  if (step.allow_override) o["allow_override"] = true;
  return o;
}

json::object recipe_to_json(const MasterRecipe& r) {
  json::object o;
  o["format"] = kRecipeFormat;
  o["product_code"] = r.product_code;
  o["product_name"] = r.product_name;
  o["site"] = r.site;
  if (!r.description.empty()) o["description"] = r.description;
  o["header"] = header_to_json(r.header);
  json::array formula;
  formula.reserve(r.formula.size());
  for (const auto& line : r.formula) formula.push_back(formula_line_to_json(line));
  o["formula"] = std::move(formula);
  json::array ups;
  ups.reserve(r.unit_procedures.size());
  for (const auto& up : r.unit_procedures) {
    json::object u;
    u["key"] = up.key;
    u["name"] = up.name;
    if (up.parallel) u["parallel"] = true;
    if (!up.equipment_classes.empty()) u["equipment_classes"] = strings_json(up.equipment_classes);
    json::array ops;
    ops.reserve(up.operations.size());
    for (const auto& op : up.operations) {
      json::array steps;
      steps.reserve(op.steps.size());
      for (const auto& s : op.steps) steps.push_back(step_to_json(s));
      ops.push_back(json::object{{"key", op.key}, {"name", op.name}, {"steps", std::move(steps)}});
    }
    u["operations"] = std::move(ops);
    ups.push_back(std::move(u));
  }
  o["unit_procedures"] = std::move(ups);
  return o;
}

std::string write_canonical_json(const json::value& v) { return pretty_json(v); }

std::string write_recipe(const MasterRecipe& r) { return write_canonical_json(recipe_to_json(r)); }

}  // namespace gemba::recipe
