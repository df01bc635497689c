// The trust core through the real `gemba` binary: the CLI (user add, audit verify), the server's
// refusal to run without an administrator, an attacker with the `sqlite3` tool tampering with the
// audit trail and a signed record, and the RBAC matrix over every route the real server has.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "testing/gemba_process.h"
#include "testing/http_client.h"

#ifndef GEMBA_BINARY
#error "GEMBA_BINARY must name the gemba binary"
#endif

namespace gemba {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using testing::GembaProcess;
using testing::HttpClient;
using testing::HttpResponse;

constexpr const char* kAdminPassword = "console-admin-2026";

// Runs `sqlite3 DB SQL` (the attacker's tool); returns its exit code.
int sqlite3(const std::string& db, const std::string& sql) {
  auto [code, out] = GembaProcess::run("/usr/bin/sqlite3", {db, sql});
  EXPECT_EQ(code, 0) << out;
  return code;
}

json::value parse(const HttpResponse& r) { return json::parse(r.body); }

class TrustIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gemba-trust-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // The smallest Argon2id cost, so the many logins stay fast under AddressSanitizer.
    std::ofstream(dir_ / "gemba.toml")
        << "[security]\nargon2_opslimit = 1\nargon2_memlimit_mib = 1\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string config() const { return (dir_ / "gemba.toml").string(); }

  std::string db_path(const std::string& name = "gemba.db") const { return (dir_ / name).string(); }
  std::string url(const std::string& name = "gemba.db") const { return "sqlite:" + db_path(name); }

  std::pair<int, std::string> gemba(std::vector<std::string> args) {
    return GembaProcess::run(GEMBA_BINARY, std::move(args));
  }

  // Migrates, adds the first administrator with the CLI, signs in and replaces the temporary
  // password. Returns the server (running) and a bearer token.
  std::string prepare(GembaProcess& server, HttpClient*& client) {
    auto [mcode, mout] = gemba({"migrate", "--config", config(), "--database", url()});
    EXPECT_EQ(mcode, 0) << mout;
    auto [code, out] = gemba({"user", "add", "--config", config(), "--database", url(), "--admin",
                              "--username", "root.admin", "--name", "Rita Root"});
    EXPECT_EQ(code, 0) << out;
    std::smatch m;
    const std::regex temp("temporary password[^:]*: ([a-z0-9-]+)");
    EXPECT_TRUE(std::regex_search(out, m, temp)) << out;
    const std::string temporary = m[1];
    auto port = server.start();
    EXPECT_TRUE(port.ok()) << (port.ok() ? "" : port.error().message);
    client_ = std::make_unique<HttpClient>("127.0.0.1", *port);
    client = client_.get();
    std::string token = login("root.admin", temporary);
    auto changed =
        post(token, "/api/v1/auth/password",
             json::object{{"current_password", temporary}, {"new_password", kAdminPassword}});
    EXPECT_EQ(changed.status, 200) << changed.body;
    return login("root.admin", kAdminPassword);
  }

  std::string login(const std::string& username, const std::string& password) {
    auto r = client_->request(
        "POST", "/api/v1/auth/login",
        json::serialize(json::object{{"username", username}, {"password", password}}),
        {{"Content-Type", "application/json"}});
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200) << r->body;
    return r->status == 200 ? std::string(parse(*r).at("token").as_string()) : "";
  }
  HttpResponse request(const std::string& token, const std::string& method,
                       const std::string& target, const std::string& body = "") {
    testing::HttpHeaders h;
    if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
    if (!body.empty()) h.emplace_back("Content-Type", "application/json");
    auto r = client_->request(method, target, body, h);
    EXPECT_TRUE(r.ok()) << method << " " << target;
    return r.ok() ? *r : HttpResponse{};
  }
  HttpResponse post(const std::string& token, const std::string& target, const json::value& v) {
    return request(token, "POST", target, json::serialize(v));
  }

  fs::path dir_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(TrustIntegration, Part11_10d_ServeRefusesADatabaseWithoutAnAdministrator) {
  GembaProcess server(GEMBA_BINARY,
                      {"serve", "--migrate", "--config", config(), "--database", url()},
                      db_path("serve.log"));
  auto started = server.start();
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.error().message.find("gemba user add --admin"), std::string::npos)
      << started.error().message;
  auto [code, out] = gemba({"user", "add", "--config", config(), "--database", url(), "--admin",
                            "--username", "ab", "--name", "A B"});
  ASSERT_EQ(code, 0) << out;
  GembaProcess again(GEMBA_BINARY, {"serve", "--config", config(), "--database", url()},
                     db_path("serve2.log"));
  EXPECT_TRUE(again.start().ok()) << again.log();
}

