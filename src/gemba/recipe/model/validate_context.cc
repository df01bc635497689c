#include "gemba/recipe/model/validate_context.h"

#include <algorithm>

#include "gemba/recipe/model/expression.h"

namespace gemba::recipe {

ValidationContext::ValidationContext(const MasterRecipe& recipe, const ReferenceChecker* references)
    : recipe_(recipe), references_(references), steps_(all_steps(recipe)) {
  by_key_.reserve(steps_.size());
  for (std::size_t i = 0; i < steps_.size(); ++i) by_key_.emplace(steps_[i].step->key, i);
  group_.reserve(recipe.unit_procedures.size());
  for (std::size_t u = 0; u < recipe.unit_procedures.size(); ++u) {
    if (u == 0) {
      group_.push_back(0);
    } else {
      group_.push_back(recipe.unit_procedures[u].parallel ? group_.back() : group_.back() + 1);
    }
  }
}

void ValidationContext::add(std::string field, std::string message) {
  if (problems_.size() < kMaxProblems) {
    problems_.push_back({std::move(field), std::move(message)});
  } else {
    truncated_ = true;
  }
}

std::vector<Problem> ValidationContext::take() {
  if (truncated_ || problems_.size() >= kMaxProblems) {
    problems_.push_back({"", "more than " + std::to_string(kMaxProblems) +
                                 " problems were found; only the first are listed"});
  }
  return std::move(problems_);
}

const StepRef* ValidationContext::find(std::string_view key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : &steps_[it->second];
}

bool ValidationContext::has_formula_line(std::string_view key) const {
  return std::any_of(recipe_.formula.begin(), recipe_.formula.end(),
                     [&](const FormulaLine& l) { return l.key == key; });
}

std::string ValidationContext::not_earlier(const StepRef& from, std::string_view key) const {
  const StepRef* target = find(key);
  const std::string name = quoted(key);
  if (!target) return name + " is not the key of any step";
  if (target->ordinal == from.ordinal) return name + " is this step itself";
  if (target->ordinal > from.ordinal) {
    return name + " is a later step (" + path(*target) + "); only earlier steps can be used";
  }
  if (target->unit_procedure != from.unit_procedure &&
      group_[target->unit_procedure] == group_[from.unit_procedure]) {
    return name + " belongs to unit procedure \"" +
           recipe_.unit_procedures[target->unit_procedure].key +
           "\", which runs in parallel with this one, so it may not be done yet";
  }
  return {};
}

void ValidationContext::check_expression(const StepRef& from, const std::string& field,
                                         const std::string& text) {
  const Result<ExpressionAnalysis>& analysis = expressions_.analyse(text);
  if (!analysis.ok()) {
    add(field, analysis.error().message);
    return;
  }
  bool references_ok = true;
  for (const std::string& name : analysis->variables) {
    if (is_reserved_variable(name)) continue;
    std::string why = not_earlier(from, name);
    if (!why.empty()) {
      add(field, "the variable " + why);
      references_ok = false;
      continue;
    }
    const StepType type = step_type(*find(name)->step);
    if (!yields_numeric_value(type)) {
      add(field, "the variable \"" + name + "\" is " + step_type_phrase(type) +
                     ", which has no numeric value");
      references_ok = false;
    }
  }
  if (references_ok && analysis->never_finite) {
    add(field, "has no finite value for any input (division by zero?)");
  }
}

}  // namespace gemba::recipe
