#pragma once
// Row mapping and small helpers shared by the materials service's files. Internal.

#include <optional>
#include <string>
#include <string_view>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"
#include "gemba/material/model/dispensing.h"
#include "gemba/material/model/item.h"
#include "gemba/material/model/lot.h"
#include "gemba/material/model/movement.h"
#include "gemba/store/database.h"

namespace gemba::material::detail {

inline std::int64_t us(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp from_us(std::int64_t v) { return Timestamp{std::chrono::microseconds(v)}; }

template <typename T>
Result<void> discard(Result<T> r) {
  if (!r.ok()) return std::move(r).error();
  return ok();
}

inline constexpr std::string_view kItemColumns =
    "SELECT id, code, name, type, base_unit, storage_conditions, shelf_life_days, "
    "retest_interval_days, potency_adjusted, version";
inline constexpr std::string_view kLotColumns =
    "SELECT id, lot_number, item_id, supplier, supplier_lot, status, quantity, unit, expiry, "
    "retest, assay_percent, produced_by_batch, received_at_us, version";
inline constexpr std::string_view kContainerColumns =
    "SELECT id, lot_id, quantity, dispensed, batch_id, step_key, occurrence, created_at_us";
inline constexpr std::string_view kPortionColumns =
    "SELECT id, batch_id, step_key, occurrence, source_container, dispensed_container, lot_id, "
    "lot_number, tare, gross, net, counted, assay_percent, unit, user_id, printed_name, at_us";

Item item_from_row(const store::Row& r);
Lot lot_from_row(const store::Row& r);
Container container_from_row(const store::Row& r);
Portion portion_from_row(const store::Row& r);
Result<std::optional<Movement>> load_movement(store::Tx& tx, const std::string& id);

std::optional<std::string> opt_date(const std::optional<Date>& d);

// The next value of a named counter (1, 2, ...), in the caller's unit.
Result<std::int64_t> next_sequence(store::Tx& tx, const std::string& name);
// prefix + n, zero-padded to `digits`.
std::string padded(const std::string& prefix, std::int64_t n, int digits);

// invalid_argument naming `field` when `text` has fewer than `min` or more than `max` characters
// (UTF-8 code points), or control characters.
Result<void> check_text(const std::string& text, std::string_view field, std::size_t min,
                        std::size_t max);

// `q` in `unit` (empty: the item's base unit) converted to the item's base unit; positive and
// finite, rounded to 6 decimals.
Result<double> to_base_unit(double q, const std::string& unit, const Item& item,
                            std::string_view field);

}  // namespace gemba::material::detail
