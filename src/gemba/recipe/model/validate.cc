#include "gemba/recipe/model/validate.h"

#include <algorithm>
#include <map>
#include <set>

#include "gemba/recipe/model/expression.h"
#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/units.h"
#include "gemba/recipe/model/validate_context.h"

namespace gemba::recipe {
namespace {

bool is_amount(Dimension d) {
  return d == Dimension::kMass || d == Dimension::kVolume || d == Dimension::kCount;
}

// Records a duplicate of `key` at `field`; `seen` maps keys to where they first appeared.
void check_unique(ValidationContext& ctx, std::map<std::string, std::string>& seen,
                  const std::string& key, const std::string& field, const std::string& path) {
  if (key.empty()) return;
  auto [it, inserted] = seen.emplace(key, path);
  if (!inserted) {
    ctx.add(field, "\"" + key + "\" is already the key of " + it->second + "; keys must be unique");
  }
}

void validate_header(ValidationContext& ctx) {
  const VersionHeader& h = ctx.recipe().header;
  if (h.batch_size.value <= 0) ctx.add("header.batch_size.value", "must be greater than 0");
  const Unit* unit = check_unit(ctx, "header.batch_size.unit", h.batch_size.unit);
  if (unit && !is_amount(unit->dimension)) {
    ctx.add("header.batch_size.unit", "must be a unit of mass, volume or count, not " +
                                          std::string(dimension_name(unit->dimension)));
  }
  const Limits& range = h.batch_size_range;
  if (!range.empty()) {
    check_ordered(ctx, "header.batch_size_range", range);
    if ((range.low && *range.low <= 0) || (range.high && *range.high <= 0)) {
      ctx.add("header.batch_size_range", "batch sizes must be greater than 0");
    } else if ((range.low && h.batch_size.value < *range.low) ||
               (range.high && h.batch_size.value > *range.high)) {
      ctx.add("header.batch_size_range", "does not include the nominal batch size (" +
                                             format_number(h.batch_size.value) + " " +
                                             h.batch_size.unit + ")");
    }
  }
  if (h.theoretical_yield.value <= 0) {
    ctx.add("header.theoretical_yield.value", "must be greater than 0");
  }
  const Unit* yield_unit =
      check_unit(ctx, "header.theoretical_yield.unit", h.theoretical_yield.unit);
  if (yield_unit && !is_amount(yield_unit->dimension)) {
    ctx.add("header.theoretical_yield.unit", "must be a unit of mass, volume or count");
  }
  if (!h.yield_limits.empty()) {
    check_ordered(ctx, "header.yield_limits", h.yield_limits);
    if ((h.yield_limits.low && *h.yield_limits.low < 0) ||
        (h.yield_limits.high && *h.yield_limits.high > 200)) {
      ctx.add("header.yield_limits", "yield limits are percentages between 0 and 200");
    }
  }
}

void validate_formula(ValidationContext& ctx) {
  std::map<std::string, std::string> keys;
  std::set<std::string> used;
  for (const auto& ref : ctx.steps()) {
    if (const auto* d = std::get_if<DispenseSpec>(&ref.step->spec)) used.insert(d->formula_line);
    if (const auto* c = std::get_if<ChargeSpec>(&ref.step->spec)) used.insert(c->formula_line);
  }
  std::map<std::string, bool> material_known;
  const auto& formula = ctx.recipe().formula;
  for (std::size_t i = 0; i < formula.size() && !ctx.full(); ++i) {
    const FormulaLine& line = formula[i];
    const std::string path = "formula[" + std::to_string(i) + "]";
    check_unique(ctx, keys, line.key, path + ".key", path);
    if (line.quantity.value <= 0) ctx.add(path + ".quantity.value", "must be greater than 0");
    const Unit* unit = check_unit(ctx, path + ".quantity.unit", line.quantity.unit);
    if (unit && !is_amount(unit->dimension)) {
      ctx.add(path + ".quantity.unit", "a material quantity must be a mass, volume or count, not " +
                                           std::string(dimension_name(unit->dimension)));
    }
    const Tolerance& t = line.tolerance;
    if (t.minus < 0 || t.plus < 0) {
      ctx.add(path + ".tolerance",
              "minus and plus are distances from the target and must not be "
              "negative");
    }
    if (t.unit == "%") {
      if (t.minus > 100 || t.plus > 100) ctx.add(path + ".tolerance", "must not exceed 100 %");
    } else if (const Unit* tu = check_unit(ctx, path + ".tolerance.unit", t.unit)) {
      if (unit && tu->dimension != unit->dimension) {
        ctx.add(path + ".tolerance.unit", "must be % or a unit of " +
                                              std::string(dimension_name(unit->dimension)) +
                                              " like the quantity (" + line.quantity.unit + ")");
      } else if (unit) {
        auto minus = convert(t.minus, t.unit, line.quantity.unit);
        if (minus.ok() && *minus >= line.quantity.value) {
          ctx.add(path + ".tolerance", "minus must be smaller than the quantity");
        }
      }
    }
    if (!line.key.empty() && !used.contains(line.key)) {
      ctx.add(path, "formula line \"" + line.key + "\" is not dispensed or charged by any step");
    }
    if (ctx.references() && !line.material_code.empty()) {
      auto [it, inserted] = material_known.emplace(line.material_code, false);
      if (inserted) it->second = ctx.references()->material_exists(line.material_code);
      if (!it->second) {
        ctx.add(path + ".material_code", "material " + line.material_code + " does not exist");
      }
    }
  }
}

void validate_procedure(ValidationContext& ctx) {
  const auto& ups = ctx.recipe().unit_procedures;
  if (ups.empty()) ctx.add("unit_procedures", "a recipe needs at least one unit procedure");
  if (!ups.empty() && ups[0].parallel) {
    ctx.add("unit_procedures[0].parallel",
            "the first unit procedure cannot run in parallel: there is none before it");
  }
  std::map<std::string, std::string> up_keys, op_keys;
  std::map<std::string, bool> class_known;
  for (std::size_t u = 0; u < ups.size() && !ctx.full(); ++u) {
    const std::string up_path = "unit_procedures[" + std::to_string(u) + "]";
    check_unique(ctx, up_keys, ups[u].key, up_path + ".key", up_path);
    std::set<std::string> classes;
    for (std::size_t c = 0; c < ups[u].equipment_classes.size(); ++c) {
      const std::string& cls = ups[u].equipment_classes[c];
      const std::string field = up_path + ".equipment_classes[" + std::to_string(c) + "]";
      if (!classes.insert(cls).second) ctx.add(field, "\"" + cls + "\" is listed twice");
      if (ctx.references()) {
        auto [it, inserted] = class_known.emplace(cls, false);
        if (inserted) it->second = ctx.references()->equipment_class_exists(cls);
        if (!it->second) ctx.add(field, "equipment class " + cls + " does not exist");
      }
    }
    if (ups[u].operations.empty()) {
      ctx.add(up_path + ".operations", "a unit procedure needs at least one operation");
    }
    for (std::size_t o = 0; o < ups[u].operations.size(); ++o) {
      const std::string op_path = up_path + ".operations[" + std::to_string(o) + "]";
      check_unique(ctx, op_keys, ups[u].operations[o].key, op_path + ".key", op_path);
      if (ups[u].operations[o].steps.empty()) {
        ctx.add(op_path + ".steps", "an operation needs at least one step");
      }
    }
  }
  std::map<std::string, std::string> step_keys;
  for (const auto& ref : ctx.steps()) {
    if (ctx.full()) break;
    const std::string path = ctx.path(ref);
    const std::string& key = ref.step->key;
    check_unique(ctx, step_keys, key, path + ".key", path);
    if (is_reserved_variable(key)) {
      ctx.add(path + ".key", "\"" + key + "\" is reserved for expressions; choose another key");
    } else if (is_expression_function(key)) {
      ctx.add(path + ".key",
              "\"" + key + "\" is the name of an expression function; choose another key");
    }
    validate_step(ctx, ref);
  }
}

}  // namespace

std::vector<Problem> validate(const MasterRecipe& recipe, const ReferenceChecker* references) {
  ValidationContext ctx(recipe, references);
  validate_header(ctx);
  validate_formula(ctx);
  validate_procedure(ctx);
  return ctx.take();
}

}  // namespace gemba::recipe
