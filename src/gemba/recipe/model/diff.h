#pragma once
// Structural diff between two versions of a recipe, by stable key (not position): formula lines,
// unit procedures, operations and steps added, removed, moved and changed (field by field, old and
// new value). Pure; the result serialises to JSON for GET …/diff and for audit entries.
//
// "Moved" means: now under another parent (a step in another operation, an operation in another
// unit procedure), or reordered among its siblings — the fewest moves that explain the new order
// (siblings outside the longest common order), so inserting one step does not "move" the rest.
// Keys are expected to be unique (validate() first); of duplicates, the first occurrence counts.

#include <boost/json/value.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "gemba/recipe/model/recipe.h"

namespace gemba::recipe {

enum class ElementKind { kRecipe, kHeader, kFormulaLine, kUnitProcedure, kOperation, kStep };
enum class ChangeKind { kAdded, kRemoved, kMoved, kChanged };

std::string_view element_kind_name(ElementKind k);  // "recipe", "header", "formula_line", ...
std::string_view change_kind_name(ChangeKind k);    // "added", "removed", "moved", "changed"

// A field that differs, by its path inside the element ("limits.high"); an absent field is null.
struct FieldChange {
  std::string field;
  boost::json::value old_value;
  boost::json::value new_value;
};

// Where an element sits: its parents' keys (when it has them) and its index among its siblings.
struct Location {
  std::string unit_procedure;
  std::string operation;
  std::size_t position = 0;
  bool operator==(const Location&) const = default;
};

struct Change {
  ElementKind element;
  std::string key;  // empty for the recipe and the header
  ChangeKind kind;
  std::optional<Location> from;     // removed, moved
  std::optional<Location> to;       // added, moved
  std::vector<FieldChange> fields;  // changed
};

// Changes in document order of `to` (removals after the elements of their kind); an element that
// both moved and changed appears twice (moved, then changed).
struct RecipeDiff {
  std::vector<Change> changes;
  bool empty() const { return changes.empty(); }
};

RecipeDiff diff_recipes(const MasterRecipe& from, const MasterRecipe& to);

// {"changes": [{"element", "key", "change", "from", "to", "fields": [{"field", "old", "new"}]}],
//  "summary": {"added": n, "removed": n, "moved": n, "changed": n}}; absent parts left out.
boost::json::value diff_to_json(const RecipeDiff& diff);

}  // namespace gemba::recipe
