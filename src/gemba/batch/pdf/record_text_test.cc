#include "gemba/batch/pdf/record_text.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace gemba::batch::pdf {
namespace {

namespace json = boost::json;

json::object parse(std::string_view s) { return json::parse(s).as_object(); }

TEST(ManifestationText, ReadsMeaningNameTimeAndMeaning) {
  struct Case {
    const char* manifestation;
    const char* text;
  };
  const Case cases[] = {
      {R"({"printed_name":"Anna Operator","meaning":"performed",
           "signed_at":"2026-11-25T10:04:05.123456Z","user_id":"u1","signature_id":"s1"})",
       "Performed by Anna Operator \u2014 2026-11-25 10:04:05 UTC \u2014 performed"},
      {R"({"printed_name":"Quentin QP","meaning":"released","signed_at":"2026-11-25T10:04:05Z"})",
       "Released by Quentin QP (qualified person) \u2014 2026-11-25 10:04:05 UTC \u2014 released"},
      {R"({"printed_name":"Wanda","meaning":"verified","signed_at":"2026-11-25T11:04:05+01:00"})",
       "Verified by Wanda (witness) \u2014 2026-11-25 10:04:05 UTC \u2014 verified"},
      {R"({"printed_name":"Anna","meaning":"completed","signed_at":"2026-11-25T10:04:05Z"})",
       "Completed by Anna \u2014 2026-11-25 10:04:05 UTC \u2014 completed"},
      {R"({"printed_name":"Anna","meaning":"second_check"})",
       "Second check by Anna \u2014 second_check"},
      {R"({"user_id":"u9","meaning":"performed","signed_at":"yesterday"})",
       "Performed by user u9 (no printed name) \u2014 yesterday \u2014 performed"},
      {R"({})", "Signed by (no printed name)"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(manifestation_text(parse(c.manifestation)), c.text) << c.manifestation;
  }
}

TEST(NumberText, ShortestDigitsPaddedToDecimalsNeverRounded) {
  struct Case {
    const char* json;
    int decimals;
    const char* text;
  };
  const Case cases[] = {
      {"10.5", 2, "10.50"},  {"10.123", 2, "10.123"},
      {"10", 2, "10.00"},    {"10.0", 2, "10.00"},
      {"0.1", -1, "0.1"},    {"-3.25", 1, "-3.25"},
      {"1e21", 2, "1e+21"},  {"18446744073709551615", 0, "18446744073709551615"},
      {"\"n/a\"", 2, "n/a"}, {"true", 2, "yes"},
      {"null", 2, ""},
  };
  for (const auto& c : cases) {
    const json::value v = json::parse(c.json);
    EXPECT_EQ(number_text(&v, c.decimals), c.text) << c.json;
  }
  EXPECT_EQ(number_text(nullptr), "");
}

TEST(UtcTimeText, ConvertsToUtcOrLeavesOddTextAlone) {
  EXPECT_EQ(utc_time_text("2026-11-25T10:04:05.999999Z"), "2026-11-25 10:04:05 UTC");
  EXPECT_EQ(utc_time_text("2026-11-25T00:30:00-02:00"), "2026-11-25 02:30:00 UTC");
  EXPECT_EQ(utc_time_text("soon"), "soon");
  EXPECT_EQ(utc_time_text(""), "");
}

TEST(ValueText, ShowsEveryMemberSet) {
  struct Case {
    const char* value;
    int decimals;
    const char* text;
  };
  const Case cases[] = {
      {R"({"number":10.2,"unit":"kg"})", 2, "10.20 kg"},
      {R"({"number":21,"unit":"°C"})", -1, "21 °C"},
      {R"({"number":10.02,"unit":"kg","lot":"L-7","entered_number":10020,"entered_unit":"g"})", 2,
       "10.02 kg, lot L-7 (entered as 10020 g)"},
      {R"({"number":60.1,"unit":"°C","tag":"TIC-1","tag_time":"2026-11-25T10:00:00Z",
           "tag_quality":"good"})",
       1, "60.1 °C (from tag TIC-1 at 2026-11-25 10:00:00 UTC, quality good)"},
      {R"({"boolean":false})", -1, "no"},
      {R"({"text":"pass"})", -1, "pass"},
      {R"({"time":"2026-11-25T10:00:00Z"})", -1, "2026-11-25 10:00:00 UTC"},
      {R"({"mystery":[1,2]})", -1, "mystery: 1, 2"},
      {R"({})", -1, ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(value_text(parse(c.value), c.decimals), c.text) << c.value;
  }
}

TEST(LimitsText, TargetLimitsAndAlarmWithTheUnit) {
  EXPECT_EQ(limits_text(parse(R"({"unit":"kg","decimals":2,"target":10,"limits":{"low":9,"high":11},
                                  "alarm":{"low":9.5,"high":10.5}})")),
            "target 10.00 kg; limits 9.00 \u2013 11.00 kg; alarm 9.50 \u2013 10.50 kg");
  EXPECT_EQ(limits_text(parse(R"({"unit":"%","limits":{"low":2}})")), "limits min 2 %");
  EXPECT_EQ(limits_text(parse(R"({"limits":{"high":2}})")), "limits max 2");
  EXPECT_EQ(limits_text(parse(R"({"limits":"wide"})")), "limits wide");
  EXPECT_EQ(limits_text(parse(R"({"options":["a"]})")), "");
  EXPECT_EQ(spec_details_text(parse(R"({"options":["pass","fail"],"expected":"pass",
                                        "formula_line":"F-1","unit":"kg","target":1})")),
            "options: pass, fail; expected: pass; formula line: F-1");
}

TEST(PersonText, PrintedNameSystemOrWhatIsThere) {
  EXPECT_EQ(person_text(nullptr), "");
  const json::value named = json::parse(R"({"user_id":"u1","printed_name":"Jürgen Müller"})");
  EXPECT_EQ(person_text(&named), "Jürgen Müller");
  const json::value system = json::parse(R"({"user_id":"","printed_name":""})");
  EXPECT_EQ(person_text(&system), "system");
  const json::value bare = json::parse(R"("Anna")");
  EXPECT_EQ(person_text(&bare), "Anna");
  const json::value odd = json::parse(R"([{"a":1}])");
  EXPECT_EQ(person_text(&odd), R"([{"a":1}])");
}

}  // namespace
}  // namespace gemba::batch::pdf
