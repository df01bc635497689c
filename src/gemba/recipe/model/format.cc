#include "gemba/recipe/model/format.h"

#include "gemba/core/json.h"
#include "gemba/recipe/model/field_reader.h"
#include "gemba/recipe/model/format_step.h"

namespace gemba::recipe {
namespace {

namespace json = boost::json;

std::string at(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

VersionHeader read_header(FieldReader& parent) {
  VersionHeader h;
  const json::value* v = parent.raw("header");
  if (!v) {
    if (!parent.failed()) parent.fail("header", "is required");
    return h;
  }
  FieldReader r(parent.state(), *v, "header", "the header");
  h.batch_size = r.quantity("batch_size", true).value_or(Quantity{});
  h.batch_size_range = r.limits("batch_size_range").value_or(Limits{});
  h.theoretical_yield = r.quantity("theoretical_yield", true).value_or(Quantity{});
  h.yield_limits = r.limits("yield_limits").value_or(Limits{});
  r.finish();
  return h;
}

Tolerance read_tolerance(FieldReader& parent) {
  Tolerance t;
  const json::value* v = parent.raw("tolerance");
  if (!v) {
    if (!parent.failed()) parent.fail("tolerance", "is required");
    return t;
  }
  FieldReader r(parent.state(), *v, parent.child("tolerance"),
                "a tolerance: {\"minus\": …, \"plus\": …, \"unit\": …}");
  t.minus = r.number("minus", true).value_or(0);
  t.plus = r.number("plus", true).value_or(0);
  t.unit = r.string("unit", TextKind::kLine, 16, true);
  r.finish();
  return t;
}

FormulaLine read_formula_line(ParseState& state, const json::value& v, std::string path,
                              const FormatLimits& limits) {
  FieldReader r(state, v, std::move(path), "a formula line");
  FormulaLine line;
  line.key = r.string("key", TextKind::kKey, 64, true);
  line.material_code = r.string("material_code", TextKind::kCode, 64, true);
  line.name = r.string("name", TextKind::kLine, limits.max_name_chars, true);
  line.quantity = r.quantity("quantity", true).value_or(Quantity{});
  line.tolerance = read_tolerance(r);
  const std::string scaling = r.string("scaling", TextKind::kLine, 16, true);
  if (scaling == "fixed") {
    line.scaling = Scaling::kFixed;
  } else if (scaling != "scalable" && !r.failed()) {
    r.fail("scaling",
           "must be \"scalable\" (follows the batch size) or \"fixed\", not \"" + scaling + "\"");
  }
  r.finish();
  return line;
}

Operation read_operation(ParseState& state, const json::value& v, std::string path,
                         const FormatLimits& limits, std::size_t& steps_so_far) {
  FieldReader r(state, v, std::move(path), "an operation");
  Operation op;
  op.key = r.string("key", TextKind::kKey, 64, true);
  op.name = r.string("name", TextKind::kLine, limits.max_name_chars, true);
  const json::array* steps = r.array("steps", SIZE_MAX, true);
  if (steps) {
    const std::string steps_path = r.child("steps");
    if (steps_so_far + steps->size() > limits.max_steps) {
      state.fail(at(steps_path, limits.max_steps - steps_so_far),
                 "the recipe has more than " + std::to_string(limits.max_steps) +
                     " steps, the most one recipe may have");
      return op;
    }
    steps_so_far += steps->size();
    op.steps.reserve(steps->size());
    for (std::size_t i = 0; i < steps->size() && !state.failed(); ++i) {
      op.steps.push_back(read_step(state, (*steps)[i], at(steps_path, i), limits));
    }
  }
  r.finish();
  return op;
}

UnitProcedure read_unit_procedure(ParseState& state, const json::value& v, std::string path,
                                  const FormatLimits& limits, std::size_t& steps_so_far) {
  FieldReader r(state, v, std::move(path), "a unit procedure");
  UnitProcedure up;
  up.key = r.string("key", TextKind::kKey, 64, true);
  up.name = r.string("name", TextKind::kLine, limits.max_name_chars, true);
  up.parallel = r.boolean("parallel").value_or(false);
  up.equipment_classes = r.strings("equipment_classes", TextKind::kCode, 64, 50, false);
  const json::array* ops = r.array("operations", limits.max_operations, true);
  if (ops) {
    const std::string ops_path = r.child("operations");
    up.operations.reserve(ops->size());
    for (std::size_t i = 0; i < ops->size() && !state.failed(); ++i) {
      up.operations.push_back(
          read_operation(state, (*ops)[i], at(ops_path, i), limits, steps_so_far));
    }
  }
  r.finish();
  return up;
}

}  // namespace

Result<MasterRecipe> recipe_from_json(const json::value& v, const FormatLimits& limits) {
  ParseState state;
  FieldReader r(state, v, "", "a recipe");
  MasterRecipe recipe;
  const std::string format = r.string("format", TextKind::kLine, 64, true);
  if (!r.failed() && format != kRecipeFormat) {
    r.fail("format", "is \"" + format + "\"; this version of Gemba reads \"" +
                         std::string(kRecipeFormat) + "\"");
  }
  recipe.product_code = r.string("product_code", TextKind::kCode, 64, true);
  recipe.product_name = r.string("product_name", TextKind::kLine, limits.max_name_chars, true);
  recipe.site = r.string("site", TextKind::kCode, 64, true);
  recipe.description = r.string("description", TextKind::kMultiline, limits.max_text_chars, false);
  recipe.header = read_header(r);
  if (const json::array* lines = r.array("formula", limits.max_formula_lines, true)) {
    recipe.formula.reserve(lines->size());
    for (std::size_t i = 0; i < lines->size() && !state.failed(); ++i) {
      recipe.formula.push_back(read_formula_line(state, (*lines)[i], at("formula", i), limits));
    }
  }
  if (const json::array* ups = r.array("unit_procedures", limits.max_unit_procedures, true)) {
    std::size_t steps_so_far = 0;
    recipe.unit_procedures.reserve(ups->size());
    for (std::size_t i = 0; i < ups->size() && !state.failed(); ++i) {
      recipe.unit_procedures.push_back(
          read_unit_procedure(state, (*ups)[i], at("unit_procedures", i), limits, steps_so_far));
    }
  }
  r.finish();
  if (state.failed()) return state.error();
  return recipe;
}

Result<MasterRecipe> parse_recipe(std::string_view json_text, const FormatLimits& limits) {
  if (json_text.size() > limits.max_document_bytes) {
    return Error::payload_too_large(
        "the recipe document is " + std::to_string(json_text.size()) + " bytes; at most " +
            std::to_string(limits.max_document_bytes) + " bytes are accepted",
        {{"limit", limits.max_document_bytes}});
  }
  JsonLimits json_limits;
  json_limits.max_depth = limits.max_depth;
  GEMBA_TRY(value, parse_json_strict(json_text, json_limits));
  return recipe_from_json(value, limits);
}

}  // namespace gemba::recipe
