#pragma once
// The HTTP edge of access control (21 CFR 11.10(d), 11.10(g)): resolves the caller from the
// session cookie or bearer token, enforces CSRF on cookie-authenticated writes, the forced
// password change, and the route's declared permission; puts the Principal into the request.
//
//   401 unauthenticated    no token, malformed/unknown/expired/ended session
//   403 permission_denied  missing or wrong X-CSRF-Token (cookie + write); password change due
//                          (every route but the password change, logout and /me); permission
//                          not held

#include <string>
#include <string_view>

#include "gemba/http/request.h"
#include "gemba/http/router.h"
#include "gemba/trust/principal.h"
#include "gemba/trust/sessions.h"

namespace gemba::trust {

inline constexpr std::string_view kSessionCookie = "gemba_session";

// The authorizer for Router::set_authorizer. `sessions` must outlive the router.
http::Authorizer make_authorizer(SessionService& sessions);

// The principal the authorizer stored. REQUIRES: the route is not public.
const Principal& principal(const http::Request& request);
// nullptr when none was stored (public routes).
const Principal* find_principal(const http::Request& request);

// For the live event stream: may this request's principal read events needing `permission`?
bool may_read(const http::Request& request, const std::string& permission);

// The value of one cookie in a Cookie header, or "".
std::string cookie_value(std::string_view cookie_header, std::string_view name);

// Set-Cookie for a new session / for clearing it.
std::string session_cookie(std::string_view token, Duration max_age, bool secure);
std::string clear_session_cookie(bool secure);

}  // namespace gemba::trust
