#pragma once
// Validation of a recipe version: every rule the content must obey before it can be submitted,
// returning ALL problems found, each located by field path: header first, then the formula, the
// structure of the procedure, and the steps in procedure order.
//
// Rules: unique keys (formula lines, unit procedures, operations, steps); step keys usable as
// expression variables; known and consistent units; ordered limits (low ≤ target ≤ high, alarm
// limits within the hard limits) and sane decimals; expressions that parse and refer only to
// earlier numeric values, never divide by a constant zero; formula lines referenced by dispense and
// charge steps exist and each line is used; equipment use within the unit procedure's equipment
// requirements; process parameters bound to an earlier equipment use; hold-time and condition
// references backwards; sane repeat specs; and, through a ReferenceChecker, that material codes and
// equipment classes exist.

#include <cstddef>
#include <string_view>
#include <vector>

#include "gemba/recipe/model/problem.h"
#include "gemba/recipe/model/recipe.h"

namespace gemba::recipe {

// Answers whether codes other capabilities own exist. The service implements it through those
// capabilities' services (never their tables); tests use a fake. Called at most once per distinct
// code during one validate(); implementations need not be thread-safe.
class ReferenceChecker {
 public:
  virtual ~ReferenceChecker() = default;
  virtual bool material_exists(std::string_view material_code) const = 0;
  virtual bool equipment_class_exists(std::string_view equipment_class) const = 0;
};

// At most this many problems are listed; a last problem then says that more were found.
inline constexpr std::size_t kMaxProblems = 1000;

// All problems of `recipe`; empty when it is valid. `references` may be null (material codes and
// equipment classes are then not checked). Pure apart from the calls to `references`.
std::vector<Problem> validate(const MasterRecipe& recipe,
                              const ReferenceChecker* references = nullptr);

}  // namespace gemba::recipe
