#include "gemba/batch/pdf/pdf_document.h"

#include <algorithm>
#include <cmath>

namespace gemba::batch::pdf {
namespace {

// A4 portrait, in points.
constexpr float kPageWidth = 595.276f;
constexpr float kPageHeight = 841.89f;
constexpr float kMarginLeft = 50;
constexpr float kMarginRight = 50;
constexpr float kMarginTop = 48;
constexpr float kContentBottom = 64;  // content stops here; the footer sits below
constexpr float kFooterSize = 7.5f;
constexpr float kLeadingFactor = 1.3f;
constexpr float kCellPadH = 3;
constexpr float kCellPadV = 2;
constexpr float kHeaderGray = 0.88f;

constexpr float kContentTop = kPageHeight - kMarginTop;
constexpr float kContentWidth = kPageWidth - kMarginLeft - kMarginRight;

float leading(float font_size) { return font_size * kLeadingFactor; }
// The baseline of a line whose box starts at `top`.
float baseline(float top, float font_size) {
  return top - (leading(font_size) - font_size) / 2 - font_size * 0.78f;
}

}  // namespace

void PdfDocument::on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) {
  auto* state = static_cast<ErrorState*>(user_data);
  if (state->error == HPDF_OK) {
    state->error = error_no;
    state->detail = detail_no;
  }
}

Result<std::unique_ptr<PdfDocument>> PdfDocument::create(const DocumentInfo& info) {
  std::unique_ptr<PdfDocument> d(new PdfDocument());
  d->doc_ = HPDF_New(&PdfDocument::on_error, d->errors_.get());
  if (d->doc_ == nullptr) return Error::internal("the PDF library could not start a document");
  HPDF_SetErrorHandler(d->doc_, &PdfDocument::on_error);
  HPDF_SetCompressionMode(d->doc_, HPDF_COMP_ALL);
  // A tree of page nodes instead of one flat list: a record may run to thousands of pages.
  HPDF_SetPagesConfiguration(d->doc_, 256);
  d->fonts_[0] = HPDF_GetFont(d->doc_, "Helvetica", "WinAnsiEncoding");
  d->fonts_[1] = HPDF_GetFont(d->doc_, "Helvetica-Bold", "WinAnsiEncoding");
  if (d->fonts_[0] == nullptr || d->fonts_[1] == nullptr || d->failed()) {
    return Error::internal("the PDF library could not load the Helvetica fonts");
  }
  for (int style = 0; style < 2; ++style) {
    for (int c = 0; c < 256; ++c) {
      const auto byte = static_cast<HPDF_BYTE>(c);
      d->metrics_.advance[style][c] = HPDF_Font_TextWidth(d->fonts_[style], &byte, 1).width;
    }
  }
  if (!info.title.empty()) HPDF_SetInfoAttr(d->doc_, HPDF_INFO_TITLE, info.title.c_str());
  HPDF_SetInfoAttr(d->doc_, HPDF_INFO_CREATOR, "Gemba");
  if (info.created) {
    HPDF_Date date{};
    date.year = info.created->year;
    date.month = info.created->month;
    date.day = info.created->day;
    date.hour = info.created->hour;
    date.minutes = info.created->minute;
    date.seconds = info.created->second;
    date.ind = 'Z';
    HPDF_SetInfoDateAttr(d->doc_, HPDF_INFO_CREATION_DATE, date);
  }
  if (d->failed()) return Error::internal("the PDF library refused the document information");
  return d;
}

PdfDocument::~PdfDocument() {
  if (doc_ != nullptr) HPDF_Free(doc_);
}

bool PdfDocument::failed() const { return errors_->error != HPDF_OK; }

float PdfDocument::content_width() const { return kContentWidth; }

void PdfDocument::new_page() {
  if (failed()) return;
  HPDF_Page page = HPDF_AddPage(doc_);
  if (page == nullptr) {
    if (!failed()) errors_->error = HPDF_PAGE_CANNOT_GET_ROOT_PAGES;
    return;
  }
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  pages_.push_back(page);
  y_ = kContentTop;
}

void PdfDocument::ensure_room(float height) {
  if (pages_.empty() || (y_ - height < kContentBottom && y_ < kContentTop)) new_page();
}

