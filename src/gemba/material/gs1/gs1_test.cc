#include "gemba/material/gs1/gs1.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gemba/material/gs1/ai_table.h"

namespace gemba::material::gs1 {
namespace {

using std::chrono::April;
using std::chrono::December;
using std::chrono::February;
using std::chrono::March;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr year kThisYear{2026};

// Test inputs write the GS (FNC1) as '|', which is not in GS1 character set 82.
std::string scanned(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '|') c = kGroupSeparator;
  }
  return out;
}

std::string shown(std::string_view text) { return printable(text); }

struct Valid {
  const char* input;           // '|' is GS
  const char* symbology;       // as recorded
  const char* human_readable;  // the elements, as format_human_readable writes them
};

// Real-world style scans: EU FMD packs (01/21/10/17), GS1-128 pallet labels (00/02/37),
// weighed raw-material sacks (310n), our own container labels (91).
const Valid kValid[] = {
    // Every input form.
    {"]d2010950600013435217260331"
     "10ABC123",
     "]d2", "(01)09506000134352(17)260331(10)ABC123"},
    {"]d20109506000134352"
     "10ABC123|17260331",
     "]d2", "(01)09506000134352(10)ABC123(17)260331"},
    {"]d20109506000134352"
     "21SN8K3P2X7|10LOT-42|17270228",
     "]d2", "(01)09506000134352(21)SN8K3P2X7(10)LOT-42(17)270228"},
    {"]C100106141411234567897"
     "0214012345678908"
     "3748",
     "]C1", "(00)106141411234567897(02)14012345678908(37)48"},
    {"]C100106141411234567897"
     "0214012345678908"
     "3712|10B-2611",
     "]C1", "(00)106141411234567897(02)14012345678908(37)12(10)B-2611"},
    {"]Q30109501101530003"
     "17251231"
     "10A1",
     "]Q3", "(01)09501101530003(17)251231(10)A1"},
    {"]e00109501101530003"
     "3103001250",
     "]e0", "(01)09501101530003(3103)001250"},
    {"]e00109501101530003"
     "17260300"
     "10X",
     "]e0", "(01)09501101530003(17)260300(10)X"},
    {"0109506000134352"
     "17260331"
     "10ABC123",
     "", "(01)09506000134352(17)260331(10)ABC123"},
    {"|0109506000134352"
     "17260331"
     "10ABC123",
     "", "(01)09506000134352(17)260331(10)ABC123"},
    {"]d2|0109506000134352"
     "10L1",
     "]d2", "(01)09506000134352(10)L1"},
    {"]d20109506000134352"
     "10ABC123\r\n",
     "]d2", "(01)09506000134352(10)ABC123"},
    {"0109506000134352"
     "10ABC123\n",
     "", "(01)09506000134352(10)ABC123"},
    {"0109506000134352"
     "10ABC123\r",
     "", "(01)09506000134352(10)ABC123"},
    {"(01)09506000134352(17)260331(10)ABC123", "", "(01)09506000134352(17)260331(10)ABC123"},
    {"(01)09506000134352(10)ABC123\r\n", "", "(01)09506000134352(10)ABC123"},
    {"]d2(01)09506000134352(21)12345", "]d2", "(01)09506000134352(21)12345"},
    {"|(91)C-000123", "", "(91)C-000123"},
    // A GS after a predefined-length value, and after the last value, is tolerated.
    {"0109506000134352|10ABC", "", "(01)09506000134352(10)ABC"},
    {"10ABC|", "", "(10)ABC"},
    {"0109506000134352"
     "17260331|",
     "", "(01)09506000134352(17)260331"},
    // Every AI.
    {"0109506000134352"
     "11250115"
     "10P-77",
     "", "(01)09506000134352(11)250115(10)P-77"},
    {"0109506000134352"
     "13260102",
     "", "(01)09506000134352(13)260102"},
    {"0109506000134352"
     "15261130",
     "", "(01)09506000134352(15)261130"},
    {"0109506000134352"
     "17280229",
     "", "(01)09506000134352(17)280229"},
    {"0109506000134352"
     "12260415"
     "16260501",
     "", "(01)09506000134352(12)260415(16)260501"},
    {"0109506000134352"
     "3025",
     "", "(01)09506000134352(30)25"},
    {"0109506000134352"
     "3100000025",
     "", "(01)09506000134352(3100)000025"},
    {"0109506000134352"
     "3105123456",
     "", "(01)09506000134352(3105)123456"},
    {"0109506000134352"
     "3202000150",
     "", "(01)09506000134352(3202)000150"},
    {"0109506000134352"
     "3102002500"
     "3202005512",
     "", "(01)09506000134352(3102)002500(3202)005512"},
    {"0109506000134352"
     "240RM-PCM-0101|10L1",
     "", "(01)09506000134352(240)RM-PCM-0101(10)L1"},
    {"00106141411234567897"
     "400PO-2026/0042",
     "", "(00)106141411234567897(400)PO-2026/0042"},
    {"8004950600013412345678", "", "(8004)950600013412345678"},
    {"90QA-RELEASED", "", "(90)QA-RELEASED"},
    {"91C-000123", "", "(91)C-000123"},
    {"]d20109506000134352"
     "10L1|17260331"
     "91C-000123",
     "]d2", "(01)09506000134352(10)L1(17)260331(91)C-000123"},
    {"92A|93B|94C|95D|96E|97F|98G|99H", "", "(92)A(93)B(94)C(95)D(96)E(97)F(98)G(99)H"},
    {"0109506000134352"
     "2001"
     "22V-2",
     "", "(01)09506000134352(20)01(22)V-2"},
    {"0109506000134352"
     "241CPN-7|250S2|251SRC-1",
     "", "(01)09506000134352(241)CPN-7(250)S2(251)SRC-1"},
    {"00106141411234567897"
     "4109506000000015"
     "4144034567890121",
     "", "(00)106141411234567897(410)9506000000015(414)4034567890121"},
    {"0109506000134352"
     "70032603311430|10L1",
     "", "(01)09506000134352(7003)2603311430(10)L1"},
    {"0104012345123456"
     "71012345678|10L1",
     "", "(01)04012345123456(710)12345678(10)L1"},
    {"00106141411234567897"
     "420D-80331",
     "", "(00)106141411234567897(420)D-80331"},
    // The same AI twice with the same value is kept once.
    {"0109506000134352"
     "10L1|0109506000134352",
     "", "(01)09506000134352(10)L1"},
    // Character set 82 punctuation, and parentheses in values.
    {"10!\"%&'()*+,-./:;<=>?_", "", "(10)!\"%&'()*+,-./:;<=>?_"},
    {"(10)AB(C)D(1)", "", "(10)AB(C)D(1)"},
    {"(10)AB\\(21)X(21)S1", "", "(10)AB\\(21)X(21)S1"},
    {"10AB(21)X|21S1", "", "(10)AB\\(21)X(21)S1"},
    // Longest values.
    {"1012345678901234567890|2112345678901234567890", "",
     "(10)12345678901234567890(21)12345678901234567890"},
};

