#include "gemba/trust/routes.h"

#include <charconv>

#include "gemba/core/time.h"
#include "gemba/http/errors.h"
#include "gemba/http/response.h"
#include "gemba/trust/authorizer.h"
#include "gemba/trust/username.h"
#include "gemba/trust/views.h"

namespace gemba::trust {

// Defined in routes_audit.cc.
void register_audit_routes(http::Router& router, TrustCore& trust);

namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

constexpr std::size_t kMaxPassword = 1024;

Result<int> parse_limit(const Request& req, int default_limit, int max) {
  const auto v = req.query_param("limit");
  if (!v) return default_limit;
  int n = 0;
  const auto* end = v->data() + v->size();
  const auto r = std::from_chars(v->data(), end, n);
  if (r.ec != std::errc() || r.ptr != end || n < 1 || n > max) {
    return Error::invalid_argument("limit must be a number from 1 to " + std::to_string(max),
                                   {{"field", "limit"}});
  }
  return n;
}

Result<std::optional<std::string>> query_string(const Request& req, std::string_view name,
                                                std::size_t max = 256) {
  auto v = req.query_param(name);
  if (v && v->size() > max) {
    return Error::invalid_argument(
        std::string(name) + " is too long (at most " + std::to_string(max) + " bytes)",
        {{"field", name}});
  }
  return v;
}

Result<std::int64_t> expected_version(const Request& req, const json::object& body) {
  const std::string if_match = req.header("if-match");
  if (!if_match.empty()) {
    std::string_view v = if_match;
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    std::int64_t n = 0;
    if (v.size() > 1 && v[0] == 'v') {
      const auto r = std::from_chars(v.data() + 1, v.data() + v.size(), n);
      if (r.ec == std::errc() && r.ptr == v.data() + v.size()) return n;
    }
    return Error::invalid_argument("If-Match must be the ETag of the user (\"v<version>\")",
                                   {{"field", "If-Match"}});
  }
  if (const auto* v = body.if_contains("version"); v && v->is_int64()) return v->as_int64();
  return Error::invalid_argument(
      "send the version you are changing (If-Match: \"v<version>\" or \"version\" in the body)",
      {{"field", "version"}});
}

Response with_etag(Response r, std::int64_t version) {
  r.set_header("ETag", "\"v" + std::to_string(version) + "\"");
  return r;
}

std::string presented_token(const Request& req) {
  const std::string authorization = req.header("authorization");
  if (authorization.size() > 7 && http::ascii_lower(authorization.substr(0, 7)) == "bearer ") {
    return authorization.substr(7);
  }
  return cookie_value(req.header("cookie"), kSessionCookie);
}

json::object user_detail(TrustCore& t, const user_store::StoredUser& u) {
  json::object o = views::user(u.account, t.clock().now(), t.options().password);
  o["identity_evidence"] = u.identity_evidence;
  auto sigs = t.db().read(
      [&](store::Tx& tx) { return t.signatures().manifestations_for(tx, "user", u.account.id); });
  o["signatures"] = sigs.ok() ? json::value(std::move(sigs).value()) : json::value(json::array());
  return o;
}

}  // namespace

