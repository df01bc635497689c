#pragma once
// Text on a label: cleaning what the caller gave, and fitting it into a box of a few lines by a
// measure the renderer supplies (real font metrics for PDF, an estimate for the printer's font
// in ZPL). Pure; thread-safe.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gemba::material {

// `text` as valid UTF-8 on one line: each invalid byte becomes '?', each control character
// (C0, DEL, C1; tabs and line breaks too) a space.
std::string clean_label_text(std::string_view text);

// Decodes the UTF-8 character at `s[i]` into `cp` and returns its length; 0 when the bytes there
// are not a valid sequence (overlong, surrogate, beyond U+10FFFF, truncated).
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp);

// The width of UTF-8 `text` set at `height` (the font size, in the box's units).
using MeasureText = std::function<float(std::string_view text, float height)>;

struct FittedText {
  std::vector<std::string> lines;  // at least one
  float height = 0;                // the font size used, <= the one asked for
  bool truncated = false;          // text was cut and ends in "..."
};

// Lays `text` (clean UTF-8, see clean_label_text) into at most `max_lines` lines no wider than
// `width` at font size `height`, breaking after spaces, or inside a word that is wider than a
// line. If it does not fit, the size shrinks in steps down to `min_scale` × `height`; if it still
// does not fit, the last line is cut to end in "...". Never returns a line wider than `width`
// unless one character alone is wider. REQUIRES: max_lines >= 1, width > 0, height > 0.
FittedText fit_label_text(std::string_view text, float width, float height, int max_lines,
                          const MeasureText& measure, float min_scale = 0.7f);

}  // namespace gemba::material
