#include "gemba/http/system_routes.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace gemba::http {
namespace {

namespace json = boost::json;

Response get(Router& router, const std::string& target) {
  Request req;
  req.method = "GET";
  EXPECT_TRUE(set_target(req, target).ok());
  return router.dispatch(req);
}

TEST(SystemRoutes, HealthzReportsVersionAndDatabase) {
  Router router;
  register_system_routes(router, {.version = "0.1.0", .database_kind = [] { return "sqlite"; }});
  const Response r = get(router, "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body),
            json::parse(R"({"status":"ok","version":"0.1.0","database":"sqlite"})"));
}

TEST(SystemRoutes, HealthzIs503WhenTheDatabaseIsDown) {
  Router router;
  register_system_routes(router, {.version = "0.1.0",
                                  .database_kind = [] { return "postgres"; },
                                  .database_ping = []() -> Result<void> {
                                    return Error::unavailable("connection refused");
                                  }});
  const Response r = get(router, "/healthz");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(json::parse(r.body).at("status").as_string(), "unavailable");
  EXPECT_EQ(json::parse(r.body).at("database").as_string(), "postgres");
}

TEST(SystemRoutes, MetricsInPrometheusText) {
  Metrics metrics;
  metrics.counter("gemba_test_total", "a test counter").inc(3);
  Router router;
  register_system_routes(router, {.version = "v", .metrics = &metrics});
  const Response r = get(router, "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("gemba_test_total 3\n"), std::string::npos);
}

TEST(SystemRoutes, OpenApiListsRoutesAddedLater) {
  ManualClock clock{Timestamp{}};
  EventBus bus{clock};
  Router router;
  register_system_routes(router, {.version = "9.9.9", .events = &bus});
  router.add({"POST", "/api/v1/batches/{id}/release", "batch.release", "Release",
              [](Request&) { return Response{}; }});
  const Response r = get(router, "/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  const auto doc = json::parse(r.body);
  EXPECT_EQ(doc.at("info").at("version").as_string(), "9.9.9");
  const auto& paths = doc.at("paths").as_object();
  EXPECT_TRUE(paths.contains("/healthz"));
  EXPECT_TRUE(paths.contains("/api/openapi.json"));
  EXPECT_TRUE(paths.contains("/api/v1/events"));
  EXPECT_FALSE(paths.contains("/metrics"));  // no Metrics given: no route
  EXPECT_EQ(paths.at("/api/v1/batches/{id}/release").at("post").at("x-permission").as_string(),
            "batch.release");
}

}  // namespace
}  // namespace gemba::http