void PdfDocument::draw_line(HPDF_Page page, const Spans& line, float x, float base,
                            float font_size) {
  if (failed()) return;
  struct Strike {
    float x, width;
  };
  std::vector<Strike> strikes;
  HPDF_Page_BeginText(page);
  int current = -1;
  for (const auto& span : line) {
    if (span.text.empty()) continue;
    const float w = metrics_.width(Spans{span}, font_size);
    if (static_cast<int>(span.style) != current) {
      current = static_cast<int>(span.style);
      HPDF_Page_SetFontAndSize(page, font(span.style), font_size);
    }
    HPDF_Page_TextOut(page, x, base, span.text.c_str());
    if (span.strike) strikes.push_back({x, w});
    x += w;
  }
  HPDF_Page_EndText(page);
  if (!strikes.empty()) {
    HPDF_Page_SetLineWidth(page, 0.7f);
    for (const auto& s : strikes) {
      const float y = base + font_size * 0.3f;
      HPDF_Page_MoveTo(page, s.x, y);
      HPDF_Page_LineTo(page, s.x + s.width, y);
    }
    HPDF_Page_Stroke(page);
  }
}

void PdfDocument::paragraph(const Spans& text, const ParagraphStyle& style) {
  if (failed()) return;
  const float lead = leading(style.font_size);
  const auto lines = wrap_spans(text, metrics_, style.font_size, kContentWidth - style.indent);
  ensure_room(style.space_before + lead + style.keep_with_next);
  if (y_ < kContentTop) y_ -= style.space_before;
  for (const auto& line : lines) {
    ensure_room(lead);
    if (failed()) return;
    draw_line(pages_.back(), line, kMarginLeft + style.indent, baseline(y_, style.font_size),
              style.font_size);
    y_ -= lead;
  }
  y_ -= style.space_after;
}

void PdfDocument::vertical_space(float points) {
  if (!pages_.empty() && y_ < kContentTop) y_ = std::max(y_ - points, kContentBottom);
}

void PdfDocument::rule() {
  ensure_room(4);
  if (failed()) return;
  HPDF_Page page = pages_.back();
  HPDF_Page_SetLineWidth(page, 0.5f);
  HPDF_Page_MoveTo(page, kMarginLeft, y_ - 2);
  HPDF_Page_LineTo(page, kMarginLeft + kContentWidth, y_ - 2);
  HPDF_Page_Stroke(page);
  y_ -= 4;
}

void PdfDocument::draw_table_header(const Table& table, float font_size) {
  if (!table.header_row || failed() || pages_.empty()) return;
  const float lead = leading(font_size);
  std::vector<std::vector<Spans>> cells;
  std::size_t lines = 1;
  for (const auto& col : table.columns) {
    Spans title = col.title;
    for (auto& s : title) s.style = FontStyle::kBold;
    cells.push_back(
        wrap_spans(title, metrics_, font_size, col.fraction * kContentWidth - 2 * kCellPadH));
    lines = std::max(lines, cells.back().size());
  }
  const float height = static_cast<float>(lines) * lead + 2 * kCellPadV;
  HPDF_Page page = pages_.back();
  HPDF_Page_SetGrayFill(page, kHeaderGray);
  HPDF_Page_Rectangle(page, kMarginLeft, y_ - height, kContentWidth, height);
  HPDF_Page_Fill(page);
  HPDF_Page_SetGrayFill(page, 0);
  float x = kMarginLeft;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    for (std::size_t l = 0; l < cells[c].size(); ++l) {
      const float top = y_ - kCellPadV - static_cast<float>(l) * lead;
      draw_line(pages_.back(), cells[c][l], x + kCellPadH, baseline(top, font_size), font_size);
    }
    x += table.columns[c].fraction * kContentWidth;
  }
  y_ -= height;
}

