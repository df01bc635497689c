#pragma once
// The batch execution API (docs/api.md "Batches"): batches, their steps, review by exception,
// release and the record (JSON and PDF). Every write is audited and publishes an event on
// /api/v1/events; signed actions carry "signature" in the body.

#include "gemba/batch/service.h"
#include "gemba/http/router.h"

namespace gemba::batch {

// `service` must outlive the router.
void register_batch_routes(http::Router& router, BatchService& service);

}  // namespace gemba::batch
