#include "gemba/material/model/item.h"

#include <algorithm>
#include <array>
#include <set>

#include "gemba/recipe/model/units.h"

namespace gemba::material {
namespace {

constexpr std::array<std::string_view, 4> kTypeNames = {"raw", "packaging", "intermediate",
                                                        "finished"};

Error bad(std::string field, std::string message) {
  return Error::invalid_argument(std::move(message), {{"field", std::move(field)}});
}

bool code_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

}  // namespace

std::string_view item_type_name(ItemType t) { return kTypeNames[static_cast<std::size_t>(t)]; }

std::optional<ItemType> parse_item_type(std::string_view name) {
  for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == name) return static_cast<ItemType>(i);
  }
  return std::nullopt;
}

bool gs1_check_digit_ok(std::string_view digits) {
  if (digits.size() < 2) return false;
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  int sum = 0;
  bool three = true;  // weights 3,1,3,... from the rightmost digit before the check digit
  for (std::size_t i = digits.size() - 1; i-- > 0;) {
    sum += (digits[i] - '0') * (three ? 3 : 1);
    three = !three;
  }
  return (10 - sum % 10) % 10 == digits.back() - '0';
}

Result<void> validate_item(const Item& item) {
  if (item.code.empty() || item.code.size() > 32 ||
      !std::all_of(item.code.begin(), item.code.end(), code_char)) {
    return bad("code", "the material code must be 1 to 32 letters, digits, '.', '_' or '-'");
  }
  if (item.name.empty() || item.name.size() > 200) {
    return bad("name", "the name must be 1 to 200 characters");
  }
  const recipe::Unit* unit = recipe::find_unit(item.base_unit);
  if (unit == nullptr) {
    return bad("base_unit", "unknown unit '" + item.base_unit + "'");
  }
  if (unit->dimension != recipe::Dimension::kMass &&
      unit->dimension != recipe::Dimension::kVolume &&
      unit->dimension != recipe::Dimension::kCount) {
    return bad("base_unit", "a material is kept in a unit of mass, volume or count; " +
                                item.base_unit + " is a unit of " +
                                std::string(recipe::dimension_name(unit->dimension)));
  }
  if (item.storage_conditions.size() > 200) {
    return bad("storage_conditions", "storage conditions are at most 200 characters");
  }
  std::set<std::string> seen;
  for (const std::string& g : item.gtins) {
    if (g.size() != 14 || !gs1_check_digit_ok(g)) {
      return bad("gtins", "GTIN '" + g + "' is not 14 digits with a valid check digit");
    }
    if (!seen.insert(g).second) return bad("gtins", "GTIN " + g + " is listed twice");
  }
  if (item.shelf_life_days && (*item.shelf_life_days <= 0 || *item.shelf_life_days > 36500)) {
    return bad("shelf_life_days", "the shelf life must be 1 to 36500 days");
  }
  if (item.retest_interval_days &&
      (*item.retest_interval_days <= 0 || *item.retest_interval_days > 36500)) {
    return bad("retest_interval_days", "the retest interval must be 1 to 36500 days");
  }
  return {};
}

}  // namespace gemba::material
