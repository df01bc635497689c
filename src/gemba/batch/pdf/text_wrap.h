#pragma once
// Word wrapping of styled WinAnsi text against measured glyph widths. Pure; thread-safe.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace gemba::batch::pdf {

enum class FontStyle : std::uint8_t { kRegular = 0, kBold = 1 };

// A run of WinAnsi bytes (see winansi.h) in one style. `strike` draws a line through it (the
// original value of a corrected entry).
struct Span {
  std::string text;
  FontStyle style = FontStyle::kRegular;
  bool strike = false;
};

// A paragraph or a wrapped line: spans in reading order.
using Spans = std::vector<Span>;

// Advance widths of every WinAnsi byte in each style, in thousandths of the font size (as
// HPDF_Font_TextWidth reports them).
struct FontMetrics {
  std::array<std::array<float, 256>, 2> advance{};

  float width(unsigned char c, FontStyle style) const {
    return advance[static_cast<std::size_t>(style)][c];
  }
  // The width of `spans` set at `font_size` points, in points.
  float width(const Spans& spans, float font_size) const;
};

// Breaks `paragraph` into lines no wider than `max_width` points at `font_size` points: at '\n'
// always; otherwise after the last space that fits, or inside a word when a word alone is wider
// than the line. Nothing is dropped but the spaces at a break. Every line holds at least one
// character, so a too-narrow `max_width` still terminates. An empty paragraph is one empty line.
std::vector<Spans> wrap_spans(const Spans& paragraph, const FontMetrics& metrics, float font_size,
                              float max_width);

}  // namespace gemba::batch::pdf