TEST(Gs1ParseTest, ValidScans) {
  ASSERT_GE(std::size(kValid), 40u);
  for (const Valid& c : kValid) {
    const std::string input = scanned(c.input);
    auto scan = parse_scan(input, kThisYear);
    ASSERT_TRUE(scan.ok()) << shown(input) << ": " << scan.error().to_string();
    EXPECT_EQ(scan->symbology, c.symbology) << shown(input);
    EXPECT_EQ(format_human_readable(scan->elements), c.human_readable) << shown(input);
  }
}

TEST(Gs1ParseTest, HumanReadableAndBuiltStringsRoundTrip) {
  for (const Valid& c : kValid) {
    const std::string input = scanned(c.input);
    auto scan = parse_scan(input, kThisYear);
    ASSERT_TRUE(scan.ok()) << shown(input);

    auto again = parse_scan(format_human_readable(scan->elements), kThisYear);
    ASSERT_TRUE(again.ok()) << shown(input) << ": " << again.error().to_string();
    again->symbology = scan->symbology;
    EXPECT_EQ(*again, *scan) << shown(input);

    auto built = build_element_string(scan->elements, kThisYear, "]d2");
    ASSERT_TRUE(built.ok()) << shown(input) << ": " << built.error().to_string();
    auto rescanned = parse_scan(*built, kThisYear);
    ASSERT_TRUE(rescanned.ok()) << shown(*built) << ": " << rescanned.error().to_string();
    EXPECT_EQ(rescanned->symbology, "]d2");
    rescanned->symbology = scan->symbology;
    EXPECT_EQ(*rescanned, *scan) << shown(*built);
  }
}

