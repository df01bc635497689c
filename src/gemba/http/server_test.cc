#include "gemba/http/server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

#include <atomic>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "gemba/core/event_bus.h"
#include "gemba/http/errors.h"
#include "gemba/http/http_test_support.h"
#include "gemba/http/system_routes.h"

namespace gemba::http {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using gemba::testing::HttpClient;
using test_support::code_of;
using test_support::RunningServer;
using test_support::test_options;

constexpr const char* kJson = "application/json";

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    register_system_routes(router_, {.version = "test"});
    router_.add({"GET", "/api/v1/hello/{name}", "", "Greets", [](Request& req) {
                   return json_response(200, json::object{{"hello", req.path_params.at("name")}});
                 }});
    router_.add(
        {"POST", "/api/v1/echo", "", "Echoes a JSON body",
         with_json_body([](Request&, json::value body) -> Result<Response> {
           if (body.is_object() && body.as_object().contains("invalid"))
             return Error::invalid_argument("invalid is not allowed", {{"field", "invalid"}});
           return json_response(200, body);
         })});
    router_.add({"GET", "/api/v1/boom", "", "Throws",
                 [](Request&) -> Response { throw std::runtime_error("secret internals"); }});
    router_.add({"GET", "/api/v1/slow", "", "Sleeps", [this](Request&) {
                   slow_started_ = true;
                   std::this_thread::sleep_for(1500ms);
                   return json_response(200, json::object{{"slept", true}});
                 }});
  }

  // Checks the server still answers after whatever the test did to it.
  void expect_healthy(const RunningServer& s) {
    auto c = s.client();
    auto r = c.get("/healthz");
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->status, 200);
  }

  Router router_;
  std::atomic<bool> slow_started_{false};
};

TEST_F(ServerTest, AnswersWithSecurityHeadersAndRequestId) {
  RunningServer s(router_);
  auto c = s.client();
  auto r = c.get("/api/v1/hello/gemba%20mes");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body).at("hello").as_string(), "gemba mes");
  EXPECT_EQ(r->header("content-type"), kJson);
  EXPECT_EQ(r->header("x-request-id").size(), 32u);
  EXPECT_NE(r->header("content-security-policy").find("default-src 'self'"), std::string::npos);
  EXPECT_NE(r->header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(r->header("content-security-policy").find("frame-src 'self' blob:"), std::string::npos);
  EXPECT_EQ(r->header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r->header("referrer-policy"), "no-referrer");
  EXPECT_EQ(r->header("x-frame-options"), "DENY");
  EXPECT_EQ(r->header("cache-control"), "no-store");
  EXPECT_EQ(r->header("strict-transport-security"), "");  // only under TLS
  EXPECT_EQ(r->header("server"), "");

  // Keep-alive: the second request reuses the connection and gets its own id.
  auto again = c.get("/api/v1/hello/x");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(c.connected());
  EXPECT_NE(again->header("x-request-id"), r->header("x-request-id"));
}

TEST_F(ServerTest, HeadHasLengthButNoBody) {
  RunningServer s(router_);
  auto c = s.client();
  auto get = c.get("/api/v1/hello/x");
  auto head = c.request("HEAD", "/api/v1/hello/x");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->body, "");
  EXPECT_EQ(head->header("content-length"), std::to_string(get->body.size()));
  expect_healthy(s);  // the connection framing stayed intact
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  RunningServer s(router_);
  auto c = s.client();
  ASSERT_TRUE(c.send_raw("GET /api/v1/hello/a HTTP/1.1\r\nHost: t\r\n\r\n"
                         "GET /api/v1/hello/b HTTP/1.1\r\nHost: t\r\n\r\n")
                  .ok());
  auto a = c.read_response();
  auto b = c.read_response();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->body.find("\"a\""), std::string::npos);
  EXPECT_NE(b->body.find("\"b\""), std::string::npos);
}

TEST_F(ServerTest, ChunkedAndExpectContinueBodiesAreRead) {
  RunningServer s(router_);
  auto c = s.client();
  ASSERT_TRUE(c.send_raw("POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Type: "
                         "application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n")
                  .ok());
  auto chunked = c.read_response();
  ASSERT_TRUE(chunked.ok());
  EXPECT_EQ(chunked->status, 200);
  EXPECT_EQ(chunked->body, "{\"a\":1}");

  ASSERT_TRUE(c.send_raw("POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Type: "
                         "application/json\r\nExpect: 100-continue\r\nContent-Length: 7\r\n\r\n")
                  .ok());
  std::this_thread::sleep_for(100ms);
  ASSERT_TRUE(c.send_raw("{\"b\":2}").ok());
  auto continued = c.read_response();  // skips the interim 100 Continue
  ASSERT_TRUE(continued.ok());
  EXPECT_EQ(continued->body, "{\"b\":2}");
}