void PdfDocument::table(const Table& table, const std::vector<TableRow>& rows) {
  if (failed() || table.columns.empty()) return;
  const float size = table.font_size;
  const float lead = leading(size);
  const float header_height = table.header_row ? 3 * lead + 2 * kCellPadV : 0;
  ensure_room(header_height + lead + 2 * kCellPadV);
  draw_table_header(table, size);
  bool page_has_rows = false;
  for (const auto& row : rows) {
    std::vector<std::vector<Spans>> cells(table.columns.size());
    std::size_t lines = 1;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const Spans empty;
      const Spans& text = c < row.size() ? row[c] : empty;
      cells[c] = wrap_spans(text, metrics_, size,
                            table.columns[c].fraction * kContentWidth - 2 * kCellPadH);
      lines = std::max(lines, cells[c].size());
    }
    std::size_t done = 0;
    while (done < lines && !failed()) {
      const float room = y_ - kContentBottom - 2 * kCellPadV;
      const auto fit = static_cast<std::size_t>(std::max(0.0f, std::floor(room / lead)));
      const std::size_t left = lines - done;
      // Start the row on a new page unless it fits here or would not fit on any page anyway.
      const float full_page = kContentTop - kContentBottom - header_height - 2 * kCellPadV;
      const bool fits_a_page = static_cast<float>(left) * lead <= full_page;
      if (fit == 0 || (fit < left && page_has_rows && fits_a_page)) {
        if (!page_has_rows && fit == 0 && y_ >= kContentTop - header_height) {
          // A fresh page without room for one line: the page is too small for the font.
          errors_->error = HPDF_PAGE_INVALID_SIZE;
          return;
        }
        new_page();
        draw_table_header(table, size);
        page_has_rows = false;
        continue;
      }
      const std::size_t take = std::min(fit, left);
      const float height = static_cast<float>(take) * lead + 2 * kCellPadV;
      float x = kMarginLeft;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        for (std::size_t l = done; l < done + take && l < cells[c].size(); ++l) {
          const float top = y_ - kCellPadV - static_cast<float>(l - done) * lead;
          draw_line(pages_.back(), cells[c][l], x + kCellPadH, baseline(top, size), size);
        }
        x += table.columns[c].fraction * kContentWidth;
      }
      HPDF_Page page = pages_.back();
      HPDF_Page_SetLineWidth(page, 0.4f);
      HPDF_Page_Rectangle(page, kMarginLeft, y_ - height, kContentWidth, height);
      x = kMarginLeft;
      for (std::size_t c = 0; c + 1 < cells.size(); ++c) {
        x += table.columns[c].fraction * kContentWidth;
        HPDF_Page_MoveTo(page, x, y_);
        HPDF_Page_LineTo(page, x, y_ - height);
      }
      HPDF_Page_Stroke(page);
      y_ -= height;
      done += take;
      page_has_rows = true;
      if (done < lines) {
        new_page();
        draw_table_header(table, size);
        page_has_rows = false;
      }
    }
  }
}

Result<std::string> PdfDocument::finish(const Footer& footer) {
  if (pages_.empty()) new_page();
  const int total = page_count();
  const float right = kMarginLeft + kContentWidth;
  const float lead = leading(kFooterSize);
  const float first = kContentBottom - 22;
  // The widest page label, so that the left text is wrapped once for all pages.
  const std::string widest = "Page " + std::to_string(total) + " of " + std::to_string(total);
  const float label_room = metrics_.width(Spans{{widest, FontStyle::kBold}}, kFooterSize) + 12;
  // The left text shares the first line with the page number; a long one takes two lines.
  auto left_lines = wrap_spans({{footer.left}}, metrics_, kFooterSize, kContentWidth - label_room);
  if (left_lines.size() > 2) left_lines.resize(2);
  const float second = first - static_cast<float>(left_lines.size()) * lead;
  const auto sha_lines = wrap_spans({{footer.second_line}}, metrics_, kFooterSize, kContentWidth);
  for (int i = 0; i < total && !failed(); ++i) {
    HPDF_Page page = pages_[static_cast<std::size_t>(i)];
    HPDF_Page_SetLineWidth(page, 0.5f);
    HPDF_Page_MoveTo(page, kMarginLeft, kContentBottom - 12);
    HPDF_Page_LineTo(page, right, kContentBottom - 12);
    HPDF_Page_Stroke(page);
    const Span label{"Page " + std::to_string(i + 1) + " of " + std::to_string(total),
                     FontStyle::kBold};
    draw_line(page, {label}, right - metrics_.width(Spans{label}, kFooterSize), first, kFooterSize);
    for (std::size_t l = 0; l < left_lines.size(); ++l) {
      draw_line(page, left_lines[l], kMarginLeft, first - static_cast<float>(l) * lead,
                kFooterSize);
    }
    if (!sha_lines.empty()) draw_line(page, sha_lines.front(), kMarginLeft, second, kFooterSize);
  }
  if (failed()) {
    return Error::internal("the PDF could not be laid out", {{"libharu_error", errors_->error},
                                                             {"libharu_detail", errors_->detail}});
  }
  if (HPDF_SaveToStream(doc_) != HPDF_OK || failed()) {
    return Error::internal("the PDF could not be written", {{"libharu_error", errors_->error},
                                                            {"libharu_detail", errors_->detail}});
  }
  const HPDF_UINT32 size = HPDF_GetStreamSize(doc_);
  std::string bytes(size, '\0');
  HPDF_UINT32 read = size;
  if (size == 0 ||
      HPDF_ReadFromStream(doc_, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &read) != HPDF_OK ||
      read != size) {
    return Error::internal(
        "the PDF could not be read back from memory",
        {{"libharu_error", errors_->error}, {"libharu_detail", errors_->detail}});
  }
  return bytes;
}

}  // namespace gemba::batch::pdf
