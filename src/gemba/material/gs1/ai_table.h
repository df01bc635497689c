#pragma once
// The GS1 Application Identifiers Gemba accepts, their formats (GS1 General Specifications,
// section 3, and the predefined-length table of section 7.8.5), and the checks of one element's
// value: character set, length, check digit, calendar. Used by gs1.cc; pure, immutable tables,
// safe for concurrent use.
//
// Positions in messages are 1-based character positions in the scan as delivered (the symbology
// identifier counts); a position of 0 means "not from a scan" and is left out of the message.

#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "gemba/core/result.h"

namespace gemba::material::gs1 {

enum class ValueFormat {
  kDigits,      // N: digits only
  kCheckDigit,  // N, the last digit a GS1 mod-10 check digit (SSCC, GTIN, GLN)
  kCset82,      // X: the GS1 AI encodable character set 82
  kDate,        // N6 YYMMDD; DD 00 means the last day of the month
  kDateTime,    // N10 YYMMDDHHMM; an exact day, 24-hour time
};

struct AiSpec {
  // "01", "240", "8004"; for the AIs whose fourth digit is a number of implied decimal places
  // (310n, 320n) the three-digit stem "310".
  std::string_view ai;
  ValueFormat format;
  int min_length;  // of the value, in characters
  int max_length;
  bool decimal_digit;      // the AI is the stem plus one digit 0-5: implied decimal places
  std::string_view title;  // as in the GS1 AI table: "BATCH/LOT", "NET WEIGHT (kg)"
};

// Every accepted AI, in AI order.
std::span<const AiSpec> all_ai_specs();

// The number of digits of an AI that begins with these two digits (GS1 AIs are prefix-free and
// their length follows from their first two digits), or 0 when no GS1 AI begins so.
int ai_length(std::string_view first_two_digits);

// The value length of an AI in the predefined-length table (AIs beginning 00-04, 11-20, 31-36,
// 41); such values are never followed by a GS. 0 for every other AI (variable length, ended by a
// GS or the end of the data).
int predefined_length(std::string_view ai);

struct AiMatch {
  const AiSpec* spec = nullptr;
  int decimals = 0;  // for decimal_digit AIs: the implied decimal places, else 0
};

// The spec of a complete AI ("3103" → NET WEIGHT (kg), 3 decimals). REQUIRES: `ai` is digits.
// Errors (invalid_argument): "unknown AI 987 at position 12", "AI 310: missing decimal-places
// digit", "AI 3106: decimal-places digit 6 is more than 5", "incomplete AI 24 at position 3 ...".
Result<AiMatch> find_ai(std::string_view ai, std::size_t position);

// Checks the characters of `raw` (a value as it appears in the scan, starting at `position`)
// against the AI's character set. With `hri_escapes`, "\(" stands for a literal "(" (the
// parenthesised form's escape). Errors name the character and its position.
Result<void> check_characters(const AiMatch& ai, std::string_view code, std::string_view raw,
                              std::size_t position, bool hri_escapes);

// Checks an (unescaped) value's length, check digit and calendar. `code` is the AI as written
// ("3103"). Two-digit years resolve per `reference_year` (see resolve_year).
Result<void> check_value(const AiMatch& ai, std::string_view code, std::string_view value,
                         std::chrono::year reference_year);

// The GS1 century rule (General Specifications 7.12): YY is within 49 years before to 50 years
// after the reference year. resolve_year(77, 2026y) == 1977y, resolve_year(76, 2026y) == 2076y.
std::chrono::year resolve_year(int yy, std::chrono::year reference_year);

// A YYMMDD value (DD 00: the last day of the month). REQUIRES: check_value accepted it.
std::chrono::year_month_day to_date(std::string_view yymmdd, std::chrono::year reference_year);

// The GS1 mod-10 check digit over `digits` (all but the check digit itself).
int gs1_check_digit(std::string_view digits);

// Whether `c` is in GS1 AI encodable character set 82.
bool is_cset82(char c);

// `c` for a message: "'#'", "space", "GS", "0x07".
std::string describe_character(char c);

// `text` for a message, non-printable bytes shown as <GS>, <0x07>.
std::string printable(std::string_view text);

}  // namespace gemba::material::gs1
