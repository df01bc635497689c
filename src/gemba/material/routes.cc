#include "gemba/material/routes.h"

#include <boost/json/serialize.hpp>

#include "gemba/core/time.h"
#include "gemba/http/errors.h"
#include "gemba/material/genealogy/genealogy_format.h"
#include "gemba/material/genealogy/genealogy_pdf.h"
#include "gemba/material/request_body.h"
#include "gemba/material/views.h"
#include "gemba/recipe/routes_view.h"
#include "gemba/trust/authorizer.h"
#include "gemba/trust/permissions.h"
#include "gemba/trust/views.h"

namespace gemba::material {
namespace {

namespace json = boost::json;
namespace perm = trust::perm;
namespace views = trust::views;
using http::Request;
using http::Response;

std::string param(const Request& req, const char* name) {
  return recipe::views::path_param(req, name);
}

json::object lot_view(const LotView& v) {
  json::object o = lot_to_json(v.lot, v.item);
  o["effective_status"] = lot_status_name(v.effective);
  json::array containers;
  double available = 0;
  double dispensed = 0;
  for (const Container& c : v.containers) {
    containers.push_back(container_to_json(c));
    (c.dispensed ? dispensed : available) += c.quantity;
  }
  // quantity = available (stock containers) + dispensed (weighed for batches, not yet charged)
  o["available"] = round_quantity(available);
  o["dispensed"] = round_quantity(dispensed);
  o["containers"] = std::move(containers);
  return o;
}

Response lot_response(int status, const LotView& v) {
  return recipe::views::with_etag(http::json_response(status, lot_view(v)), v.lot.version);
}

std::function<Response(Request&)> json_action(recipe::views::ObjectHandler fn) {
  return recipe::views::json_object_action(std::move(fn));
}

void add_status_route(http::Router& router, MaterialService& service, LotAction action,
                      std::string summary) {
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/lots/{id}/" + std::string(lot_action_name(action)),
       .permission = std::string(perm::kMaterialRelease),
       .summary = std::move(summary),
       .handler =
           json_action([&service, action](Request& req, const json::object& o) -> Result<Response> {
             GEMBA_TRY(body, parse_status_body(o));
             GEMBA_TRY(v, service.change_status(trust::principal(req), param(req, "id"), action,
                                                body.reason, body.retest, body.signature));
             return lot_response(200, v);
           }),
       .request_description = "{reason? (required to reject or block), retest? (YYYY-MM-DD), "
                              "signature: {username?, password, comment?}}",
       .response_description = "the lot"});
}

}  // namespace

