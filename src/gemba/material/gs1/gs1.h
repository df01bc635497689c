#pragma once
// GS1 element strings as handheld scanners deliver them, and as our label printer encodes them.
//
// A scan is a sequence of elements, each a GS1 Application Identifier (AI) and its value:
//
//   ]d2 01 09506000134352 17 260331 10 ABC123          (spaces added for reading)
//
// parse_scan accepts what a scanner or a person may send:
//   - the raw element string, FNC1 transmitted as GS (0x1D) after each variable-length value
//     that is not last; values of the predefined-length AIs (00-04, 11-20, 31-36, 41) need none;
//   - optionally preceded by a GS1 AIM symbology identifier: ]C1 (GS1-128), ]d2 (GS1
//     DataMatrix), ]Q3 (GS1 QR Code) or ]e0 (GS1 DataBar); any other identifier is refused;
//   - optionally a leading GS (some scanners transmit the FNC1 in first position);
//   - the human-readable form "(01)09506000134352(17)260331(10)ABC123"; in it, a "(" in a value
//     that would read as the start of an AI, e.g. "(21)", is written "\(";
//   - trailing CR/LF from keyboard-wedge scanners, and a GS after a predefined-length value or at
//     the end, are ignored.
// Accepted AIs: 00, 01, 02, 10, 11, 12, 13, 15, 16, 17, 20, 21, 22, 240, 241, 250, 251, 30,
// 3100-3105, 3200-3205, 37, 400, 410-417, 420, 7003, 710-715, 8004, 90-99 (ai_table.cc); any
// other is refused as unknown. Every value is checked against its AI's format: length, digits or
// GS1 character set 82, check digit (00, 01, 02, 410-417), calendar (11-17, 7003); and 310n or
// 320n may appear with one number of decimals only. An AI seen twice with the same value is
// kept once; with different values it is an error. AI pairing rules (e.g. 10 needs 01) are not
// checked: they apply over all the barcodes on an item, not to one scan.
//
// Errors are invalid_argument with a message a person at the scanner can act on, naming the AI
// and, where it helps, the 1-based character position in the scan as delivered ("unknown AI 987
// at position 12"); details carry "ai" and "position" when known.
//
// All functions are pure (no I/O, no clock: the year that decides two-digit years is passed in)
// and safe to call concurrently.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/result.h"

namespace gemba::material::gs1 {

// FNC1 as scanners transmit it between elements.
inline constexpr char kGroupSeparator = '\x1d';

// One element: the AI as written ("01", "3103", "91") and its value as scanned.
struct Element {
  std::string ai;
  std::string value;

  friend bool operator==(const Element&, const Element&) = default;
};

// AI 310n (kg) or 320n (lb): six digits with n implied decimal places.
struct NetWeight {
  double value = 0;       // 1.25 for 3103 001250
  int decimals = 0;       // n, 0-5
  std::string_view unit;  // "kg" or "lb" (static strings)

  friend bool operator==(const NetWeight&, const NetWeight&) = default;
};

// A parsed scan: the elements in scan order, each AI once, and typed fields for what the
// materials module uses. A field is set exactly when its AI is among `elements`.
struct Scan {
  std::string symbology;          // "]d2", "]C1", "]Q3", "]e0", or empty when none was sent
  std::vector<Element> elements;  // never empty

  std::optional<std::string> sscc;            // 00, 18 digits
  std::optional<std::string> gtin;            // 01, GTIN-14
  std::optional<std::string> contained_gtin;  // 02, GTIN-14 of the contained trade items
  std::optional<std::string> lot;             // 10
  std::optional<std::string> serial;          // 21
  std::optional<std::chrono::year_month_day> production_date;  // 11
  std::optional<std::chrono::year_month_day> packaging_date;   // 13
  std::optional<std::chrono::year_month_day> best_before;      // 15
  std::optional<std::chrono::year_month_day> expiry;           // 17; DD 00 → last of the month
  std::optional<std::uint32_t> variable_count;                 // 30
  std::optional<std::uint32_t> contained_count;                // 37
  std::optional<NetWeight> net_weight;  // 310n, else 320n (kg wins when both are present)
  std::optional<std::string> additional_product_id;  // 240
  std::optional<std::string> customer_po;            // 400
  std::optional<std::string> giai;                   // 8004
  std::map<int, std::string> internal;               // 90-99 by AI: internal[91] == "C-000123"

  // The value of `ai` ("01", "3103"), if present.
  std::optional<std::string_view> find(std::string_view ai) const;

  friend bool operator==(const Scan&, const Scan&) = default;
};

// The AIM symbology identifiers of the GS1 symbologies: "]C1", "]d2", "]Q3", "]e0".
bool is_gs1_symbology(std::string_view identifier);

// Parses one scan (see the top of this file). Two-digit years resolve per the GS1 rule relative to
// `reference_year` (normally the current year): from 49 years before to 50 years after it.
// Errors: invalid_argument, e.g. "empty scan", "symbology ]Q1 is not GS1 (no FNC1 in first
// position)", "unknown AI 987 at position 12", "AI 17: month 13 is not a month", "AI 01: check
// digit is 3, expected 2", "AI 10: value is 24 characters, at most 20", "AI 310: missing
// decimal-places digit", "AI 10 appears twice with different values (A1 and B2)".
Result<Scan> parse_scan(std::string_view input, std::chrono::year reference_year);

// The human-readable form: "(01)09506000134352(17)260331(10)ABC123". parse_scan reads it back
// to the same elements. REQUIRES: elements as parse_scan or build_element_string accept them.
std::string format_human_readable(std::span<const Element> elements);

// The element string to encode in a barcode, in the given order: `symbology` (empty, or one of
// is_gs1_symbology's, for a scanner-like string), each AI and value, and a GS after every
// variable-length value except the last. Checks every element as parse_scan does (position in
// messages: within the value); refuses no elements, an AI given twice, or a non-GS1 symbology.
//   build_element_string(std::vector<Element>{{"91", "C-000123"}}, 2026y)  →  "91C-000123"
Result<std::string> build_element_string(std::span<const Element> elements,
                                         std::chrono::year reference_year,
                                         std::string_view symbology = {});

}  // namespace gemba::material::gs1
