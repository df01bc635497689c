#include "gemba/material/label/label_zpl.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gemba/material/label/test_labels.h"

namespace gemba::material {
namespace {

using testing::container_label;
using testing::dispensed_label;

std::string render(const LabelContent& c, const LabelLayout& layout = {}) {
  auto zpl = render_label_zpl(c, layout);
  EXPECT_TRUE(zpl.ok()) << zpl.error().to_string();
  return zpl.ok() ? *zpl : std::string();
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// What the printer prints of each text field (^FH_ … ^FD … ^FS), read as a printer reads it:
// hex escapes decoded, then ^FB's "\&" as a line break (a space here) and "\\" as '\'.
std::vector<std::string> printed_texts(const std::string& zpl) {
  std::vector<std::string> texts;
  std::size_t at = 0;
  while ((at = zpl.find("^FH_^FD", at)) != std::string::npos) {
    at += 7;
    const std::size_t end = zpl.find("^FS", at);
    std::string bytes;
    for (std::size_t i = at; i < end; ++i) {
      if (zpl[i] == '_' && i + 2 < end && hex(zpl[i + 1]) >= 0 && hex(zpl[i + 2]) >= 0) {
        bytes += static_cast<char>(hex(zpl[i + 1]) * 16 + hex(zpl[i + 2]));
        i += 2;
      } else {
        bytes += zpl[i];
      }
    }
    std::string text;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      if (bytes[i] == '\\' && i + 1 < bytes.size() && bytes[i + 1] == '&') {
        text += ' ';
        ++i;
      } else if (bytes[i] == '\\' && i + 1 < bytes.size() && bytes[i + 1] == '\\') {
        text += '\\';
        ++i;
      } else {
        text += bytes[i];
      }
    }
    texts.push_back(text);
    at = end;
  }
  return texts;
}

bool prints(const std::vector<std::string>& texts, const std::string& needle) {
  for (const auto& t : texts) {
    if (t == needle) return true;
  }
  return false;
}

std::size_t count(const std::string& s, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = s.find(needle); at != std::string::npos; at = s.find(needle, at + 1)) ++n;
  return n;
}

TEST(LabelZpl, IsOneFormatForTheLabelSize) {
  const std::string zpl = render(dispensed_label());
  EXPECT_EQ(zpl.rfind("^XA", 0), 0u);
  EXPECT_EQ(zpl.substr(zpl.size() - 3), "^XZ");
  EXPECT_EQ(count(zpl, "^XA"), 1u);
  EXPECT_EQ(count(zpl, "^XZ"), 1u);
  EXPECT_NE(zpl.find("^CI28"), std::string::npos) << "UTF-8 field data";
  EXPECT_NE(zpl.find("^PW812\n"), std::string::npos);
  EXPECT_NE(zpl.find("^LL609\n"), std::string::npos);
  const std::string large =
      render(dispensed_label(), {.width_dots = 1200, .height_dots = 900, .dpi = 300});
  EXPECT_NE(large.find("^PW1200\n"), std::string::npos);
  EXPECT_NE(large.find("^LL900\n"), std::string::npos);
}

TEST(LabelZpl, PrintsEveryField) {
  struct Case {
    const char* name;
    LabelContent content;
    std::vector<std::string> texts;
  };
  const Case cases[] = {
      {"dispensed",
       dispensed_label(),
       {"DISPENSED",
        "C-000123",
        "MAT-0042",
        "Microcrystalline cellulose PH 102",
        "Lot",
        "L-2026-0042",
        "Supplier lot",
        "S-99881",
        "Quantity",
        "12.345 kg",
        "Gross 12.857 kg · Tare 0.512 kg · Net 12.345 kg",
        "Batch",
        "PCM-2026-0042",
        "Step",
        "0030 Dispense API",
        "Expiry",
        "2027-05-31",
        "Retest",
        "2026-12-15",
        "Storage",
        "Store below 25 °C, protect from light",
        "Dispensed by",
        "Anna Operator (aoperator)",
        "Dispensed at",
        "2026-11-25 08:01:00 UTC",
        "(91)C-000123 (10)L-2026-0042"}},
      {"container",
       container_label(),
       {"QUARANTINE", "C-000777", "MAT-0007", "Lactose monohydrate", "L-2026-0107", "MEG-4471",
        "25.000 kg", "2028-01-31", "2027-01-31", "Store dry at 15–25 °C", "Labelled by",
        "Rita Receiver (rreceiver)", "Labelled at", "2026-11-25 08:01:00 UTC",
        "(91)C-000777 (10)L-2026-0107"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto texts = printed_texts(render(c.content));
    for (const auto& t : c.texts) EXPECT_TRUE(prints(texts, t)) << t;
  }
  // A container label has no weighing or batch.
  const auto texts = printed_texts(render(container_label()));
  EXPECT_FALSE(prints(texts, "Batch"));
  EXPECT_FALSE(prints(texts, "DISPENSED"));
}

TEST(LabelZpl, EscapesWhatThePrinterWouldReadAsCommands) {
  LabelContent c = dispensed_label();
  c.material_name = "Acid^XZ~JR under_score back\\slash&Crème α";
  c.step = "\\&";
  const std::string zpl = render(c);
  EXPECT_EQ(count(zpl, "^XZ"), 1u) << "the name cannot end the format";
  EXPECT_EQ(zpl.find('~'), std::string::npos) << "no control command";
  for (const char* escaped :
       {"Acid_5EXZ_7EJR", "under_5Fscore", "back\\\\slash&Cr_C3_A8me", "_CE_B1"}) {
    EXPECT_NE(zpl.find(escaped), std::string::npos) << escaped << " in " << zpl;
  }
  const auto texts = printed_texts(zpl);
  EXPECT_TRUE(prints(texts, "Acid^XZ~JR under_score back\\slash&Crème α"));
  EXPECT_TRUE(prints(texts, "\\&")) << "a literal backslash is not ^FB's line break";
  for (unsigned char ch : zpl) EXPECT_LT(ch, 0x80) << "non-ASCII only as hex escapes";
}

TEST(LabelZpl, WrapsLongTextIntoItsLines) {
  LabelContent c = dispensed_label();
  c.material_name = "Hydroxypropyl methylcellulose acetate succinate, grade LF, fine powder";
  const std::string zpl = render(c);
  const auto at = zpl.find("Hydroxypropyl");
  ASSERT_NE(at, std::string::npos);
  const auto line_start = zpl.rfind('\n', at) + 1;
  const std::string field = zpl.substr(line_start, zpl.find('\n', at) - line_start);
  EXPECT_NE(field.find("^FB"), std::string::npos) << field;
  EXPECT_NE(field.find(",2,"), std::string::npos) << "two lines: " << field;
  EXPECT_EQ(count(field, "\\&"), 1u) << "one line break: " << field;
  EXPECT_EQ(field.find("..."), std::string::npos) << "nothing cut: " << field;
  const auto texts = printed_texts(zpl);
  EXPECT_TRUE(prints(texts, c.material_name));

  // Text longer than its lines even in a smaller font is cut, visibly.
  c.material_name = std::string(40, 'W') + " " + std::string(40, 'W') + " " + std::string(40, 'W');
  c.username = std::string(100, 'u');
  const auto cut = printed_texts(render(c));
  int checked = 0;
  for (const auto& t : cut) {
    if (t.find("WWW") == std::string::npos && t.find("uuu") == std::string::npos) continue;
    ++checked;
    EXPECT_EQ(t.substr(t.size() - 3), "...") << t;
    EXPECT_LT(t.size(), 100u) << t;
  }
  EXPECT_EQ(checked, 2) << "the name and the user";
}

TEST(LabelZpl, DataMatrixIsGs1WithFnc1) {
  const std::string zpl = render(dispensed_label());
  EXPECT_NE(zpl.find(",200,0,0,6,_^FD_191C-000123_110L-2026-0042^FS"), std::string::npos) << zpl;
  EXPECT_NE(zpl.find("^BXN,7,200"), std::string::npos) << "7 dots a module at 203 dpi";
  const std::string large =
      render(dispensed_label(), {.width_dots = 1200, .height_dots = 900, .dpi = 300});
  EXPECT_NE(large.find("^BXN,10,200"), std::string::npos) << "the same size at 300 dpi";
}

TEST(LabelZpl, RefusesBadBarcodeData) {
  for (const char* data : {"", "(01)123", "C-000123"}) {
    LabelContent c = dispensed_label();
    c.barcode = data;
    const auto zpl = render_label_zpl(c, {});
    ASSERT_FALSE(zpl.ok()) << data;
    EXPECT_EQ(zpl.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(zpl.error().details.at("field").as_string(), "barcode");
  }
}

}  // namespace
}  // namespace gemba::material
