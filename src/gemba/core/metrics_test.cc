#include "gemba/core/metrics.h"

#include <gtest/gtest.h>

namespace gemba {
namespace {

TEST(Metrics, RendersCountersAndHistogramsInPrometheusText) {
  Metrics m;
  m.counter("gemba_requests_total", "Requests.", {{"route", "/healthz"}}).inc(3);
  auto& h = m.histogram("gemba_latency_seconds", "Latency.", {{"route", "/x"}}, {0.01, 0.1});
  h.observe(0.005);
  h.observe(0.05);
  h.observe(5);
  const std::string text = m.render_prometheus();
  EXPECT_NE(text.find("# TYPE gemba_requests_total counter"), std::string::npos);
  EXPECT_NE(text.find("gemba_requests_total{route=\"/healthz\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE gemba_latency_seconds histogram"), std::string::npos);
  EXPECT_NE(text.find("gemba_latency_seconds_bucket{route=\"/x\",le=\"0.01\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("gemba_latency_seconds_bucket{route=\"/x\",le=\"0.1\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("gemba_latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("gemba_latency_seconds_count{route=\"/x\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("gemba_latency_seconds_sum{route=\"/x\"} 5.055"), std::string::npos);
}

TEST(Metrics, SameNameAndLabelsIsTheSameSeries) {
  Metrics m;
  auto& a = m.counter("c", "h", {{"k", "v"}});
  auto& b = m.counter("c", "h", {{"k", "v"}});
  EXPECT_EQ(&a, &b);
  auto& other = m.counter("c", "h", {{"k", "w\"q"}});
  EXPECT_NE(&a, &other);
  EXPECT_NE(m.render_prometheus().find("c{k=\"w\\\"q\"} 0"), std::string::npos);
}

}  // namespace
}  // namespace gemba
