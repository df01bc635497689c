#include "gemba/material/service_support.h"

#include <cmath>

#include "gemba/recipe/model/units.h"

namespace gemba::material::detail {

namespace {
std::optional<Date> date_column(const store::Row& r, std::size_t i) {
  auto t = r.opt_text(i);
  if (!t) return std::nullopt;
  auto d = parse_date(*t, "date");
  return d.ok() ? std::optional<Date>(*d) : std::nullopt;
}
std::optional<double> real_column(const store::Row& r, std::size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional<double>(r.real(i));
}
std::optional<int> int_column(const store::Row& r, std::size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional<int>(static_cast<int>(r.int64(i)));
}
}  // namespace

Item item_from_row(const store::Row& r) {
  Item i;
  i.id = r.text(0);
  i.code = r.text(1);
  i.name = r.text(2);
  i.type = parse_item_type(r.text(3)).value_or(ItemType::kRaw);
  i.base_unit = r.text(4);
  i.storage_conditions = r.text(5);
  i.shelf_life_days = int_column(r, 6);
  i.retest_interval_days = int_column(r, 7);
  i.potency_adjusted = r.int64(8) != 0;
  i.version = r.int64(9);
  return i;
}

Lot lot_from_row(const store::Row& r) {
  Lot l;
  l.id = r.text(0);
  l.lot_number = r.text(1);
  l.item_id = r.text(2);
  l.supplier = r.text(3);
  l.supplier_lot = r.text(4);
  l.status = parse_lot_status(r.text(5)).value_or(LotStatus::kBlocked);
  l.quantity = r.real(6);
  l.unit = r.text(7);
  l.expiry = date_column(r, 8);
  l.retest = date_column(r, 9);
  l.assay_percent = real_column(r, 10);
  l.produced_by_batch = r.text(11);
  l.received_at = from_us(r.int64(12));
  l.version = r.int64(13);
  return l;
}

Container container_from_row(const store::Row& r) {
  Container c;
  c.id = r.text(0);
  c.lot_id = r.text(1);
  c.quantity = r.real(2);
  c.dispensed = r.int64(3) != 0;
  c.batch_id = r.text(4);
  c.step_key = r.text(5);
  c.occurrence = static_cast<int>(r.int64(6));
  c.created_at = from_us(r.int64(7));
  return c;
}

Portion portion_from_row(const store::Row& r) {
  Portion p;
  p.id = r.text(0);
  p.batch_id = r.text(1);
  p.step_key = r.text(2);
  p.occurrence = static_cast<int>(r.int64(3));
  p.source_container = r.text(4);
  p.dispensed_container = r.text(5);
  p.lot_id = r.text(6);
  p.lot_number = r.text(7);
  p.tare = r.real(8);
  p.gross = r.real(9);
  p.net = r.real(10);
  p.counted = r.real(11);
  p.assay_percent = real_column(r, 12);
  p.unit = r.text(13);
  p.user_id = r.text(14);
  p.printed_name = r.text(15);
  p.at = from_us(r.int64(16));
  return p;
}

Result<std::optional<Movement>> load_movement(store::Tx& tx, const std::string& id) {
  GEMBA_TRY(rows, tx.query("SELECT id, lot_id, kind, from_container, to_container, quantity, "
                           "unit, batch_id, step_key, occurrence, reason, user_id, printed_name, "
                           "at_us FROM material_movement WHERE id = ?",
                           id));
  if (rows.empty()) return std::optional<Movement>();
  const store::Row& r = rows[0];
  Movement m;
  m.id = r.text(0);
  m.lot_id = r.text(1);
  m.kind = parse_movement_kind(r.text(2)).value_or(MovementKind::kAdjust);
  m.from_container = r.text(3);
  m.to_container = r.text(4);
  m.quantity = r.real(5);
  m.unit = r.text(6);
  m.batch_id = r.text(7);
  m.step_key = r.text(8);
  m.occurrence = static_cast<int>(r.int64(9));
  m.reason = r.text(10);
  m.user_id = r.text(11);
  m.printed_name = r.text(12);
  m.at = from_us(r.int64(13));
  return std::optional<Movement>(std::move(m));
}

std::optional<std::string> opt_date(const std::optional<Date>& d) {
  return d ? std::optional<std::string>(format_date(*d)) : std::nullopt;
}

Result<std::int64_t> next_sequence(store::Tx& tx, const std::string& name) {
  GEMBA_TRY(rows, tx.query("SELECT last_value FROM material_sequence WHERE name = ?", name));
  const std::int64_t next = rows.empty() ? 1 : rows[0].int64(0) + 1;
  if (rows.empty()) {
    GEMBA_RETURN_IF_ERROR(
        tx.exec("INSERT INTO material_sequence (name, last_value) VALUES (?, ?)", name, next));
  } else {
    GEMBA_RETURN_IF_ERROR(
        tx.exec("UPDATE material_sequence SET last_value = ? WHERE name = ?", next, name));
  }
  return next;
}

std::string padded(const std::string& prefix, std::int64_t n, int digits) {
  std::string s = std::to_string(n);
  if (s.size() < static_cast<std::size_t>(digits)) s.insert(0, digits - s.size(), '0');
  return prefix + s;
}

Result<void> check_text(const std::string& text, std::string_view field, std::size_t min,
                        std::size_t max) {
  std::size_t chars = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++chars;
    if (c < 0x20 && c != '\n' && c != '\t') {
      return Error::invalid_argument(std::string(field) + " must not contain control characters",
                                     {{"field", std::string(field)}});
    }
  }
  if (chars < min || chars > max) {
    return Error::invalid_argument(
        min > 0 ? std::string(field) + " must be " + std::to_string(min) + " to " +
                      std::to_string(max) + " characters"
                : std::string(field) + " must be at most " + std::to_string(max) + " characters",
        {{"field", std::string(field)}});
  }
  return ok();
}

Result<double> to_base_unit(double q, const std::string& unit, const Item& item,
                            std::string_view field) {
  if (!std::isfinite(q) || q <= 0) {
    return Error::invalid_argument(std::string(field) + ": each quantity must be a number above 0",
                                   {{"field", std::string(field)}});
  }
  if (unit.empty() || unit == item.base_unit) return round_quantity(q);
  auto c = recipe::convert(q, unit, item.base_unit);
  if (!c.ok()) {
    return Error::invalid_argument(
        item.code + " is kept in " + item.base_unit + ": " + c.error().message,
        {{"field", "unit"}});
  }
  if (round_quantity(*c) <= 0) {
    return Error::invalid_argument(std::string(field) + ": the quantity rounds to 0",
                                   {{"field", std::string(field)}});
  }
  return round_quantity(*c);
}

}  // namespace gemba::material::detail