struct Invalid {
  std::string input;  // '|' is GS
  const char* message;
};

const std::string k30Chars = "123456789012345678901234567890";
const std::string k90Chars = k30Chars + k30Chars + k30Chars;

const Invalid kInvalid[] = {
    // The scan as a whole.
    {"", "empty scan"},
    {"\r\n", "empty scan"},
    {"|", "empty scan"},
    {"]d2", "empty scan (only the symbology identifier ]d2)"},
    {"]d2|\r\n", "empty scan (only the symbology identifier ]d2)"},
    {"]d", "symbology identifier ]d is incomplete (expected 3 characters, such as ]d2)"},
    {"]Q10109506000134352", "symbology ]Q1 is not GS1 (no FNC1 in first position)"},
    {"]d10109506000134352", "symbology ]d1 is not GS1 (no FNC1 in first position)"},
    {"]C00109506000134352", "symbology ]C0 is not GS1 (no FNC1 in first position)"},
    {"]E09506000134352", "symbology ]E0 is not GS1 (no FNC1 in first position)"},
    {std::string(9000, '1'), "scan is 9000 characters, at most 8192"},
    {"A10ABC", "expected an AI at position 1, found 'A'"},
    {"||0109506000134352", "unexpected GS at position 2 (an AI was expected)"},
    {"10ABC||17260331", "unexpected GS at position 7 (an AI was expected)"},
    {"(ABC)123", "expected an AI in parentheses, such as (01), at position 1"},
    {"(01", "expected an AI in parentheses, such as (01), at position 1"},
    // Unknown and incomplete AIs.
    {"(01)09506000134352(987)X", "unknown AI 987 at position 20"},
    {"0109506000134352"
     "05123",
     "unknown AI 05 at position 17"},
    {"0109506000134352"
     "7240X",
     "unknown AI 7240 at position 17"},
    {"0109506000134352"
     "1",
     "incomplete AI 1 at position 17"},
    {"0109506000134352"
     "24",
     "incomplete AI 24 at position 17 (AIs beginning 24 have 3 digits)"},
    {"(310)001250", "AI 310: missing decimal-places digit"},
    {"0109506000134352"
     "310",
     "AI 310: missing decimal-places digit"},
    {"3106001250", "AI 3106: decimal-places digit 6 is more than 5"},
    // Check digits.
    {"0109506000134353", "AI 01: check digit is 3, expected 2"},
    {"(00)106141411234567890", "AI 00: check digit is 0, expected 7"},
    {"0214012345678907"
     "3710",
     "AI 02: check digit is 7, expected 8"},
    {"4109506000000016", "AI 410: check digit is 6, expected 5"},
    // Dates.
    {"(17)261331", "AI 17: month 13 is not a month"},
    {"0109506000134352"
     "11250015",
     "AI 11: month 00 is not a month"},
    {"(17)260231", "AI 17: February 2026 has no day 31"},
    {"(15)270229", "AI 15: February 2027 has no day 29"},
    {"(13)260431", "AI 13: April 2026 has no day 31"},
    {"(17)260132", "AI 17: January 2026 has no day 32"},
    {"(7003)2603000000", "AI 7003: day 00 is not a day (an exact date is required)"},
    {"(7003)2603312400", "AI 7003: hour 24 is not an hour (00-23)"},
    {"(7003)2603311260", "AI 7003: minute 60 is not a minute (00-59)"},
    // Lengths.
    {"10ABCDEFGHIJKLMNOPQRSTUVWX", "AI 10: value is 24 characters, at most 20"},
    {"21" + std::string(21, 'S'), "AI 21: value is 21 characters, at most 20"},
    {"90" + k30Chars + "1", "AI 90: value is 31 characters, at most 30"},
    {"91" + k90Chars + "1", "AI 91: value is 91 characters, at most 90"},
    {"240" + k30Chars + "1", "AI 240: value is 31 characters, at most 30"},
    {"400" + k30Chars + "1", "AI 400: value is 31 characters, at most 30"},
    {"8004" + k30Chars + "1", "AI 8004: value is 31 characters, at most 30"},
    {"0109506000134352"
     "30123456789",
     "AI 30: value is 9 digits, at most 8"},
    {"01095060001343|10L1", "AI 01: value is 12 digits, expected 14"},
    {"(01)0950600013435(10)L1", "AI 01: value is 13 digits, expected 14"},
    {"0109506000134352"
     "172603",
     "AI 17: value is 4 digits, expected 6"},
    {"(17)26033", "AI 17: value is 5 digits, expected 6"},
    {"(20)1", "AI 20: value is 1 digit, expected 2"},
    {"0109506000134352"
     "3103"
     "00125",
     "AI 3103: value is 5 digits, expected 6"},
    {"(7003)26033112", "AI 7003: value is 8 digits, expected 10"},
    {"10|17260331", "AI 10: value is empty"},
    {"(10)(17)260331", "AI 10: value is empty"},
    // Characters.
    {"01095060001343A2", "AI 01: character 'A' at position 15 is not a digit"},
    {"(01)09506000134352ABC", "AI 01: character 'A' at position 19 is not a digit"},
    {"3710A", "AI 37: character 'A' at position 5 is not a digit"},
    {"10AB#C", "AI 10: character '#' at position 5 is not allowed (GS1 character set 82)"},
    {"10AB C", "AI 10: character space at position 5 is not allowed (GS1 character set 82)"},
    {"10AB\x01", "AI 10: character 0x01 at position 5 is not allowed (GS1 character set 82)"},
    {"10AB\xC3\xA9", "AI 10: character 0xC3 at position 5 is not allowed (GS1 character set 82)"},
    {"8004ASSET~1", "AI 8004: character '~' at position 10 is not allowed (GS1 character set 82)"},
    {"(17)260331 ", "AI 17: character space at position 11 is not a digit"},
    {"(10)AB\\C", "AI 10: character '\\' at position 7 is not allowed (GS1 character set 82)"},
    {"(01)09506000134352|(10)L1", "AI 01: character GS at position 19 is not a digit"},
    // Conflicts within one scan.
    {"10ABC|10XYZ", "AI 10 appears twice with different values (ABC and XYZ)"},
    {"0109506000134352"
     "0109501101530003",
     "AI 01 appears twice with different values "
     "(09506000134352 and 09501101530003)"},
    {"0109506000134352"
     "3102001250"
     "3103001250",
     "AI 3102 and AI 3103 both give the NET WEIGHT (kg)"},
};

