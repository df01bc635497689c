#pragma once
// The routes every Gemba server has: health, metrics, the OpenAPI document and live events.

#include <functional>
#include <string>

#include "gemba/core/event_bus.h"
#include "gemba/core/metrics.h"
#include "gemba/core/result.h"
#include "gemba/http/router.h"
#include "gemba/http/sse.h"

namespace gemba::http {

struct SystemInfo {
  std::string version;                          // "0.1.0"
  std::function<std::string()> database_kind;   // "sqlite" | "postgres"; unset = "none"
  std::function<Result<void>()> database_ping;  // unset = always healthy
  Metrics* metrics = nullptr;                   // unset = no /metrics route
  EventBus* events = nullptr;                   // unset = no /api/v1/events route
  MayRead may_read;                             // for events with a required permission
  EventStreamOptions event_options;
};

// Adds:
//   GET /healthz            200 {"status":"ok","version","database"}; 503 "unavailable" if the
//                           database ping fails (for load balancers and `gemba serve` probes)
//   GET /metrics            Prometheus text format 0.0.4
//   GET /api/openapi.json   router.openapi(version), built on each call (so it lists every route
//                           added, also after this call)
//   GET /api/v1/events      Server-Sent Events (http/sse.h)
// `router`, *metrics and *events must outlive the routes (the router).
void register_system_routes(Router& router, SystemInfo info);

}  // namespace gemba::http
