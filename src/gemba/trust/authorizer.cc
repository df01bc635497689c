#include "gemba/trust/authorizer.h"

#include <set>

namespace gemba::trust {
namespace {

// Routes a user who must change their password may still use.
bool allowed_before_password_change(std::string_view pattern) {
  return pattern == "/api/v1/auth/password" || pattern == "/api/v1/auth/logout" ||
         pattern == "/api/v1/me";
}

bool is_safe_method(std::string_view m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

}  // namespace

std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    std::string_view part = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
  }
  return {};
}

std::string session_cookie(std::string_view token, Duration max_age, bool secure) {
  return std::string(kSessionCookie) + "=" + std::string(token) +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(max_age).count()) +
         (secure ? "; Secure" : "");
}

std::string clear_session_cookie(bool secure) {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
         (secure ? "; Secure" : "");
}

http::Authorizer make_authorizer(SessionService& sessions) {
  return [&sessions](http::Request& req, const http::Route& route) -> Result<void> {
    TokenPresentation presented;
    const std::string authorization = req.header("authorization");
    if (!authorization.empty()) {
      if (authorization.size() < 7 || http::ascii_lower(authorization.substr(0, 7)) != "bearer ") {
        return Error::unauthenticated("the Authorization header must be 'Bearer <token>'",
                                      {{"reason", "invalid_token"}});
      }
      presented.token = authorization.substr(7);
    } else {
      presented.token = cookie_value(req.header("cookie"), kSessionCookie);
      presented.via_cookie = true;
      if (presented.token.empty()) {
        return Error::unauthenticated("sign in first", {{"reason", "no_session"}});
      }
      if (!is_safe_method(req.method)) presented.csrf_token = req.header("x-csrf-token");
    }
    presented.client_address = req.remote_address;
    GEMBA_TRY(p, sessions.authenticate(presented));
    if (p.must_change_password != PasswordChangeReason::kNone &&
        !allowed_before_password_change(route.pattern)) {
      return Error::permission_denied("change your password first (POST /api/v1/auth/password)",
                                      {{"reason", "password_change_required"},
                                       {"why", change_reason_name(p.must_change_password)}});
    }
    if (!p.can(route.permission)) {
      return Error::permission_denied(
          "you need the permission " + route.permission + " for this; ask an administrator",
          {{"permission", route.permission}});
    }
    req.principal = std::move(p);
    return ok();
  };
}

const Principal* find_principal(const http::Request& request) {
  return std::any_cast<Principal>(&request.principal);
}

const Principal& principal(const http::Request& request) {
  const Principal* p = find_principal(request);
  if (!p) throw std::logic_error("principal() on a request the authorizer did not resolve");
  return *p;
}

bool may_read(const http::Request& request, const std::string& permission) {
  const Principal* p = find_principal(request);
  return p && p->can(permission);
}

}  // namespace gemba::trust
