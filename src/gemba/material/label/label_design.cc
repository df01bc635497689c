#include "gemba/material/label/label_design.h"

#include <algorithm>
#include <cmath>

#include "gemba/material/label/label_text.h"

namespace gemba::material {
namespace {

// The reference design: 4 × 3 inch at 203 dpi, in dots. Everything is scaled from it.
constexpr double kRefWidth = 812;
constexpr double kRefHeight = 609;
constexpr double kMargin = 16;
constexpr double kBandHeight = 84;
constexpr double kBandTitleSize = 60;
constexpr double kBandIdSize = 42;
constexpr double kBandPad = 12;
constexpr double kBodyTop = kMargin + kBandHeight + 12;
constexpr double kColumnWidth = 230;  // the DataMatrix and its human-readable text, at the right
constexpr double kColumnGap = 14;
constexpr double kModule = 7;       // dots per module at most (0.9 mm at 203 dpi)
constexpr double kMaxSymbol = 190;  // the symbol's side at most
constexpr double kHumanReadableSize = 20;
constexpr int kHumanReadableLines = 3;
constexpr double kCaptionSize = 22;
constexpr double kCaptionWidth = 156;        // first caption of a row; values align after it
constexpr double kSecondCaptionWidth = 100;  // the caption of a row's second pair
constexpr double kPairGap = 14;
constexpr std::size_t kOneLineWho = 40;  // bytes of "Name (username)" that surely fit one line

struct Pair {
  std::string caption;
  std::string value;
};

// One line (or paragraph) of the body: caption/value pairs, or a text without caption.
struct Row {
  std::vector<Pair> pairs;
  std::string text;  // when pairs is empty
  double size = 30;  // font size of the values
  int lines = 1;
  bool bold = true;
  double gap_after = 4;
};

class Scaler {
 public:
  explicit Scaler(double s) : s_(s) {}
  int operator()(double ref) const { return static_cast<int>(std::lround(ref * s_)); }

 private:
  double s_;
};

// "(91)C-000123(10)L-0042" → "(91)C-000123 (10)L-0042", so that it wraps between elements.
std::string spaced_human_readable(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && s[i] == '(' && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9' &&
        out.back() != ' ') {
      out += ' ';
    }
    out += s[i];
  }
  return out;
}

std::vector<Row> body_rows(const LabelContent& c) {
  const bool dispensed = c.kind == LabelKind::kDispensed;
  std::vector<Row> rows;
  rows.push_back({.text = c.material_code, .size = 36});
  if (!c.material_name.empty()) {
    rows.push_back({.text = c.material_name, .size = 28, .lines = 2, .bold = false});
  }
  rows.back().gap_after = 8;
  rows.push_back(
      {.pairs = {{"Quantity", format_label_quantity(c.quantity)}}, .size = 52, .gap_after = 6});
  if (dispensed && (c.gross || c.tare || c.net)) {
    std::string weighing;
    const auto add = [&](const char* name, const std::optional<LabelQuantity>& q) {
      if (!q) return;
      if (!weighing.empty()) weighing += " · ";
      weighing += std::string(name) + " " + format_label_quantity(*q);
    };
    add("Gross", c.gross);
    add("Tare", c.tare);
    add("Net", c.net);
    rows.push_back({.text = weighing, .size = 24, .bold = false, .gap_after = 6});
  }
  rows.push_back({.pairs = {{"Lot", c.lot_number}}});
  if (c.supplier_lot && !c.supplier_lot->empty()) {
    rows.push_back({.pairs = {{"Supplier lot", *c.supplier_lot}}});
  }
  if (dispensed) {
    Row batch{.pairs = {{"Batch", c.batch_number}}};
    if (!c.step.empty()) batch.pairs.push_back({"Step", c.step});
    rows.push_back(batch);
  }
  Row dates;
  if (c.expiry) dates.pairs.push_back({"Expiry", format_label_date(*c.expiry)});
  if (c.retest) dates.pairs.push_back({"Retest", format_label_date(*c.retest)});
  if (!dates.pairs.empty()) rows.push_back(dates);
  if (c.storage_conditions && !c.storage_conditions->empty()) {
    rows.push_back(
        {.pairs = {{"Storage", *c.storage_conditions}}, .size = 24, .lines = 2, .bold = false});
  }
  rows.back().gap_after = 8;
  const std::string verb = dispensed ? "Dispensed" : "Labelled";
  // Who: the user name is the identity, so a long one gets a second line rather than be cut.
  const std::string who = c.user_display_name + " (" + c.username + ")";
  rows.push_back({.pairs = {{verb + " by", who}},
                  .size = 24,
                  .lines = who.size() > kOneLineWho ? 2 : 1,
                  .gap_after = 2});
  rows.push_back({.pairs = {{verb + " at", format_label_time(c.labelled_at)}}, .size = 24});
  for (auto& row : rows) {
    row.text = clean_label_text(row.text);
    for (auto& p : row.pairs) p.value = clean_label_text(p.value);
  }
  return rows;
}

struct Placement {
  std::vector<LabelTextBox> texts;
  double bottom = 0;  // reference units
};

