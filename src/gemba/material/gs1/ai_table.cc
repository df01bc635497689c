#include "gemba/material/gs1/ai_table.h"

#include <array>
#include <cstdio>

namespace gemba::material::gs1 {
namespace {

using F = ValueFormat;

// Formats per the GS1 General Specifications' AI table. N18 → {18, 18}, X..20 → {1, 20}.
constexpr std::array kSpecs{
    AiSpec{"00", F::kCheckDigit, 18, 18, false, "SSCC"},
    AiSpec{"01", F::kCheckDigit, 14, 14, false, "GTIN"},
    AiSpec{"02", F::kCheckDigit, 14, 14, false, "CONTENT"},
    AiSpec{"10", F::kCset82, 1, 20, false, "BATCH/LOT"},
    AiSpec{"11", F::kDate, 6, 6, false, "PROD DATE"},
    AiSpec{"12", F::kDate, 6, 6, false, "DUE DATE"},
    AiSpec{"13", F::kDate, 6, 6, false, "PACK DATE"},
    AiSpec{"15", F::kDate, 6, 6, false, "BEST BEFORE"},
    AiSpec{"16", F::kDate, 6, 6, false, "SELL BY"},
    AiSpec{"17", F::kDate, 6, 6, false, "USE BY or EXPIRY"},
    AiSpec{"20", F::kDigits, 2, 2, false, "VARIANT"},
    AiSpec{"21", F::kCset82, 1, 20, false, "SERIAL"},
    AiSpec{"22", F::kCset82, 1, 20, false, "CPV"},
    AiSpec{"240", F::kCset82, 1, 30, false, "ADDITIONAL ID"},
    AiSpec{"241", F::kCset82, 1, 30, false, "CUST. PART No."},
    AiSpec{"250", F::kCset82, 1, 30, false, "SECONDARY SERIAL"},
    AiSpec{"251", F::kCset82, 1, 30, false, "REF. TO SOURCE"},
    AiSpec{"30", F::kDigits, 1, 8, false, "VAR. COUNT"},
    AiSpec{"310", F::kDigits, 6, 6, true, "NET WEIGHT (kg)"},
    AiSpec{"320", F::kDigits, 6, 6, true, "NET WEIGHT (lb)"},
    AiSpec{"37", F::kDigits, 1, 8, false, "COUNT"},
    AiSpec{"400", F::kCset82, 1, 30, false, "ORDER NUMBER"},
    AiSpec{"410", F::kCheckDigit, 13, 13, false, "SHIP TO LOC"},
    AiSpec{"411", F::kCheckDigit, 13, 13, false, "BILL TO"},
    AiSpec{"412", F::kCheckDigit, 13, 13, false, "PURCHASE FROM"},
    AiSpec{"413", F::kCheckDigit, 13, 13, false, "SHIP FOR LOC"},
    AiSpec{"414", F::kCheckDigit, 13, 13, false, "LOC No."},
    AiSpec{"415", F::kCheckDigit, 13, 13, false, "PAY TO"},
    AiSpec{"416", F::kCheckDigit, 13, 13, false, "PROD/SERV LOC"},
    AiSpec{"417", F::kCheckDigit, 13, 13, false, "PARTY"},
    AiSpec{"420", F::kCset82, 1, 20, false, "SHIP TO POST"},
    AiSpec{"7003", F::kDateTime, 10, 10, false, "EXPIRY TIME"},
    AiSpec{"710", F::kCset82, 1, 20, false, "NHRN PZN"},
    AiSpec{"711", F::kCset82, 1, 20, false, "NHRN CIP"},
    AiSpec{"712", F::kCset82, 1, 20, false, "NHRN CN"},
    AiSpec{"713", F::kCset82, 1, 20, false, "NHRN DRN"},
    AiSpec{"714", F::kCset82, 1, 20, false, "NHRN AIM"},
    AiSpec{"715", F::kCset82, 1, 20, false, "NHRN NDC"},
    AiSpec{"8004", F::kCset82, 1, 30, false, "GIAI"},
    AiSpec{"90", F::kCset82, 1, 30, false, "INTERNAL"},
    AiSpec{"91", F::kCset82, 1, 90, false, "INTERNAL"},
    AiSpec{"92", F::kCset82, 1, 90, false, "INTERNAL"},
    AiSpec{"93", F::kCset82, 1, 90, false, "INTERNAL"},
    AiSpec{"94", F::kCset82, 1, 90, false, "INTERNAL"},
    AiSpec{"95", F::kCset82, 1, 90, false, "INTERNAL"},
    AiSpec{"96", F::kCset82, 1, 90, false, "INTERNAL"},
    AiSpec{"97", F::kCset82, 1, 90, false, "INTERNAL"},
    AiSpec{"98", F::kCset82, 1, 90, false, "INTERNAL"},
    AiSpec{"99", F::kCset82, 1, 90, false, "INTERNAL"},
};

constexpr int kMaxDecimals = 5;

constexpr std::array<std::string_view, 12> kMonthNames{
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int two_digits(std::string_view s, std::size_t at) {
  return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

std::string at_position(std::size_t position) {
  return position == 0 ? std::string() : " at position " + std::to_string(position);
}

Error ai_error(std::string_view code, std::string message, std::size_t position = 0) {
  boost::json::object details{{"ai", code}};
  if (position != 0) details["position"] = position;
  return Error::invalid_argument("AI " + std::string(code) + ": " + std::move(message),
                                 std::move(details));
}

Error unknown_ai(std::string_view code, std::size_t position) {
  boost::json::object details{{"ai", code}};
  if (position != 0) details["position"] = position;
  return Error::invalid_argument("unknown AI " + std::string(code) + at_position(position),
                                 std::move(details));
}

std::string days_in(std::chrono::year y, unsigned month) {
  return std::string(kMonthNames[month - 1]) + " " + std::to_string(static_cast<int>(y));
}

unsigned last_day(std::chrono::year y, unsigned month) {
  using namespace std::chrono;
  return static_cast<unsigned>(
      year_month_day_last(y, month_day_last(std::chrono::month(month))).day());
}

// YYMMDD at the start of `v`; day 00 allowed when `day_zero_allowed`.
Result<void> check_date(std::string_view code, std::string_view v, bool day_zero_allowed,
                        std::chrono::year reference_year) {
  const unsigned month = static_cast<unsigned>(two_digits(v, 2));
  const unsigned day = static_cast<unsigned>(two_digits(v, 4));
  if (month < 1 || month > 12) {
    return ai_error(code, "month " + std::string(v.substr(2, 2)) + " is not a month");
  }
  if (day == 0) {
    if (day_zero_allowed) return ok();
    return ai_error(code, "day 00 is not a day (an exact date is required)");
  }
  const std::chrono::year y = resolve_year(two_digits(v, 0), reference_year);
  if (day > last_day(y, month)) {
    return ai_error(code, days_in(y, month) + " has no day " + std::string(v.substr(4, 2)));
  }
  return ok();
}

}  // namespace

std::span<const AiSpec> all_ai_specs() { return kSpecs; }

int ai_length(std::string_view first_two_digits) {
  if (first_two_digits.size() != 2 || !is_digit(first_two_digits[0]) ||
      !is_digit(first_two_digits[1])) {
    return 0;
  }
  const int p = two_digits(first_two_digits, 0);
  if (p <= 4) return 2;
  if (p >= 10 && p <= 22) return 2;
  if (p >= 23 && p <= 25) return 3;
  if (p == 30 || p == 37) return 2;
  if ((p >= 31 && p <= 36) || p == 39) return 4;
  if (p >= 40 && p <= 42) return 3;
  if (p == 43) return 4;
  if (p == 70 || p == 72) return 4;
  if (p == 71) return 3;
  if (p >= 80 && p <= 82) return 4;
  if (p >= 90) return 2;
  return 0;
}

int predefined_length(std::string_view ai) {
  if (ai.size() < 2 || !is_digit(ai[0]) || !is_digit(ai[1])) return 0;
  const int p = two_digits(ai, 0);
  switch (p) {
    case 0: return 18;
    case 1:
    case 2:
    case 3: return 14;
    case 4: return 16;
    case 20: return 2;
    case 41: return 13;
    default: break;
  }
  if (p >= 11 && p <= 19) return 6;
  if (p >= 31 && p <= 36) return 6;
  return 0;
}

Result<AiMatch> find_ai(std::string_view ai, std::size_t position) {
  const std::size_t expected = ai.size() >= 2 ? ai_length(ai.substr(0, 2)) : 0;
  if (ai.size() < 2 || (expected != 0 && ai.size() < expected)) {
    for (const AiSpec& s : kSpecs) {
      if (s.decimal_digit && ai == s.ai) return ai_error(ai, "missing decimal-places digit");
    }
    std::string message = "incomplete AI " + std::string(ai) + at_position(position);
    if (expected != 0) {
      message += " (AIs beginning " + std::string(ai.substr(0, 2)) + " have " +
                 std::to_string(expected) + " digits)";
    }
    boost::json::object details{{"ai", ai}};
    if (position != 0) details["position"] = position;
    return Error::invalid_argument(std::move(message), std::move(details));
  }
  if (expected == 0 || ai.size() != expected) return unknown_ai(ai, position);
  for (const AiSpec& s : kSpecs) {
    if (s.decimal_digit) {
      if (ai.size() != s.ai.size() + 1 || ai.substr(0, s.ai.size()) != s.ai) continue;
      const int decimals = ai.back() - '0';
      if (decimals > kMaxDecimals) {
        return ai_error(ai, "decimal-places digit " + std::to_string(decimals) + " is more than " +
                                std::to_string(kMaxDecimals));
      }
      return AiMatch{&s, decimals};
    }
    if (ai == s.ai) return AiMatch{&s, 0};
  }
  return unknown_ai(ai, position);
}

Result<void> check_characters(const AiMatch& ai, std::string_view code, std::string_view raw,
                              std::size_t position, bool hri_escapes) {
  const bool alphanumeric = ai.spec->format == ValueFormat::kCset82;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (alphanumeric) {
      if (is_cset82(c)) continue;
      if (hri_escapes && c == '\\' && i + 1 < raw.size() && raw[i + 1] == '(') {
        ++i;
        continue;
      }
    } else if (is_digit(c)) {
      continue;
    }
    const std::size_t at = position == 0 ? 0 : position + i;
    const std::string where =
        position == 0 ? " (character " + std::to_string(i + 1) + " of the value)" : at_position(at);
    return ai_error(
        code,
        "character " + describe_character(c) + where +
            (alphanumeric ? " is not allowed (GS1 character set 82)" : " is not a digit"),
        at);
  }
  return ok();
}

Result<void> check_value(const AiMatch& ai, std::string_view code, std::string_view value,
                         std::chrono::year reference_year) {
  const AiSpec& s = *ai.spec;
  const std::size_t n = value.size();
  if (n == 0) return ai_error(code, "value is empty");
  const bool text = s.format == ValueFormat::kCset82;
  const std::string unit =
      text ? (n == 1 ? " character" : " characters") : (n == 1 ? " digit" : " digits");
  if (s.min_length == s.max_length && n != static_cast<std::size_t>(s.min_length)) {
    return ai_error(code, "value is " + std::to_string(n) + unit + ", expected " +
                              std::to_string(s.min_length));
  }
  if (n > static_cast<std::size_t>(s.max_length)) {
    return ai_error(
        code, "value is " + std::to_string(n) + unit + ", at most " + std::to_string(s.max_length));
  }
  switch (s.format) {
    case ValueFormat::kDigits:
    case ValueFormat::kCset82: return ok();
    case ValueFormat::kCheckDigit: {
      const int expected = gs1_check_digit(value.substr(0, n - 1));
      const int actual = value.back() - '0';
      if (actual != expected) {
        return ai_error(code, "check digit is " + std::to_string(actual) + ", expected " +
                                  std::to_string(expected));
      }
      return ok();
    }
    case ValueFormat::kDate: return check_date(code, value, true, reference_year);
    case ValueFormat::kDateTime: {
      GEMBA_RETURN_IF_ERROR(check_date(code, value, false, reference_year));
      if (two_digits(value, 6) > 23) {
        return ai_error(code,
                        "hour " + std::string(value.substr(6, 2)) + " is not an hour (00-23)");
      }
      if (two_digits(value, 8) > 59) {
        return ai_error(code,
                        "minute " + std::string(value.substr(8, 2)) + " is not a minute (00-59)");
      }
      return ok();
    }
  }
  return ok();
}

std::chrono::year resolve_year(int yy, std::chrono::year reference_year) {
  const int reference = static_cast<int>(reference_year);
  const int reference_yy = ((reference % 100) + 100) % 100;
  const int century = reference - reference_yy;
  const int difference = yy - reference_yy;
  if (difference >= 51) return std::chrono::year(century - 100 + yy);
  if (difference <= -50) return std::chrono::year(century + 100 + yy);
  return std::chrono::year(century + yy);
}

std::chrono::year_month_day to_date(std::string_view yymmdd, std::chrono::year reference_year) {
  using namespace std::chrono;
  const year y = resolve_year(two_digits(yymmdd, 0), reference_year);
  const month m(static_cast<unsigned>(two_digits(yymmdd, 2)));
  const unsigned d = static_cast<unsigned>(two_digits(yymmdd, 4));
  if (d == 0) return year_month_day(year_month_day_last(y, month_day_last(m)));
  return year_month_day(y, m, day(d));
}

int gs1_check_digit(std::string_view digits) {
  int sum = 0;
  int weight = 3;  // the digit next to the check digit weighs 3, then 1, 3, ...
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = 4 - weight;
  }
  return (10 - sum % 10) % 10;
}

bool is_cset82(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return true;
  switch (c) {
    case '!':
    case '"':
    case '%':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case '-':
    case '.':
    case '/':
    case ':':
    case ';':
    case '<':
    case '=':
    case '>':
    case '?':
    case '_': return true;
    default: return false;
  }
}

std::string describe_character(char c) {
  if (c == ' ') return "space";
  if (c == '\x1d') return "GS";
  const auto u = static_cast<unsigned char>(c);
  if (u > 0x20 && u < 0x7f) return std::string("'") + c + "'";
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", u);
  return hex;
}

std::string printable(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) {
      out += c;
    } else {
      out += "<" + describe_character(c) + ">";
    }
  }
  return out;
}

}  // namespace gemba::material::gs1