TEST(Gs1ParseTest, MalformedScansSayWhatIsWrong) {
  ASSERT_GE(std::size(kInvalid), 40u);
  for (const Invalid& c : kInvalid) {
    const std::string input = scanned(c.input);
    auto scan = parse_scan(input, kThisYear);
    ASSERT_FALSE(scan.ok()) << shown(input);
    EXPECT_EQ(scan.error().code, ErrorCode::kInvalidArgument) << shown(input);
    EXPECT_EQ(scan.error().message, c.message) << shown(input);
  }
}

TEST(Gs1ParseTest, ErrorDetailsLocateTheProblem) {
  auto unknown = parse_scan("(01)09506000134352(987)X", kThisYear);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().details.at("ai").as_string(), "987");
  EXPECT_EQ(unknown.error().details.at("position").as_uint64(), 20u);

  auto character = parse_scan("10AB#C", kThisYear);
  ASSERT_FALSE(character.ok());
  EXPECT_EQ(character.error().details.at("ai").as_string(), "10");
  EXPECT_EQ(character.error().details.at("position").as_uint64(), 5u);

  auto month = parse_scan("(17)261331", kThisYear);
  ASSERT_FALSE(month.ok());
  EXPECT_EQ(month.error().details.at("ai").as_string(), "17");
}