void register_trust_routes(http::Router& router, TrustCore& t) {
  const std::string kAuth(kAuthenticated);
  const std::string kUserAdmin(perm::kUserAdmin);

  router.add(
      {.method = "POST",
       .pattern = "/api/v1/auth/login",
       .permission = "",
       .summary = "Sign in: starts a session (cookie and bearer token)",
       .handler = http::with_json_body([&t](Request& req, json::value body) -> Result<Response> {
         GEMBA_TRY(o, views::as_object(body, "the login request"));
         GEMBA_RETURN_IF_ERROR(views::only_fields(*o, {"username", "password"}));
         GEMBA_TRY(username, views::req_string(*o, "username", 1024));
         GEMBA_TRY(password, views::req_string(*o, "password", kMaxPassword));
         LoginRequest in{username, password, req.remote_address, req.header("user-agent"),
                         presented_token(req)};
         GEMBA_TRY(r, t.sessions().login(in));
         json::object out{
             {"token", r.token},
             {"csrf_token", r.csrf_token},
             {"session", views::session(r.session, t.options().session, t.clock().now())},
             {"user", views::principal(r.principal)},
             {"roles", views::principal(r.principal).at("roles")},
             {"must_change_password",
              r.principal.must_change_password != PasswordChangeReason::kNone}};
         Response resp = http::json_response(200, out);
         resp.set_header("Set-Cookie",
                         session_cookie(r.token, t.options().session.absolute_lifetime,
                                        t.options().secure_cookies));
         resp.set_header("Cache-Control", "no-store");
         return resp;
       }),
       .tag = "auth",
       .request_description = "{username, password}",
       .response_description = "{token, csrf_token, session, user, roles, "
                               "must_change_password}; sets the gemba_session cookie"});

  router.add({.method = "POST",
              .pattern = "/api/v1/auth/logout",
              .permission = kAuth,
              .summary = "Sign out: ends this session",
              .handler = http::with_result([&t](Request& req) -> Result<Response> {
                GEMBA_RETURN_IF_ERROR(t.sessions().logout(principal(req)));
                Response resp = http::json_response(200, json::object{{"signed_out", true}});
                resp.set_header("Set-Cookie", clear_session_cookie(t.options().secure_cookies));
                return resp;
              }),
              .tag = "auth"});

  router.add(
      {.method = "POST",
       .pattern = "/api/v1/auth/password",
       .permission = kAuth,
       .summary = "Change your own password (ends your other sessions)",
       .handler = http::with_json_body([&t](Request& req, json::value body) -> Result<Response> {
         GEMBA_TRY(o, views::as_object(body, "the password change"));
         GEMBA_RETURN_IF_ERROR(views::only_fields(*o, {"current_password", "new_password"}));
         GEMBA_TRY(current, views::req_string(*o, "current_password", kMaxPassword));
         GEMBA_TRY(next, views::req_string(*o, "new_password", kMaxPassword));
         GEMBA_RETURN_IF_ERROR(t.sessions().change_password(principal(req), current, next));
         return http::json_response(200, json::object{{"password_changed", true}});
       }),
       .tag = "auth",
       .request_description = "{current_password, new_password}"});

  router.add({.method = "GET",
              .pattern = "/api/v1/me",
              .permission = kAuth,
              .summary = "Who am I: user, roles, permissions, session",
              .handler = http::with_result([&t](Request& req) -> Result<Response> {
                const Principal& p = principal(req);
                json::object o = views::principal(p);
                GEMBA_TRY(sessions, t.sessions().sessions_of(p.user_id, 100));
                for (const auto& s : sessions) {
                  if (s.id == p.session_id) {
                    o["session"] = views::session(s, t.options().session, t.clock().now());
                  }
                }
                return http::json_response(200, o);
              }),
              .tag = "auth"});

  router.add({.method = "GET",
              .pattern = "/api/v1/roles",
              .permission = kAuth,
              .summary = "The roles and the permissions each grants",
              .handler = http::with_result([&t](Request&) -> Result<Response> {
                GEMBA_TRY(roles, t.users().roles());
                json::array items;
                for (const auto& r : roles) items.push_back(views::role(r));
                return http::json_response(200, json::object{{"items", std::move(items)}});
              }),
              .tag = "users"});

  router.add({.method = "GET",
              .pattern = "/api/v1/users",
              .permission = kUserAdmin,
              .summary = "List users (filters: status, role, username prefix)",
              .handler = http::with_result([&t](Request& req) -> Result<Response> {
                user_store::UserQuery q;
                GEMBA_TRY(limit, parse_limit(req, 50, 500));
                q.limit = limit;
                GEMBA_TRY(status, query_string(req, "status", 32));
                if (status) {
                  GEMBA_TRY(s, parse_status(*status));
                  q.status = std::string(status_name(s));
                }
                GEMBA_TRY(role_filter, query_string(req, "role", 128));
                q.role = role_filter;
                GEMBA_TRY(prefix, query_string(req, "username", 256));
                if (prefix) q.username_prefix = fold_text(*prefix);
                GEMBA_TRY(cursor, query_string(req, "cursor", 1024));
                if (cursor) q.after_key = *cursor;
                GEMBA_TRY(users, t.users().list(q));
                json::array items;
                for (const auto& u : users) {
                  items.push_back(views::user(u.account, t.clock().now(), t.options().password));
                }
                json::value next = nullptr;
                if (static_cast<int>(users.size()) == q.limit)
                  next = users.back().account.username_key;
                return http::json_response(
                    200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
              }),
              .tag = "users"});

  router.add(
      {.method = "POST",
       .pattern = "/api/v1/users",
       .permission = kUserAdmin,
       .summary = "Create a user whose identity you verified (signed by you)",
       .handler = http::with_json_body([&t](Request& req, json::value body) -> Result<Response> {
         const Principal& p = principal(req);
         GEMBA_TRY(o, views::as_object(body, "the new user"));
         GEMBA_RETURN_IF_ERROR(views::only_fields(*o, {"username", "printed_name", "email", "site",
                                                       "roles", "identity_evidence", "signature"}));
         NewUser u;
         GEMBA_TRY(username, views::req_string(*o, "username", 1024));
         GEMBA_TRY(printed, views::req_string(*o, "printed_name", 4096));
         GEMBA_TRY(email, views::opt_string(*o, "email", 4096));
         GEMBA_TRY(site, views::opt_string(*o, "site", 1024));
         GEMBA_TRY(roles, views::opt_string_set(*o, "roles"));
         GEMBA_TRY(evidence, views::req_string(*o, "identity_evidence", 8192));
         u.username = username;
         u.printed_name = printed;
         u.email = email.value_or("");
         u.site = site.value_or("");
         u.roles = roles.value_or(std::set<std::string>{});
         u.identity_evidence = evidence;
         const auto* sig_value = o->if_contains("signature");
         if (!sig_value || !sig_value->is_object()) {
           return Error::invalid_argument(
               "sign the identity verification: \"signature\": {\"password\": …}",
               {{"field", "signature"}});
         }
         const auto& sig = sig_value->as_object();
         GEMBA_RETURN_IF_ERROR(
             views::only_fields(sig, {"username", "password", "meaning", "comment"}));
         GEMBA_TRY(sig_user, views::opt_string(sig, "username", 1024));
         GEMBA_TRY(sig_password, views::req_string(sig, "password", kMaxPassword));
         GEMBA_TRY(sig_meaning_text, views::opt_string(sig, "meaning", 64));
         GEMBA_TRY(sig_comment, views::opt_string(sig, "comment", 8192));
         GEMBA_TRY(meaning, parse_meaning(sig_meaning_text.value_or("approved")));
         if (meaning != SignatureMeaning::kApproved) {
           return Error::invalid_argument(
               "an identity verification is signed with the meaning \"approved\"",
               {{"field", "signature.meaning"}});
         }
         // Phase 1 of the signature, before the unit of work.
         GEMBA_TRY(signer, t.signatures().authenticate(p, {sig_user, sig_password}));
         if (!signer.can(perm::kUserAdmin)) {
           return Error::permission_denied(signer.printed_name() + " may not approve user accounts",
                                           {{"permission", perm::kUserAdmin}});
         }
         std::optional<SignatureRecord> signed_record;
         GEMBA_TRY(created,
                   t.users().create(p.actor(), u,
                                    [&](AuditedTx& atx, const UserAccount& acc,
                                        const std::string& evidence_text) -> Result<void> {
                                      user_store::StoredUser stored;
                                      stored.account = acc;
                                      stored.identity_evidence = evidence_text;
                                      GEMBA_TRY(s, t.signatures().sign(
                                                       atx.tx(), signer,
                                                       SignatureMeaning::kApproved, "user", acc.id,
                                                       UserDirectory::identity_content_hash(stored),
                                                       sig_comment.value_or("identity verified")));
                                      signed_record = std::move(s);
                                      return ok();
                                    }));
         GEMBA_TRY(stored, t.users().get(created.user.id));
         json::object out = user_detail(t, stored);
         if (!created.temporary_password.empty()) {
           out["temporary_password"] = created.temporary_password;
         }
         Response resp = with_etag(http::json_response(201, out), stored.account.version);
         resp.set_header("Location", "/api/v1/users/" + stored.account.id);
         resp.set_header("Cache-Control", "no-store");
         return resp;
       }),
       .tag = "users",
       .request_description = "{username, printed_name, email, site, roles, "
                              "identity_evidence, signature: {username?, password, "
                              "comment?}}",
       .response_description = "the user, its signatures and a temporary_password"});

  router.add({.method = "GET",
              .pattern = "/api/v1/users/{id}",
              .permission = kUserAdmin,
              .summary = "One user, with the signatures on their identity verification",
              .handler = http::with_result([&t](Request& req) -> Result<Response> {
                GEMBA_TRY(u, t.users().get(req.path_params.at("id")));
                return with_etag(http::json_response(200, user_detail(t, u)), u.account.version);
              }),
              .tag = "users"});

  router.add(
      {.method = "PATCH",
       .pattern = "/api/v1/users/{id}",
       .permission = kUserAdmin,
       .summary = "Change a user: name, e-mail, roles, disable/enable, unlock, reset "
                  "password (with a reason)",
       .handler = http::with_json_body([&t](Request& req, json::value body) -> Result<Response> {
         GEMBA_TRY(o, views::as_object(body, "the change"));
         GEMBA_RETURN_IF_ERROR(
             views::only_fields(*o, {"version", "printed_name", "email", "site", "roles", "status",
                                     "unlock", "reset_password", "reason"}));
         UserPatch patch;
         GEMBA_TRY(version, expected_version(req, *o));
         patch.expected_version = version;
         GEMBA_TRY(printed, views::opt_string(*o, "printed_name", 4096));
         GEMBA_TRY(email, views::opt_string(*o, "email", 4096));
         GEMBA_TRY(site, views::opt_string(*o, "site", 1024));
         GEMBA_TRY(roles, views::opt_string_set(*o, "roles"));
         GEMBA_TRY(status, views::opt_string(*o, "status", 32));
         GEMBA_TRY(unlock, views::opt_bool(*o, "unlock"));
         GEMBA_TRY(reset, views::opt_bool(*o, "reset_password"));
         GEMBA_TRY(reason, views::opt_string(*o, "reason", 8192));
         patch.printed_name = printed;
         patch.email = email;
         patch.site = site;
         patch.roles = roles;
         if (status) {
           GEMBA_TRY(s, parse_status(*status));
           patch.status = s;
         }
         patch.unlock = unlock.value_or(false);
         patch.reset_password = reset.value_or(false);
         patch.reason = reason.value_or("");
         GEMBA_TRY(changed, t.users().update(principal(req).actor(), req.path_params.at("id"),
                                             std::move(patch)));
         GEMBA_TRY(stored, t.users().get(changed.user.id));
         json::object out = user_detail(t, stored);
         if (!changed.temporary_password.empty()) {
           out["temporary_password"] = changed.temporary_password;
         }
         Response resp = with_etag(http::json_response(200, out), stored.account.version);
         resp.set_header("Cache-Control", "no-store");
         return resp;
       }),
       .tag = "users",
       .request_description = "{printed_name?, email?, site?, roles?, status?: "
                              "active|disabled, unlock?, reset_password?, reason}; "
                              "If-Match: \"v<version>\""});

  router.add({.method = "GET",
              .pattern = "/api/v1/users/{id}/sessions",
              .permission = kUserAdmin,
              .summary = "A user's sessions, newest first",
              .handler = http::with_result([&t](Request& req) -> Result<Response> {
                GEMBA_TRY(limit, parse_limit(req, 50, 500));
                GEMBA_TRY(sessions, t.sessions().sessions_of(req.path_params.at("id"), limit));
                json::array items;
                for (const auto& s : sessions) {
                  items.push_back(views::session(s, t.options().session, t.clock().now()));
                }
                return http::json_response(
                    200, json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
              }),
              .tag = "users"});

  router.add({.method = "DELETE",
              .pattern = "/api/v1/sessions/{id}",
              .permission = kUserAdmin,
              .summary = "Revoke a session (?reason=)",
              .handler = http::with_result([&t](Request& req) -> Result<Response> {
                GEMBA_TRY(reason, query_string(req, "reason", 2000));
                GEMBA_RETURN_IF_ERROR(
                    t.sessions().revoke(principal(req).actor(), req.path_params.at("id"),
                                        reason.value_or("revoked by an administrator")));
                return http::json_response(
                    200, json::object{{"id", req.path_params.at("id")}, {"revoked", true}});
              }),
              .tag = "users"});

  register_audit_routes(router, t);
}

}  // namespace gemba::trust
