#pragma once
// Test helpers (recipe_test only): a small valid recipe to mutate, steps from JSON snippets, and a
// fake ReferenceChecker.

#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/recipe/model/recipe.h"
#include "gemba/recipe/model/validate.h"

namespace gemba::recipe::testing {

// Two unit procedures (weighing, mixing) over two formula lines; valid, every field canonical.
std::string minimal_recipe_json();
MasterRecipe minimal_recipe();

// A step read from its JSON form (the test fails if it does not parse).
Step step_from_json(std::string_view json);

// The step with `key` (the test fails, and a dummy is returned, if there is none).
Step& find_step(MasterRecipe& r, std::string_view key);

// A recipe with `steps` steps of varied types in one unit procedure (for limits and benchmarks):
// numeric entries with limits, calculations over earlier values, conditions, instructions.
MasterRecipe generated_recipe(std::size_t steps);

class FakeReferences : public ReferenceChecker {
 public:
  std::set<std::string, std::less<>> materials;
  std::set<std::string, std::less<>> equipment_classes;
  mutable int calls = 0;
  bool material_exists(std::string_view code) const override {
    ++calls;
    return materials.contains(code);
  }
  bool equipment_class_exists(std::string_view cls) const override {
    ++calls;
    return equipment_classes.contains(cls);
  }
};

// "field: message" lines, for readable failures.
std::string describe(const std::vector<Problem>& problems);

}  // namespace gemba::recipe::testing

namespace gemba::recipe {
// Readable gtest output for problem lists.
inline void PrintTo(const Problem& p, std::ostream* os) { *os << p.to_string(); }
}  // namespace gemba::recipe
