#include "gemba/material/gs1/gs1.h"

#include <array>
#include <utility>

#include "gemba/material/gs1/ai_table.h"

namespace gemba::material::gs1 {
namespace {

// Longer than any GS1 barcode carries (a GS1 QR Code holds at most a few thousand characters).
constexpr std::size_t kMaxScanLength = 8192;

constexpr std::array<std::string_view, 4> kGs1Symbologies{"]C1", "]d2", "]Q3", "]e0"};

constexpr std::array<double, 6> kPowersOfTen{1, 10, 100, 1000, 10000, 100000};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

std::uint64_t to_number(std::string_view digits) {
  std::uint64_t n = 0;
  for (char c : digits) n = n * 10 + static_cast<std::uint64_t>(c - '0');
  return n;
}

// The number of AI digits when `text` has "(" + 2-4 digits + ")" at `at`, else 0.
std::size_t hri_ai_at(std::string_view text, std::size_t at) {
  if (at >= text.size() || text[at] != '(') return 0;
  std::size_t digits = 0;
  while (at + 1 + digits < text.size() && digits <= 4 && is_digit(text[at + 1 + digits])) {
    ++digits;
  }
  if (digits < 2 || digits > 4) return 0;
  const std::size_t close = at + 1 + digits;
  return close < text.size() && text[close] == ')' ? digits : 0;
}

Error scan_error(std::string message, std::size_t position) {
  return Error::invalid_argument(std::move(message), {{"position", position}});
}

Error symbology_error(std::string_view identifier) {
  return Error::invalid_argument(
      "symbology " + printable(identifier) + " is not GS1 (no FNC1 in first position)",
      {{"symbology", printable(identifier)}});
}

void set_field(Scan& scan, const AiMatch& match, const std::string& value,
               std::chrono::year reference_year) {
  const std::string_view ai = match.spec->ai;
  if (ai == "00") {
    scan.sscc = value;
  } else if (ai == "01") {
    scan.gtin = value;
  } else if (ai == "02") {
    scan.contained_gtin = value;
  } else if (ai == "10") {
    scan.lot = value;
  } else if (ai == "21") {
    scan.serial = value;
  } else if (ai == "11") {
    scan.production_date = to_date(value, reference_year);
  } else if (ai == "13") {
    scan.packaging_date = to_date(value, reference_year);
  } else if (ai == "15") {
    scan.best_before = to_date(value, reference_year);
  } else if (ai == "17") {
    scan.expiry = to_date(value, reference_year);
  } else if (ai == "30") {
    scan.variable_count = static_cast<std::uint32_t>(to_number(value));
  } else if (ai == "37") {
    scan.contained_count = static_cast<std::uint32_t>(to_number(value));
  } else if (ai == "310" || ai == "320") {
    const bool kg = ai == "310";
    if (kg || !scan.net_weight) {
      scan.net_weight =
          NetWeight{static_cast<double>(to_number(value)) / kPowersOfTen[match.decimals],
                    match.decimals, kg ? "kg" : "lb"};
    }
  } else if (ai == "240") {
    scan.additional_product_id = value;
  } else if (ai == "400") {
    scan.customer_po = value;
  } else if (ai == "8004") {
    scan.giai = value;
  } else if (ai.size() == 2 && ai[0] == '9') {
    scan.internal[(ai[0] - '0') * 10 + (ai[1] - '0')] = value;
  }
}

// Appends a checked element to `scan` unless the same AI with the same value is already there.
Result<void> add_element(Scan& scan, const AiMatch& match, std::string_view code, std::string value,
                         std::chrono::year reference_year) {
  for (const Element& e : scan.elements) {
    if (e.ai == code) {
      if (e.value == value) return ok();
      return Error::invalid_argument("AI " + std::string(code) +
                                         " appears twice with different values (" + e.value +
                                         " and " + value + ")",
                                     {{"ai", code}});
    }
    if (match.spec->decimal_digit && e.ai.size() == code.size() &&
        e.ai.compare(0, match.spec->ai.size(), match.spec->ai) == 0) {
      return Error::invalid_argument("AI " + e.ai + " and AI " + std::string(code) +
                                         " both give the " + std::string(match.spec->title),
                                     {{"ai", code}});
    }
  }
  set_field(scan, match, value, reference_year);
  scan.elements.push_back(Element{std::string(code), std::move(value)});
  return ok();
}

std::string unescape_hri(std::string_view raw) {
  std::string value;
  value.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size() && raw[i + 1] == '(') continue;
    value += raw[i];
  }
  return value;
}