void register_material_routes(http::Router& router, MaterialService& service) {
  // ---- Items ----
  router.add({.method = "GET",
              .pattern = "/api/v1/items",
              .permission = std::string(perm::kMaterialRead),
              .summary = "The item master, by material code",
              .handler = recipe::views::with_errors([&service](Request&) -> Result<Response> {
                GEMBA_TRY(items, service.list_items());
                json::array out;
                for (const Item& i : items) out.push_back(item_to_json(i));
                return http::json_response(200, json::object{{"items", std::move(out)}});
              })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/items",
       .permission = std::string(perm::kMaterialManage),
       .summary = "Add an item to the item master",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(item, parse_item_body(o));
         GEMBA_TRY(created, service.create_item(trust::principal(req), std::move(item)));
         Response r = http::json_response(201, item_to_json(created));
         r.set_header("Location", "/api/v1/items/" + created.id);
         return r;
       }),
       .request_description = "{code, name, type: raw|packaging|intermediate|finished, base_unit, "
                              "storage_conditions?, gtins?, shelf_life_days?, "
                              "retest_interval_days?, potency_adjusted?}",
       .response_description = "the item"});
  router.add({.method = "GET",
              .pattern = "/api/v1/items/{id}",
              .permission = std::string(perm::kMaterialRead),
              .summary = "An item, by id or material code",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(item, service.get_item(param(req, "id")));
                return http::json_response(200, item_to_json(item));
              })});

  // ---- Lots ----
  router.add({.method = "GET",
              .pattern = "/api/v1/lots",
              .permission = std::string(perm::kMaterialRead),
              .summary = "Lots, newest first (?item=&status=&limit=)",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(limit, recipe::views::query_int(req, "limit", 100, 1, 500));
                const std::string status = req.query_param("status").value_or("");
                if (!status.empty() && !parse_lot_status(status)) {
                  return Error::invalid_argument(
                      "status must be quarantine, released, rejected, blocked or expired",
                      {{"field", "status"}, {"in", "query"}});
                }
                GEMBA_TRY(lots,
                          service.list_lots(req.query_param("item").value_or(""), status, limit));
                json::array out;
                for (const LotView& v : lots) out.push_back(lot_view(v));
                return http::json_response(200, json::object{{"items", std::move(out)}});
              })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/lots",
       .permission = std::string(perm::kMaterialManage),
       .summary = "Receive material: a quarantined lot with its containers",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(in, parse_receipt_body(o));
         GEMBA_TRY(v, service.receive(trust::principal(req), in));
         Response r = lot_response(201, v);
         r.set_header("Location", "/api/v1/lots/" + v.lot.id);
         return r;
       }),
       .request_description = "{item, supplier, supplier_lot, containers: [quantity, ...], unit?, "
                              "expiry?, retest?, assay_percent?}",
       .response_description = "the lot (status quarantine) with its containers"});
  router.add({.method = "GET",
              .pattern = "/api/v1/lots/{id}",
              .permission = std::string(perm::kMaterialRead),
              .summary = "A lot (by id or lot number) with its containers and effective status",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(v, service.get_lot(param(req, "id")));
                return lot_response(200, v);
              })});
  add_status_route(router, service, LotAction::kRelease,
                   "QC releases a lot (signed; a new retest date when it was due)");
  add_status_route(router, service, LotAction::kReject, "QC rejects a lot (signed, reason)");
  add_status_route(router, service, LotAction::kBlock, "QC blocks a lot (signed, reason)");
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/lots/{id}/adjust",
       .permission = std::string(perm::kMaterialManage),
       .summary = "Correct a container's quantity (signed, reason)",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(body, parse_adjust_body(o));
         GEMBA_TRY(v, service.adjust(trust::principal(req), param(req, "id"), body.container,
                                     body.quantity, body.reason, body.signature));
         return lot_response(200, v);
       }),
       .request_description = "{container, quantity (signed change), reason, signature}",
       .response_description = "the lot"});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/lots/{id}/transfer",
       .permission = std::string(perm::kMaterialManage),
       .summary = "Move material between two containers of a lot, or split it into a new one",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(body, parse_transfer_body(o));
         GEMBA_TRY(v, service.transfer(trust::principal(req), param(req, "id"), body.from, body.to,
                                       body.quantity));
         return lot_response(200, v);
       }),
       .request_description = "{from, to? (omitted: a new container), quantity}",
       .response_description = "the lot"});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/containers/{id}/return",
       .permission = std::string(perm::kBatchExecute),
       .summary = "Return what is left in a dispensed container to stock, once its batch is over",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(body, parse_return_body(o));
         GEMBA_TRY(v, service.return_to_stock(trust::principal(req), param(req, "id"), body.to,
                                              body.quantity));
         return lot_response(200, v);
       }),
       .request_description = "{to? (default: the source container), quantity? (default: all)}",
       .response_description = "the lot"});
  router.add({.method = "GET",
              .pattern = "/api/v1/lots/{id}/movements",
              .permission = std::string(perm::kMaterialRead),
              .summary = "Every movement of a lot, oldest first",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(moves, service.movements(param(req, "id")));
                json::array out;
                for (const Movement& m : moves) out.push_back(movement_to_json(m));
                return http::json_response(200, json::object{{"items", std::move(out)}});
              })});
  router.add({.method = "GET",
              .pattern = "/api/v1/lots/{id}/events",
              .permission = std::string(perm::kMaterialRead),
              .summary = "A lot's QC status changes (release, reject, block), oldest first, each "
                         "with its signature",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(events, service.lot_events(param(req, "id")));
                json::array out;
                for (const LotEvent& e : events) {
                  out.push_back(
                      json::object{{"id", e.id},
                                   {"action", e.action},
                                   {"from_status", e.from_status},
                                   {"to_status", e.to_status},
                                   {"reason", e.reason},
                                   {"at", format_rfc3339(e.at)},
                                   {"signature", e.signature.empty() ? json::value(nullptr)
                                                                     : json::value(e.signature)}});
                }
                return http::json_response(200, json::object{{"items", std::move(out)}});
              })});
  router.add(
      {.method = "GET",
       .pattern = "/api/v1/lots/{id}/genealogy",
       .permission = std::string(perm::kMaterialRead),
       .summary = "Trace a lot backward (what it was made from) or forward (what it went into); "
                  "?direction=backward|forward&format=json|csv|pdf&depth=",
       .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
         const std::string direction = req.query_param("direction").value_or("backward");
         const std::string format = req.query_param("format").value_or("json");
         if (direction != "backward" && direction != "forward") {
           return Error::invalid_argument("direction must be backward or forward",
                                          {{"field", "direction"}, {"in", "query"}});
         }
         if (format != "json" && format != "csv" && format != "pdf") {
           return Error::invalid_argument("format must be json, csv or pdf",
                                          {{"field", "format"}, {"in", "query"}});
         }
         std::optional<int> depth;
         if (req.query_param("depth")) {
           GEMBA_TRY(d, recipe::views::query_int(req, "depth", 0, 1, 1000));
           depth = d;
         }
         GEMBA_TRY(lot, service.get_lot(param(req, "id")));
         GEMBA_TRY(trace,
                   service.genealogy(
                       lot.lot.id,
                       direction == "forward" ? Direction::kForward : Direction::kBackward, depth));
         GEMBA_TRY(labels, service.node_labels(trace));
         const std::string base = lot.lot.lot_number + "-" + direction;
         if (format == "csv") {
           Response r =
               http::text_response(200, genealogy_csv(trace, labels), "text/csv; charset=utf-8");
           r.set_header("Content-Disposition", "attachment; filename=\"" + base + ".csv\"");
           return r;
         }
         if (format == "pdf") {
           GEMBA_TRY(pdf, render_genealogy_pdf(trace, service.now(), labels));
           Response r;
           r.status = 200;
           r.content_type = "application/pdf";
           r.body = std::move(pdf);
           r.set_header("Content-Disposition", "inline; filename=\"" + base + ".pdf\"");
           return r;
         }
         return http::json_response(200, genealogy_json(trace, labels));
       })});

  // ---- Scanning and labels ----
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/scan",
       .permission = std::string(perm::kMaterialRead),
       .summary = "What a scanned barcode names: its GS1 elements and our container, lot and item",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"data"}));
         GEMBA_TRY(data, views::req_string(o, "data", 512));
         GEMBA_TRY(r, service.scan(data));
         json::array elements;
         for (const auto& e : r.scan.elements) {
           elements.push_back(json::object{{"ai", e.ai}, {"value", e.value}});
         }
         json::object out{{"symbology", r.scan.symbology},
                          {"elements", std::move(elements)},
                          {"human_readable", gs1::format_human_readable(r.scan.elements)}};
         out["item"] = r.item ? json::value(item_to_json(*r.item)) : json::value(nullptr);
         out["lot"] = r.lot ? json::value(lot_view(*r.lot)) : json::value(nullptr);
         out["container"] =
             r.container ? json::value(container_to_json(*r.container)) : json::value(nullptr);
         return http::json_response(200, out);
       }),
       .request_description = "{data: the scanner's characters (GS as \\u001d) or the (AI) form}"});
  router.add({.method = "GET",
              .pattern = "/api/v1/containers/{id}/label",
              .permission = std::string(perm::kMaterialRead),
              .summary = "A container's label: ZPL for Zebra printers or PDF (?format=zpl|pdf)",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                const std::string format = req.query_param("format").value_or("zpl");
                if (format != "zpl" && format != "pdf") {
                  return Error::invalid_argument("format must be zpl or pdf",
                                                 {{"field", "format"}, {"in", "query"}});
                }
                const std::string id = param(req, "id");
                GEMBA_TRY(body, service.label(id, format == "pdf"));
                Response r;
                r.status = 200;
                r.content_type = format == "pdf" ? "application/pdf" : "application/zpl";
                r.body = std::move(body);
                r.set_header("Content-Disposition",
                             "inline; filename=\"" + id + "." + format + "\"");
                return r;
              })});

  // ---- Dispensing and output ----
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches/{id}/steps/{key}/dispense",
       .permission = std::string(perm::kBatchExecute),
       .summary = "Weigh one container for a dispense step (scan interlock, tare and gross)",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(in, parse_dispense_body(o));
         in.batch_id = param(req, "id");
         in.step_key = param(req, "key");
         GEMBA_TRY(r, service.dispense(trust::principal(req), in));
         json::array portions;
         for (const Portion& p : r.portions) portions.push_back(portion_to_json(p));
         json::object out{
             {"portion", portion_to_json(r.portion)},
             {"portions", std::move(portions)},
             {"total", counted_total(r.portions)},
             {"target", r.target},
             {"low", r.low},
             {"high", r.high},
             {"unit", r.unit},
             {"complete", r.complete},
             {"label", "/api/v1/containers/" + r.portion.dispensed_container + "/label"}};
         return http::json_response(201, out);
       }),
       .request_description = "{container: id or scan, tare, gross, unit?, occurrence?}",
       .response_description = "the portion, every portion of the step so far, the total and "
                               "whether it is within the line's window"});
  router.add({.method = "GET",
              .pattern = "/api/v1/batches/{id}/steps/{key}/portions",
              .permission = std::string(perm::kBatchRead),
              .summary = "The containers weighed for a dispense step (?occurrence=)",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(occ, recipe::views::query_int(req, "occurrence", 1, 1, 1'000'000));
                GEMBA_TRY(list, service.portions(param(req, "id"), param(req, "key"), occ));
                json::array out;
                for (const Portion& p : list) out.push_back(portion_to_json(p));
                return http::json_response(
                    200, json::object{{"items", std::move(out)}, {"total", counted_total(list)}});
              })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches/{id}/output",
       .permission = std::string(perm::kMaterialManage),
       .summary = "Record a batch's output lot (quarantined; genealogy batch → lot)",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(in, parse_produce_body(o));
         in.batch_id = param(req, "id");
         GEMBA_TRY(v, service.produce(trust::principal(req), in));
         Response r = lot_response(201, v);
         r.set_header("Location", "/api/v1/lots/" + v.lot.id);
         return r;
       }),
       .request_description = "{item, containers: [quantity, ...], unit?, expiry?}",
       .response_description = "the output lot"});
}

}  // namespace gemba::material
