#include "gemba/material/label/label_pdf.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gemba/material/label/label_design.h"
#include "gemba/material/label/test_labels.h"

namespace gemba::material {
namespace {

using testing::container_label;
using testing::dispensed_label;

constexpr const char* kDejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kDejaVuBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

bool have_tool(const char* name) {
  return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0;
}

// A file in the temporary directory, removed with the object.
class TempFile {
 public:
  explicit TempFile(const std::string& suffix) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() / ("gemba_label_" + std::to_string(::getpid()) +
                                                      "_" + std::to_string(counter++) + suffix);
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `command` with {pdf} and {out} replaced by file names; returns what it wrote to {out}.
std::string run_on_pdf(const std::string& pdf, std::string command, const char* out_suffix) {
  TempFile in(".pdf"), out(out_suffix);
  std::ofstream(in.path(), std::ios::binary) << pdf;
  command.replace(command.find("{pdf}"), 5, "'" + in.path() + "'");
  command.replace(command.find("{out}"), 5, "'" + out.path() + "'");
  EXPECT_EQ(std::system((command + " 2>/dev/null").c_str()), 0) << command;
  return read_file(out.path());
}

// Every run of white space one space.
std::string squeeze(const std::string& raw) {
  std::string out;
  for (char c : raw) {
    const bool space = c == ' ' || c == '\n' || c == '\f' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

std::string pdf_text(const std::string& pdf) {
  return squeeze(run_on_pdf(pdf, "pdftotext -raw -enc UTF-8 {pdf} {out}", ".txt"));
}

std::string render(const LabelContent& c, const LabelLayout& layout = {}) {
  auto pdf = render_label_pdf(c, layout);
  EXPECT_TRUE(pdf.ok()) << pdf.error().to_string();
  return pdf.ok() ? *pdf : std::string();
}

class LabelPdf : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_tool("pdftotext") || !have_tool("pdfinfo") || !have_tool("pdftoppm")) {
      GTEST_SKIP() << "poppler-utils (pdftotext, pdfinfo, pdftoppm) is not installed";
    }
  }
};

TEST_F(LabelPdf, PrintsEveryField) {
  struct Case {
    const char* name;
    LabelContent content;
    std::vector<std::string> texts;
  };
  const Case cases[] = {
      {"dispensed",
       dispensed_label(),
       {"DISPENSED", "C-000123", "MAT-0042", "Microcrystalline cellulose PH 102", "Lot L-2026-0042",
        "Supplier lot S-99881", "Quantity 12.345 kg",
        "Gross 12.857 kg · Tare 0.512 kg · Net 12.345 kg", "Batch PCM-2026-0042",
        "Step 0030 Dispense API", "Expiry 2027-05-31", "Retest 2026-12-15",
        "Storage Store below 25 °C, protect from light", "Dispensed by Anna Operator (aoperator)",
        "Dispensed at 2026-11-25 08:01:00 UTC", "(91)C-000123 (10)L-2026-0042"}},
      {"container",
       container_label(),
       {"QUARANTINE", "C-000777", "MAT-0007", "Lactose monohydrate", "Lot L-2026-0107",
        "Supplier lot MEG-4471", "Quantity 25.000 kg", "Expiry 2028-01-31", "Retest 2027-01-31",
        "Storage Store dry at 15–25 °C", "Labelled by Rita Receiver (rreceiver)",
        "Labelled at 2026-11-25 08:01:00 UTC", "(91)C-000777 (10)L-2026-0107"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string text = pdf_text(render(c.content));
    for (const auto& t : c.texts) EXPECT_NE(text.find(t), std::string::npos) << t << "\n" << text;
  }
}

TEST_F(LabelPdf, PageIsTheLabel) {
  struct Case {
    LabelLayout layout;
    std::string size;
  };
  const Case cases[] = {
      {{}, "Page size: 288 x 216 pts"},  // 4 × 3 inch
      {{.width_dots = 1200, .height_dots = 900, .dpi = 300}, "Page size: 288 x 216 pts"},
      {{.width_dots = 799, .height_dots = 591, .dpi = 203}, "Page size: 283.389 x 209.616 pts"},
  };
  for (const auto& c : cases) {
    const std::string info =
        squeeze(run_on_pdf(render(dispensed_label(), c.layout), "pdfinfo {pdf} > {out}", ".txt"));
    EXPECT_NE(info.find(c.size), std::string::npos) << info;
    EXPECT_NE(info.find("Pages: 1 "), std::string::npos) << info;
    EXPECT_NE(info.find("Title: Label C-000123 "), std::string::npos) << info;
  }
}

// The page rendered at the label's resolution (one pixel a dot), as 8-bit gray.
struct Gray {
  int width = 0, height = 0;
  std::string pixels;
  int at(int x, int y) const { return static_cast<unsigned char>(pixels[y * width + x]); }
};

Gray rasterize(const std::string& pdf, int dpi) {
  const std::string pgm = run_on_pdf(
      pdf,
      "pdftoppm -gray -aa no -aaVector no -singlefile -r " + std::to_string(dpi) + " {pdf} > {out}",
      ".pgm");
  Gray g;
  std::istringstream in(pgm);
  std::string magic;
  int max = 0;
  in >> magic >> g.width >> g.height >> max;
  in.get();
  EXPECT_EQ(magic, "P5");
  g.pixels.assign(std::istreambuf_iterator<char>(in), {});
  EXPECT_EQ(g.pixels.size(), static_cast<std::size_t>(g.width) * g.height);
  return g;
}

TEST_F(LabelPdf, DrawsTheDataMatrixModuleForModule) {
  for (const auto& layout :
       {LabelLayout{}, LabelLayout{.width_dots = 1200, .height_dots = 900, .dpi = 300}}) {
    const auto design = design_label(dispensed_label(), layout);
    ASSERT_TRUE(design.ok());
    const Gray page = rasterize(render(dispensed_label(), layout), layout.dpi);
    ASSERT_EQ(page.width, layout.width_dots);
    ASSERT_EQ(page.height, layout.height_dots);
    const auto& s = design->symbol;
    const int n = static_cast<int>(s.modules.size());
    int wrong = 0;
    for (int r = 0; r < n; ++r) {
      for (int c = 0; c < n; ++c) {
        const int x = s.x + c * s.module + s.module / 2;
        const int y = s.y + r * s.module + s.module / 2;
        const bool dark = page.at(x, y) < 128;
        if (dark != s.modules[r][c]) ++wrong;
      }
    }
    EXPECT_EQ(wrong, 0) << "modules differing from zint's matrix at " << layout.dpi << " dpi";
    // The quiet zone around the symbol is white.
    for (int i = -s.module; i < n * s.module + s.module; ++i) {
      EXPECT_GT(page.at(s.x + i, s.y - s.module / 2), 128);
      EXPECT_GT(page.at(s.x - s.module / 2, s.y + i), 128);
    }
  }
}

TEST_F(LabelPdf, CutsTextThatCannotFitAndKeepsTheRest) {
  LabelContent c = dispensed_label();
  c.material_name =
      "Hydroxypropyl methylcellulose acetate succinate, grade LF, fine powder, "
      "for spray drying of amorphous solid dispersions";
  c.storage_conditions = std::string(300, 'x');
  const std::string text = pdf_text(render(c));
  EXPECT_NE(text.find("Hydroxypropyl methylcellulose acetate"), std::string::npos) << text;
  EXPECT_NE(text.find("..."), std::string::npos) << text;
  EXPECT_EQ(text.find(std::string(300, 'x')), std::string::npos) << text;
  for (const char* t : {"Lot L-2026-0042", "Quantity 12.345 kg", "Batch PCM-2026-0042",
                        "Dispensed by Anna Operator (aoperator)"}) {
    EXPECT_NE(text.find(t), std::string::npos) << t << "\n" << text;
  }
}

TEST_F(LabelPdf, SameContentSameBytes) {
  EXPECT_EQ(render(container_label()), render(container_label()));
  LabelContent other = container_label();
  other.lot_status = "RELEASED";
  const std::string released = render(other);
  EXPECT_NE(render(container_label()), released);
  EXPECT_NE(pdf_text(released).find("RELEASED"), std::string::npos);
}

TEST_F(LabelPdf, TextBeyondLatin1NeedsATrueTypeFont) {
  LabelContent c = dispensed_label();
  c.material_name = "α-Tocopherol Ölsäure";
  // Helvetica (WinAnsi): Latin-1 prints, Greek becomes '?'.
  EXPECT_NE(pdf_text(render(c)).find("?-Tocopherol Ölsäure"), std::string::npos);
  if (!std::filesystem::exists(kDejaVu) || !std::filesystem::exists(kDejaVuBold)) {
    GTEST_SKIP() << "DejaVu fonts (fonts-dejavu-core) are not installed";
  }
  const LabelLayout layout{.pdf_regular_font_file = kDejaVu, .pdf_bold_font_file = kDejaVuBold};
  const std::string text = pdf_text(render(c, layout));
  EXPECT_NE(text.find("α-Tocopherol Ölsäure"), std::string::npos) << text;
  EXPECT_NE(text.find("Dispensed by Anna Operator (aoperator)"), std::string::npos) << text;
}

TEST_F(LabelPdf, RefusesBadInputWithAClearError) {
  struct Case {
    std::string barcode;
    std::string font;
    std::string field;
    std::string message_has;
  };
  const Case cases[] = {
      {"", "", "barcode", "barcode data"},
      {"(01)123", "", "barcode", "not a valid GS1 element string: invalid data length for AI (01)"},
      {"(91)C-1", "/nonexistent/font.ttf", "layout.pdf_regular_font_file",
       "/nonexistent/font.ttf could not be loaded"},
  };
  for (const auto& c : cases) {
    LabelContent content = dispensed_label();
    content.barcode = c.barcode;
    const LabelLayout layout{.pdf_regular_font_file = c.font,
                             .pdf_bold_font_file = c.font.empty() ? "" : kDejaVuBold};
    const auto pdf = render_label_pdf(content, layout);
    ASSERT_FALSE(pdf.ok()) << c.barcode;
    EXPECT_EQ(pdf.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(pdf.error().details.at("field").as_string(), c.field);
    EXPECT_NE(pdf.error().message.find(c.message_has), std::string::npos) << pdf.error().message;
  }
}

}  // namespace
}  // namespace gemba::material