TEST(Gs1ParseTest, TypedFields) {
  auto scan = parse_scan(scanned("]d200106141411234567897"
                                 "0109506000134352"
                                 "0214012345678908"
                                 "11250115"
                                 "13250120"
                                 "15261130"
                                 "17270200"
                                 "3103001250"
                                 "10LOT-42|21SN-9|3012|3748|240RM-0101|400PO-77|8004GIAI-1|"
                                 "90Q|91C-000123|99Z"),
                         kThisYear);
  ASSERT_TRUE(scan.ok()) << scan.error().to_string();
  EXPECT_EQ(scan->symbology, "]d2");
  EXPECT_EQ(scan->sscc, "106141411234567897");
  EXPECT_EQ(scan->gtin, "09506000134352");
  EXPECT_EQ(scan->contained_gtin, "14012345678908");
  EXPECT_EQ(scan->lot, "LOT-42");
  EXPECT_EQ(scan->serial, "SN-9");
  EXPECT_EQ(scan->production_date,
            year_month_day(year(2025), std::chrono::January, std::chrono::day(15)));
  EXPECT_EQ(scan->packaging_date,
            year_month_day(year(2025), std::chrono::January, std::chrono::day(20)));
  EXPECT_EQ(scan->best_before,
            year_month_day(year(2026), std::chrono::November, std::chrono::day(30)));
  EXPECT_EQ(scan->expiry, year_month_day(year(2027), February, std::chrono::day(28)));  // DD 00
  EXPECT_EQ(scan->variable_count, 12u);
  EXPECT_EQ(scan->contained_count, 48u);
  ASSERT_TRUE(scan->net_weight.has_value());
  EXPECT_DOUBLE_EQ(scan->net_weight->value, 1.25);
  EXPECT_EQ(scan->net_weight->decimals, 3);
  EXPECT_EQ(scan->net_weight->unit, "kg");
  EXPECT_EQ(scan->additional_product_id, "RM-0101");
  EXPECT_EQ(scan->customer_po, "PO-77");
  EXPECT_EQ(scan->giai, "GIAI-1");
  EXPECT_EQ(scan->internal.size(), 3u);
  EXPECT_EQ(scan->internal.at(90), "Q");
  EXPECT_EQ(scan->internal.at(91), "C-000123");
  EXPECT_EQ(scan->internal.at(99), "Z");
  EXPECT_EQ(scan->find("3103"), "001250");
  EXPECT_EQ(scan->find("310"), std::nullopt);
  EXPECT_EQ(scan->elements.size(), 18u);
}

TEST(Gs1ParseTest, AbsentFieldsStayEmpty) {
  auto scan = parse_scan("91C-000123", kThisYear);
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(scan->symbology, "");
  EXPECT_FALSE(scan->gtin || scan->lot || scan->expiry || scan->net_weight || scan->sscc);
  EXPECT_EQ(scan->internal.at(91), "C-000123");
}

TEST(Gs1ParseTest, NetWeightInPoundsAndKilogramsWins) {
  struct Case {
    const char* input;
    double value;
    int decimals;
    const char* unit;
  };
  const Case table[] = {
      {"3100000025", 25, 0, "kg"},
      {"3105123456", 1.23456, 5, "kg"},
      {"3202000150", 1.5, 2, "lb"},
      {"3202005512"
       "3102002500",
       25, 2, "kg"},
      {"3102002500"
       "3202005512",
       25, 2, "kg"},
  };
  for (const Case& c : table) {
    auto scan = parse_scan(c.input, kThisYear);
    ASSERT_TRUE(scan.ok()) << c.input << ": " << scan.error().to_string();
    ASSERT_TRUE(scan->net_weight.has_value()) << c.input;
    EXPECT_DOUBLE_EQ(scan->net_weight->value, c.value) << c.input;
    EXPECT_EQ(scan->net_weight->decimals, c.decimals) << c.input;
    EXPECT_EQ(scan->net_weight->unit, c.unit) << c.input;
  }
}

