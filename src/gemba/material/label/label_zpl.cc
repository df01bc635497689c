#include "gemba/material/label/label_zpl.h"

#include <cmath>
#include <cstdio>

#include "gemba/material/label/label_design.h"
#include "gemba/material/label/label_text.h"

namespace gemba::material {
namespace {

// An estimate of font 0 (a bold condensed sans) at ^A0N,h,h, a little wider than it prints: a
// line measured to fit must not be wrapped again by the printer.
float estimate_width(std::string_view text, float height) {
  float em = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp;
    std::size_t n = decode_utf8(text, i, cp);
    if (n == 0) n = 1, cp = '?';
    i += n;
    if (cp == ' ') {
      em += 0.28f;
    } else if (cp == 'i' || cp == 'l' || cp == 'I' || cp == 'j' || cp == '.' || cp == ',' ||
               cp == ':' || cp == ';' || cp == '\'' || cp == '!' || cp == '|') {
      em += 0.28f;
    } else if (cp == 'M' || cp == 'W' || cp == 'm' || cp == 'w' || cp == '%' || cp == '@') {
      em += 0.85f;
    } else if (cp >= 'a' && cp <= 'z') {
      em += 0.52f;
    } else {
      em += 0.62f;  // capitals, digits, signs, and everything beyond ASCII
    }
  }
  return em * height;
}

void append_hex(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '_';
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

// Field data for ^FH (indicator '_') inside ^FB.
std::string escape_field(std::string_view text) {
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '^' || c == '~' || c == '_' || c >= 0x80 || c < 0x20 || c == 0x7F) {
      append_hex(out, c);
    } else if (c == '\\') {
      out += "\\\\";
    } else {
      out += ch;
    }
  }
  return out;
}

char justification(TextAlign align) {
  switch (align) {
    case TextAlign::kCenter: return 'C';
    case TextAlign::kRight: return 'R';
    case TextAlign::kLeft: break;
  }
  return 'L';
}

void text_field(std::string& zpl, const LabelTextBox& box) {
  const auto fitted =
      fit_label_text(box.text, static_cast<float>(box.width), static_cast<float>(box.font_height),
                     box.max_lines, estimate_width);
  const int height = std::max(10, static_cast<int>(std::lround(fitted.height)));  // font 0: >= 10
  const int spacing = static_cast<int>(std::lround(height * (kLabelLinePitch - 1)));
  std::string data;
  for (std::size_t i = 0; i < fitted.lines.size(); ++i) {
    if (i > 0) data += "\\&";
    data += escape_field(fitted.lines[i]);
  }
  char head[160];
  std::snprintf(head, sizeof head, "^FO%d,%d%s^A0N,%d,%d^FB%d,%d,%d,%c,0^FH_^FD", box.x, box.y,
                box.reverse ? "^FR" : "", height, height, box.width, box.max_lines, spacing,
                justification(box.align));
  zpl += head + data + "^FS\n";
}

}  // namespace

Result<std::string> render_label_zpl(const LabelContent& content, const LabelLayout& layout) {
  GEMBA_TRY(design, design_label(content, layout));
  std::string zpl = "^XA\n";
  char line[160];
  // UTF-8 field data; the label's size; origin at the top left.
  std::snprintf(line, sizeof line, "^CI28\n^PW%d\n^LL%d\n^LH0,0\n", design.width, design.height);
  zpl += line;
  for (const auto& bar : design.bars) {
    const int thickness = std::min(bar.width, bar.height);  // a filled box
    std::snprintf(line, sizeof line, "^FO%d,%d^GB%d,%d,%d,B,0^FS\n", bar.x, bar.y, bar.width,
                  bar.height, thickness);
    zpl += line;
  }
  for (const auto& text : design.texts) text_field(zpl, text);
  const auto& symbol = design.symbol;
  // ^BXo,h,s,c,r,f,g: normal orientation, module height in dots, ECC 200, size chosen by the
  // printer, format ID (ignored for ECC 200), '_' as the escape character.
  std::snprintf(line, sizeof line, "^FO%d,%d^BXN,%d,200,0,0,6,_^FD", symbol.x, symbol.y,
                symbol.module);
  zpl += line + symbol.zpl_data + "^FS\n";
  zpl += "^PQ1\n^XZ";
  return zpl;
}

}  // namespace gemba::material