// Builds a database with history: an administrator, a user created (and signed) through the API,
// failed logins. Then copies it for each tamper scenario.
class TrustTamper : public TrustIntegration {
 protected:
  void SetUp() override {
    TrustIntegration::SetUp();
    GembaProcess server(GEMBA_BINARY, {"serve", "--config", config(), "--database", url()},
                        db_path("serve.log"));
    HttpClient* client = nullptr;
    const std::string admin = prepare(server, client);
    auto created =
        post(admin, "/api/v1/users", json::parse(R"({"username":"anna","printed_name":"Anna Müller",
                          "roles":["operator"],"identity_evidence":"passport seen",
                          "signature":{"username":"root.admin","password":"console-admin-2026"}})"));
    ASSERT_EQ(created.status, 201) << created.body;
    user_id_ = std::string(parse(created).at("id").as_string());
    signature_id_ = std::string(parse(created).at("signatures").at(0).at("id").as_string());
    for (int i = 0; i < 2; ++i) {
      auto r = client->request("POST", "/api/v1/auth/login",
                               R"({"username":"anna","password":"wrong-password"})",
                               {{"Content-Type", "application/json"}});
      ASSERT_TRUE(r.ok());
      ASSERT_EQ(r->status, 401);
    }
    client_.reset();
    ASSERT_EQ(server.stop(SIGTERM), 0) << server.log();
    auto [code, out] = gemba({"audit", "verify", "--database", url()});
    ASSERT_EQ(code, 0) << out;
    EXPECT_NE(out.find("audit trail intact"), std::string::npos) << out;
  }
  std::string user_id_, signature_id_;
};

TEST_F(TrustTamper, Part11_10a_ChangedAuditValueIsReportedByAuditVerify) {
  sqlite3(db_path(),
          "DROP TRIGGER audit_trail_no_update;"
          "UPDATE audit_trail SET reason = 'nothing happened' WHERE seq = 9;");
  auto [code, out] = gemba({"audit", "verify", "--database", url()});
  EXPECT_EQ(code, 3) << out;
  EXPECT_NE(out.find("BROKEN at entry 9 (altered)"), std::string::npos) << out;
}

TEST_F(TrustTamper, Part11_10a_DeletedAuditRowIsReportedByAuditVerify) {
  sqlite3(db_path(), "DROP TRIGGER audit_trail_no_delete; DELETE FROM audit_trail WHERE seq = 12;");
  auto [code, out] = gemba({"audit", "verify", "--database", url()});
  EXPECT_EQ(code, 3) << out;
  EXPECT_NE(out.find("BROKEN at entry 12 (missing)"), std::string::npos) << out;
  EXPECT_NE(out.find("jumps from 11 to 13"), std::string::npos) << out;
}

TEST_F(TrustTamper, Part11_10e_CutOffNewestEntriesAreReportedByTheCheckpoint) {
  sqlite3(db_path(),
          "DROP TRIGGER audit_trail_no_delete; DROP TRIGGER audit_checkpoints_no_delete;"
          "DELETE FROM audit_trail WHERE seq > 10; DELETE FROM audit_checkpoints;"
          "UPDATE audit_head SET seq = 10, checkpoint_seq = 0,"
          " hash = (SELECT hash FROM audit_trail WHERE seq = 10);");
  auto [code, out] = gemba({"audit", "verify", "--database", url()});
  EXPECT_EQ(code, 3) << out;
  EXPECT_NE(out.find("(truncated)"), std::string::npos) << out;
  EXPECT_NE(out.find("were removed"), std::string::npos) << out;
}

