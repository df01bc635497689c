#include "gemba/recipe/model/problem.h"

#include <boost/json/array.hpp>

namespace gemba::recipe {

Error problems_to_error(const std::vector<Problem>& problems) {
  boost::json::array list;
  list.reserve(problems.size());
  for (const auto& p : problems) list.push_back({{"field", p.field}, {"message", p.message}});
  const std::string first = problems.empty() ? std::string() : problems.front().to_string();
  std::string message = problems.size() == 1 ? "the recipe has a problem: " + first
                                             : "the recipe has " + std::to_string(problems.size()) +
                                                   " problems; the first: " + first;
  return Error::invalid_argument(
      std::move(message), {{"field", problems.empty() ? std::string() : problems.front().field},
                           {"problems", std::move(list)}});
}

std::string quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(b < 0x20 || b == 0x7f ? '?' : c);
  }
  out.push_back('"');
  return out;
}

Error field_error(const std::string& field, const std::string& why) {
  return Error::invalid_argument(field.empty() ? why : field + ": " + why, {{"field", field}});
}

}  // namespace gemba::recipe
