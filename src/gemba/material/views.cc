#include "gemba/material/views.h"

#include "gemba/core/time.h"

namespace gemba::material {

namespace json = boost::json;

namespace {
json::value opt(const std::optional<Date>& d) {
  return d ? json::value(format_date(*d)) : json::value(nullptr);
}
json::value opt(const std::optional<int>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
}  // namespace

json::object item_to_json(const Item& i) {
  json::array gtins;
  for (const auto& g : i.gtins) gtins.emplace_back(g);
  return {{"id", i.id},
          {"code", i.code},
          {"name", i.name},
          {"type", item_type_name(i.type)},
          {"base_unit", i.base_unit},
          {"storage_conditions", i.storage_conditions},
          {"gtins", std::move(gtins)},
          {"shelf_life_days", opt(i.shelf_life_days)},
          {"retest_interval_days", opt(i.retest_interval_days)},
          {"potency_adjusted", i.potency_adjusted},
          {"version", i.version}};
}

json::object lot_to_json(const Lot& l, const Item& item) {
  return {{"id", l.id},
          {"lot_number", l.lot_number},
          {"item_id", l.item_id},
          {"item_code", item.code},
          {"item_name", item.name},
          {"supplier", l.supplier},
          {"supplier_lot", l.supplier_lot},
          {"status", lot_status_name(l.status)},
          {"quantity", l.quantity},
          {"unit", l.unit},
          {"expiry", opt(l.expiry)},
          {"retest", opt(l.retest)},
          {"assay_percent", opt(l.assay_percent)},
          {"produced_by_batch",
           l.produced_by_batch.empty() ? json::value(nullptr) : json::value(l.produced_by_batch)},
          {"received_at", format_rfc3339(l.received_at)},
          {"version", l.version}};
}

json::object container_to_json(const Container& c) {
  json::object o{{"id", c.id},
                 {"lot_id", c.lot_id},
                 {"quantity", c.quantity},
                 {"dispensed", c.dispensed},
                 {"created_at", format_rfc3339(c.created_at)}};
  if (c.dispensed) {
    o["batch_id"] = c.batch_id;
    o["step_key"] = c.step_key;
    o["occurrence"] = c.occurrence;
  }
  return o;
}

json::object movement_to_json(const Movement& m) {
  auto or_null = [](const std::string& s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
  };
  return {{"id", m.id},
          {"kind", movement_kind_name(m.kind)},
          {"lot_id", m.lot_id},
          {"from_container", or_null(m.from_container)},
          {"to_container", or_null(m.to_container)},
          {"quantity", m.quantity},
          {"unit", m.unit},
          {"batch_id", or_null(m.batch_id)},
          {"step_key", or_null(m.step_key)},
          {"occurrence", m.occurrence == 0 ? json::value(nullptr) : json::value(m.occurrence)},
          {"reason", or_null(m.reason)},
          {"user_id", m.user_id},
          {"printed_name", m.printed_name},
          {"at", format_rfc3339(m.at)}};
}

json::object portion_to_json(const Portion& p) {
  return {{"id", p.id},
          {"batch_id", p.batch_id},
          {"step_key", p.step_key},
          {"occurrence", p.occurrence},
          {"source_container", p.source_container},
          {"dispensed_container", p.dispensed_container},
          {"lot_id", p.lot_id},
          {"lot_number", p.lot_number},
          {"tare", p.tare},
          {"gross", p.gross},
          {"net", p.net},
          {"counted", p.counted},
          {"assay_percent", opt(p.assay_percent)},
          {"unit", p.unit},
          {"user_id", p.user_id},
          {"printed_name", p.printed_name},
          {"at", format_rfc3339(p.at)}};
}

}  // namespace gemba::material
