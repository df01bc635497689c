#pragma once
// A flowing A4 document on libharu: paragraphs and tables are laid out top to bottom, pages are
// added as the content needs them, and footers ("Page n of m") are written once the page count
// is known. Text is WinAnsi (winansi.h) in the built-in Helvetica and Helvetica-Bold.
//
// Errors: libharu reports through an error handler that records the first error (no longjmp);
// after one, every further call is a no-op and finish() returns internal. Not thread-safe; one
// document per render. Non-copyable: it owns the HPDF_Doc.

#include <hpdf.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gemba/batch/pdf/text_wrap.h"
#include "gemba/core/result.h"

namespace gemba::batch::pdf {

struct ParagraphStyle {
  float font_size = 9;
  float indent = 0;        // from the left margin, points
  float space_before = 0;  // points
  float space_after = 0;   // points
  // Keep this many points below the paragraph's first line on the same page (headings).
  float keep_with_next = 0;
};

struct TableColumn {
  Spans title;
  float fraction = 0;  // of the content width; the fractions of a table sum to 1
};

struct Table {
  std::vector<TableColumn> columns;
  bool header_row = true;  // repeated at the top of every page the table continues on
  float font_size = 8;
};

using TableRow = std::vector<Spans>;  // one cell per column; missing cells are empty

// What every page's footer shows: `left` ("Batch PCM-2026-0042") and "Page n of m" on the first
// line, `second_line` ("SHA-256 …") below. WinAnsi. A `left` too long for two lines is cut
// there (the body carries such text whole).
struct Footer {
  std::string left;
  std::string second_line;
};

// Document information (PDF /Info): title, and a creation date (UTC) when known.
struct DocumentInfo {
  std::string title;  // WinAnsi
  struct Date {
    int year, month, day, hour, minute, second;
  };
  std::optional<Date> created;
};

class PdfDocument {
 public:
  // internal if libharu cannot start a document (out of memory).
  static Result<std::unique_ptr<PdfDocument>> create(const DocumentInfo& info);
  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  void paragraph(const Spans& text, const ParagraphStyle& style = {});
  void vertical_space(float points);
  // A thin line across the content width.
  void rule();
  // Starts `table` (its header row, if any), lays out `rows` breaking across pages with the
  // header repeated; a row taller than a page is split between its lines.
  void table(const Table& table, const std::vector<TableRow>& rows);

  bool failed() const;
  int page_count() const { return static_cast<int>(pages_.size()); }
  // Writes the footers and returns the PDF bytes; internal if libharu failed at any point.
  Result<std::string> finish(const Footer& footer);

  const FontMetrics& metrics() const { return metrics_; }
  float content_width() const;

 private:
  struct ErrorState {
    HPDF_STATUS error = HPDF_OK;
    HPDF_STATUS detail = 0;
  };
  static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data);

  PdfDocument() = default;
  void new_page();
  // Starts a new page unless `height` points fit below the cursor (or the page is still empty).
  void ensure_room(float height);
  void draw_line(HPDF_Page page, const Spans& line, float x, float baseline, float font_size);
  void draw_table_header(const Table& table, float font_size);
  HPDF_Font font(FontStyle style) const { return fonts_[static_cast<int>(style)]; }

  std::unique_ptr<ErrorState> errors_ = std::make_unique<ErrorState>();  // stable address
  HPDF_Doc doc_ = nullptr;
  HPDF_Font fonts_[2] = {nullptr, nullptr};
  FontMetrics metrics_;
  std::vector<HPDF_Page> pages_;
  float y_ = 0;  // top of the next line box on the current page, points from the bottom
};

}  // namespace gemba::batch::pdf
