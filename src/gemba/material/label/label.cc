#include "gemba/material/label/label.h"

#include <cstdio>

#include "gemba/core/time.h"

namespace gemba::material {
namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

Error missing(const char* field, const char* what) {
  return Error::invalid_argument(std::string("The label needs ") + what + ".", {{"field", field}});
}

}  // namespace

Result<void> validate_label(const LabelContent& c, const LabelLayout& layout) {
  if (layout.dpi < 150 || layout.dpi > 600) {
    return Error::invalid_argument("The label resolution must be between 150 and 600 dpi, not " +
                                       std::to_string(layout.dpi) + ".",
                                   {{"field", "layout.dpi"}});
  }
  // Half the reference design (2 × 1.5 inch) is the smallest that stays legible.
  if (layout.width_dots * 2 < 812 * layout.dpi / 203 ||
      layout.height_dots * 2 < 609 * layout.dpi / 203) {
    return Error::invalid_argument("The label is too small: it must be at least 2 × 1.5 inch.",
                                   {{"field", "layout.width_dots"}});
  }
  if (layout.width_dots > 20 * layout.dpi || layout.height_dots > 20 * layout.dpi) {
    return Error::invalid_argument("The label is too large: at most 20 inch on a side.",
                                   {{"field", "layout.width_dots"}});
  }
  if (layout.pdf_regular_font_file.empty() != layout.pdf_bold_font_file.empty()) {
    return Error::invalid_argument("Give both PDF fonts (regular and bold) or neither.",
                                   {{"field", "layout.pdf_bold_font_file"}});
  }
  if (blank(c.container_id)) return missing("container_id", "a container id");
  if (blank(c.material_code)) return missing("material_code", "a material code");
  if (blank(c.lot_number)) return missing("lot_number", "a lot number");
  if (blank(c.quantity.value) || blank(c.quantity.unit)) {
    return missing("quantity", "a quantity with its unit");
  }
  if (blank(c.user_display_name) || blank(c.username)) {
    return missing("user", "the name and user name of who labels the container");
  }
  if (c.kind == LabelKind::kDispensed && blank(c.batch_number)) {
    return missing("batch_number", "the batch the material is dispensed for");
  }
  if (c.kind == LabelKind::kContainer && blank(c.lot_status)) {
    return missing("lot_status", "the lot status (QUARANTINE, RELEASED…)");
  }
  if (c.expiry && !c.expiry->ok()) return missing("expiry", "a valid expiry date");
  if (c.retest && !c.retest->ok()) return missing("retest", "a valid retest date");
  if (blank(c.barcode)) return missing("barcode", "barcode data (a GS1 element string)");
  return ok();
}

std::string format_label_time(Timestamp t) {
  // format_rfc3339: "2026-11-25T08:01:00.123456Z".
  std::string s = format_rfc3339(t).substr(0, 19);
  s[10] = ' ';
  return s + " UTC";
}

std::string format_label_date(std::chrono::year_month_day date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

std::string format_label_quantity(const LabelQuantity& q) { return q.value + " " + q.unit; }

}  // namespace gemba::material
