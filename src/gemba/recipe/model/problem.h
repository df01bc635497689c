#pragma once
// A located problem in a recipe: the path of the field ("unit_procedures[1].operations[0].
// steps[3].limits") and a message a person can act on ("low (630) is greater than high (570)").

#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/error.h"

namespace gemba::recipe {

struct Problem {
  std::string field;
  std::string message;
  bool operator==(const Problem&) const = default;
  // "field: message"
  std::string to_string() const { return field.empty() ? message : field + ": " + message; }
};

// invalid_argument "the recipe has N problems; the first: <field: message>" with details
// {"field": <first field>, "problems": [{"field", "message"}, ...]}.
// REQUIRES: !problems.empty().
Error problems_to_error(const std::vector<Problem>& problems);

// `s` in double quotes, for messages; control characters shown as '?'.
std::string quoted(std::string_view s);

// A located invalid_argument error: message "field: why", details {"field": field}.
Error field_error(const std::string& field, const std::string& why);

}  // namespace gemba::recipe
