#include "gemba/material/label/label_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gemba::material {
namespace {

TEST(CleanLabelText, KeepsUtf8AndReplacesWhatCannotPrint) {
  struct Case {
    std::string in;
    std::string out;
  };
  const Case cases[] = {
      {"Lactose", "Lactose"},
      {"Store at 2–8 °C", "Store at 2–8 °C"},
      {"α-Tocopherol", "α-Tocopherol"},
      {"line\nbreak\ttab\r", "line break tab "},
      {std::string("nul\0x", 5), "nul x"},
      {"C1 \xC2\x85 control", "C1   control"},
      {"bad \xFF byte", "bad ? byte"},
      {"truncated \xE2\x82", "truncated ??"},
      {"overlong \xC0\xAF", "overlong ??"},
      {"surrogate \xED\xA0\x80", "surrogate ???"},
  };
  for (const auto& c : cases) EXPECT_EQ(clean_label_text(c.in), c.out) << c.in;
}

// One unit per character at size 1 (UTF-8 aware).
float chars(std::string_view s, float height) {
  float n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n * height;
}

TEST(FitLabelText, WrapsShrinksAndCuts) {
  struct Case {
    std::string text;
    float width;
    int max_lines;
    std::vector<std::string> lines;
    float height;
    bool truncated;
  };
  const Case cases[] = {
      {"short", 10, 1, {"short"}, 1, false},
      {"", 10, 1, {""}, 1, false},
      {"two words here", 9, 2, {"two words", "here"}, 1, false},
      {"  spaces   between ", 20, 1, {"spaces between"}, 1, false},
      // Shrinks before it wraps past max_lines: 12 characters into 10 units at 0.8.
      {"C-0001234567", 10, 1, {"C-0001234567"}, 0.8f, false},
      // A word longer than a line is broken inside.
      {"abcdefghijkl", 5, 3, {"abcde", "fghij", "kl"}, 1, false},
      // Too long even at 0.7: the last line ends in "...".
      {"one two three four five six", 7.2f, 2, {"one two", "three f..."}, 0.7f, true},
      {"αβγδεζηθικλμ", 5, 1, {"αβγδ..."}, 0.7f, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    const auto f = fit_label_text(c.text, c.width, 1, c.max_lines, chars);
    EXPECT_EQ(f.lines, c.lines);
    EXPECT_NEAR(f.height, c.height, 1e-4);
    EXPECT_EQ(f.truncated, c.truncated);
    for (const auto& line : f.lines) EXPECT_LE(chars(line, f.height), c.width + 1e-4) << line;
  }
}

}  // namespace
}  // namespace gemba::material
