#include "gemba/trust/password_policy.h"

#include <gtest/gtest.h>

namespace gemba::trust {
namespace {

TEST(PasswordPolicy, Part11_300b_RulesTable) {
  const PasswordPolicy policy;
  struct Case {
    std::string password;
    std::string rule;  // "" = accepted
  } cases[] = {
      {"short-pass1", "too_short"},   // 11 characters
      {"tablet-rinse-42", ""},        // 15 characters
      {"Gr\xC3\xBCn-Tablette7", ""},  // UTF-8 counted in characters
      {"\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC", "too_short"},  // 6 chars, 12 bytes
      {"anna.mueller-2026", "contains_user_name"},
      {"xxANNA.MUELLERxx", "contains_user_name"},
      {"Password2024!", "common"},
      {"password1234", "common"},
      {"!!Qwertyuiop!!", "common"},
      {"123456789012", "common"},
      {"correcthorsebatterystaple", "common"},
      {"aaaaaaaaaaaaaaaa", "repetitive"},
      {"abababababababab", "repetitive"},
      {std::string(257, 'x'), "too_long"},
      {std::string(1 << 20, 'x'), "too_long"},
      {"bad-utf8-\xFF\xFE-pass", "invalid_utf8"},
      {"tablet\nrinse-42", "invalid_utf8"},
      {"'; DROP TABLE users; --", ""},
  };
  for (const auto& c : cases) {
    auto r = check_password_rules(policy, "anna.mueller", c.password);
    if (c.rule.empty()) {
      EXPECT_TRUE(r.ok()) << c.password << ": " << r.error().to_string();
    } else {
      ASSERT_FALSE(r.ok()) << c.password.substr(0, 40);
      EXPECT_EQ(r.error().details.at("rule").as_string(), c.rule) << c.password.substr(0, 40);
      EXPECT_EQ(r.error().details.at("field").as_string(), "new_password");
    }
  }
}

TEST(PasswordPolicy, Part11_300b_BundledCommonListIsLoaded) {
  EXPECT_GT(common_password_count(), 300u);
  EXPECT_TRUE(is_common_password("QWERTY"));
  EXPECT_TRUE(is_common_password("Welcome2025!"));
  EXPECT_FALSE(is_common_password("granulator-blue-tablet"));
}

TEST(PasswordPolicy, Part11_300b_AgeingTable) {
  PasswordPolicy p;
  const Timestamp changed{std::chrono::seconds(1'700'000'000)};
  EXPECT_FALSE(password_expired(p, changed, changed + std::chrono::days(89)));
  EXPECT_TRUE(password_expired(p, changed, changed + std::chrono::days(90)));
  p.max_age = std::chrono::days(0);
  EXPECT_FALSE(password_expired(p, changed, changed + std::chrono::days(10000)));
}

TEST(PasswordPolicy, MinimumLengthIsConfigurable) {
  PasswordPolicy p;
  p.min_length = 16;
  EXPECT_FALSE(check_password_rules(p, "anna", "tablet-rinse-42").ok());
  EXPECT_TRUE(check_password_rules(p, "anna", "tablet-rinse-4242").ok());
}

}  // namespace
}  // namespace gemba::trust
