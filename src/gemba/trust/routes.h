#pragma once
// The trust core's HTTP API (docs/api.md; conventions in API.md). Each route declares its
// permission here, next to it; the authorizer enforces it and the RBAC matrix test
// (routes_test.cc, tests/integration/trust_rbac_test.cc) checks every route of the router.
//
//   POST   /api/v1/auth/login            public        {username, password} → session, user
//   POST   /api/v1/auth/logout           authenticated
//   POST   /api/v1/auth/password         authenticated {current_password, new_password}
//   GET    /api/v1/me                    authenticated
//   GET    /api/v1/roles                 authenticated
//   GET    /api/v1/users                 user.admin    ?status= &role= &username= &limit= &cursor=
//   POST   /api/v1/users                 user.admin    identity verified + e-signature
//   GET    /api/v1/users/{id}            user.admin
//   PATCH  /api/v1/users/{id}            user.admin    roles, status, unlock, reset_password
//   GET    /api/v1/users/{id}/sessions   user.admin
//   DELETE /api/v1/sessions/{id}         user.admin    ?reason=
//   GET    /api/v1/audit                 audit.read    filters, paging, ?format=csv
//   GET    /api/v1/audit/verify          audit.read
//   GET    /api/v1/signatures/{id}       authenticated
//   GET    /api/v1/events                authenticated (register_event_stream)

#include "gemba/http/router.h"
#include "gemba/trust/trust.h"

namespace gemba::trust {

// `trust` must outlive the router.
void register_trust_routes(http::Router& router, TrustCore& trust);

// GET /api/v1/events (Server-Sent Events, http/sse.h) for any signed-in user; events that need a
// permission (security events: user.admin) reach only readers holding it. `events` must outlive
// the router. (Register the system routes without their events stream.)
void register_event_stream(http::Router& router, EventBus& events);

}  // namespace gemba::trust
