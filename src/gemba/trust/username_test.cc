#include "gemba/trust/username.h"

#include <gtest/gtest.h>

#include <vector>

namespace gemba::trust {
namespace {

TEST(UserName, Part11_100a_NamesCompareCaseInsensitivelyAfterNfc) {
  struct Case {
    std::string a, b;
  } same[] = {
      {"Anna", "anna"},
      {"ANNA.MUELLER", "anna.mueller"},
      {"J\xC3\xBCrgen", "ju\xCC\x88rgen"},  // ü precomposed vs u + combining diaeresis
      {"STRA\xC3\x9F"
       "E",
       "strasse"},  // ß case-folds to ss
      {"\xCE\x9D\xCE\xAF\xCE\xBA\xCE\xB7", "\xCE\xBD\xCE\xAF\xCE\xBA\xCE\xB7"},  // Νίκη / νίκη
  };
  for (const auto& c : same) {
    auto a = normalise_user_name(c.a);
    auto b = normalise_user_name(c.b);
    ASSERT_TRUE(a.ok()) << c.a << ": " << a.error().to_string();
    ASSERT_TRUE(b.ok()) << c.b << ": " << b.error().to_string();
    EXPECT_EQ(a->key, b->key) << c.a << " vs " << c.b;
    EXPECT_EQ(a->skeleton, b->skeleton);
  }
}

TEST(UserName, Part11_100a_DisplayFormIsNfc) {
  auto n = normalise_user_name("Ju\xCC\x88rgen");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->display, "J\xC3\xBCrgen");
}

TEST(UserName, Part11_100a_LookAlikeNamesAreRefusedOrCollide) {
  // Mixed-script spoofs are refused outright.
  struct Bad {
    std::string name;
    std::string rule;
  } refused[] = {
      {"p\xD0\xB0ul", "mixed_script"},         // Latin p, Cyrillic а, Latin ul
      {"\xD1\x80\xD0\xB0ul", "mixed_script"},  // Cyrillic р а + Latin ul
      {"adm\xC4\xB1n", ""},                    // dotless ı: allowed Latin, checked below
      {"an\xE2\x80\x8Bna", "character"},       // zero-width space
      {"\xEF\xBC\xA1nna", "character"},        // full-width Ａ
      {"anna\xC2\xA0", "character"},           // no-break space
      {"12\xD9\xA3", "mixed_script"},          // ASCII digits mixed with Arabic-Indic ٣
  };
  for (const auto& c : refused) {
    if (c.rule.empty()) continue;
    auto n = normalise_user_name(c.name);
    ASSERT_FALSE(n.ok()) << c.name;
    EXPECT_EQ(n.error().details.at("rule").as_string(), c.rule) << c.name;
  }
  // Whole-script look-alikes are valid names, but share the skeleton of the Latin name, which the
  // store keeps unique.
  auto latin = normalise_user_name("pay");
  auto cyrillic = normalise_user_name("\xD1\x80\xD0\xB0\xD1\x83");  // рау
  ASSERT_TRUE(latin.ok());
  ASSERT_TRUE(cyrillic.ok()) << cyrillic.error().to_string();
  EXPECT_NE(latin->key, cyrillic->key);
  EXPECT_EQ(latin->skeleton, cyrillic->skeleton);
  auto one = normalise_user_name("pau1");
  auto ell = normalise_user_name("paul");
  ASSERT_TRUE(one.ok() && ell.ok());
  EXPECT_EQ(one->skeleton, ell->skeleton);
}

TEST(UserName, Part11_100a_BadInputTable) {
  struct Case {
    std::string name;
    std::string rule;
  } cases[] = {
      {"", "empty"},
      {"a", "too_short"},
      {std::string(65, 'a'), "too_long"},
      {std::string(1 << 20, 'a'), "too_long"},
      {"anna mueller", "character"},
      {"anna'; DROP TABLE users; --", "character"},
      {"anna\"or\"1\"=\"1", "character"},
      {".anna", "punctuation_edges"},
      {"anna-", "punctuation_edges"},
      {"an..na", "punctuation_edges"},
      {"\xFF\xFE", "invalid_utf8"},
      {"ann\xC3", "invalid_utf8"},
      {std::string("an\0na", 5), "character"},
      {"anna\n", "character"},
      {"anna@example", "character"},
  };
  for (const auto& c : cases) {
    auto n = normalise_user_name(c.name);
    ASSERT_FALSE(n.ok()) << c.name.substr(0, 40);
    EXPECT_EQ(n.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(n.error().details.at("field").as_string(), "username");
    EXPECT_EQ(n.error().details.at("rule").as_string(), c.rule) << c.name.substr(0, 40);
    EXPECT_FALSE(n.error().message.empty());
  }
}

TEST(UserName, Part11_100a_GoodNamesTable) {
  for (const std::string& name : std::vector<std::string>{
           "anna", "anna.mueller", "op_2", "qa-approver", "\xE5\xBC\xA0\xE4\xBC\x9F",
           "M\xC3\xBCller", "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD"}) {
    auto n = normalise_user_name(name);
    EXPECT_TRUE(n.ok()) << name << ": " << (n.ok() ? "" : n.error().to_string());
  }
}

TEST(UserName, LoginKeyOfAnImpossibleNameIsEmpty) {
  EXPECT_EQ(user_name_key_for_login("x' OR 1=1"), "");
  EXPECT_EQ(user_name_key_for_login("ANNA"), "anna");
}

TEST(FreeText, ControlCharactersAndBadUtf8AreRefused) {
  EXPECT_TRUE(normalise_text("Anna M\xC3\xBCller", "printed_name").ok());
  EXPECT_FALSE(normalise_text("Anna\nM", "printed_name").ok());
  EXPECT_TRUE(normalise_text("line one\nline two", "reason", false).ok());
  EXPECT_FALSE(normalise_text("bad \xFF", "reason", false).ok());
  auto e = normalise_text(std::string("a\0b", 3), "printed_name");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().details.at("field").as_string(), "printed_name");
}

}  // namespace
}  // namespace gemba::trust
