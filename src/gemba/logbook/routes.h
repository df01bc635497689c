#pragma once
// The logbook and equipment API (docs/api.md "Logbooks and equipment"): the physical model, the
// status of equipment and rooms (now or at a past instant), the plant board, logbook types and
// their entries (recorded, verified, corrected; every write signed and audited).

#include "gemba/http/router.h"
#include "gemba/logbook/service.h"

namespace gemba::logbook {

// `service` must outlive the router.
void register_logbook_routes(http::Router& router, LogbookService& service);

}  // namespace gemba::logbook