struct BadInput {
  const char* name;
  std::string method;
  std::string target;
  std::string body;
  gemba::testing::HttpHeaders headers;
  int status;
  const char* code;
};

TEST_F(ServerTest, BadInputGetsAClearStatusAndJsonError) {
  RunningServer s(router_);
  const gemba::testing::HttpHeaders json_type = {{"Content-Type", kJson}};
  const BadInput cases[] = {
      {"malformed JSON", "POST", "/api/v1/echo", "{\"a\": ", json_type, 400, "invalid_argument"},
      {"duplicate keys", "POST", "/api/v1/echo", R"({"a":1,"a":2})", json_type, 400,
       "invalid_argument"},
      {"depth 10000", "POST", "/api/v1/echo", std::string(10000, '[') + std::string(10000, ']'),
       json_type, 400, "invalid_argument"},
      {"not JSON content type",
       "POST",
       "/api/v1/echo",
       "{}",
       {{"Content-Type", "text/plain"}},
       400,
       "invalid_argument"},
      {"well-formed but invalid", "POST", "/api/v1/echo", R"({"invalid":true})", json_type, 422,
       "invalid_argument"},
      {"unknown route", "GET", "/api/v1/nope", "", {}, 404, "not_found"},
      {"wrong method", "DELETE", "/api/v1/echo", "", {}, 405, "invalid_argument"},
      {"bad escape in path", "GET", "/api/v1/hello/%zz", "", {}, 400, "invalid_argument"},
      {"handler throws", "GET", "/api/v1/boom", "", {}, 500, "internal"},
      {"oversized header",
       "GET",
       "/healthz",
       "",
       {{"X-Big", std::string(20000, 'a')}},
       431,
       "invalid_argument"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto client = s.client();
    auto r = client.request(c.method, c.target, c.body, c.headers);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->status, c.status) << r->body;
    EXPECT_EQ(code_of(r->body), c.code) << r->body;
    EXPECT_FALSE(json::parse(r->body).at("error").at("message").as_string().empty());
    if (c.status == 405) {
      EXPECT_EQ(r->header("allow"), "OPTIONS, POST");
    }
    if (c.status == 500) {
      EXPECT_EQ(r->body.find("secret internals"), std::string::npos);
      EXPECT_EQ(json::parse(r->body).at("error").at("details").at("request_id").as_string(),
                r->header("x-request-id"));
    }
    expect_healthy(s);
  }
}

TEST_F(ServerTest, TenMegabyteBodyIs413WithoutReadingIt) {
  RunningServer s(router_);
  auto c = s.client();
  const std::size_t ten_mb = 10u << 20;
  ASSERT_TRUE(c.send_raw("POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Type: "
                         "application/json\r\nContent-Length: " +
                         std::to_string(ten_mb) + "\r\n\r\n" + std::string(64 * 1024, ' '))
                  .ok());
  auto r = c.read_response();
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(code_of(r->body), "payload_too_large");
  EXPECT_EQ(r->header("connection"), "close");
  expect_healthy(s);
}

TEST_F(ServerTest, MalformedRequestLinesAre400) {
  RunningServer s(router_);
  for (const char* raw : {"HELLO\r\n\r\n", "GET /healthz HTTP/1.1\r\nContent-Length: x\r\n\r\n",
                          "GET http://evil.example/ HTTP/1.1\r\nHost: t\r\n\r\n"}) {
    auto c = s.client();
    ASSERT_TRUE(c.send_raw(raw).ok());
    auto r = c.read_response();
    ASSERT_TRUE(r.ok()) << raw;
    EXPECT_EQ(r->status, 400) << raw;
    EXPECT_EQ(code_of(r->body), "invalid_argument");
    expect_healthy(s);
  }
}

TEST_F(ServerTest, SlowClientIsCutOffWhileOthersAreServed) {
  ServerOptions o = test_options();
  o.read_timeout = 1s;
  RunningServer s(router_, o);
  auto slow = s.client();
  ASSERT_TRUE(slow.send_raw("GET /healthz HTTP/1.1\r\nHost: t\r\nX-Half").ok());
  const auto start = std::chrono::steady_clock::now();
  expect_healthy(s);  // another client is served at once
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_TRUE(slow.wait_for_close(10s));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, 500ms);
  EXPECT_LT(elapsed, 8s);
  expect_healthy(s);
}

