#include "gemba/material/label/label_pdf.h"

#include <hpdf.h>

#include <chrono>
#include <memory>

#include "gemba/batch/pdf/winansi.h"
#include "gemba/material/label/label_design.h"
#include "gemba/material/label/label_text.h"

namespace gemba::material {
namespace {

// Where a baseline sits below the top of its line, as a fraction of the font size.
constexpr float kBaseline = 0.8f;

// Clean UTF-8 (clean_label_text) → WinAnsi bytes; characters it lacks become '?'.
std::string to_winansi(std::string_view utf8) { return batch::pdf::utf8_to_winansi(utf8); }

struct ErrorState {
  HPDF_STATUS error = HPDF_OK;
  HPDF_STATUS detail = 0;
};

void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) {
  auto* state = static_cast<ErrorState*>(user_data);
  if (state->error == HPDF_OK) {
    state->error = error_no;
    state->detail = detail_no;
  }
}

struct DocDeleter {
  void operator()(HPDF_Doc doc) const { HPDF_Free(doc); }
};
using DocPtr = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter>;

// One label page being drawn. Coordinates come in dots from the top left; the page is in points
// from the bottom left.
class LabelPage {
 public:
  LabelPage(HPDF_Page page, const LabelDesign& design, HPDF_Font regular, HPDF_Font bold,
            bool winansi)
      : page_(page),
        scale_(72.0f / static_cast<float>(design.dpi)),
        height_(static_cast<float>(design.height) * scale_),
        regular_(regular),
        bold_(bold),
        winansi_(winansi) {}

  void bar(const LabelBar& b) {
    HPDF_Page_SetGrayFill(page_, 0);
    HPDF_Page_Rectangle(page_, x(b.x), y(b.y + b.height), pt(b.width), pt(b.height));
    HPDF_Page_Fill(page_);
  }

  void text(const LabelTextBox& box) {
    HPDF_Font font = box.bold ? bold_ : regular_;
    const auto measure = [&](std::string_view utf8, float size_dots) {
      HPDF_Page_SetFontAndSize(page_, font, pt(size_dots));
      return HPDF_Page_TextWidth(page_, encode(utf8).c_str()) / scale_;
    };
    const auto fitted = fit_label_text(box.text, static_cast<float>(box.width),
                                       static_cast<float>(box.font_height), box.max_lines, measure);
    HPDF_Page_SetGrayFill(page_, box.reverse ? 1 : 0);
    for (std::size_t i = 0; i < fitted.lines.size(); ++i) {
      const std::string line = encode(fitted.lines[i]);
      const float width = measure(fitted.lines[i], fitted.height);
      float left = static_cast<float>(box.x);
      if (box.align == TextAlign::kRight) left += static_cast<float>(box.width) - width;
      if (box.align == TextAlign::kCenter) left += (static_cast<float>(box.width) - width) / 2;
      const float top =
          static_cast<float>(box.y) + static_cast<float>(i) * fitted.height * kLabelLinePitch;
      HPDF_Page_BeginText(page_);
      HPDF_Page_SetFontAndSize(page_, font, pt(fitted.height));
      HPDF_Page_TextOut(page_, x(left), y(top + kBaseline * fitted.height), line.c_str());
      HPDF_Page_EndText(page_);
    }
    HPDF_Page_SetGrayFill(page_, 0);
  }

  // One path of a rectangle per run of dark modules in a row, filled once (no seams).
  void symbol(const LabelSymbol& s) {
    HPDF_Page_SetGrayFill(page_, 0);
    const int n = static_cast<int>(s.modules.size());
    for (int r = 0; r < n; ++r) {
      const auto& row = s.modules[static_cast<std::size_t>(r)];
      int c = 0;
      while (c < n) {
        if (!row[static_cast<std::size_t>(c)]) {
          ++c;
          continue;
        }
        const int start = c;
        while (c < n && row[static_cast<std::size_t>(c)]) ++c;
        const float top = static_cast<float>(s.y + r * s.module);
        HPDF_Page_Rectangle(page_, x(static_cast<float>(s.x + start * s.module)),
                            y(top + static_cast<float>(s.module)),
                            pt(static_cast<float>((c - start) * s.module)),
                            pt(static_cast<float>(s.module)));
      }
    }
    HPDF_Page_Fill(page_);
  }