// Places `rows` from kBodyTop down, beside the symbol column until `column_bottom`, across the
// whole label below it; every size and gap times `f`.
Placement place_rows(const std::vector<Row>& rows, double f, double column_bottom,
                     const Scaler& d) {
  Placement out;
  const double full_width = kRefWidth - 2 * kMargin;
  const double left_width = full_width - kColumnWidth - kColumnGap;
  double y = kBodyTop;
  const auto caption_box = [&](const std::string& caption, double x, double width, double top,
                               double value_size) {
    const double caption_size = std::min(kCaptionSize, value_size) * f;
    // Baselines aligned: a baseline sits about 0.8 of the font size below the top.
    const double caption_top = top + 0.8 * (value_size * f - caption_size);
    out.texts.push_back({.x = d(x),
                         .y = d(caption_top),
                         .width = d(width - 8),
                         .font_height = d(caption_size),
                         .text = caption});
  };
  for (const auto& row : rows) {
    const double line = row.size * f * kLabelLinePitch;
    const double height = row.lines * line;
    // Beside the symbol unless the row starts below it.
    const bool beside = y < column_bottom;
    const double width = beside ? left_width : full_width;
    if (row.pairs.empty()) {
      out.texts.push_back({.x = d(kMargin),
                           .y = d(y),
                           .width = d(width),
                           .font_height = d(row.size * f),
                           .max_lines = row.lines,
                           .bold = row.bold,
                           .text = row.text});
      y += height + row.gap_after * f;
      continue;
    }
    // Two pairs share a line across the whole label; beside the symbol each takes its own.
    const bool share = row.pairs.size() == 2 && !beside;
    double x = kMargin;
    for (std::size_t i = 0; i < row.pairs.size(); ++i) {
      const auto& pair = row.pairs[i];
      const double slot = share ? (full_width - kPairGap) / 2 : width;
      const double caption_width = share && i == 1 ? kSecondCaptionWidth : kCaptionWidth;
      caption_box(pair.caption, x, caption_width, y, row.size);
      out.texts.push_back({.x = d(x + caption_width),
                           .y = d(y),
                           .width = d(slot - caption_width),
                           .font_height = d(row.size * f),
                           .max_lines = row.lines,
                           .bold = row.bold,
                           .text = pair.value});
      if (share) {
        x += slot + kPairGap;
      } else if (i + 1 < row.pairs.size()) {
        y += height + row.gap_after * f;
      }
    }
    y += height + row.gap_after * f;
  }
  out.bottom = y;
  return out;
}

}  // namespace

Result<LabelDesign> design_label(const LabelContent& c, const LabelLayout& layout) {
  GEMBA_RETURN_IF_ERROR(validate_label(c, layout));
  GEMBA_TRY(modules, encode_gs1_datamatrix(c.barcode));
  GEMBA_TRY(zpl_data, gs1_zpl_datamatrix_data(c.barcode));

  const double s = std::min(layout.width_dots / kRefWidth, layout.height_dots / kRefHeight);
  const Scaler d(s);
  LabelDesign design;
  design.width = layout.width_dots;
  design.height = layout.height_dots;
  design.dpi = layout.dpi;

  // The band: what the label is (the lot status of a container, in big letters) and which
  // container it belongs to.
  const double band_width = kRefWidth - 2 * kMargin;
  design.bars.push_back({d(kMargin), d(kMargin), d(band_width), d(kBandHeight)});
  const double title_width = band_width * 0.6;
  const std::string title = c.kind == LabelKind::kDispensed ? "DISPENSED" : c.lot_status;
  design.texts.push_back({.x = d(kMargin + kBandPad),
                          .y = d(kMargin + (kBandHeight - kBandTitleSize) / 2 + 2),
                          .width = d(title_width - kBandPad),
                          .font_height = d(kBandTitleSize),
                          .bold = true,
                          .reverse = true,
                          .text = clean_label_text(title)});
  design.texts.push_back({.x = d(kMargin + title_width),
                          .y = d(kMargin + (kBandHeight - kBandIdSize) / 2 + 2),
                          .width = d(band_width - title_width - kBandPad),
                          .font_height = d(kBandIdSize),
                          .bold = true,
                          .reverse = true,
                          .align = TextAlign::kRight,
                          .text = clean_label_text(c.container_id)});

  // The symbol, centred in its column, and its human-readable text beneath.
  const int n = static_cast<int>(modules.size());
  const double column_x = kRefWidth - kMargin - kColumnWidth;
  const int module = std::max(1, std::min(d(kModule), d(kMaxSymbol) / n));
  const int side = module * n;
  design.symbol = {.x = d(column_x + kColumnWidth / 2) - side / 2,
                   .y = d(kBodyTop),
                   .module = module,
                   .modules = std::move(modules),
                   .zpl_data = std::move(zpl_data)};
  const double text_top = kBodyTop + side / s + 10;
  design.texts.push_back({.x = d(column_x),
                          .y = d(text_top),
                          .width = d(kColumnWidth),
                          .font_height = d(kHumanReadableSize),
                          .max_lines = kHumanReadableLines,
                          .align = TextAlign::kCenter,
                          .text = clean_label_text(spaced_human_readable(c.barcode))});
  const double column_bottom =
      text_top + kHumanReadableLines * kHumanReadableSize * kLabelLinePitch;

  // The body, pressed together if it would run past the bottom margin.
  const auto rows = body_rows(c);
  const double bottom = kRefHeight - kMargin;
  double f = 1;
  Placement placed = place_rows(rows, f, column_bottom, d);
  for (int attempt = 0; attempt < 4 && placed.bottom > bottom; ++attempt) {
    f *= (bottom - kBodyTop) / (placed.bottom - kBodyTop);
    placed = place_rows(rows, f, column_bottom, d);
  }
  for (auto& t : placed.texts) design.texts.push_back(std::move(t));
  return design;
}

}  // namespace gemba::material
