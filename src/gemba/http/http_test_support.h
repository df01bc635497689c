#pragma once
// Test-only helpers for http/*_test.cc: an in-process Server on a free port, quiet logs.

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <memory>

#include "gemba/core/metrics.h"
#include "gemba/http/router.h"
#include "gemba/http/server.h"
#include "testing/http_client.h"

namespace gemba::http::test_support {

inline ServerOptions test_options() {
  spdlog::set_level(spdlog::level::warn);
  ServerOptions o;
  o.port = 0;
  o.io_threads = 2;
  o.worker_threads = 4;
  o.static_dir = "";
  o.read_timeout = std::chrono::seconds(5);
  o.shutdown_timeout = std::chrono::seconds(5);
  return o;
}

// A started server around a router the test filled in.
struct RunningServer {
  RunningServer(Router& router, ServerOptions options = test_options())
      : server(std::make_unique<Server>(std::move(options), router, metrics)) {
    auto started = server->start();
    EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().to_string());
  }
  gemba::testing::HttpClient client() const {
    return gemba::testing::HttpClient("127.0.0.1", server->port());
  }
  Metrics metrics;
  std::unique_ptr<Server> server;
};

// The "error" object of a JSON error body (null if the body is not one).
inline boost::json::value error_of(const std::string& body) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("error")) return nullptr;
  return v.as_object()["error"];
}

inline std::string code_of(const std::string& body) {
  auto e = error_of(body);
  if (!e.is_object() || !e.as_object()["code"].is_string()) return "";
  return std::string(e.as_object()["code"].as_string());
}

}  // namespace gemba::http::test_support
