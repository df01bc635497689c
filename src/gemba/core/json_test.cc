#include "gemba/core/json.h"

#include <gtest/gtest.h>

#include <string>

namespace gemba {
namespace {

TEST(StrictJson, AcceptsWellFormedDocuments) {
  const char* good[] = {"{}",
                        " [1, 2.5, -3, true, false, null] ",
                        R"({"a":{"b":["c"]}})",
                        R"("\u00e9t\u00e9")",
                        "0",
                        R"({"a":1,"b":{"a":2}})"};
  for (const char* s : good) {
    auto v = parse_json_strict(s);
    EXPECT_TRUE(v.ok()) << s << ": " << v.error().to_string();
  }
}

TEST(StrictJson, RefusesBadInputWithAReason) {
  struct Case {
    std::string in;
    const char* message_contains;
  };
  const Case cases[] = {
      {"", "empty"},
      {"{", "ends before"},
      {R"({"a":1,"a":2})", "key \"a\" twice"},
      {R"({"x":{"k":1,"k":1}})", "key \"k\" twice"},
      {"{} {}", "after the JSON value"},
      {"{}x", "after the JSON value"},
      {"[1,]", "malformed JSON"},
      {"{'a':1}", "malformed JSON"},
      {"// c\n{}", "malformed JSON"},
      {"\"\xff\"", "malformed JSON"},
      {"NaN", "malformed JSON"},
      {"[1e999]", "too large to represent"},
      {"-1e400", "too large to represent"},
      {std::string(10000, '[') + std::string(10000, ']'), "deeper than 64"},
  };
  for (const auto& c : cases) {
    auto v = parse_json_strict(c.in);
    ASSERT_FALSE(v.ok()) << c.in.substr(0, 40);
    EXPECT_EQ(v.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(v.error().message.find(c.message_contains), std::string::npos)
        << c.in.substr(0, 40) << " -> " << v.error().message;
    EXPECT_TRUE(v.error().details.contains("offset"));
  }
}

TEST(StrictJson, DepthLimitIsConfigurable) {
  JsonLimits limits;
  limits.max_depth = 3;
  EXPECT_TRUE(parse_json_strict("[[[1]]]", limits).ok());
  EXPECT_FALSE(parse_json_strict("[[[[1]]]]", limits).ok());
}

TEST(StrictJson, StringLengthLimit) {
  JsonLimits limits;
  limits.max_string_bytes = 8;
  EXPECT_TRUE(parse_json_strict(R"(["12345678"])", limits).ok());
  auto v = parse_json_strict(R"(["123456789"])", limits);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message.find("longer than 8 bytes"), std::string::npos);
}

TEST(CanonicalJson, SortsKeysAtEveryLevelAndIsStable) {
  auto a = parse_json_strict(R"({"b":1,"a":{"d":[3,{"z":1,"y":2}],"c":"x"}})");
  auto b = parse_json_strict(R"({"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1})");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(canonical_json(*a), R"({"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1})");
  EXPECT_EQ(canonical_json(*a), canonical_json(*b));
}

TEST(PrettyJson, IndentsAndRoundTrips) {
  auto v = parse_json_strict(R"({"a":[1,{"b":null}],"c":{}})");
  ASSERT_TRUE(v.ok());
  const std::string pretty = pretty_json(*v);
  EXPECT_EQ(pretty,
            "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": {}\n}\n");
  auto again = parse_json_strict(pretty);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *v);
}

TEST(PrettyJson, NumbersAsPeopleWriteThem) {
  const boost::json::value v =
      boost::json::object{{"a", 12.0}, {"b", 0.1}, {"c", -2.5e20}, {"d", 7}};
  EXPECT_EQ(pretty_json(v), "{\n  \"a\": 12,\n  \"b\": 0.1,\n  \"c\": -2.5e+20,\n  \"d\": 7\n}\n");
}

}  // namespace
}  // namespace gemba
