#pragma once
// What a container label says, and the size of the label it is printed on. The materials service
// fills LabelContent from its records; the renderers (label_zpl.h for Zebra printers, label_pdf.h
// for office printers and the archive) draw the same design from it (label_design.h).
//
// Two kinds of label: a dispensed label (a weighed quantity of a lot, for a batch step) and a
// container label (a received container, its lot status in big letters: QUARANTINE, RELEASED…).
// Both carry a GS1 DataMatrix of `barcode` and print its human-readable form beneath it.

#include <chrono>
#include <optional>
#include <string>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"

namespace gemba::material {

enum class LabelKind { kDispensed, kContainer };

// A quantity as the label prints it: the number already formatted to the precision of its unit
// (the label never rounds), then the unit. Prints as "12.345 kg".
struct LabelQuantity {
  std::string value;  // "12.345"
  std::string unit;   // "kg"
};

// All text is UTF-8. Control characters print as spaces and invalid UTF-8 as '?'; characters the
// output's font cannot show print as '?' (see LabelLayout).
struct LabelContent {
  LabelKind kind = LabelKind::kContainer;

  std::string container_id;   // required: our internal id, "C-000123"
  std::string material_code;  // required: "MAT-0042"
  std::string material_name;  // "Microcrystalline cellulose PH 102"
  std::string lot_number;     // required: the internal lot, "L-2026-0042"
  std::optional<std::string> supplier_lot;

  // Required. For a dispensed label the dispensed (net) quantity; for a container what it holds.
  LabelQuantity quantity;
  // Dispensed labels: the weighing, when it was recorded. Ignored on container labels.
  std::optional<LabelQuantity> gross;
  std::optional<LabelQuantity> tare;
  std::optional<LabelQuantity> net;

  std::string batch_number;  // dispensed: required, "PCM-2026-0042"
  std::string step;          // dispensed: optional, "0030 Dispense API"

  // Who printed the label and when: "Anna Operator (aoperator)", "2026-11-25 08:01:00 UTC".
  std::string user_display_name;  // required
  std::string username;           // required
  Timestamp labelled_at;

  std::optional<std::chrono::year_month_day> expiry;  // must be a valid date when present
  std::optional<std::chrono::year_month_day> retest;

  std::string lot_status;  // container: required, printed as given ("QUARANTINE")
  std::optional<std::string> storage_conditions;  // "Store below 25 °C, protect from light"

  // Required: a GS1 element string in its human-readable form, each application identifier in
  // parentheses: "(91)C-000123(10)L-2026-0042". Encoded as a GS1 DataMatrix (datamatrix.h).
  std::string barcode;
};

// The label stock. The design is drawn for 4 × 3 inch at 203 dpi (812 × 609 dots) and scaled to
// other sizes by the smaller of the two ratios, so a different aspect ratio leaves space unused.
// The PDF page has the label's physical size (width_dots / dpi inches).
struct LabelLayout {
  int width_dots = 812;   // 4 inch at 203 dpi
  int height_dots = 609;  // 3 inch
  int dpi = 203;          // 150–600

  // PDF only: TrueType fonts (e.g. DejaVuSans.ttf and DejaVuSans-Bold.ttf) embedded in the PDF
  // so that any character of the fonts prints. Both or neither. Empty: the PDF's built-in
  // Helvetica, which shows Latin-1 and the WinAnsi typographic characters; others print as '?'.
  std::string pdf_regular_font_file;
  std::string pdf_bold_font_file;
};

// invalid_argument naming the first missing or bad field (details: {"field": name}); the
// renderers call it first.
Result<void> validate_label(const LabelContent& content, const LabelLayout& layout);

// "2026-11-25 08:01:00 UTC" (ISO 8601 date and time, to the second, in UTC).
std::string format_label_time(Timestamp t);
// "2027-05-31". REQUIRES: date.ok().
std::string format_label_date(std::chrono::year_month_day date);
// "12.345 kg".
std::string format_label_quantity(const LabelQuantity& q);

}  // namespace gemba::material
