#pragma once
// Live events over Server-Sent Events: the handler for GET /api/v1/events.
//
// Each event is one frame: "id: <seq>\nevent: <type>\ndata: <json>\n\n" where json is
// {"type", "at", "subject": {"type", "id"} | null, "data"}. Clients resume with the Last-Event-ID
// header (or ?last_event_id=N); if the bus no longer holds every event after N, an "event: reset"
// frame comes first and the client should refetch what it shows. Filters: ?subject=batch:<id>
// (repeatable; any matches) and ?types=a,b. A ": keep-alive" comment is sent every
// `keep_alive`. Events whose required_permission the reader lacks (per `may_read`) are skipped.
//
// Publishing never blocks on a client: each client's frames go into its StreamSink's bounded
// queue; a client that falls too far behind is disconnected (and may resume with Last-Event-ID).

#include <chrono>
#include <functional>
#include <string>

#include "gemba/core/event_bus.h"
#include "gemba/http/request.h"
#include "gemba/http/response.h"

namespace gemba::http {

// May the reader of `request` (its principal) see events that need `permission`? Called on the
// publishing thread for every event with a required permission: must be fast and must not block
// or publish. If unset, such events are never sent.
using MayRead = std::function<bool(const Request& request, const std::string& permission)>;

struct EventStreamOptions {
  std::chrono::milliseconds keep_alive{15000};
  std::size_t max_replay_backlog = 10000;  // live events buffered while a resume replays history
};

// The handler. `bus` must outlive every copy of the returned function (the router holding it).
// Each copy shares one subscription to the bus and one keep-alive thread.
std::function<Response(Request&)> make_event_stream_handler(EventBus& bus, MayRead may_read,
                                                            EventStreamOptions options = {});

// One SSE frame for `event` (exposed for tests).
std::string format_sse_event(const Event& event);

}  // namespace gemba::http
