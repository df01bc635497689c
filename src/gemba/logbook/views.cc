#include "gemba/logbook/views.h"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <memory>

#include "gemba/core/time.h"
#include "gemba/logbook/service_support.h"
#include "gemba/logbook/state_json.h"

namespace gemba::logbook {

namespace json = boost::json;
using namespace equipment;

json::object site_json(const Site& s) {
  return {{"id", s.id},
          {"code", s.code},
          {"name", s.name},
          {"created_at", format_rfc3339(s.created_at)}};
}

json::object area_json(const Area& a) {
  return {{"id", a.id},
          {"site_id", a.site_id},
          {"code", a.code},
          {"name", a.name},
          {"created_at", format_rfc3339(a.created_at)}};
}

json::object room_json(const Room& r) {
  return {{"id", r.id},     {"area_id", r.area_id}, {"code", r.code},
          {"name", r.name}, {"grade", r.grade},     {"created_at", format_rfc3339(r.created_at)}};
}

json::object class_json(const EquipmentClass& c) {
  auto duration = [](const std::optional<Duration>& d) {
    return d ? json::value(format_iso8601_duration(*d)) : json::value(nullptr);
  };
  return {{"code", c.code},
          {"name", c.name},
          {"clean_hold", duration(c.cleaning.clean_hold)},
          {"dirty_hold", duration(c.cleaning.dirty_hold)},
          {"campaign_batches", c.cleaning.campaign_batches},
          {"calibration_interval_days", c.calibration_interval_days
                                            ? json::value(*c.calibration_interval_days)
                                            : json::value(nullptr)},
          {"created_at", format_rfc3339(c.created_at)}};
}

json::object equipment_json(const Equipment& e) {
  json::array caps;
  for (const auto& c : e.capabilities) caps.emplace_back(c);
  return {{"id", e.id},
          {"code", e.code},
          {"name", e.name},
          {"class", e.class_code},
          {"room_id", e.room_id},
          {"asset_id", e.asset_id},
          {"capabilities", std::move(caps)},
          {"created_at", format_rfc3339(e.created_at)}};
}

json::object equipment_status_json(const EquipmentStatus& s) {
  json::object o = view_to_json(s.view);
  o["at"] = format_rfc3339(s.at);
  o["equipment"] = equipment_json(s.equipment);
  o["class"] = class_json(s.equipment_class);
  json::array entries;
  for (const Entry& e : s.entries) entries.push_back(detail::entry_json(e));
  o["entries"] = std::move(entries);
  return o;
}

json::object room_status_json(const RoomStatus& s) {
  json::object o = room_state_to_json(s.state);
  o["at"] = format_rfc3339(s.at);
  o["room"] = room_json(s.room);
  o["line_clearance"] = s.state.cleared ? "cleared" : "not_cleared";
  json::array entries;
  for (const Entry& e : s.entries) entries.push_back(detail::entry_json(e));
  o["entries"] = std::move(entries);
  return o;
}

json::object board_row_json(const BoardRow& r, json::storage_ptr sp) {
  json::object o = view_to_json(r.view, sp);
  json::object eq(sp);
  eq["id"] = r.equipment.id;
  eq["code"] = r.equipment.code;
  eq["name"] = r.equipment.name;
  eq["class"] = r.equipment.class_code;
  o["equipment"] = std::move(eq);
  o["room"] = r.room_code;
  return o;
}

std::string board_text(const std::vector<BoardRow>& rows, std::optional<Timestamp> at) {
  // About 600 bytes of JSON values per row; past the buffer the resource takes from the heap.
  constexpr std::size_t kBuffer = std::size_t(8) << 20;
  thread_local const std::unique_ptr<unsigned char[]> buffer(new unsigned char[kBuffer]);
  json::monotonic_resource resource(buffer.get(), kBuffer);
  const json::storage_ptr sp(&resource);
  json::array items(sp);
  items.reserve(rows.size());
  json::object counts(sp);
  for (const BoardRow& r : rows) {
    items.push_back(board_row_json(r, sp));
    auto& c = counts[status_name(r.view.status)];
    c = c.is_int64() ? c.get_int64() + 1 : 1;
  }
  json::object body(sp);
  if (at) body["at"] = format_rfc3339(*at);
  body["items"] = std::move(items);
  body["counts"] = std::move(counts);
  return json::serialize(body);
}

json::object entry_view(const Entry& e) { return detail::entry_json(e); }

}  // namespace gemba::logbook
