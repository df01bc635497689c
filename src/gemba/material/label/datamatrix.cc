#include "gemba/material/label/datamatrix.h"

#include <zint.h>

#include <cctype>
#include <cstring>
#include <memory>

namespace gemba::material {
namespace {

struct Element {
  std::string ai;
  std::string data;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The length of an AI in parentheses at `s[i]` ("(10)" → 4), or 0 if none starts there.
std::size_t ai_at(std::string_view s, std::size_t i) {
  if (s[i] != '(') return 0;
  std::size_t j = i + 1;
  while (j < s.size() && is_digit(s[j]) && j - i - 1 < 4) ++j;
  const std::size_t digits = j - i - 1;
  if (digits < 2 || j >= s.size() || s[j] != ')') return 0;
  return digits + 2;
}

Error bad_barcode(std::string_view data, std::string message, std::string zint_text = {}) {
  boost::json::object details{{"field", "barcode"}, {"barcode", data}};
  if (!zint_text.empty()) details["zint"] = zint_text;
  return Error::invalid_argument(std::move(message), std::move(details));
}

Result<std::vector<Element>> split_elements(std::string_view s) {
  if (s.empty()) {
    return bad_barcode(s,
                       "The barcode data is empty: it needs a GS1 element string such as "
                       "\"(91)C-000123(10)L-2026-0042\".");
  }
  if (ai_at(s, 0) == 0) {
    return bad_barcode(s,
                       "The barcode data must start with an application identifier in "
                       "parentheses, such as \"(91)\".");
  }
  std::vector<Element> elements;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t len = ai_at(s, i);
    if (len != 0) {
      elements.push_back({std::string(s.substr(i + 1, len - 2)), {}});
      i += len;
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c <= 0x20 || c >= 0x7F || c == '[' || c == ']') {
      const std::string shown =
          c > 0x20 && c < 0x7F ? std::string(1, static_cast<char>(c)) : "byte " + std::to_string(c);
      return bad_barcode(s, "The barcode data for AI (" + elements.back().ai +
                                ") holds a character a GS1 barcode cannot carry (" + shown +
                                "); only printable ASCII without spaces is allowed.");
    }
    elements.back().data += static_cast<char>(c);
    ++i;
  }
  for (const auto& e : elements) {
    if (e.data.empty()) return bad_barcode(s, "The barcode has no data for AI (" + e.ai + ").");
  }
  return elements;
}

// zint's "Error 259: Invalid data length for AI (01)" as "invalid data length for AI (01)".
std::string zint_reason(const char* errtxt) {
  std::string text(errtxt);
  const auto colon = text.find(": ");
  if (colon != std::string::npos &&
      (text.rfind("Error ", 0) == 0 || text.rfind("Warning ", 0) == 0)) {
    text.erase(0, colon + 2);
  }
  if (text.size() > 1 && std::isupper(static_cast<unsigned char>(text[0])) &&
      std::islower(static_cast<unsigned char>(text[1]))) {
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  }
  return text;
}

struct ZintDeleter {
  void operator()(zint_symbol* s) const { ZBarcode_Delete(s); }
};

Result<ModuleMatrix> encode_elements(std::string_view human_readable,
                                     const std::vector<Element>& elements) {
  std::string bracketed;
  for (const auto& e : elements) bracketed += "[" + e.ai + "]" + e.data;

  std::unique_ptr<zint_symbol, ZintDeleter> symbol(ZBarcode_Create());
  if (!symbol) return Error::internal("The barcode library could not start (out of memory).");
  symbol->symbology = BARCODE_DATAMATRIX;
  symbol->input_mode = GS1_MODE;
  symbol->option_3 = DM_SQUARE;
  symbol->warn_level = WARN_FAIL_ALL;  // a GS1 lint warning is an error on a GMP label
  const int rc =
      ZBarcode_Encode(symbol.get(), reinterpret_cast<const unsigned char*>(bracketed.data()),
                      static_cast<int>(bracketed.size()));
  if (rc >= ZINT_ERROR) {
    if (rc == ZINT_ERROR_MEMORY || rc == ZINT_ERROR_ENCODING_PROBLEM) {
      return Error::internal("The barcode library failed: " + zint_reason(symbol->errtxt) + ".");
    }
    return bad_barcode(
        human_readable,
        "The barcode data is not a valid GS1 element string: " + zint_reason(symbol->errtxt) + ".",
        symbol->errtxt);
  }
  const int rows = symbol->rows;
  const int width = symbol->width;
  if (rows <= 0 || width <= 0 || rows != width || rows > 144) {
    return Error::internal("The barcode library returned a symbol of an unexpected shape.",
                           {{"rows", rows}, {"width", width}});
  }
  ModuleMatrix matrix(static_cast<std::size_t>(rows), std::vector<bool>(width, false));
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < width; ++c) {
      // zint packs eight modules per byte, the first in the lowest bit.
      matrix[r][c] = ((symbol->encoded_data[r][c >> 3] >> (c & 7)) & 1) != 0;
    }
  }
  return matrix;
}

// AIs whose first two digits fix their length (GS1 General Specifications, "predefined length"
// table): no FNC1 separator follows them.
bool predefined_length(const std::string& ai) {
  static constexpr const char* kPrefixes[] = {"00", "01", "02", "03", "04", "11", "12", "13",
                                              "14", "15", "16", "17", "18", "19", "20", "31",
                                              "32", "33", "34", "35", "36", "41"};
  for (const char* p : kPrefixes) {
    if (ai.compare(0, 2, p) == 0) return true;
  }
  return false;
}

}  // namespace

Result<ModuleMatrix> encode_gs1_datamatrix(std::string_view human_readable) {
  GEMBA_TRY(elements, split_elements(human_readable));
  return encode_elements(human_readable, elements);
}

Result<std::string> gs1_zpl_datamatrix_data(std::string_view human_readable) {
  GEMBA_TRY(elements, split_elements(human_readable));
  GEMBA_RETURN_IF_ERROR(encode_elements(human_readable, elements));  // the same checks
  std::string out = "_1";
  for (std::size_t i = 0; i < elements.size(); ++i) {
    out += elements[i].ai;
    for (char c : elements[i].data) {
      out += c;
      if (c == '_') out += '_';
    }
    if (i + 1 < elements.size() && !predefined_length(elements[i].ai)) out += "_1";
  }
  return out;
}

}  // namespace gemba::material
