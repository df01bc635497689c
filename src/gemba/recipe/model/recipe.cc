#include "gemba/recipe/model/recipe.h"

namespace gemba::recipe {

std::vector<StepRef> all_steps(const MasterRecipe& r) {
  std::vector<StepRef> out;
  out.reserve(step_count(r));
  for (std::size_t u = 0; u < r.unit_procedures.size(); ++u) {
    const auto& ops = r.unit_procedures[u].operations;
    for (std::size_t o = 0; o < ops.size(); ++o) {
      for (std::size_t s = 0; s < ops[o].steps.size(); ++s) {
        out.push_back({&ops[o].steps[s], u, o, s, out.size()});
      }
    }
  }
  return out;
}

std::size_t step_count(const MasterRecipe& r) {
  std::size_t n = 0;
  for (const auto& up : r.unit_procedures) {
    for (const auto& op : up.operations) n += op.steps.size();
  }
  return n;
}

bool is_reserved_variable(std::string_view name) {
  for (auto v : kReservedVariables) {
    if (v == name) return true;
  }
  return false;
}

std::string step_path(std::size_t unit_procedure, std::size_t operation, std::size_t step) {
  return "unit_procedures[" + std::to_string(unit_procedure) + "].operations[" +
         std::to_string(operation) + "].steps[" + std::to_string(step) + "]";
}

}  // namespace gemba::recipe
