// The HTTP API of the trust core through the real router and authorizer: the RBAC matrix over
// every route, CSRF, cookies, error bodies, bad input.

#include "gemba/trust/routes.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <regex>

#include "gemba/core/metrics.h"
#include "gemba/http/system_routes.h"
#include "gemba/trust/authorizer.h"
#include "gemba/trust/trust_fixture.h"

namespace gemba::trust {
namespace {

namespace json = boost::json;
using testing::kPassword;
using testing::TrustTest;

// Routes anyone may call without a session. A new public route must be added here on purpose.
const std::set<std::string> kPublicRoutes = {"POST /api/v1/auth/login", "GET /healthz",
                                             "GET /metrics", "GET /api/openapi.json"};

class RoutesTest : public TrustTest {
 protected:
  void SetUp() override {
    TrustTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    http::SystemInfo info;
    info.version = "test";
    info.metrics = &metrics_;
    http::register_system_routes(router_, info);
    register_event_stream(router_, events_);
    register_trust_routes(router_, trust());
    router_.set_authorizer(make_authorizer(trust().sessions()));
    admin_id_ = add_user("root.admin", {"administrator"});
  }

  http::Response call(const std::string& method, const std::string& target,
                      const std::string& body = "",
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::Request r;
    r.method = method;
    EXPECT_TRUE(http::set_target(r, target).ok()) << target;
    r.request_id = "req-1";
    r.remote_address = "10.0.0.9:5000";
    r.body = body;
    if (!body.empty()) r.headers["content-type"] = "application/json";
    for (auto& [k, v] : headers) r.headers[http::ascii_lower(k)] = v;
    return router_.dispatch(r);
  }
  http::Response as(const std::string& token, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    return call(method, target, body, {{"Authorization", "Bearer " + token}});
  }
  std::string token_of(const std::string& username, const std::string& password = kPassword) {
    auto r = call("POST", "/api/v1/auth/login",
                  json::serialize(json::object{{"username", username}, {"password", password}}));
    EXPECT_EQ(r.status, 200) << r.body;
    return std::string(json::parse(r.body).at("token").as_string());
  }
  static json::value body(const http::Response& r) { return json::parse(r.body); }
  static std::string code(const http::Response& r) {
    return std::string(body(r).at("error").at("code").as_string());
  }

