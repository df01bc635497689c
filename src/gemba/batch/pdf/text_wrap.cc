#include "gemba/batch/pdf/text_wrap.h"

#include <cstddef>
#include <string_view>

namespace gemba::batch::pdf {
namespace {

// The paragraph flattened to one string, with the span each byte came from.
struct Flat {
  std::string text;
  std::vector<std::uint32_t> span_of;
};

Flat flatten(const Spans& spans) {
  Flat f;
  std::size_t total = 0;
  for (const auto& s : spans) total += s.text.size();
  f.text.reserve(total);
  f.span_of.reserve(total);
  for (std::uint32_t k = 0; k < spans.size(); ++k) {
    f.text += spans[k].text;
    f.span_of.insert(f.span_of.end(), spans[k].text.size(), k);
  }
  return f;
}

// The bytes [begin, end) of the flattened paragraph, regrouped into spans of their origin.
Spans cut(const Spans& spans, const Flat& f, std::size_t begin, std::size_t end) {
  while (end > begin && f.text[end - 1] == ' ') --end;
  Spans line;
  std::size_t i = begin;
  while (i < end) {
    const std::uint32_t k = f.span_of[i];
    std::size_t j = i;
    while (j < end && f.span_of[j] == k) ++j;
    line.push_back({f.text.substr(i, j - i), spans[k].style, spans[k].strike});
    i = j;
  }
  return line;
}

}  // namespace

float FontMetrics::width(const Spans& spans, float font_size) const {
  float w = 0;
  for (const auto& s : spans) {
    for (char c : s.text) w += width(static_cast<unsigned char>(c), s.style);
  }
  return w * font_size / 1000.0f;
}

std::vector<Spans> wrap_spans(const Spans& paragraph, const FontMetrics& metrics, float font_size,
                              float max_width) {
  const Flat f = flatten(paragraph);
  const std::size_t n = f.text.size();
  // Compare in thousandths of the font size, as the metrics are.
  const float limit = font_size > 0 ? max_width * 1000.0f / font_size : 0;
  std::vector<Spans> lines;
  std::size_t i = 0;
  for (;;) {
    const std::size_t start = i;
    std::size_t last_space = std::string::npos;
    float width = 0;
    while (i < n && f.text[i] != '\n') {
      const auto c = static_cast<unsigned char>(f.text[i]);
      const float w = metrics.width(c, paragraph[f.span_of[i]].style);
      if (width + w > limit && i > start) break;
      if (c == ' ') last_space = i;
      width += w;
      ++i;
    }
    if (i == n) {
      lines.push_back(cut(paragraph, f, start, i));
      break;
    }
    if (f.text[i] == '\n') {
      lines.push_back(cut(paragraph, f, start, i));
      ++i;
      continue;
    }
    // The line is full at byte i.
    if (f.text[i] == ' ') {
      lines.push_back(cut(paragraph, f, start, i));
    } else if (last_space != std::string::npos && last_space > start) {
      lines.push_back(cut(paragraph, f, start, last_space));
      i = last_space + 1;
    } else {
      lines.push_back(cut(paragraph, f, start, i));  // a word wider than the line
    }
    while (i < n && f.text[i] == ' ') ++i;
    if (i == n) break;
  }
  return lines;
}

}  // namespace gemba::batch::pdf