TEST(Gs1DateTest, CenturyFollowsTheSlidingWindow) {
  struct Case {
    int reference;
    const char* expiry;
    year_month_day expected;
  };
  using std::chrono::day;
  const Case table[] = {
      {2026, "260331", {year(2026), March, day(31)}},
      {2026, "760101", {year(2076), std::chrono::January, day(1)}},  // 50 years ahead
      {2026, "770101", {year(1977), std::chrono::January, day(1)}},  // 51 ahead → last century
      {2026, "991231", {year(1999), December, day(31)}},
      {2060, "100101", {year(2110), std::chrono::January, day(1)}},  // 50 behind → next century
      {2060, "110101", {year(2011), std::chrono::January, day(1)}},
      {2099, "000101", {year(2100), std::chrono::January, day(1)}},
      {2026, "000229", {year(2000), February, day(29)}},  // 2000 was a leap year
      {2026, "280200", {year(2028), February, day(29)}},  // DD 00: the last day, leap year
      {2026, "260200", {year(2026), February, day(28)}},
      {2026, "260400", {year(2026), April, day(30)}},
  };
  for (const Case& c : table) {
    auto scan = parse_scan(std::string("17") + c.expiry, year(c.reference));
    ASSERT_TRUE(scan.ok()) << c.expiry << ": " << scan.error().to_string();
    EXPECT_EQ(scan->expiry, c.expected) << c.expiry << " in " << c.reference;
  }
  EXPECT_EQ(resolve_year(49, year(1999)), year(2049));
  EXPECT_EQ(resolve_year(50, year(1999)), year(1950));
}

TEST(Gs1DateTest, LeapDayDependsOnTheCentury) {
  auto in_2100 = parse_scan("17000229", year(2080));  // 00 → 2100, not a leap year
  ASSERT_FALSE(in_2100.ok());
  EXPECT_EQ(in_2100.error().message, "AI 17: February 2100 has no day 29");
  EXPECT_TRUE(parse_scan("17000229", year(2026)).ok());
}

TEST(Gs1CheckDigitTest, KnownKeys) {
  EXPECT_EQ(gs1_check_digit("0950600013435"), 2);      // GTIN-14 09506000134352
  EXPECT_EQ(gs1_check_digit("10614141123456789"), 7);  // SSCC 106141411234567897
  EXPECT_EQ(gs1_check_digit("950600000001"), 5);       // GLN 9506000000015
  EXPECT_EQ(gs1_check_digit("400638133393"), 1);       // GTIN-13 4006381333931
}

TEST(Gs1CharacterSetTest, Exactly82Characters) {
  int count = 0;
  for (int c = 0; c < 256; ++c) count += is_cset82(static_cast<char>(c)) ? 1 : 0;
  EXPECT_EQ(count, 82);
  for (char c : std::string_view(" #$@[\\]^`{|}~")) EXPECT_FALSE(is_cset82(c)) << c;
}

TEST(Gs1TableTest, PredefinedLengthsFollowTheGs1Table) {
  for (const AiSpec& s : all_ai_specs()) {
    const std::string ai = s.decimal_digit ? std::string(s.ai) + "3" : std::string(s.ai);
    EXPECT_EQ(static_cast<std::size_t>(ai_length(ai.substr(0, 2))), ai.size()) << ai;
    const int fixed = predefined_length(ai);
    if (fixed != 0) {
      EXPECT_EQ(s.min_length, fixed) << ai;
      EXPECT_EQ(s.max_length, fixed) << ai;
    }
    auto found = find_ai(ai, 1);
    ASSERT_TRUE(found.ok()) << ai;
    EXPECT_EQ(found->spec, &s);
  }
  for (const char* ai : {"00", "01", "02", "11", "13", "15", "17", "20", "3103", "3205", "410"}) {
    EXPECT_NE(predefined_length(ai), 0) << ai;
  }
  for (const char* ai : {"10", "21", "22", "240", "30", "37", "400", "7003", "8004", "90", "91"}) {
    EXPECT_EQ(predefined_length(ai), 0) << ai;
  }
}