TEST_F(ServerTest, IdleKeepAliveConnectionsAreClosed) {
  ServerOptions o = test_options();
  o.idle_timeout = 1s;
  RunningServer s(router_, o);
  auto c = s.client();
  ASSERT_TRUE(c.get("/healthz").ok());
  EXPECT_TRUE(c.wait_for_close(10s));
}

TEST_F(ServerTest, PathTraversalNeverLeavesTheStaticRoot) {
  namespace fs = std::filesystem;
  const fs::path base = fs::temp_directory_path() / ("gemba_srv_" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "dist" / "assets");
  std::ofstream(base / "dist" / "index.html") << "<html>app</html>";
  std::ofstream(base / "secret.txt") << "TOP SECRET";
  ServerOptions o = test_options();
  o.static_dir = (base / "dist").string();
  RunningServer s(router_, o);
  for (const char* t : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
                        "/..%5csecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt"}) {
    auto c = s.client();
    auto r = c.get(t);
    ASSERT_TRUE(r.ok()) << t;
    EXPECT_EQ(r->status, 404) << t;
    EXPECT_EQ(r->body.find("SECRET"), std::string::npos) << t;
    EXPECT_EQ(code_of(r->body), "not_found") << t;
  }
  auto c = s.client();
  auto app = c.get("/batches/42");
  ASSERT_TRUE(app.ok());
  EXPECT_EQ(app->body, "<html>app</html>");
  EXPECT_EQ(app->header("cache-control"), "no-cache");
  auto api = c.get("/api/v1/unknown");  // never the app for /api
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(code_of(api->body), "not_found");
  expect_healthy(s);
  fs::remove_all(base);
}

TEST_F(ServerTest, CountsRequestsByRoutePattern) {
  RunningServer s(router_);
  auto c = s.client();
  ASSERT_TRUE(c.get("/api/v1/hello/a").ok());
  ASSERT_TRUE(c.get("/api/v1/hello/b").ok());
  ASSERT_TRUE(c.get("/api/v1/nope").ok());
  ASSERT_TRUE(c.request("BREW", "/api/v1/nope").ok());
  // A request is counted once its response is written, just after the client may have read it.
  std::string text;
  for (int i = 0; i < 200 && text.find("method=\"other\"") == std::string::npos; ++i) {
    if (i) std::this_thread::sleep_for(10ms);
    text = s.metrics.render_prometheus();
  }
  EXPECT_NE(text.find("gemba_http_requests_total{method=\"GET\",route=\"/api/v1/hello/{name}\","
                      "status=\"200\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("gemba_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"
                      " 1"),
            std::string::npos);
  EXPECT_NE(text.find("method=\"other\""), std::string::npos);  // client strings never labels
  EXPECT_EQ(text.find("BREW"), std::string::npos);
  EXPECT_NE(text.find("gemba_http_request_seconds_count{route=\"/api/v1/hello/{name}\"} 2"),
            std::string::npos);
}

TEST_F(ServerTest, GracefulStopFinishesInFlightAndRefusesNewConnections) {
  RunningServer s(router_);
  const std::uint16_t port = s.server->port();
  Result<gemba::testing::HttpResponse> slow_result = Error::internal("not run");
  std::thread slow([&] {
    HttpClient c("127.0.0.1", port);
    slow_result = c.get("/api/v1/slow");
  });
  auto idle = s.client();
  ASSERT_TRUE(idle.get("/healthz").ok());  // an idle keep-alive connection
  while (!slow_started_) std::this_thread::sleep_for(10ms);
  s.server->stop();
  slow.join();
  ASSERT_TRUE(slow_result.ok()) << slow_result.error().to_string();
  EXPECT_EQ(slow_result->status, 200);
  EXPECT_EQ(slow_result->header("connection"), "close");
  EXPECT_TRUE(idle.wait_for_close(1s));
  HttpClient late("127.0.0.1", port);
  EXPECT_FALSE(late.get("/healthz").ok());
  s.server->wait();  // returns at once: already stopped
}

TEST_F(ServerTest, StartTwiceOrOnABusyPortFails) {
  RunningServer s(router_);
  EXPECT_EQ(s.server->start().error().code, ErrorCode::kFailedPrecondition);
  ServerOptions o = test_options();
  o.port = s.server->port();
  Metrics metrics;
  Server second(o, router_, metrics);
  auto started = second.start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, ErrorCode::kUnavailable);
}

