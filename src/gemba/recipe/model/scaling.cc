#include "gemba/recipe/model/scaling.h"

#include <algorithm>
#include <cmath>

#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/units.h"

namespace gemba::recipe {

Result<ScaledFormula> scale_formula(const MasterRecipe& recipe, const Quantity& batch_size) {
  const Quantity& nominal = recipe.header.batch_size;
  if (!std::isfinite(batch_size.value) || batch_size.value <= 0) {
    return Error::invalid_argument("the batch size must be a number greater than 0",
                                   {{"field", "batch_size"}});
  }
  if (!(nominal.value > 0)) {
    return Error::failed_precondition("the recipe's nominal batch size is not positive");
  }
  auto in_nominal_unit = convert(batch_size.value, batch_size.unit, nominal.unit);
  if (!in_nominal_unit.ok()) {
    return Error::invalid_argument(
        "the batch size cannot be used with this recipe: " + in_nominal_unit.error().message,
        {{"field", "batch_size.unit"}});
  }
  const Limits& range = recipe.header.batch_size_range;
  const double size = *in_nominal_unit;
  if ((range.low && size < *range.low) || (range.high && size > *range.high)) {
    return Error::invalid_argument(
        "the batch size " + format_number(batch_size.value) + " " + batch_size.unit +
            " is outside the range this recipe allows (" +
            (range.low ? format_number(*range.low) : std::string("…")) + " to " +
            (range.high ? format_number(*range.high) : std::string("…")) + " " + nominal.unit + ")",
        {{"field", "batch_size"}});
  }
  ScaledFormula out;
  out.batch_size = batch_size;
  out.factor = size / nominal.value;
  out.theoretical_yield = recipe.header.theoretical_yield;
  out.theoretical_yield.value *= out.factor;
  out.lines.reserve(recipe.formula.size());
  for (const FormulaLine& line : recipe.formula) {
    ScaledLine s;
    s.key = line.key;
    s.material_code = line.material_code;
    s.name = line.name;
    s.scaling = line.scaling;
    s.unit = line.quantity.unit;
    s.target =
        line.scaling == Scaling::kScalable ? line.quantity.value * out.factor : line.quantity.value;
    double minus = 0, plus = 0;
    if (line.tolerance.unit == "%") {
      minus = s.target * line.tolerance.minus / 100;
      plus = s.target * line.tolerance.plus / 100;
    } else {
      auto m = convert(line.tolerance.minus, line.tolerance.unit, s.unit);
      auto p = convert(line.tolerance.plus, line.tolerance.unit, s.unit);
      if (!m.ok() || !p.ok()) {
        return Error::failed_precondition("formula line " + line.key +
                                          ": the tolerance unit does not fit the quantity's unit");
      }
      minus = *m;
      plus = *p;
    }
    s.low = std::max(0.0, s.target - minus);
    s.high = s.target + plus;
    out.lines.push_back(std::move(s));
  }
  return out;
}

ExpressionValues reserved_expression_values(const MasterRecipe& recipe, const ScaledFormula& f) {
  return {{"batch_size", recipe.header.batch_size.value * f.factor},
          {"theoretical_yield", f.theoretical_yield.value}};
}

}  // namespace gemba::recipe
