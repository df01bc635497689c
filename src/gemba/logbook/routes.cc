#include "gemba/logbook/routes.h"

#include "gemba/core/time.h"
#include "gemba/http/errors.h"
#include "gemba/logbook/request_body.h"
#include "gemba/logbook/views.h"
#include "gemba/recipe/routes_view.h"
#include "gemba/trust/authorizer.h"
#include "gemba/trust/permissions.h"

namespace gemba::logbook {
namespace {

namespace json = boost::json;
namespace perm = trust::perm;
using http::Request;
using http::Response;

std::string param(const Request& req, const char* name) {
  return recipe::views::path_param(req, name);
}

std::function<Response(Request&)> json_action(recipe::views::ObjectHandler fn) {
  return recipe::views::json_object_action(std::move(fn));
}

std::string query(const Request& req, const char* name) {
  return req.query_param(name).value_or("");
}

// ?at=<RFC 3339>: nullopt when absent.
Result<std::optional<Timestamp>> query_time(const Request& req, const char* name) {
  const auto v = req.query_param(name);
  if (!v) return std::optional<Timestamp>();
  auto t = parse_rfc3339(*v);
  if (!t.ok()) {
    return Error::invalid_argument(std::string(name) + " is an RFC 3339 time: " + t.error().message,
                                   {{"field", name}, {"in", "query"}});
  }
  return std::optional<Timestamp>(*t);
}

Response created(const json::object& body, const std::string& location) {
  Response r = http::json_response(201, body);
  r.set_header("Location", location);
  return r;
}

template <typename T, typename F>
json::array all(const std::vector<T>& items, F&& to_json) {
  json::array out;
  for (const T& t : items) out.push_back(to_json(t));
  return out;
}

// An entry with the codes of its equipment and room beside their ids (what people read).
json::object entry_with_codes(const LogbookService& service, const Entry& e) {
  json::object o = entry_view(e);
  if (!e.equipment_id.empty()) {
    auto eq = service.find_equipment(e.equipment_id);
    o["equipment"] = json::object{{"id", e.equipment_id}, {"code", eq.ok() ? eq->code : ""}};
  }
  if (!e.room_id.empty()) {
    auto room = service.find_room(e.room_id);
    o["room"] = json::object{{"id", e.room_id}, {"code", room.ok() ? room->code : ""}};
  }
  return o;
}

}  // namespace

void register_logbook_routes(http::Router& router, LogbookService& service) {
  const std::string read(perm::kLogbookRead);
  const std::string manage(perm::kEquipmentManage);

  // ---- Physical model ----
  router.add(
      {.method = "GET",
       .pattern = "/api/v1/sites",
       .permission = read,
       .summary = "The plant's sites",
       .handler = recipe::views::with_errors([&service](Request&) -> Result<Response> {
         return http::json_response(200, json::object{{"items", all(service.sites(), site_json)}});
       })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/sites",
       .permission = manage,
       .summary = "Register a site",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(body, parse_site_body(o));
         GEMBA_TRY(s, service.create_site(trust::principal(req), std::move(body)));
         return created(site_json(s), "/api/v1/sites/" + s.id);
       }),
       .request_description = "{code, name}",
       .response_description = "the site"});
  router.add({.method = "GET",
              .pattern = "/api/v1/areas",
              .permission = read,
              .summary = "Areas, of a site with ?site=",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                return http::json_response(
                    200,
                    json::object{{"items", all(service.areas(query(req, "site")), area_json)}});
              })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/areas",
       .permission = manage,
       .summary = "Register an area of a site",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(body, parse_area_body(o));
         GEMBA_TRY(a, service.create_area(trust::principal(req), std::move(body)));
         return created(area_json(a), "/api/v1/areas/" + a.id);
       }),
       .request_description = "{site (id or code), code, name}",
       .response_description = "the area"});
  router.add({.method = "GET",
              .pattern = "/api/v1/rooms",
              .permission = read,
              .summary = "Rooms, of an area with ?area=",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                return http::json_response(
                    200,
                    json::object{{"items", all(service.rooms(query(req, "area")), room_json)}});
              })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/rooms",
       .permission = manage,
       .summary = "Register a room of an area",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(body, parse_room_body(o));
         GEMBA_TRY(r, service.create_room(trust::principal(req), std::move(body)));
         return created(room_json(r), "/api/v1/rooms/" + r.id);
       }),
       .request_description = "{area (id or code), code, name, grade: A|B|C|D|CNC}",
       .response_description = "the room"});
  router.add({.method = "GET",
              .pattern = "/api/v1/rooms/{id}/status",
              .permission = read,
              .summary = "A room's line clearance, cleaning and environment, now or ?at=",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(at, query_time(req, "at"));
                GEMBA_TRY(s, service.room_status(param(req, "id"), at));
                return http::json_response(200, room_status_json(s));
              })});
  router.add({.method = "GET",
              .pattern = "/api/v1/equipment-classes",
              .permission = read,
              .summary = "Equipment classes and their cleaning rules",
              .handler = recipe::views::with_errors([&service](Request&) -> Result<Response> {
                return http::json_response(
                    200, json::object{{"items", all(service.classes(), class_json)}});
              })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/equipment-classes",
       .permission = manage,
       .summary = "Register an equipment class with its cleaning rules",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(body, parse_class_body(o));
         GEMBA_TRY(c, service.create_class(trust::principal(req), std::move(body)));
         return created(class_json(c), "/api/v1/equipment-classes/" + c.code);
       }),
       .request_description = "{code, name, clean_hold? (ISO 8601), dirty_hold?, "
                              "campaign_batches? (1), calibration_interval_days?}",
       .response_description = "the class"});
  router.add({.method = "GET",
              .pattern = "/api/v1/equipment",
              .permission = read,
              .summary = "Equipment, of a room with ?room= or a class with ?class=",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                return http::json_response(
                    200, json::object{{"items", all(service.equipment_list(query(req, "room"),
                                                                           query(req, "class")),
                                                    equipment_json)}});
              })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/equipment",
       .permission = manage,
       .summary = "Register equipment (dirty until its first cleaning)",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(body, parse_equipment_body(o));
         GEMBA_TRY(e, service.create_equipment(trust::principal(req), std::move(body)));
         return created(equipment_json(e), "/api/v1/equipment/" + e.id);
       }),
       .request_description = "{code, name, class, room (id or code), asset_id?, "
                              "capabilities?}",
       .response_description = "the equipment"});
  router.add({.method = "GET",
              .pattern = "/api/v1/equipment/board",
              .permission = read,
              .summary = "Every piece of equipment's status now, or as it was at a past instant "
                         "?at=, for the plant board",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(at, query_time(req, "at"));
                if (!at) {
                  return http::text_response(200, board_text(service.board()), "application/json");
                }
                GEMBA_TRY(rows, service.board_at(*at));
                return http::text_response(200, board_text(rows, *at), "application/json");
              })});
  router.add({.method = "GET",
              .pattern = "/api/v1/equipment/{id}",
              .permission = read,
              .summary = "A piece of equipment, by id or code",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(e, service.find_equipment(param(req, "id")));
                return http::json_response(200, equipment_json(e));
              })});
  router.add({.method = "GET",
              .pattern = "/api/v1/equipment/{id}/status",
              .permission = read,
              .summary = "A piece of equipment's status now, or at a past instant ?at=, with the "
                         "entries that made it so",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(at, query_time(req, "at"));
                GEMBA_TRY(s, service.equipment_status(param(req, "id"), at));
                return http::json_response(200, equipment_status_json(s));
              })});

  // ---- Logbooks ----
  router.add({.method = "GET",
              .pattern = "/api/v1/logbooks",
              .permission = read,
              .summary = "The logbook types and their current templates",
              .handler = recipe::views::with_errors([&service](Request&) -> Result<Response> {
                return http::json_response(
                    200, json::object{{"items", all(service.types(), template_json)}});
              })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/logbooks",
       .permission = std::string(perm::kLogbookConfigure),
       .summary = "Define a logbook type, or a new version of its template",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(t, parse_template(o));
         GEMBA_TRY(defined, service.define_type(trust::principal(req), std::move(t)));
         return created(template_json(defined), "/api/v1/logbooks/" + defined.type);
       }),
       .request_description = "a template: {type, name, description?, kind, fields: "
                              "[step-like field specs], verification?, meaning?, links?}",
       .response_description = "the template as stored, with its version"});
  router.add({.method = "GET",
              .pattern = "/api/v1/logbooks/{type}",
              .permission = read,
              .summary = "A logbook type's current template",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(t, service.type(param(req, "type")));
                return http::json_response(200, template_json(t));
              })});
  router.add({.method = "GET",
              .pattern = "/api/v1/logbooks/{type}/entries",
              .permission = read,
              .summary =
                  "A logbook's entries, newest first; ?equipment= ?room= ?batch= ?from= ?to= "
                  "?limit= ?cursor=",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                EntryFilter f;
                f.equipment = query(req, "equipment");
                f.room = query(req, "room");
                f.batch = query(req, "batch");
                GEMBA_TRY(from, query_time(req, "from"));
                GEMBA_TRY(to, query_time(req, "to"));
                GEMBA_TRY(limit, recipe::views::query_int(req, "limit", 50, 1, 500));
                f.from = from;
                f.to = to;
                f.limit = limit;
                f.cursor = query(req, "cursor");
                GEMBA_TRY(page, service.entries(param(req, "type"), f));
                json::array items;
                for (const Entry& e : page.items) items.push_back(entry_with_codes(service, e));
                json::object out{{"items", std::move(items)}};
                out["next_cursor"] =
                    page.next_cursor.empty() ? json::value(nullptr) : json::value(page.next_cursor);
                return http::json_response(200, out);
              })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/logbooks/{type}/entries",
       .permission = std::string(perm::kLogbookWrite),
       .summary = "Record an entry (signed; the server's time is the entry's time)",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(body, parse_entry_body(o));
         GEMBA_TRY(e, service.record(trust::principal(req), param(req, "type"), body.input,
                                     body.signature));
         return created(entry_with_codes(service, e),
                        "/api/v1/logbooks/" + e.type + "/entries/" + e.id);
       }),
       .request_description = "{fields: {key: value | {value, unit?}}, equipment?, room?, batch?, "
                              "lot?, comment?, client_time? (a note), signature: {username?, "
                              "password, comment?}}",
       .response_description = "the entry"});
  router.add({.method = "GET",
              .pattern = "/api/v1/logbooks/{type}/entries/{id}",
              .permission = read,
              .summary = "An entry with every revision (by id or number)",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(e, service.get_entry(param(req, "id")));
                if (e.type != param(req, "type")) {
                  return Error::not_found("entry " + e.number + " is in the " + e.type +
                                          " logbook");
                }
                return http::json_response(200, entry_with_codes(service, e));
              })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/logbooks/{type}/entries/{id}/verify",
       .permission = std::string(perm::kLogbookWrite),
       .summary = "Verify an entry as a second person (signed \"verified\")",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(signature, parse_verify_body(o));
         GEMBA_TRY(before, service.get_entry(param(req, "id")));
         if (before.type != param(req, "type")) {
           return Error::not_found("entry " + before.number + " is in the " + before.type +
                                   " logbook");
         }
         GEMBA_TRY(e, service.verify(trust::principal(req), before.id, signature));
         return http::json_response(200, entry_with_codes(service, e));
       }),
       .request_description = "{signature: {username? (the verifier), password, comment?}}",
       .response_description = "the entry"});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/logbooks/{type}/entries/{id}/correct",
       .permission = std::string(perm::kLogbookWrite),
       .summary = "Correct an entry's values (reason and signature; the original is kept)",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(body, parse_correct_body(o));
         GEMBA_TRY(before, service.get_entry(param(req, "id")));
         if (before.type != param(req, "type")) {
           return Error::not_found("entry " + before.number + " is in the " + before.type +
                                   " logbook");
         }
         GEMBA_TRY(e, service.correct(trust::principal(req), before.id, body.fields, body.reason,
                                      body.signature));
         return http::json_response(200, entry_with_codes(service, e));
       }),
       .request_description = "{fields: {key: value}, reason, signature}",
       .response_description = "the entry with every revision"});
}

}  // namespace gemba::logbook
