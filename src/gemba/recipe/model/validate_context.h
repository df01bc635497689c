#pragma once
// Internal to validation (validate.cc, validate_step.cc): the problems found so far and an index
// of steps by key, with the "earlier" relation expressions and references must respect.

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gemba/recipe/model/expression.h"
#include "gemba/recipe/model/problem.h"
#include "gemba/recipe/model/recipe.h"
#include "gemba/recipe/model/units.h"
#include "gemba/recipe/model/validate.h"

namespace gemba::recipe {

class ValidationContext {
 public:
  ValidationContext(const MasterRecipe& recipe, const ReferenceChecker* references);

  const MasterRecipe& recipe() const { return recipe_; }
  const ReferenceChecker* references() const { return references_; }
  const std::vector<StepRef>& steps() const { return steps_; }
  std::string path(const StepRef& s) const {
    return step_path(s.unit_procedure, s.operation, s.index);
  }

  void add(std::string field, std::string message);
  bool full() const { return problems_.size() >= kMaxProblems; }
  std::vector<Problem> take();

  // The first step with `key`, or nullptr.
  const StepRef* find(std::string_view key) const;
  bool has_formula_line(std::string_view key) const;

  // Why `from` may not use the step `key` as an earlier step; empty when it may. Covers: no such
  // step, itself, a later step, and a step of a unit procedure that runs in parallel with it.
  std::string not_earlier(const StepRef& from, std::string_view key) const;

  // Checks an expression (a calculation or a condition) at `field`: it compiles, never always
  // undefined, and each variable is a reserved name or an earlier numeric step.
  void check_expression(const StepRef& from, const std::string& field, const std::string& text);

  // Why a text-entry pattern is refused ("" when it is fine), remembered by pattern: compiling a
  // regular expression costs tens of microseconds and recipes repeat their patterns.
  std::map<std::string, std::string, std::less<>>& pattern_problems() { return pattern_problems_; }

 private:
  const MasterRecipe& recipe_;
  const ReferenceChecker* references_;
  std::vector<StepRef> steps_;
  std::unordered_map<std::string_view, std::size_t> by_key_;  // first occurrence
  std::vector<std::size_t> group_;  // per unit procedure: parallel ones share their group
  std::vector<Problem> problems_;
  bool truncated_ = false;
  ExpressionAnalyser expressions_;
  std::map<std::string, std::string, std::less<>> pattern_problems_;
};

// Per-step rules (validate_step.cc).
void validate_step(ValidationContext& ctx, const StepRef& step);

// The unit with `symbol`, or nullptr after recording "unknown unit" at `field`.
const Unit* check_unit(ValidationContext& ctx, const std::string& field, std::string_view symbol);

// Records a problem at `field` unless `l` is ordered (low ≤ high).
void check_ordered(ValidationContext& ctx, const std::string& field, const Limits& l);

}  // namespace gemba::recipe
