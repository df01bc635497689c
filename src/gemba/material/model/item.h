#pragma once
// The item master: what a material is, independent of any lot. Pure value types and their
// validation; the service stores them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/result.h"

namespace gemba::material {

enum class ItemType { kRaw, kPackaging, kIntermediate, kFinished };
std::string_view item_type_name(ItemType t);  // "raw", "packaging", "intermediate", "finished"
std::optional<ItemType> parse_item_type(std::string_view name);

struct Item {
  std::string id;
  std::string code;  // material code, as formula lines name it ("RM-0101")
  std::string name;
  ItemType type = ItemType::kRaw;
  std::string base_unit;               // a unit of the recipe unit table; lots are kept in it
  std::string storage_conditions;      // free text for the label ("15-25 °C, dry")
  std::vector<std::string> gtins;      // GTIN-14 (a scan of (01) finds the item)
  std::optional<int> shelf_life_days;  // expiry = receipt (or manufacture) + shelf life, if the
                                       // supplier gives none
  std::optional<int> retest_interval_days;
  bool potency_adjusted = false;  // dispensing divides the target by the lot's assay
  std::int64_t version = 0;
};

// Checks an item as a person entered it: code (1-32 of A-Z a-z 0-9 . _ -), name (1-200),
// base unit (known, and a mass, volume or count), GTINs (14 digits with a valid check digit,
// no duplicates), positive day counts. invalid_argument names the field (details.field).
Result<void> validate_item(const Item& item);

// GS1 mod-10 check digit over all but the last digit of `digits` (which must be digits).
bool gs1_check_digit_ok(std::string_view digits);

}  // namespace gemba::material
