#include "gemba/batch/pdf/winansi.h"

#include <gtest/gtest.h>

#include <string>

namespace gemba::batch::pdf {
namespace {

TEST(Utf8ToWinAnsi, MapsWhatTheCodePageHasAndReplacesTheRest) {
  struct Case {
    std::string in;
    std::string out;
  };
  const Case cases[] = {
      {"Batch PCM-1", "Batch PCM-1"},
      {"M\u00fcller", "M\xfcller"},
      {"21 \u00b0C",
       "21 \xb0"
       "C"},
      {"50 \u00b5m", "50 \xb5m"},
      {"K\u00f6ln \u00e9t\u00e9 \u00df", "K\xf6ln \xe9t\xe9 \xdf"},
      {"a \u2014 b \u2013 c", "a \x97 b \x96 c"},
      {"\u20ac \u2122 \u2026 \u201cq\u201d \u2018s\u2019 \u2022",
       "\x80 \x99 \x85 \x93q\x94 \x91s\x92 \x95"},
      {"\u0160\u0161\u017d\u017e\u0152\u0153\u0178\u0192", "\x8a\x9a\x8e\x9e\x8c\x9c\x9f\x83"},
      {"\u6f22\u5b57", "??"},           // outside the code page
      {"\U0001F600", "?"},              // four-byte sequence
      {"\u2265 5", "? 5"},              // ≥ is not in WinAnsi
      {std::string("a\0b", 3), "a?b"},  // NUL never reaches libharu
      {"a\tb\x01"
       "c\x7f",
       "a b?c?"},                      // controls
      {"a\r\nb\rc\nd", "a\nb\nc\nd"},  // line ends
      {"\xff", "?"},                   // invalid byte
      {"\xc0\xaf", "??"},              // overlong
      {"\xe2\x82", "??"},              // truncated
      {"\xed\xa0\x80", "???"},         // surrogate
      {"\xf4\x90\x80\x80", "????"},    // beyond U+10FFFF
      {"\u0080\u009f", "??"},          // C1 controls
  };
  for (const auto& c : cases) {
    EXPECT_EQ(utf8_to_winansi(c.in), c.out) << c.in;
  }
}

}  // namespace
}  // namespace gemba::batch::pdf
