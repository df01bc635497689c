// The audit trail and signature routes (see routes.h).

#include <charconv>

#include "gemba/core/time.h"
#include "gemba/http/errors.h"
#include "gemba/http/response.h"
#include "gemba/http/sse.h"
#include "gemba/trust/authorizer.h"
#include "gemba/trust/routes.h"
#include "gemba/trust/views.h"

namespace gemba::trust {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

Result<std::optional<std::string>> filter(const Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (v && v->size() > 256) {
    return Error::invalid_argument(std::string(name) + " is too long (at most 256 bytes)",
                                   {{"field", name}});
  }
  return v;
}

Result<std::optional<std::int64_t>> integer(const Request& req, std::string_view name,
                                            std::int64_t min, std::int64_t max) {
  const auto v = req.query_param(name);
  if (!v) return std::optional<std::int64_t>();
  std::int64_t n = 0;
  const auto* end = v->data() + v->size();
  const auto r = std::from_chars(v->data(), end, n);
  if (r.ec != std::errc() || r.ptr != end || n < min || n > max) {
    return Error::invalid_argument(std::string(name) + " must be a number from " +
                                       std::to_string(min) + " to " + std::to_string(max),
                                   {{"field", name}});
  }
  return std::optional<std::int64_t>(n);
}

Result<std::optional<std::int64_t>> time_filter(const Request& req, std::string_view name) {
  GEMBA_TRY(v, filter(req, name));
  if (!v) return std::optional<std::int64_t>();
  auto t = parse_rfc3339(*v);
  if (!t.ok()) {
    return Error::invalid_argument(
        std::string(name) + " must be an RFC 3339 time such as 2026-11-25T13:52:40Z",
        {{"field", name}});
  }
  return std::optional<std::int64_t>(t->time_since_epoch().count());
}

}  // namespace

void register_audit_routes(http::Router& router, TrustCore& t) {
  const std::string kAuditRead(perm::kAuditRead);

  router.add(
      {.method = "GET",
       .pattern = "/api/v1/audit",
       .permission = kAuditRead,
       .summary = "The audit trail: filters record_type, record_id, user, action, from, "
                  "to; paging; ?format=csv",
       .handler = http::with_result([&t](Request& req) -> Result<Response> {
         audit_store::Query q;
         GEMBA_TRY(format, filter(req, "format"));
         const bool csv = format && *format == "csv";
         if (format && !csv && *format != "json") {
           return Error::invalid_argument("format must be json or csv", {{"field", "format"}});
         }
         GEMBA_TRY(limit, integer(req, "limit", 1, csv ? 100000 : 500));
         q.limit = static_cast<int>(limit.value_or(csv ? 10000 : 50));
         GEMBA_TRY(record_type, filter(req, "record_type"));
         GEMBA_TRY(record_id, filter(req, "record_id"));
         GEMBA_TRY(user, filter(req, "user"));
         GEMBA_TRY(action, filter(req, "action"));
         GEMBA_TRY(from, time_filter(req, "from"));
         GEMBA_TRY(to, time_filter(req, "to"));
         GEMBA_TRY(cursor, integer(req, "cursor", 0, INT64_MAX));
         GEMBA_TRY(order, filter(req, "order"));
         if (order && *order != "asc" && *order != "desc") {
           return Error::invalid_argument("order must be asc or desc", {{"field", "order"}});
         }
         q.record_type = record_type;
         q.record_id = record_id;
         q.actor_id = user;
         q.action = action;
         q.from_us = from;
         q.to_us = to;
         q.cursor = cursor;
         q.newest_first = !order || *order == "desc";
         GEMBA_TRY(records, t.audit().query(t.db(), q));
         if (csv) {
           Response r =
               http::text_response(200, views::audit_csv(records), "text/csv; charset=utf-8");
           r.set_header("Content-Disposition", "attachment; filename=\"audit-trail.csv\"");
           return r;
         }
         json::array items;
         for (const auto& r : records) items.push_back(views::audit_record(r));
         json::value next = nullptr;
         if (static_cast<int>(records.size()) == q.limit) {
           next = std::to_string(records.back().seq);
         }
         return http::json_response(
             200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
       }),
       .tag = "audit"});

  router.add({.method = "GET",
              .pattern = "/api/v1/audit/verify",
              .permission = kAuditRead,
              .summary = "Verify the audit trail's hash chain and signed checkpoints",
              .handler = http::with_result([&t](Request&) -> Result<Response> {
                GEMBA_TRY(report, t.verify_audit());
                return http::json_response(200, report.to_json());
              }),
              .tag = "audit",
              .response_description = "{intact, entries, last_seq, last_hash, checkpoints, "
                                      "latest_checkpoint, broken: {seq, kind, message} | null}"});

  router.add({.method = "GET",
              .pattern = "/api/v1/signatures/{id}",
              .permission = std::string(kAuthenticated),
              .summary = "An electronic signature's manifestation, verified against its record",
              .handler = http::with_result([&t](Request& req) -> Result<Response> {
                GEMBA_TRY(m, t.db().read([&](store::Tx& tx) {
                  return t.signatures().manifestation(tx, req.path_params.at("id"));
                }));
                return http::json_response(200, m);
              }),
              .tag = "signatures"});
}

void register_event_stream(http::Router& router, EventBus& events) {
  router.add({.method = "GET",
              .pattern = "/api/v1/events",
              .permission = std::string(kAuthenticated),
              .summary = "Live events (Server-Sent Events); resume with Last-Event-ID",
              .handler = http::make_event_stream_handler(events, &may_read),
              .tag = "events",
              .response_description = "text/event-stream"});
}

}  // namespace gemba::trust
