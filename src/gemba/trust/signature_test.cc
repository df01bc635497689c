#include "gemba/trust/signature.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace gemba::trust {
namespace {

TEST(Signature, Part11_50_EveryMeaningHasNameAndDisplayText) {
  EXPECT_EQ(all_meanings().size(), 7u);
  for (auto m : all_meanings()) {
    EXPECT_FALSE(meaning_text(m).empty());
    EXPECT_EQ(*parse_meaning(meaning_name(m)), m);
  }
  auto bad = parse_meaning("looked_at");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("performed"), std::string::npos);
}

TEST(Signature, Part11_200a1_ComponentsTable) {
  struct Case {
    bool always_both, has_signed, username_given, ok;
  } cases[] = {
      {false, false, true, true},    // first signing: both given
      {false, false, false, false},  // first signing: password only refused
      {false, true, false, true},    // later signing: password only
      {false, true, true, true},     // later signing: both is fine
      {true, true, false, false},    // configured: always both
      {true, false, true, true},
  };
  for (const auto& c : cases) {
    auto r = check_signature_components({c.always_both}, c.has_signed, c.username_given);
    EXPECT_EQ(r.ok(), c.ok) << c.always_both << c.has_signed << c.username_given;
    if (!r.ok()) {
      EXPECT_EQ(r.error().details.at("field").as_string(), "signature.username");
    }
  }
}

TEST(Signature, Part11_70_ContentHashIsCanonical) {
  auto a = boost::json::parse(R"({"b":1,"a":[1,2,{"y":2,"x":1}]})");
  auto b = boost::json::parse(R"({ "a" : [1,2,{"x":1,"y":2}], "b" : 1 })");
  EXPECT_EQ(content_hash(a), content_hash(b));
  EXPECT_NE(content_hash(a),
            content_hash(boost::json::parse(R"({"b":2,"a":[1,2,{"y":2,"x":1}]})")));
  EXPECT_EQ(content_hash(a).size(), 64u);
}

TEST(Signature, Part11_70_ChangedContentMakesTheSignatureInvalidWithWhy) {
  SignatureRecord s;
  s.record_type = "batch";
  s.content_hash = std::string(64, 'a');
  EXPECT_TRUE(check_content(s, std::string(64, 'a')).valid);
  auto v = check_content(s, std::string(64, 'b'));
  EXPECT_FALSE(v.valid);
  EXPECT_NE(v.reason.find("changed after it was signed"), std::string::npos);
  auto m = manifestation(s, v);
  EXPECT_EQ(m.at("valid").as_bool(), false);
  EXPECT_TRUE(m.contains("invalid_reason"));
}

TEST(Signature, Part11_50_ManifestationCarriesPrintedNameTimeAndMeaning) {
  SignatureRecord s;
  s.id = "sig-1";
  s.signer_id = "u-1";
  s.printed_name = "Anna Müller";
  s.meaning = SignatureMeaning::kVerified;
  s.signed_at = "2026-11-25T13:52:40.123456Z";
  s.signed_at_local = "2026-11-25T14:52:40.123456+01:00[Europe/Berlin]";
  s.content_hash = std::string(64, 'c');
  auto m = manifestation(s, {});
  for (auto key : {"id", "signer", "meaning", "meaning_text", "signed_at", "signed_at_local",
                   "content_hash", "valid"}) {
    EXPECT_TRUE(m.contains(key)) << key;
  }
  EXPECT_EQ(m.at("signer").at("printed_name").as_string(), "Anna Müller");
  EXPECT_EQ(m.at("meaning_text").as_string(), "Verified by (witness)");
}

TEST(SiteTimeZone, Part11_50a2_LocalTimeWithOffsetAndZoneTable) {
  const Timestamp winter{std::chrono::seconds(1'795'614'760) + std::chrono::microseconds(123456)};
  const Timestamp summer{std::chrono::seconds(1'784'987'560)};
  struct Case {
    const char* zone;
    Timestamp t;
    const char* expected;
  } cases[] = {
      {"UTC", winter, "2026-11-25T13:52:40.123456+00:00[UTC]"},
      {"Europe/Berlin", winter, "2026-11-25T14:52:40.123456+01:00[Europe/Berlin]"},
      {"Europe/Berlin", summer, "2026-07-25T15:52:40.000000+02:00[Europe/Berlin]"},
      {"America/New_York", winter, "2026-11-25T08:52:40.123456-05:00[America/New_York]"},
      {"Asia/Kolkata", winter, "2026-11-25T19:22:40.123456+05:30[Asia/Kolkata]"},
  };
  for (const auto& c : cases) {
    auto z = SiteTimeZone::open(c.zone);
    ASSERT_TRUE(z.ok()) << c.zone;
    EXPECT_EQ(z->format(c.t), c.expected);
  }
  EXPECT_FALSE(SiteTimeZone::open("Mars/Olympus_Mons").ok());
  EXPECT_FALSE(SiteTimeZone::open("").ok());
}

}  // namespace
}  // namespace gemba::trust
