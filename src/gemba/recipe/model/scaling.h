#pragma once
// Scaling a recipe's formula to the size of one batch (batch instantiation): scalable lines follow
// the batch size, fixed lines keep their quantity; each line gets its dispensing window from its
// tolerance. Pure; batch execution calls it when a batch is created.

#include <string>
#include <vector>

#include "gemba/core/result.h"
#include "gemba/recipe/model/expression.h"
#include "gemba/recipe/model/recipe.h"

namespace gemba::recipe {

struct ScaledLine {
  std::string key;
  std::string material_code;
  std::string name;
  Scaling scaling = Scaling::kScalable;
  std::string unit;  // the line's unit
  double target = 0;
  double low = 0;   // target minus tolerance (never below 0)
  double high = 0;  // target plus tolerance
};

struct ScaledFormula {
  Quantity batch_size;            // as requested
  double factor = 1;              // batch size / nominal batch size
  Quantity theoretical_yield;     // scaled by factor
  std::vector<ScaledLine> lines;  // in formula order
};

// Scales `recipe`'s formula to `batch_size`. Errors: invalid_argument when the batch size is not
// a positive number, its unit is unknown or not of the nominal batch size's dimension, or it lies
// outside the header's batch_size_range; failed_precondition when the recipe itself cannot be
// scaled (non-positive nominal batch size, an unconvertible tolerance unit — validate() reports
// these first).
Result<ScaledFormula> scale_formula(const MasterRecipe& recipe, const Quantity& batch_size);

// The reserved expression variables for a batch of this size: batch_size (in the nominal batch
// size's unit) and theoretical_yield (scaled, in its unit).
ExpressionValues reserved_expression_values(const MasterRecipe& recipe, const ScaledFormula& f);

}  // namespace gemba::recipe