 private:
  float pt(float dots) const { return dots * scale_; }
  float pt(int dots) const { return pt(static_cast<float>(dots)); }
  float x(float dots) const { return pt(dots); }
  float x(int dots) const { return pt(dots); }
  float y(float dots) const { return height_ - pt(dots); }
  float y(int dots) const { return y(static_cast<float>(dots)); }
  std::string encode(std::string_view utf8) const {
    return winansi_ ? to_winansi(utf8) : std::string(utf8);
  }

  HPDF_Page page_;
  const float scale_;   // points per dot
  const float height_;  // page height, points
  HPDF_Font regular_;
  HPDF_Font bold_;
  const bool winansi_;
};

Error libharu_error(const char* what, const ErrorState& e) {
  return Error::internal(what, {{"libharu_error", e.error}, {"libharu_detail", e.detail}});
}

}  // namespace

Result<std::string> render_label_pdf(const LabelContent& content, const LabelLayout& layout) {
  GEMBA_TRY(design, design_label(content, layout));

  ErrorState errors;
  DocPtr doc(HPDF_New(&on_error, &errors));
  if (!doc) return Error::internal("the PDF library could not start a document");
  HPDF_Doc pdf = doc.get();
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);

  HPDF_Font regular = nullptr;
  HPDF_Font bold = nullptr;
  const bool winansi = layout.pdf_regular_font_file.empty();
  if (winansi) {
    regular = HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding");
    bold = HPDF_GetFont(pdf, "Helvetica-Bold", "WinAnsiEncoding");
  } else {
    HPDF_UseUTFEncodings(pdf);
    for (const auto* file : {&layout.pdf_regular_font_file, &layout.pdf_bold_font_file}) {
      const char* name = HPDF_LoadTTFontFromFile(pdf, file->c_str(), HPDF_TRUE);
      HPDF_Font font = name != nullptr ? HPDF_GetFont(pdf, name, "UTF-8") : nullptr;
      if (font == nullptr || errors.error != HPDF_OK) {
        return Error::invalid_argument(
            "The PDF font " + *file + " could not be loaded: it must be a TrueType font file.",
            {{"field", file == &layout.pdf_regular_font_file ? "layout.pdf_regular_font_file"
                                                             : "layout.pdf_bold_font_file"},
             {"libharu_error", errors.error}});
      }
      (file == &layout.pdf_regular_font_file ? regular : bold) = font;
    }
  }
  if (regular == nullptr || bold == nullptr || errors.error != HPDF_OK) {
    return libharu_error("the PDF library could not load its fonts", errors);
  }

  const std::string title = "Label " + clean_label_text(content.container_id);
  HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, winansi ? to_winansi(title).c_str() : title.c_str());
  HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "Gemba");
  const auto day = std::chrono::floor<std::chrono::days>(content.labelled_at);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss time(
      std::chrono::floor<std::chrono::seconds>(content.labelled_at - day));
  HPDF_Date date{};
  date.year = static_cast<int>(ymd.year());
  date.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  date.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  date.hour = static_cast<int>(time.hours().count());
  date.minutes = static_cast<int>(time.minutes().count());
  date.seconds = static_cast<int>(time.seconds().count());
  date.ind = 'Z';
  HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date);

  HPDF_Page page = HPDF_AddPage(pdf);
  if (page == nullptr || errors.error != HPDF_OK) {
    return libharu_error("the PDF library could not add a page", errors);
  }
  const float scale = 72.0f / static_cast<float>(design.dpi);
  HPDF_Page_SetWidth(page, static_cast<float>(design.width) * scale);
  HPDF_Page_SetHeight(page, static_cast<float>(design.height) * scale);

  LabelPage label(page, design, regular, bold, winansi);
  for (const auto& bar : design.bars) label.bar(bar);
  for (const auto& text : design.texts) label.text(text);
  label.symbol(design.symbol);
  if (errors.error != HPDF_OK) return libharu_error("the label could not be drawn", errors);

  if (HPDF_SaveToStream(pdf) != HPDF_OK || errors.error != HPDF_OK) {
    return libharu_error("the PDF could not be written", errors);
  }
  const HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
  std::string bytes(size, '\0');
  HPDF_UINT32 read = size;
  if (size == 0 ||
      HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &read) != HPDF_OK ||
      read != size) {
    return libharu_error("the PDF could not be read back from memory", errors);
  }
  return bytes;
}

}  // namespace gemba::material