// One scan, parsed once. Positions are 0-based indexes into input_; messages add 1.
class ScanParser {
 public:
  ScanParser(std::string_view input, std::chrono::year reference_year)
      : input_(input), reference_year_(reference_year) {}

  Result<Scan> parse() && {
    while (!input_.empty() && (input_.back() == '\r' || input_.back() == '\n')) {
      input_.remove_suffix(1);
    }
    if (input_.empty()) return Error::invalid_argument("empty scan");
    if (input_.size() > kMaxScanLength) {
      return Error::invalid_argument("scan is " + std::to_string(input_.size()) +
                                     " characters, at most " + std::to_string(kMaxScanLength));
    }
    std::size_t i = 0;
    if (input_[0] == ']') {
      if (input_.size() < 3) {
        return Error::invalid_argument("symbology identifier " + printable(input_) +
                                       " is incomplete (expected 3 characters, such as ]d2)");
      }
      const std::string_view identifier = input_.substr(0, 3);
      if (!is_gs1_symbology(identifier)) return symbology_error(identifier);
      scan_.symbology = std::string(identifier);
      i = 3;
    }
    if (i < input_.size() && input_[i] == kGroupSeparator) ++i;  // FNC1 in first position
    if (i == input_.size()) {
      return Error::invalid_argument(scan_.symbology.empty()
                                         ? std::string("empty scan")
                                         : "empty scan (only the symbology identifier " +
                                               scan_.symbology + ")");
    }
    GEMBA_RETURN_IF_ERROR(input_[i] == '(' ? parse_human_readable(i) : parse_raw(i));
    return std::move(scan_);
  }

 private:
  Result<void> parse_raw(std::size_t i) {
    const std::size_t n = input_.size();
    bool gs_tolerated = false;  // a GS after a predefined-length value is harmless
    while (i < n) {
      if (input_[i] == kGroupSeparator) {
        if (!gs_tolerated) {
          return scan_error(
              "unexpected GS at position " + std::to_string(i + 1) + " (an AI was expected)",
              i + 1);
        }
        gs_tolerated = false;
        ++i;
        continue;
      }
      if (!is_digit(input_[i])) {
        return scan_error("expected an AI at position " + std::to_string(i + 1) + ", found " +
                              describe_character(input_[i]),
                          i + 1);
      }
      std::size_t ai_digits = static_cast<std::size_t>(ai_length(input_.substr(i, 2)));
      if (ai_digits == 0) ai_digits = 2;
      std::size_t j = i;
      while (j < n && j - i < ai_digits && is_digit(input_[j])) ++j;
      const std::string_view code = input_.substr(i, j - i);
      const std::size_t fixed = static_cast<std::size_t>(predefined_length(code));
      std::size_t end = j;
      if (fixed != 0) {
        while (end < n && end - j < fixed && input_[end] != kGroupSeparator) ++end;
      } else {
        while (end < n && input_[end] != kGroupSeparator) ++end;
      }
      GEMBA_RETURN_IF_ERROR(add(code, i, input_.substr(j, end - j), j, false));
      gs_tolerated = fixed != 0;
      i = (fixed == 0 && end < n) ? end + 1 : end;  // a variable-length value's GS is its end
    }
    return ok();
  }

