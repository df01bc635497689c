#pragma once
// The materials API (docs/api.md "Materials"): items, lots and their QC disposition, movements,
// scanning, labels, genealogy, and weighing for a batch's dispense steps. Every write is audited;
// QC dispositions and adjustments carry "signature" in the body.

#include "gemba/http/router.h"
#include "gemba/material/service.h"

namespace gemba::material {

// `service` must outlive the router.
void register_material_routes(http::Router& router, MaterialService& service);

}  // namespace gemba::material
