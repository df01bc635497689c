#include "gemba/batch/pdf/text_wrap.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gemba::batch::pdf {
namespace {

// Every glyph 500/1000 em wide: at 10 pt, 5 pt per character.
FontMetrics monospace(float advance = 500) {
  FontMetrics m;
  for (auto& style : m.advance) style.fill(advance);
  return m;
}

std::vector<std::string> texts(const std::vector<Spans>& lines) {
  std::vector<std::string> out;
  for (const auto& line : lines) {
    std::string s;
    for (const auto& span : line) s += span.text;
    out.push_back(s);
  }
  return out;
}

using Lines = std::vector<std::string>;

TEST(WrapSpans, BreaksAtSpacesWordsWiderThanTheLineAndNewlines) {
  struct Case {
    std::string in;
    float width;  // points, at 10 pt: width / 5 characters
    Lines out;
  };
  const Case cases[] = {
      {"aaa bbb ccc", 35, {"aaa bbb", "ccc"}},
      {"aaa bbb ccc", 55, {"aaa bbb ccc"}},
      {"aaa bbb ccc", 15, {"aaa", "bbb", "ccc"}},
      {"abcdefghij", 20, {"abcd", "efgh", "ij"}},
      {"ab abcdefghij", 20, {"ab", "abcd", "efgh", "ij"}},
      {"aaa    bbb", 20, {"aaa", "bbb"}},
      {"one\ntwo\n\nthree", 100, {"one", "two", "", "three"}},
      {"", 100, {""}},
      {"abc", 0, {"a", "b", "c"}},  // too narrow: one character a line, and it ends
  };
  const FontMetrics m = monospace();
  for (const auto& c : cases) {
    EXPECT_EQ(texts(wrap_spans({{c.in}}, m, 10, c.width)), c.out) << c.in << " @" << c.width;
  }
}

TEST(WrapSpans, NoLineIsWiderThanAllowedAndNoCharacterIsLost) {
  FontMetrics m = monospace();
  m.advance[0]['i'] = 200;  // proportional: narrow i, wide W
  m.advance[0]['W'] = 900;
  std::string text;
  for (int i = 0; i < 400; ++i) text += (i % 7 == 0 ? "Wii " : "word" + std::to_string(i) + " ");
  text.pop_back();
  for (float width : {30.0f, 77.0f, 200.0f, 495.0f}) {
    const auto lines = wrap_spans({{text}}, m, 9, width);
    std::string joined;
    for (const auto& line : lines) {
      EXPECT_LE(m.width(line, 9), width + 0.01f) << width;
      for (const auto& s : line) joined += s.text;
      joined += ' ';
    }
    joined.pop_back();
    std::string expected = text;
    // Breaking inside a word adds a space between its pieces; compare without spaces.
    std::erase(joined, ' ');
    std::erase(expected, ' ');
    EXPECT_EQ(joined, expected) << width;
  }
}

TEST(WrapSpans, KeepsStylesAcrossBreaks) {
  const Spans paragraph = {{"Correction: ", FontStyle::kBold},
                           {"10.50 kg", FontStyle::kRegular, true},
                           {" corrected to 10.00 kg", FontStyle::kRegular}};
  const auto lines = wrap_spans(paragraph, monospace(), 10, 85);  // 17 characters
  ASSERT_EQ(lines.size(), 3u);
  ASSERT_EQ(lines[0].size(), 2u);
  EXPECT_EQ(lines[0][0].text, "Correction: ");
  EXPECT_EQ(lines[0][0].style, FontStyle::kBold);
  EXPECT_EQ(lines[0][1].text, "10.50");
  EXPECT_TRUE(lines[0][1].strike);
  ASSERT_EQ(lines[1].size(), 2u);
  EXPECT_EQ(lines[1][0].text, "kg");
  EXPECT_TRUE(lines[1][0].strike);
  EXPECT_EQ(lines[1][1].text, " corrected to");
  EXPECT_FALSE(lines[1][1].strike);
  EXPECT_EQ(texts(lines)[2], "10.00 kg");
}

}  // namespace
}  // namespace gemba::batch::pdf
