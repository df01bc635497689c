// The real gemba binary on a free port: start-up rules (migrations), health, the placeholder page,
// bad requests that must get a clear answer while the server stays up, backup while serving, and
// a graceful stop.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "testing/gemba_process.h"
#include "testing/http_client.h"

#ifndef GEMBA_BINARY
#error "GEMBA_BINARY must name the gemba binary"
#endif

namespace gemba {
namespace {

using testing::GembaProcess;
using testing::HttpClient;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("gemba-server-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_url_ = "sqlite:" + (dir_ / "gemba.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;
  std::string db_url_;
};

TEST_F(ServerTest, RefusesToServeAnUnmigratedDatabaseAndSaysWhatToDo) {
  GembaProcess strict(GEMBA_BINARY, {"serve", "--database", db_url_}, path("strict.log"));
  auto started = strict.start();
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.error().message.find("needs"), std::string::npos) << started.error().message;
  EXPECT_NE(started.error().message.find("gemba migrate"), std::string::npos);

  auto [check_code, check_out] =
      GembaProcess::run(GEMBA_BINARY, {"migrate", "--check", "--database", db_url_});
  EXPECT_EQ(check_code, 1) << check_out;
  EXPECT_NE(check_out.find("pending system/0001_system_settings"), std::string::npos) << check_out;

  auto [code, out] = GembaProcess::run(GEMBA_BINARY, {"migrate", "--database", db_url_});
  ASSERT_EQ(code, 0) << out;
  auto [again_code, again_out] =
      GembaProcess::run(GEMBA_BINARY, {"migrate", "--database", db_url_});
  ASSERT_EQ(again_code, 0) << again_out;
  EXPECT_NE(again_out.find("applied 0 migration(s)"), std::string::npos) << again_out;

  // A migrated database without an administrator is refused too, with the command to run.
  GembaProcess no_admin(GEMBA_BINARY, {"serve", "--database", db_url_}, path("no-admin.log"));
  auto refused = no_admin.start();
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("gemba user add"), std::string::npos)
      << refused.error().message;
  auto [admin_code, admin_out] =
      GembaProcess::run(GEMBA_BINARY, {"user", "add", "--database", db_url_, "--admin",
                                       "--username", "a.admin", "--name", "A Admin"});
  ASSERT_EQ(admin_code, 0) << admin_out;

  GembaProcess server(GEMBA_BINARY, {"serve", "--database", db_url_}, path("serve.log"));
  auto port = server.start();
  ASSERT_TRUE(port.ok()) << port.error().message;
  HttpClient client("127.0.0.1", *port);
  auto health = client.get("/healthz");
  ASSERT_TRUE(health.ok()) << health.error().message;
  EXPECT_EQ(health->status, 200);
  EXPECT_NE(health->body.find("\"status\":\"ok\""), std::string::npos) << health->body;
  EXPECT_NE(health->body.find("\"database\":\"sqlite\""), std::string::npos) << health->body;
}

