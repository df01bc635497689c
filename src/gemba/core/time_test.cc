#include "gemba/core/time.h"

#include <gtest/gtest.h>

namespace gemba {
namespace {

using namespace std::chrono;

TEST(Rfc3339, FormatsUtcWithMicroseconds) {
  const Timestamp t =
      sys_days(year(2026) / 11 / 25) + hours(13) + minutes(52) + seconds(40) + microseconds(123456);
  EXPECT_EQ(format_rfc3339(t), "2026-11-25T13:52:40.123456Z");
  EXPECT_EQ(format_rfc3339(Timestamp{}), "1970-01-01T00:00:00.000000Z");
}

TEST(Rfc3339, ParsesAndConvertsOffsets) {
  struct Case {
    const char* in;
    const char* utc;
  };
  const Case cases[] = {
      {"2026-11-25T13:52:40.123456Z", "2026-11-25T13:52:40.123456Z"},
      {"2026-11-25T13:52:40Z", "2026-11-25T13:52:40.000000Z"},
      {"2026-11-25T14:52:40.5+01:00", "2026-11-25T13:52:40.500000Z"},
      {"2026-11-25T00:10:00-05:30", "2026-11-25T05:40:00.000000Z"},
      {"2024-02-29T23:59:59.999999999Z", "2024-02-29T23:59:59.999999Z"},
      {"2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00.000000Z"},
  };
  for (const auto& c : cases) {
    auto t = parse_rfc3339(c.in);
    ASSERT_TRUE(t.ok()) << c.in << ": " << t.error().to_string();
    EXPECT_EQ(format_rfc3339(*t), c.utc) << c.in;
  }
}

TEST(Rfc3339, RefusesMalformed) {
  const char* bad[] = {"",
                       "2026-11-25",
                       "2026-11-25 13:52:40Z",
                       "2026-13-01T00:00:00Z",
                       "2025-02-29T00:00:00Z",
                       "2026-11-25T24:00:00Z",
                       "2026-11-25T13:60:00Z",
                       "2026-11-25T13:52:40",
                       "2026-11-25T13:52:40.Z",
                       "2026-11-25T13:52:40.1234567890Z",
                       "2026-11-25T13:52:40+0100",
                       "2026-11-25T13:52:40Zjunk",
                       "２026-11-25T13:52:40Z"};
  for (const char* s : bad) {
    auto t = parse_rfc3339(s);
    ASSERT_FALSE(t.ok()) << s;
    EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(t.error().message.find("RFC 3339"), std::string::npos);
  }
}

TEST(Iso8601Duration, RoundTrips) {
  const std::pair<const char*, Duration> cases[] = {
      {"PT30M", minutes(30)}, {"PT1H30M", minutes(90)}, {"P1D", hours(24)},
      {"P1DT2H", hours(26)},  {"PT45S", seconds(45)},   {"PT0.5S", milliseconds(500)},
      {"PT0S", Duration(0)},  {"P2W", hours(24 * 14)},
  };
  for (const auto& [text, d] : cases) {
    auto parsed = parse_iso8601_duration(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.error().to_string();
    EXPECT_EQ(*parsed, d) << text;
    auto again = parse_iso8601_duration(format_iso8601_duration(d));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, d);
  }
  EXPECT_EQ(format_iso8601_duration(minutes(90)), "PT1H30M");
  EXPECT_EQ(format_iso8601_duration(hours(26)), "P1DT2H");
}

TEST(Iso8601Duration, RefusesMalformed) {
  const char* bad[] = {"",     "P",   "30M",  "PT",    "P1H",
                       "PT1D", "P1M", "PTXS", "PT1H1", "P99999999999D"};
  for (const char* s : bad) {
    auto d = parse_iso8601_duration(s);
    ASSERT_FALSE(d.ok()) << s;
    EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument) << s;
  }
}

}  // namespace
}  // namespace gemba