TEST_F(ServerTest, StopEndsEventStreams) {
  ManualClock clock{Timestamp{}};
  EventBus bus{clock};
  Router router;
  register_system_routes(router, {.version = "t", .events = &bus});
  ServerOptions o = test_options();
  o.shutdown_timeout = 60s;  // if streams were not ended, stop() would wait this long
  RunningServer s(router, o);
  auto c = s.client();
  ASSERT_TRUE(c.send_raw("GET /api/v1/events HTTP/1.1\r\nHost: t\r\n\r\n").ok());
  ASSERT_TRUE(c.read_response(true).ok());
  std::this_thread::sleep_for(200ms);
  bus.publish(Event{.type = "batch.started"});
  ASSERT_TRUE(c.read_body_until([](const std::string& b) {
                 return b.find("batch.started") != std::string::npos;
               }).ok());
  const auto start = std::chrono::steady_clock::now();
  s.server->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
  auto rest = c.read_body_until([](const std::string&) { return false; });  // to the last chunk
  EXPECT_TRUE(rest.ok()) << rest.error().to_string();
  bus.publish(Event{.type = "after.stop"});  // publishing after the server is gone is harmless
}

// Runs a shell command, returning its standard output.
std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  return out;
}

TEST_F(ServerTest, TlsWithHstsAndRedirectFromHttp) {
  namespace fs = std::filesystem;
  if (run("command -v openssl && command -v curl").find("curl") == std::string::npos) {
    GTEST_SKIP() << "needs the openssl and curl commands";
  }
  const fs::path dir = fs::temp_directory_path() / ("gemba_tls_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  run("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout " +
      (dir / "key.pem").string() + " -out " + (dir / "cert.pem").string() + " 2>/dev/null");
  ServerOptions o = test_options();
  o.tls = TlsOptions{(dir / "cert.pem").string(), (dir / "key.pem").string(), 0};
  RunningServer s(router_, o);
  const std::string port = std::to_string(s.server->port());

  const std::string out = run("curl -sk --tlsv1.2 -D - https://127.0.0.1:" + port + "/healthz");
  EXPECT_NE(out.find("HTTP/1.1 200"), std::string::npos) << out;
  EXPECT_NE(ascii_lower(out).find("strict-transport-security: max-age=31536000"), std::string::npos)
      << out;
  EXPECT_NE(out.find("\"status\":\"ok\""), std::string::npos);
  // TLS 1.1 is refused.
  EXPECT_EQ(
      run("curl -sk --tlsv1.1 --tls-max 1.1 -o /dev/null -w '%{http_code}' https://127.0.0.1:" +
          port + "/healthz"),
      "000");

  ASSERT_TRUE(s.server->redirect_port().has_value());
  HttpClient plain("127.0.0.1", *s.server->redirect_port());
  auto r = plain.request("GET", "/batches/42?x=1", "", {{"Host", "localhost:1234"}});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->status, 308);
  EXPECT_EQ(r->header("location"), "https://localhost:" + port + "/batches/42?x=1");

  // Plain HTTP on the TLS port: the handshake fails, the connection is dropped, all else goes on.
  HttpClient wrong("127.0.0.1", s.server->port(), 5s);
  EXPECT_FALSE(wrong.get("/healthz").ok());
  EXPECT_NE(run("curl -sk https://127.0.0.1:" + port + "/healthz").find("ok"), std::string::npos);
  fs::remove_all(dir);
}

TEST_F(ServerTest, BadTlsFilesAreAClearError) {
  ServerOptions o = test_options();
  o.tls = TlsOptions{"/nonexistent/cert.pem", "/nonexistent/key.pem", std::nullopt};
  Metrics metrics;
  Server server(o, router_, metrics);
  auto started = server.start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(started.error().message.find("/nonexistent/cert.pem"), std::string::npos);
}

TEST_F(ServerTest, RunUntilSignalReturnsOnSigterm) {
  RunningServer s(router_);
  std::thread killer([] {
    std::this_thread::sleep_for(300ms);
    ::kill(::getpid(), SIGTERM);
  });
  auto r = s.server->run_until_signal();
  killer.join();
  EXPECT_TRUE(r.ok());
  HttpClient late("127.0.0.1", s.server->port());
  EXPECT_FALSE(late.get("/healthz").ok());
}

}  // namespace
}  // namespace gemba::http