  Result<void> parse_human_readable(std::size_t i) {
    const std::size_t n = input_.size();
    while (i < n) {
      const std::size_t ai_digits = hri_ai_at(input_, i);
      if (ai_digits == 0) {
        return scan_error(
            "expected an AI in parentheses, such as (01), at position " + std::to_string(i + 1),
            i + 1);
      }
      const std::size_t value_start = i + ai_digits + 2;
      std::size_t end = value_start;
      while (end < n && !(hri_ai_at(input_, end) != 0 && input_[end - 1] != '\\')) ++end;
      GEMBA_RETURN_IF_ERROR(add(input_.substr(i + 1, ai_digits), i + 1,
                                input_.substr(value_start, end - value_start), value_start, true));
      i = end;
    }
    return ok();
  }

  Result<void> add(std::string_view code, std::size_t code_at, std::string_view raw,
                   std::size_t value_at, bool human_readable) {
    GEMBA_TRY(match, find_ai(code, code_at + 1));
    GEMBA_RETURN_IF_ERROR(check_characters(match, code, raw, value_at + 1, human_readable));
    std::string value = human_readable ? unescape_hri(raw) : std::string(raw);
    GEMBA_RETURN_IF_ERROR(check_value(match, code, value, reference_year_));
    return add_element(scan_, match, code, std::move(value), reference_year_);
  }

  std::string_view input_;
  const std::chrono::year reference_year_;
  Scan scan_;
};

}  // namespace

std::optional<std::string_view> Scan::find(std::string_view ai) const {
  for (const Element& e : elements) {
    if (e.ai == ai) return std::string_view(e.value);
  }
  return std::nullopt;
}

bool is_gs1_symbology(std::string_view identifier) {
  for (std::string_view s : kGs1Symbologies) {
    if (identifier == s) return true;
  }
  return false;
}

Result<Scan> parse_scan(std::string_view input, std::chrono::year reference_year) {
  return ScanParser(input, reference_year).parse();
}

std::string format_human_readable(std::span<const Element> elements) {
  std::string out;
  for (const Element& e : elements) {
    out += '(';
    out += e.ai;
    out += ')';
    for (std::size_t i = 0; i < e.value.size(); ++i) {
      if (hri_ai_at(e.value, i) != 0) out += '\\';  // would read as the start of an AI
      out += e.value[i];
    }
  }
  return out;
}

Result<std::string> build_element_string(std::span<const Element> elements,
                                         std::chrono::year reference_year,
                                         std::string_view symbology) {
  if (elements.empty()) return Error::invalid_argument("nothing to encode: no elements");
  if (!symbology.empty() && !is_gs1_symbology(symbology)) return symbology_error(symbology);
  Scan checked;
  std::string out(symbology);
  for (std::size_t k = 0; k < elements.size(); ++k) {
    const Element& e = elements[k];
    if (e.ai.size() < 2 || e.ai.size() > 4 || !all_digits(e.ai)) {
      return Error::invalid_argument("\"" + printable(e.ai) + "\" is not an AI (2 to 4 digits)",
                                     {{"ai", printable(e.ai)}});
    }
    GEMBA_TRY(match, find_ai(e.ai, 0));
    for (std::size_t earlier = 0; earlier < k; ++earlier) {
      if (elements[earlier].ai == e.ai) {
        return Error::invalid_argument("AI " + e.ai + " appears twice", {{"ai", e.ai}});
      }
    }
    GEMBA_RETURN_IF_ERROR(check_characters(match, e.ai, e.value, 0, false));
    GEMBA_RETURN_IF_ERROR(check_value(match, e.ai, e.value, reference_year));
    GEMBA_RETURN_IF_ERROR(add_element(checked, match, e.ai, e.value, reference_year));
    out += e.ai;
    out += e.value;
    if (predefined_length(e.ai) == 0 && k + 1 < elements.size()) out += kGroupSeparator;
  }
  return out;
}

}  // namespace gemba::material::gs1
