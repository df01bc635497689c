#include "gemba/material/label/label_text.h"

#include <algorithm>

#include "gemba/batch/pdf/winansi.h"

namespace gemba::material {
namespace {

// The byte length of the character starting at s[i] in clean UTF-8.
std::size_t char_length(std::string_view s, std::size_t i) {
  char32_t cp;
  const std::size_t n = decode_utf8(s, i, cp);
  return n == 0 ? 1 : n;
}

// Removes the last character of clean UTF-8 `s`.
void pop_char(std::string& s) {
  while (!s.empty()) {
    const auto c = static_cast<unsigned char>(s.back());
    s.pop_back();
    if ((c & 0xC0) != 0x80) return;  // not a continuation byte: the start of the character
  }
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

struct Line {
  std::string text;
  std::size_t start = 0;  // where it starts in the words joined by single spaces
};

std::vector<Line> wrap(const std::vector<std::string>& words, float width, float height,
                       const MeasureText& measure) {
  std::vector<Line> lines;
  Line line;
  std::size_t offset = 0;  // of the current word in the joined text
  for (const auto& word : words) {
    if (!line.text.empty()) {
      if (measure(line.text + " " + word, height) <= width) {
        line.text += " " + word;
        offset += word.size() + 1;
        continue;
      }
      lines.push_back(std::move(line));
      line = {};
    }
    if (measure(word, height) <= width) {
      line = {word, offset};
      offset += word.size() + 1;
      continue;
    }
    // A word wider than the line: as many characters per line as fit (at least one).
    std::size_t i = 0;
    while (i < word.size()) {
      Line piece{{}, offset + i};
      while (i < word.size()) {
        const std::size_t n = char_length(word, i);
        const std::string longer = piece.text + word.substr(i, n);
        if (!piece.text.empty() && measure(longer, height) > width) break;
        piece.text = longer;
        i += n;
      }
      if (i < word.size()) {
        lines.push_back(std::move(piece));
      } else {
        line = std::move(piece);
      }
    }
    offset += word.size() + 1;
  }
  if (!line.text.empty() || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

}  // namespace

std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
  return batch::pdf::decode_utf8(s, i, cp);
}

std::string clean_label_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp;
    const std::size_t n = decode_utf8(text, i, cp);
    if (n == 0) {
      out += '?';
      ++i;
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
      out += ' ';
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

FittedText fit_label_text(std::string_view text, float width, float height, int max_lines,
                          const MeasureText& measure, float min_scale) {
  const auto words = split_words(text);
  const auto limit = static_cast<std::size_t>(max_lines);
  FittedText fitted;
  std::vector<Line> lines;
  for (int step = 0;; ++step) {
    const float scale = std::max(min_scale, 1.0f - 0.05f * static_cast<float>(step));
    fitted.height = height * scale;
    lines = wrap(words, width, fitted.height, measure);
    if (lines.size() <= limit || scale <= min_scale) break;
  }
  const bool cut = lines.size() > limit;
  std::string rest;  // cut: the text from the last line that fits on
  if (cut) {
    std::string joined;
    for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w;
    // No more than the last line and the next can fit on one line (this bounds the cutting).
    rest = joined.substr(lines[limit - 1].start,
                         lines[limit - 1].text.size() + 1 + lines[limit].text.size());
    lines.resize(limit);
  }
  for (auto& line : lines) fitted.lines.push_back(std::move(line.text));
  if (!cut) return fitted;

  // Still too long at the smallest size: the last line holds as much of the rest as fits with
  // "..." after it.
  fitted.truncated = true;
  std::string& last = fitted.lines.back();
  last = std::move(rest);
  while (!last.empty() && measure(last + "...", fitted.height) > width) pop_char(last);
  while (!last.empty() && last.back() == ' ') last.pop_back();
  last += "...";
  return fitted;
}

}  // namespace gemba::material