  Metrics metrics_;
  http::Router router_;
  std::string admin_id_;
};

TEST_P(RoutesTest, Part11_10g_RbacMatrixOverEveryRouteEveryRoleAndAnonymous) {
  std::map<std::string, std::string> user_of_role;
  std::map<std::string, std::set<std::string>> permissions_of_role;
  for (const auto& r : default_roles()) {
    user_of_role[r.name] = "u." + r.name;
    permissions_of_role[r.name] = r.permissions;
    add_user("u." + r.name, {r.name});
  }
  const std::regex param("\\{[a-z_]+\\}");
  int checked = 0;
  for (const auto& route : router_.routes()) {
    const std::string label = route.method + " " + route.pattern;
    // Every route declares a known permission, the pseudo-permission, or is a listed public one.
    if (route.permission.empty()) {
      EXPECT_TRUE(kPublicRoutes.count(label)) << label << " is public but not listed as such";
    } else {
      EXPECT_TRUE(route.permission == kAuthenticated || is_known_permission(route.permission))
          << label << " declares an unknown permission " << route.permission;
    }
    const std::string target =
        std::regex_replace(route.pattern, param, "00000000-0000-7000-8000-00000000dead");
    const std::string payload = route.method == "GET" || route.method == "DELETE" ? "" : "{}";
    // Anonymous.
    const auto anonymous = call(route.method, target, payload);
    if (route.permission.empty()) {
      EXPECT_NE(anonymous.status, 401) << label;
      EXPECT_NE(anonymous.status, 403) << label;
    } else {
      EXPECT_EQ(anonymous.status, 401) << label << " anonymous: " << anonymous.body;
    }
    // Each role, on a fresh session (logout ends the one it is called with).
    for (const auto& [role_name, username] : user_of_role) {
      const auto r = as(token_of(username), route.method, target, payload);
      const bool allowed = permits(permissions_of_role[role_name], route.permission);
      if (allowed) {
        EXPECT_NE(r.status, 401) << label << " as " << role_name << ": " << r.body;
        EXPECT_NE(r.status, 403) << label << " as " << role_name << ": " << r.body;
      } else {
        EXPECT_EQ(r.status, 403) << label << " as " << role_name << ": " << r.body;
        EXPECT_EQ(code(r), "permission_denied");
      }
      ++checked;
    }
  }
  EXPECT_GE(router_.routes().size(), 17u);
  EXPECT_EQ(checked, static_cast<int>(router_.routes().size() * user_of_role.size()));
}

TEST_P(RoutesTest, Part11_10d_LoginSetsAStrictHttpOnlyCookieAndReturnsTokens) {
  add_user("anna", {"operator"});
  auto r =
      call("POST", "/api/v1/auth/login", R"({"username":"ANNA","password":"tablet-rinse-42"})");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = r.header("set-cookie");
  EXPECT_NE(cookie.find("gemba_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // not under TLS here
  const auto b = body(r);
  EXPECT_EQ(b.at("token").as_string().size(), 43u);
  EXPECT_EQ(b.at("csrf_token").as_string().size(), 43u);
  EXPECT_EQ(b.at("user").at("username").as_string(), "anna");
  EXPECT_EQ(b.at("must_change_password").as_bool(), false);
  EXPECT_EQ(b.at("roles").as_array().size(), 1u);
  EXPECT_FALSE(b.at("user").as_object().contains("password_hash"));
}

TEST_P(RoutesTest, Part11_10d_CookieWritesNeedTheCsrfTokenBearerDoesNot) {
  add_user("anna", {"operator"});
  auto login =
      call("POST", "/api/v1/auth/login", R"({"username":"anna","password":"tablet-rinse-42"})");
  const std::string token(body(login).at("token").as_string());
  const std::string csrf(body(login).at("csrf_token").as_string());
  const std::string cookie = "theme=dark; gemba_session=" + token;
  const std::string change =
      R"({"current_password":"wrong-password-x","new_password":"granulate-blue-7"})";
  struct Case {
    const char* what;
    std::vector<std::pair<std::string, std::string>> headers;
    int status;
  } cases[] = {
      {"cookie, no CSRF header", {{"Cookie", cookie}}, 403},
      {"cookie, wrong CSRF header", {{"Cookie", cookie}, {"X-CSRF-Token", token}}, 403},
      {"cookie, right CSRF header", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, 422},
      {"bearer, no CSRF header", {{"Authorization", "Bearer " + token}}, 422},
  };
  for (const auto& c : cases) {
    auto r = call("POST", "/api/v1/auth/password", change, c.headers);
    EXPECT_EQ(r.status, c.status) << c.what << ": " << r.body;
    if (c.status == 403) {
      EXPECT_EQ(body(r).at("error").at("details").at("reason").as_string(), "csrf");
    }
  }
  // Reads with the cookie need no CSRF token.
  EXPECT_EQ(call("GET", "/api/v1/me", "", {{"Cookie", cookie}}).status, 200);
}

TEST_P(RoutesTest, Part11_300_ForgedExpiredAndMalformedCredentialsTable) {
  add_user("anna", {"operator"});
  const std::string token = token_of("anna");
  struct Case {
    const char* what;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string reason;
  } cases[] = {
      {"nothing", {}, "no_session"},
      {"forged bearer", {{"Authorization", "Bearer " + std::string(43, 'A')}}, "invalid_token"},
      {"malformed bearer", {{"Authorization", "Bearer ' OR 1=1 --"}}, "invalid_token"},
      {"basic auth", {{"Authorization", "Basic YWRtaW46YWRtaW4="}}, "invalid_token"},
      {"huge bearer", {{"Authorization", "Bearer " + std::string(1 << 20, 'x')}}, "invalid_token"},
      {"empty cookie", {{"Cookie", "gemba_session="}}, "no_session"},
  };
  for (const auto& c : cases) {
    auto r = call("GET", "/api/v1/me", "", c.headers);
    ASSERT_EQ(r.status, 401) << c.what;
    EXPECT_EQ(code(r), "unauthenticated");
    EXPECT_EQ(body(r).at("error").at("details").at("reason").as_string(), c.reason) << c.what;
    EXPECT_FALSE(body(r).at("error").at("message").as_string().empty());
  }
  clock_.advance(std::chrono::minutes(16));
  auto idle = as(token, "GET", "/api/v1/me");
  ASSERT_EQ(idle.status, 401);
  EXPECT_EQ(body(idle).at("error").at("details").at("reason").as_string(), "idle_timeout");
}

TEST_P(RoutesTest, Part11_300b_ForcedChangeBlocksEverythingButThePasswordChange) {
  const std::string admin = token_of("root.admin");
  NewUser n;
  n.username = "anna";
  n.printed_name = "Anna";
  n.identity_evidence = "badge";
  n.roles = {"operator"};
  auto created = trust().users().create(Actor::system("test"), n);
  ASSERT_TRUE(created.ok());
  const std::string token = token_of("anna", created->temporary_password);
  EXPECT_EQ(as(token, "GET", "/api/v1/me").status, 200);
  auto blocked = as(token, "GET", "/api/v1/roles");
  ASSERT_EQ(blocked.status, 403);
  EXPECT_EQ(body(blocked).at("error").at("details").at("reason").as_string(),
            "password_change_required");
  auto changed = as(token, "POST", "/api/v1/auth/password",
                    json::serialize(json::object{{"current_password", created->temporary_password},
                                                 {"new_password", "granulate-blue-7"}}));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(as(token, "GET", "/api/v1/roles").status, 200);
}

TEST_P(RoutesTest, Part11_70_UserCreationIsSignedAndATamperedIdentityShowsInvalid) {
  const std::string admin = token_of("root.admin");
  const std::string request = R"({"username":"anna","printed_name":"Anna Müller",
    "email":"anna@example.com","roles":["operator"],"identity_evidence":"passport seen",
    "signature":{"username":"root.admin","password":"tablet-rinse-42"}})";
  auto created = as(admin, "POST", "/api/v1/users", request);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto b = body(created);
  EXPECT_FALSE(b.at("temporary_password").as_string().empty());
  ASSERT_EQ(b.at("signatures").as_array().size(), 1u);
  const auto& sig = b.at("signatures").as_array()[0];
  EXPECT_EQ(sig.at("meaning").as_string(), "approved");
  EXPECT_EQ(sig.at("signer").at("printed_name").as_string(), "Printed root.admin");
  EXPECT_EQ(sig.at("valid").as_bool(), true);
  const std::string sig_id(sig.at("id").as_string());
  const std::string user_id(b.at("id").as_string());
  // Someone with database access changes the printed name behind the application's back.
  ASSERT_TRUE(db().write([&](store::Tx& tx) -> Result<void> {
                    GEMBA_RETURN_IF_ERROR(
                        tx.exec("UPDATE users SET printed_name = 'Mallory' WHERE id = ?", user_id));
                    return ok();
                  })
                  .ok());
  auto shown = as(admin, "GET", "/api/v1/signatures/" + sig_id);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(body(shown).at("valid").as_bool(), false);
  EXPECT_NE(std::string(body(shown).at("invalid_reason").as_string()).find("changed after"),
            std::string::npos);
  auto user = as(admin, "GET", "/api/v1/users/" + user_id);
  EXPECT_EQ(body(user).at("signatures").as_array()[0].at("valid").as_bool(), false);
  // Without a signature, no user is created.
  auto unsigned_request = as(admin, "POST", "/api/v1/users",
                             R"({"username":"ben","printed_name":"Ben","identity_evidence":"x"})");
  EXPECT_EQ(unsigned_request.status, 422);
  EXPECT_EQ(body(unsigned_request).at("error").at("details").at("field").as_string(), "signature");
}

TEST_P(RoutesTest, Part11_10e_AuditListFiltersPagingCsvAndVerify) {
  const std::string admin = token_of("root.admin");
  for (int i = 0; i < 3; ++i) add_user("user" + std::to_string(i), {"operator"});
  auto page = as(admin, "GET", "/api/v1/audit?action=user.created&limit=2");
  ASSERT_EQ(page.status, 200) << page.body;
  const auto b = body(page);
  ASSERT_EQ(b.at("items").as_array().size(), 2u);
  const std::string cursor(b.at("next_cursor").as_string());
  auto next = as(admin, "GET", "/api/v1/audit?action=user.created&limit=2&cursor=" + cursor);
  ASSERT_EQ(next.status, 200);
  EXPECT_EQ(body(next).at("items").as_array().size(), 2u);  // 4 users in all
  auto csv = as(admin, "GET", "/api/v1/audit?format=csv&record_type=user");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.rfind("seq,at,actor_id", 0), 0u);
  auto verify = as(admin, "GET", "/api/v1/audit/verify");
  ASSERT_EQ(verify.status, 200);
  EXPECT_EQ(body(verify).at("intact").as_bool(), true);
  // Bad filters: each a clear 422 naming the field; SQL metacharacters are just values.
  struct Case {
    std::string query;
    std::string field;  // "" = accepted
  } cases[] = {
      {"limit=0", "limit"},
      {"limit=501", "limit"},
      {"limit=ten", "limit"},
      {"cursor=-1", "cursor"},
      {"from=yesterday", "from"},
      {"to=2026-13-01T00:00:00Z", "to"},
      {"order=sideways", "order"},
      {"format=xml", "format"},
      {"record_id=" + std::string(300, 'x'), "record_id"},
      {"action=" + std::string(1 << 20, 'x'), "action"},
      {"record_id=1'%3B%20DROP%20TABLE%20audit_trail%3B--", ""},
      {"user=%22%20OR%201%3D1", ""},
      {"from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z", ""},
  };
  for (const auto& c : cases) {
    auto r = as(admin, "GET", "/api/v1/audit?" + c.query);
    if (c.field.empty()) {
      EXPECT_EQ(r.status, 200) << c.query.substr(0, 60) << r.body;
    } else {
      ASSERT_EQ(r.status, 422) << c.query.substr(0, 60);
      EXPECT_EQ(body(r).at("error").at("details").at("field").as_string(), c.field);
    }
  }
  EXPECT_EQ(body(as(admin, "GET", "/api/v1/audit/verify")).at("intact").as_bool(), true);
}

TEST_P(RoutesTest, BadInput_BodiesTable) {
  const std::string admin = token_of("root.admin");
  const std::string huge(1 << 20, 'x');
  struct Case {
    std::string method, target, body;
    int status;
  } cases[] = {
      {"POST", "/api/v1/auth/login", "not json", 400},
      {"POST", "/api/v1/auth/login", R"({"username":"a","password":"b","extra":1})", 422},
      {"POST", "/api/v1/auth/login", R"({"username":1,"password":"b"})", 422},
      {"POST", "/api/v1/auth/login", "{\"username\":\"" + huge + "\",\"password\":\"p\"}", 422},
      {"POST", "/api/v1/auth/login", R"({"username":"root.admin","password":"' OR '1'='1"})", 401},
      {"POST", "/api/v1/users", "{\"username\":\"x\",\"printed_name\":\"" + huge + "\"}", 422},
      {"PATCH", "/api/v1/users/" + admin_id_, R"({"reason":"r"})", 422},
      {"PATCH", "/api/v1/users/" + admin_id_, R"({"version":1,"status":"deleted","reason":"r"})",
       422},
      {"PATCH", "/api/v1/users/" + admin_id_, R"({"version":99,"email":"a@b.c","reason":"r"})",
       409},
      {"GET", "/api/v1/users/%27%20OR%201%3D1", "", 404},
      {"GET", "/api/v1/users?status=gone", "", 422},
      {"GET", "/api/v1/users?username=" + std::string(300, 'a'), "", 422},
      {"DELETE", "/api/v1/sessions/nope", "", 404},
      {"GET", "/api/v1/signatures/nope", "", 404},
  };
  for (const auto& c : cases) {
    auto r = as(admin, c.method, c.target, c.body);
    EXPECT_EQ(r.status, c.status) << c.method << " " << c.target.substr(0, 60) << " "
                                  << c.body.substr(0, 60) << " → " << r.body.substr(0, 300);
    const auto e = body(r).at("error");
    EXPECT_FALSE(e.at("message").as_string().empty());
    EXPECT_TRUE(e.at("details").is_object());
  }
}

TEST_P(RoutesTest, Part11_300d_SecurityEventsReachOnlyAdministrators) {
  add_user("anna", {"operator"});
  const std::string admin = token_of("root.admin");
  const std::string operator_token = token_of("anna");
  ASSERT_EQ(call("POST", "/api/v1/auth/login", R"({"username":"anna","password":"nope-nope-nope"})")
                .status,
            401);
  const auto events = events_of_type("security.login_failed");
  ASSERT_EQ(events.size(), 1u);
  auto request_as = [&](const std::string& token) {
    http::Request r;
    r.method = "GET";
    r.headers["authorization"] = "Bearer " + token;
    EXPECT_TRUE(http::set_target(r, "/api/v1/me").ok());
    EXPECT_EQ(router_.dispatch(r).status, 200);
    return r;
  };
  EXPECT_TRUE(may_read(request_as(admin), events[0].required_permission));
  EXPECT_FALSE(may_read(request_as(operator_token), events[0].required_permission));
}

GEMBA_INSTANTIATE_FOR_BACKENDS(RoutesTest);

}  // namespace
}  // namespace gemba::trust
