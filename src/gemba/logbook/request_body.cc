#include "gemba/logbook/request_body.h"

#include "gemba/batch/request_body.h"
#include "gemba/core/time.h"
#include "gemba/trust/views.h"

namespace gemba::logbook {

namespace json = boost::json;
namespace views = trust::views;

namespace {

Error field_error(std::string field, std::string message) {
  return Error::invalid_argument(std::move(message), {{"field", std::move(field)}});
}

Result<std::optional<Duration>> opt_duration(const json::object& o, std::string_view key) {
  GEMBA_TRY(s, views::opt_string(o, key, 64));
  if (!s) return std::optional<Duration>();
  auto d = parse_iso8601_duration(*s);
  if (!d.ok()) {
    return field_error(
        std::string(key),
        std::string(key) + " is an ISO 8601 duration (\"PT12H\", \"P3D\"): " + d.error().message);
  }
  return std::optional<Duration>(*d);
}

Result<std::optional<int>> opt_int(const json::object& o, std::string_view key, int min, int max) {
  GEMBA_TRY(n, batch::parse_int(o, key, min, max));
  if (!n) return std::optional<int>();
  return std::optional<int>(static_cast<int>(*n));
}

Result<json::object> req_object(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) {
    return field_error(std::string(key), std::string(key) + " is required (an object)");
  }
  if (!v->is_object()) return field_error(std::string(key), std::string(key) + " is an object");
  return v->get_object();
}

}  // namespace

Result<equipment::Site> parse_site_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"code", "name"}));
  equipment::Site s;
  GEMBA_TRY(code, views::req_string(o, "code", 64));
  GEMBA_TRY(name, views::req_string(o, "name", 800));
  s.code = std::move(code);
  s.name = std::move(name);
  return s;
}

Result<equipment::Area> parse_area_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"site", "code", "name"}));
  equipment::Area a;
  GEMBA_TRY(site, views::req_string(o, "site", 64));
  GEMBA_TRY(code, views::req_string(o, "code", 64));
  GEMBA_TRY(name, views::req_string(o, "name", 800));
  a.site_id = std::move(site);
  a.code = std::move(code);
  a.name = std::move(name);
  return a;
}

Result<equipment::Room> parse_room_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"area", "code", "name", "grade"}));
  equipment::Room r;
  GEMBA_TRY(area, views::req_string(o, "area", 64));
  GEMBA_TRY(code, views::req_string(o, "code", 64));
  GEMBA_TRY(name, views::req_string(o, "name", 800));
  GEMBA_TRY(grade, views::req_string(o, "grade", 8));
  r.area_id = std::move(area);
  r.code = std::move(code);
  r.name = std::move(name);
  r.grade = std::move(grade);
  return r;
}

Result<equipment::EquipmentClass> parse_class_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"code", "name", "clean_hold", "dirty_hold",
                                               "campaign_batches", "calibration_interval_days"}));
  equipment::EquipmentClass c;
  GEMBA_TRY(code, views::req_string(o, "code", 64));
  GEMBA_TRY(name, views::req_string(o, "name", 800));
  GEMBA_TRY(clean_hold, opt_duration(o, "clean_hold"));
  GEMBA_TRY(dirty_hold, opt_duration(o, "dirty_hold"));
  GEMBA_TRY(campaign, opt_int(o, "campaign_batches", 1, 1000));
  GEMBA_TRY(interval, opt_int(o, "calibration_interval_days", 1, 3650));
  c.code = std::move(code);
  c.name = std::move(name);
  c.cleaning.clean_hold = clean_hold;
  c.cleaning.dirty_hold = dirty_hold;
  c.cleaning.campaign_batches = campaign.value_or(1);
  c.calibration_interval_days = interval;
  return c;
}

Result<equipment::Equipment> parse_equipment_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(
      views::only_fields(o, {"code", "name", "class", "room", "asset_id", "capabilities"}));
  equipment::Equipment e;
  GEMBA_TRY(code, views::req_string(o, "code", 64));
  GEMBA_TRY(name, views::req_string(o, "name", 800));
  GEMBA_TRY(cls, views::req_string(o, "class", 64));
  GEMBA_TRY(room, views::req_string(o, "room", 64));
  GEMBA_TRY(asset, views::opt_string(o, "asset_id", 256));
  GEMBA_TRY(caps, views::opt_string_set(o, "capabilities"));
  e.code = std::move(code);
  e.name = std::move(name);
  e.class_code = std::move(cls);
  e.room_id = std::move(room);
  e.asset_id = asset.value_or("");
  if (caps) e.capabilities.assign(caps->begin(), caps->end());
  return e;
}

Result<EntryBody> parse_entry_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(views::only_fields(
      o, {"fields", "equipment", "room", "batch", "lot", "comment", "client_time", "signature"}));
  EntryBody b;
  GEMBA_TRY(fields, req_object(o, "fields"));
  b.input.fields = std::move(fields);
  GEMBA_TRY(equipment, views::opt_string(o, "equipment", 64));
  GEMBA_TRY(room, views::opt_string(o, "room", 64));
  GEMBA_TRY(batch_ref, views::opt_string(o, "batch", 64));
  GEMBA_TRY(lot, views::opt_string(o, "lot", 64));
  GEMBA_TRY(comment, views::opt_string(o, "comment", 4000));
  GEMBA_TRY(client_time, views::opt_string(o, "client_time", 64));
  b.input.equipment = equipment.value_or("");
  b.input.room = room.value_or("");
  b.input.batch = batch_ref.value_or("");
  b.input.lot = lot.value_or("");
  b.input.comment = comment.value_or("");
  b.input.client_time = client_time.value_or("");
  GEMBA_TRY(signature, batch::parse_required_signature(o, "a logbook entry"));
  b.signature = std::move(signature);
  return b;
}

Result<batch::SignatureInput> parse_verify_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"signature"}));
  return batch::parse_required_signature(o, "a verification");
}

Result<CorrectBody> parse_correct_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"fields", "reason", "signature"}));
  CorrectBody b;
  GEMBA_TRY(fields, req_object(o, "fields"));
  GEMBA_TRY(reason, views::req_string(o, "reason", 4000));
  GEMBA_TRY(signature, batch::parse_required_signature(o, "a correction"));
  b.fields = std::move(fields);
  b.reason = std::move(reason);
  b.signature = std::move(signature);
  return b;
}

}  // namespace gemba::logbook
