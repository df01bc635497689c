#include "gemba/http/system_routes.h"

#include <boost/json/object.hpp>

namespace gemba::http {

void register_system_routes(Router& router, SystemInfo info) {
  const std::string version = info.version;
  router.add({.method = "GET",
              .pattern = "/healthz",
              .summary = "Health of the server and its database",
              .handler =
                  [version, kind = info.database_kind, ping = info.database_ping](Request&) {
                    const std::string database = kind ? kind() : "none";
                    Result<void> healthy = ping ? ping() : ok();
                    boost::json::object body{{"status", healthy.ok() ? "ok" : "unavailable"},
                                             {"version", version},
                                             {"database", database}};
                    if (!healthy.ok()) body["message"] = healthy.error().message;
                    Response r = json_response(healthy.ok() ? 200 : 503, body);
                    r.headers.emplace_back("Cache-Control", "no-store");
                    return r;
                  },
              .tag = "system",
              .response_description = "{\"status\": \"ok\", \"version\", \"database\"}"});
  if (info.metrics) {
    router.add({.method = "GET",
                .pattern = "/metrics",
                .summary = "Metrics in the Prometheus text format",
                .handler =
                    [metrics = info.metrics](Request&) {
                      return text_response(200, metrics->render_prometheus(),
                                           "text/plain; version=0.0.4; charset=utf-8");
                    },
                .tag = "system"});
  }
  router.add({.method = "GET",
              .pattern = "/api/openapi.json",
              .summary = "This API described as OpenAPI 3.1",
              .handler = [&router, version](
                             Request&) { return json_response(200, router.openapi(version)); },
              .tag = "system"});
  if (info.events) {
    // TODO(trust core): require an authenticated session here (permission "events.read" or any
    // session) once the trust capability's authorizer lands; until then the stream is public and
    // only events without a required_permission reach readers without a principal.
    router.add({.method = "GET",
                .pattern = "/api/v1/events",
                .summary = "Live events (Server-Sent Events); resume with Last-Event-ID",
                .handler = make_event_stream_handler(*info.events, std::move(info.may_read),
                                                     info.event_options),
                .tag = "events",
                .response_description = "text/event-stream"});
  }
}

}  // namespace gemba::http