TEST(Gs1BuildTest, EncodesOurContainerLabels) {
  auto alone = build_element_string(std::vector<Element>{{"91", "C-000123"}}, kThisYear);
  ASSERT_TRUE(alone.ok()) << alone.error().to_string();
  EXPECT_EQ(*alone, "91C-000123");

  const std::vector<Element> full{
      {"01", "09506000134352"}, {"10", "L1"}, {"17", "260331"}, {"91", "C-000123"}};
  auto label = build_element_string(full, kThisYear, "]d2");
  ASSERT_TRUE(label.ok()) << label.error().to_string();
  EXPECT_EQ(*label, scanned("]d20109506000134352"
                            "10L1|17260331"
                            "91C-000123"));
  EXPECT_EQ(format_human_readable(full), "(01)09506000134352(10)L1(17)260331(91)C-000123");

  auto back = parse_scan(*label, kThisYear);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->elements, full);
  EXPECT_EQ(back->internal.at(91), "C-000123");

  const std::vector<Element> fixed_last{{"91", "C-1"}, {"17", "260331"}};
  auto no_trailing_gs = build_element_string(fixed_last, kThisYear, "]C1");
  ASSERT_TRUE(no_trailing_gs.ok());
  EXPECT_EQ(*no_trailing_gs, scanned("]C191C-1|17260331"));
}

TEST(Gs1BuildTest, RefusesWhatAScannerWouldRefuse) {
  struct Case {
    std::vector<Element> elements;
    const char* symbology;
    const char* message;
  };
  const Case table[] = {
      {{}, "", "nothing to encode: no elements"},
      {{{"91", "C-1"}}, "]d1", "symbology ]d1 is not GS1 (no FNC1 in first position)"},
      {{{"987", "X"}}, "", "unknown AI 987"},
      {{{"9", "X"}}, "", "\"9\" is not an AI (2 to 4 digits)"},
      {{{"x1", "X"}}, "", "\"x1\" is not an AI (2 to 4 digits)"},
      {{{"310", "001250"}}, "", "AI 310: missing decimal-places digit"},
      {{{"01", "09506000134353"}}, "", "AI 01: check digit is 3, expected 2"},
      {{{"17", "261301"}}, "", "AI 17: month 13 is not a month"},
      {{{"91", "C 1"}},
       "",
       "AI 91: character space (character 2 of the value) is not allowed (GS1 character set 82)"},
      {{{"10", "L1"}, {"10", "L1"}}, "", "AI 10 appears twice"},
      {{{"3102", "001250"}, {"3103", "001250"}},
       "",
       "AI 3102 and AI 3103 both give the NET WEIGHT (kg)"},
      {{{"10", ""}}, "", "AI 10: value is empty"},
  };
  for (const Case& c : table) {
    auto built = build_element_string(c.elements, kThisYear, c.symbology);
    ASSERT_FALSE(built.ok()) << c.message;
    EXPECT_EQ(built.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(built.error().message, c.message);
  }
}

TEST(Gs1FormatTest, EscapesOnlyParenthesesThatWouldReadAsAnAi) {
  const std::vector<Element> elements{{"10", "(21)A(B)(1)"}, {"91", "X(12345)"}};
  const std::string text = format_human_readable(elements);
  EXPECT_EQ(text, "(10)\\(21)A(B)(1)(91)X(12345)");
  auto back = parse_scan(text, kThisYear);
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_EQ(back->elements, elements);
}

}  // namespace
}  // namespace gemba::material::gs1