TEST_F(TrustTamper, Part11_70_ChangedSignedRecordShowsItsSignatureInvalid) {
  sqlite3(db_path(), "UPDATE users SET printed_name = 'Mallory' WHERE username = 'anna';");
  GembaProcess server(GEMBA_BINARY, {"serve", "--config", config(), "--database", url()},
                      db_path("serve3.log"));
  auto port = server.start();
  ASSERT_TRUE(port.ok()) << server.log();
  client_ = std::make_unique<HttpClient>("127.0.0.1", *port);
  const std::string admin = login("root.admin", kAdminPassword);
  auto sig = request(admin, "GET", "/api/v1/signatures/" + signature_id_);
  ASSERT_EQ(sig.status, 200) << sig.body;
  EXPECT_FALSE(parse(sig).at("valid").as_bool());
  EXPECT_NE(std::string(parse(sig).at("invalid_reason").as_string()).find("changed after"),
            std::string::npos);
  auto user = request(admin, "GET", "/api/v1/users/" + user_id_);
  ASSERT_EQ(user.status, 200);
  EXPECT_FALSE(parse(user).at("signatures").at(0).at("valid").as_bool());
}

// Every route of the real server (from its OpenAPI document), as every role and anonymously.
TEST_F(TrustIntegration, Part11_10g_RbacMatrixAgainstTheRealServer) {
  GembaProcess server(GEMBA_BINARY, {"serve", "--config", config(), "--database", url()},
                      db_path("serve.log"));
  HttpClient* client = nullptr;
  const std::string admin = prepare(server, client);
  auto roles = request(admin, "GET", "/api/v1/roles");
  ASSERT_EQ(roles.status, 200);
  std::map<std::string, std::set<std::string>> grants;
  std::map<std::string, std::string> passwords;
  const json::value roles_body = parse(roles);
  for (const auto& r : roles_body.at("items").as_array()) {
    const std::string name(r.at("name").as_string());
    for (const auto& p : r.at("permissions").as_array()) grants[name].emplace(p.as_string());
    auto created = post(
        admin, "/api/v1/users",
        json::object{{"username", "u." + name},
                     {"printed_name", "User " + name},
                     {"roles", json::array{json::value(name)}},
                     {"identity_evidence", "badge"},
                     {"signature", {{"username", "root.admin"}, {"password", kAdminPassword}}}});
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string temporary(parse(created).at("temporary_password").as_string());
    const std::string token = login("u." + name, temporary);
    ASSERT_EQ(
        post(token, "/api/v1/auth/password",
             json::object{{"current_password", temporary}, {"new_password", "role-user-pass-1"}})
            .status,
        200);
  }
  auto openapi = request("", "GET", "/api/openapi.json");
  ASSERT_EQ(openapi.status, 200);
  const std::regex param("\\{[a-z_]+\\}");
  std::map<std::string, std::string> tokens;
  int routes = 0;
  const json::value document = parse(openapi);
  for (const auto& [path, item] : document.at("paths").as_object()) {
    for (const auto& [method_lower, op] : item.as_object()) {
      if (!op.is_object() || !op.as_object().contains("x-permission")) continue;
      std::string method(method_lower);
      for (auto& c : method) c = static_cast<char>(std::toupper(c));
      const auto& declared = op.at("x-permission");
      const std::string permission = declared.is_null() ? "" : std::string(declared.as_string());
      const std::string target =
          std::regex_replace(std::string(path), param, "00000000-0000-7000-8000-00000000dead");
      if (target == "/api/v1/events") continue;  // a stream: checked by the unit matrix
      const std::string body = method == "GET" || method == "DELETE" ? "" : "{}";
      ++routes;
      const auto anonymous = request("", method, target, body);
      if (permission.empty()) {
        EXPECT_NE(anonymous.status, 401) << method << " " << path;
      } else {
        EXPECT_EQ(anonymous.status, 401) << method << " " << path;
      }
      for (const auto& [role_name, held] : grants) {
        std::string& token = tokens[role_name];
        if (token.empty()) token = login("u." + role_name, "role-user-pass-1");
        const auto r = request(token, method, target, body);
        if (path == "/api/v1/auth/logout") token.clear();  // that session has ended
        const bool allowed =
            permission.empty() || permission == "authenticated" || held.count(permission) > 0;
        if (allowed) {
          EXPECT_NE(r.status, 401) << method << " " << path << " as " << role_name;
          EXPECT_NE(r.status, 403) << method << " " << path << " as " << role_name << r.body;
        } else {
          EXPECT_EQ(r.status, 403) << method << " " << path << " as " << role_name;
        }
      }
    }
  }
  EXPECT_GE(routes, 16);
}

}  // namespace
}  // namespace gemba
