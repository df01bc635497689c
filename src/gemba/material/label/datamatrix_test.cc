#include "gemba/material/label/datamatrix.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace gemba::material {
namespace {

constexpr int kSquareSizes[] = {10, 12, 14, 16, 18, 20, 22, 24, 26,  32,  36,  40,
                                44, 48, 52, 64, 72, 80, 88, 96, 104, 120, 132, 144};

ModuleMatrix encode(const std::string& data) {
  auto m = encode_gs1_datamatrix(data);
  EXPECT_TRUE(m.ok()) << data << ": " << (m.ok() ? "" : m.error().to_string());
  return m.ok() ? *m : ModuleMatrix{};
}

TEST(Gs1DataMatrix, IsASquareEcc200SymbolWithItsFinderPattern) {
  const std::string cases[] = {"(91)C-000123(10)L-2026-0042",
                               "(01)09506000134352(17)270531(10)ABC123(21)S-1",
                               "(91)" + std::string(90, 'X')};
  for (const std::string& data : cases) {
    SCOPED_TRACE(data);
    const ModuleMatrix m = encode(data);
    ASSERT_FALSE(m.empty());
    const int n = static_cast<int>(m.size());
    EXPECT_TRUE(std::find(std::begin(kSquareSizes), std::end(kSquareSizes), n) !=
                std::end(kSquareSizes))
        << n;
    for (const auto& row : m) ASSERT_EQ(static_cast<int>(row.size()), n);
    for (int i = 0; i < n; ++i) {
      EXPECT_TRUE(m[i][0]) << "left edge is solid, row " << i;
      EXPECT_TRUE(m[n - 1][i]) << "bottom edge is solid, column " << i;
      EXPECT_EQ(m[0][i], i % 2 == 0) << "top edge alternates, column " << i;
      EXPECT_EQ(m[i][n - 1], i % 2 == 1) << "right edge alternates, row " << i;
    }
  }
}

TEST(Gs1DataMatrix, GrowsWithTheData) {
  EXPECT_LT(encode("(91)C-1").size(), encode("(91)" + std::string(80, '7') + "A").size());
}

TEST(Gs1DataMatrix, IsDeterministicAndDiffersForDifferentData) {
  const auto a = encode("(91)C-000123(10)L-2026-0042");
  EXPECT_EQ(a, encode("(91)C-000123(10)L-2026-0042"));
  EXPECT_NE(a, encode("(91)C-000124(10)L-2026-0042"));
  EXPECT_NE(a, encode("(91)C-000123(10)L-2026-0043"));
}

TEST(Gs1DataMatrix, RejectsBadDataWithAReasonAPersonCanAct) {
  struct Case {
    std::string data;
    std::string message_has;
  };
  const Case cases[] = {
      {"", "empty"},
      {"(01)123", "invalid data length for AI (01)"},
      {"(01)09506000134353", "checksum '3', expected '2'"},
      {"(17)271399", "month"},
      {"91C-000123", "must start with an application identifier"},
      {"(9)C-000123", "must start with an application identifier"},
      {"C-000123(91)X", "must start with an application identifier"},
      {"(91)", "no data for AI (91)"},
      {"(91)C-1(10)", "no data for AI (10)"},
      {"(91)C 000123", "AI (91) holds a character a GS1 barcode cannot carry (byte 32)"},
      {"(91)Cr\xC3\xA8me", "AI (91) holds a character a GS1 barcode cannot carry (byte 195)"},
      {"(91)A[B", "cannot carry ([)"},
      {"(10)A^B", "'^'"},
      {"(91)" + std::string(91, 'X'), "AI (91)"},
      {"(9999)X", "AI"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.data);
    const auto m = encode_gs1_datamatrix(c.data);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(m.error().message.find(c.message_has), std::string::npos) << m.error().message;
    EXPECT_EQ(m.error().details.at("field").as_string(), "barcode");
    EXPECT_EQ(m.error().message.find("Error "), std::string::npos) << "zint's prefix is dropped";
    const auto zpl = gs1_zpl_datamatrix_data(c.data);
    ASSERT_FALSE(zpl.ok());
    EXPECT_EQ(zpl.error().message, m.error().message);
  }
}

TEST(Gs1DataMatrix, ZplDataHasFnc1FirstAndAfterVariableLengthElements) {
  struct Case {
    std::string data;
    std::string zpl;
  };
  const Case cases[] = {
      {"(91)C-000123(10)L-2026-0042", "_191C-000123_110L-2026-0042"},
      {"(10)L-1", "_110L-1"},
      // (01) and (17) have a predefined length: no separator after them.
      {"(01)09506000134352(17)270531(10)ABC(21)S1",
       "_1010950600013435217270531"
       "10ABC_121S1"},
      {"(10)AB_C(21)X_", "_110AB__C_121X__"},
      {"(91)A(B)C", "_191A(B)C"},
  };
  for (const auto& c : cases) {
    const auto zpl = gs1_zpl_datamatrix_data(c.data);
    ASSERT_TRUE(zpl.ok()) << c.data << ": " << zpl.error().to_string();
    EXPECT_EQ(*zpl, c.zpl) << c.data;
  }
}

}  // namespace
}  // namespace gemba::material