TEST_F(ServerTest, DemoServesHealthAPageAndTheApiDescription) {
  GembaProcess demo(GEMBA_BINARY, {"demo", "--database", db_url_}, path("demo.log"));
  auto port = demo.start();
  ASSERT_TRUE(port.ok()) << port.error().message;
  HttpClient client("127.0.0.1", *port);

  auto page = client.get("/");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(page->body.find("Gemba"), std::string::npos);
  EXPECT_FALSE(page->header("content-security-policy").empty());
  EXPECT_EQ(page->header("x-content-type-options"), "nosniff");
  EXPECT_FALSE(page->header("x-request-id").empty());

  auto openapi = client.get("/api/openapi.json");
  ASSERT_TRUE(openapi.ok());
  EXPECT_EQ(openapi->status, 200);
  EXPECT_NE(openapi->body.find("\"openapi\":\"3.1"), std::string::npos);
  EXPECT_NE(openapi->body.find("/healthz"), std::string::npos);

  auto metrics = client.get("/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("gemba_http_requests_total"), std::string::npos);
  EXPECT_NE(metrics->body.find("gemba_store_commit_seconds"), std::string::npos);
}

TEST_F(ServerTest, BadRequestsGetClearAnswersAndTheServerStaysUp) {
  GembaProcess demo(GEMBA_BINARY, {"demo", "--database", db_url_}, path("demo.log"));
  auto port = demo.start();
  ASSERT_TRUE(port.ok()) << port.error().message;

  struct Case {
    const char* method;
    std::string target;
    std::string body;
    int status;
    const char* code;
  };
  const Case cases[] = {
      {"GET", "/api/v1/no-such-thing", "", 404, "not_found"},
      {"DELETE", "/healthz", "", 405, "invalid_argument"},
      {"POST", "/metrics", "{\"a\":1,\"a\":2}", 405, "invalid_argument"},
      {"GET", "/..%2f..%2fetc%2fpasswd", "", 404, "not_found"},
      {"GET", "/../../etc/passwd", "", 404, "not_found"},
      {"GET", "/%2e%2e/%2e%2e/etc/passwd", "", 404, "not_found"},
  };
  for (const auto& c : cases) {
    HttpClient client("127.0.0.1", *port);
    auto r = client.request(c.method, c.target, c.body, {{"Content-Type", "application/json"}});
    ASSERT_TRUE(r.ok()) << c.method << " " << c.target << ": " << r.error().message;
    EXPECT_EQ(r->status, c.status) << c.method << " " << c.target << " -> " << r->body;
    if (c.status != 404 || c.target.rfind("/api", 0) == 0) {
      EXPECT_NE(r->body.find(std::string("\"code\":\"") + c.code + "\""), std::string::npos)
          << c.method << " " << c.target << " -> " << r->body;
    }
    EXPECT_EQ(r->body.find("root:"), std::string::npos) << "leaked a file outside the web root";
  }

  // A 10 MB body is refused from its Content-Length, before the server reads it.
  {
    HttpClient big("127.0.0.1", *port);
    ASSERT_TRUE(big.send_raw("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: "
                             "application/json\r\nContent-Length: 10485760\r\n\r\n{\"a\":")
                    .ok());
    auto r = big.read_response();
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 413);
    EXPECT_NE(r->body.find("\"code\":\"payload_too_large\""), std::string::npos) << r->body;
  }

  // A slow client (half a request, then silence) is cut; others are served meanwhile.
  HttpClient slow("127.0.0.1", *port);
  ASSERT_TRUE(slow.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n").ok());
  HttpClient other("127.0.0.1", *port);
  auto served = other.get("/healthz");
  ASSERT_TRUE(served.ok());
  EXPECT_EQ(served->status, 200);

  // Malformed request lines and headers.
  HttpClient garbage("127.0.0.1", *port);
  ASSERT_TRUE(garbage.send_raw("THIS IS NOT HTTP\r\n\r\n").ok());
  auto answer = garbage.read_response();
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  EXPECT_EQ(answer->status, 400);

  HttpClient after("127.0.0.1", *port);
  auto health = after.get("/healthz");
  ASSERT_TRUE(health.ok()) << "the server stopped answering";
  EXPECT_EQ(health->status, 200);
}

TEST_F(ServerTest, SlowClientIsCutAfterTheReadTimeout) {
  GembaProcess demo(GEMBA_BINARY, {"demo", "--database", db_url_}, path("demo.log"));
  setenv("GEMBA_READ_TIMEOUT_SECONDS", "1", 1);
  auto port = demo.start();
  unsetenv("GEMBA_READ_TIMEOUT_SECONDS");
  ASSERT_TRUE(port.ok()) << port.error().message;
  HttpClient slow("127.0.0.1", *port);
  ASSERT_TRUE(slow.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ").ok());
  EXPECT_TRUE(slow.wait_for_close(std::chrono::seconds(10)))
      << "a client that stops sending must not hold a connection forever";
}

TEST_F(ServerTest, BackupWhileServingIsAConsistentCopy) {
  GembaProcess demo(GEMBA_BINARY, {"demo", "--database", db_url_}, path("demo.log"));
  ASSERT_TRUE(demo.start().ok());
  auto [code, out] =
      GembaProcess::run(GEMBA_BINARY, {"backup", "--database", db_url_, "--to", path("copy.db")});
  ASSERT_EQ(code, 0) << out;
  auto [check, check_out] = GembaProcess::run(
      GEMBA_BINARY, {"migrate", "--check", "--database", "sqlite:" + path("copy.db")});
  EXPECT_EQ(check, 0) << "the copy should be a fully migrated database: " << check_out;

  auto [again, again_out] =
      GembaProcess::run(GEMBA_BINARY, {"backup", "--database", db_url_, "--to", path("copy.db")});
  EXPECT_NE(again, 0);
  EXPECT_NE(again_out.find("already exists"), std::string::npos) << again_out;
}

TEST_F(ServerTest, StopsGracefullyOnSigterm) {
  GembaProcess demo(GEMBA_BINARY, {"demo", "--database", db_url_}, path("demo.log"));
  ASSERT_TRUE(demo.start().ok());
  EXPECT_EQ(demo.stop(SIGTERM), 0) << demo.log();
  EXPECT_NE(demo.log().find("stopped"), std::string::npos) << demo.log();
}

TEST(Cli, HelpAndVersionAndBadConfiguration) {
  auto [help_code, help] = GembaProcess::run(GEMBA_BINARY, {"--help"});
  EXPECT_EQ(help_code, 0);
  for (const char* cmd : {"serve", "demo", "migrate", "backup", "version"}) {
    EXPECT_NE(help.find(cmd), std::string::npos) << cmd << " missing from --help:\n" << help;
  }
  auto [v_code, v] = GembaProcess::run(GEMBA_BINARY, {"version"});
  EXPECT_EQ(v_code, 0);
  EXPECT_NE(v.find("gemba 0."), std::string::npos);

  auto [bad_code, bad] = GembaProcess::run(GEMBA_BINARY, {"serve", "--listen", "nowhere"});
  EXPECT_EQ(bad_code, 2);
  EXPECT_NE(bad.find("ADDR:PORT"), std::string::npos) << bad;

  auto [missing_code, missing] =
      GembaProcess::run(GEMBA_BINARY, {"serve", "--config", "/nonexistent/gemba.toml"});
  EXPECT_EQ(missing_code, 2);
  EXPECT_NE(missing.find("/nonexistent/gemba.toml"), std::string::npos) << missing;
}

}  // namespace
}  // namespace gemba
