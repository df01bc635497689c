#include "gemba/http/request.h"

#include <gtest/gtest.h>

namespace gemba::http {
namespace {

TEST(SetTarget, SplitsPathAndDecodesQuery) {
  Request r;
  ASSERT_TRUE(set_target(r, "/api/v1/batches/PCM%2D1?number=PCM-2026-0042&q=a+b%26c&flag").ok());
  EXPECT_EQ(r.path, "/api/v1/batches/PCM-1");
  EXPECT_EQ(r.target, "/api/v1/batches/PCM%2D1?number=PCM-2026-0042&q=a+b%26c&flag");
  EXPECT_EQ(r.query_param("number"), "PCM-2026-0042");
  EXPECT_EQ(r.query_param("q"), "a b&c");
  EXPECT_EQ(r.query_param("flag"), "");
  EXPECT_EQ(r.query_param("absent"), std::nullopt);
}

TEST(SetTarget, KeepsRepeatedQueryParameters) {
  Request r;
  ASSERT_TRUE(set_target(r, "/events?subject=batch:1&subject=batch:2").ok());
  EXPECT_EQ(r.query.count("subject"), 2u);
}

TEST(SetTarget, RefusesBadTargets) {
  const char* bad[] = {
      "",     "api/v1", "http://example.com/", "/a%2", "/a%zz", "/a%00b", "/a?x=%0", "/a?x=%00",
      "/a b", "/a\x01"};
  for (const char* t : bad) {
    Request r;
    auto result = set_target(r, t);
    ASSERT_FALSE(result.ok()) << t;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << t;
  }
}

TEST(PercentDecode, Table) {
  EXPECT_EQ(percent_decode("a%20b", false), "a b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("%2e%2E", false), "..");
  EXPECT_EQ(percent_decode("%", false), std::nullopt);
  EXPECT_EQ(percent_decode("%4", false), std::nullopt);
  EXPECT_EQ(percent_decode("%00", false), std::nullopt);
}

TEST(Header, IsCaseInsensitive) {
  Request r;
  r.headers["content-type"] = "application/json";
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.header("X-Absent"), "");
}

TEST(JsonBody, ParsesWithJsonContentTypes) {
  for (const char* type : {"application/json", "application/json; charset=utf-8",
                           "Application/JSON", "application/merge-patch+json"}) {
    Request r;
    r.headers["content-type"] = type;
    r.body = R"({"a": 1})";
    auto v = r.json_body();
    ASSERT_TRUE(v.ok()) << type;
    EXPECT_EQ(v->at("a").as_int64(), 1);
  }
}

TEST(JsonBody, RefusesWithAClearMessage) {
  struct Case {
    const char* content_type;
    std::string body;
    const char* message_part;
  };
  const Case cases[] = {
      {"application/json", "", "empty"},
      {"text/plain", "{}", "Content-Type: application/json"},
      {"", "{}", "no Content-Type"},
      {"application/json", "{\"a\":", "ends before"},
      {"application/json", R"({"a":1,"a":2})", "twice"},
      {"application/json", "{} x", "after the JSON"},
      {"application/json", std::string(10000, '[') + std::string(10000, ']'), "deeper"},
      {"application/json", R"({"a":[1,-2e999]})", "too large"},
  };
  for (const auto& c : cases) {
    Request r;
    if (*c.content_type) r.headers["content-type"] = c.content_type;
    r.body = c.body;
    auto v = r.json_body();
    ASSERT_FALSE(v.ok()) << c.body.substr(0, 20);
    EXPECT_EQ(v.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(v.error().message.find(c.message_part), std::string::npos) << v.error().message;
  }
}

}  // namespace
}  // namespace gemba::http
