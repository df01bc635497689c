#include "gemba/material/label/label_design.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "gemba/material/label/test_labels.h"

namespace gemba::material {
namespace {

using testing::container_label;
using testing::dispensed_label;

struct Rect {
  int x0, y0, x1, y1;
  bool overlaps(const Rect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

Rect box_of(const LabelTextBox& t) {
  const int height = static_cast<int>(t.max_lines * t.font_height * kLabelLinePitch);
  return {t.x, t.y, t.x + t.width, t.y + height};
}

void expect_tidy(const LabelDesign& d) {
  const int side = d.symbol.module * static_cast<int>(d.symbol.modules.size());
  const Rect symbol{d.symbol.x, d.symbol.y, d.symbol.x + side, d.symbol.y + side};
  const Rect label{0, 0, d.width, d.height};
  for (std::size_t i = 0; i < d.texts.size(); ++i) {
    const Rect a = box_of(d.texts[i]);
    SCOPED_TRACE(d.texts[i].text);
    EXPECT_TRUE(a.x0 >= label.x0 && a.y0 >= label.y0 && a.x1 <= label.x1 && a.y1 <= label.y1)
        << "inside the label: " << a.x0 << "," << a.y0 << " – " << a.x1 << "," << a.y1;
    EXPECT_FALSE(a.overlaps(symbol)) << "clear of the DataMatrix";
    EXPECT_GE(d.texts[i].font_height, 10) << "legible";
    for (std::size_t j = i + 1; j < d.texts.size(); ++j) {
      EXPECT_FALSE(a.overlaps(box_of(d.texts[j]))) << "overlaps " << d.texts[j].text;
    }
  }
  // A quiet zone of at least one module around the symbol.
  EXPECT_GE(symbol.x0, d.symbol.module);
  EXPECT_LE(symbol.x1, d.width - d.symbol.module);
  EXPECT_LE(symbol.y1, d.height - d.symbol.module);
}

bool has_text(const LabelDesign& d, const std::string& text) {
  for (const auto& t : d.texts) {
    if (t.text == text) return true;
  }
  return false;
}

TEST(LabelDesign, EveryTextHasItsOwnPlaceOnTheLabel) {
  for (const auto& content : {dispensed_label(), container_label()}) {
    for (const LabelLayout& layout :
         {LabelLayout{}, LabelLayout{.width_dots = 1200, .height_dots = 900, .dpi = 300},
          LabelLayout{.width_dots = 799, .height_dots = 591, .dpi = 203},  // 100 × 75 mm
          LabelLayout{.width_dots = 812, .height_dots = 1218, .dpi = 203},
          LabelLayout{.width_dots = 406, .height_dots = 305, .dpi = 203}}) {
      SCOPED_TRACE(std::to_string(layout.width_dots) + "x" + std::to_string(layout.height_dots));
      const auto d = design_label(content, layout);
      ASSERT_TRUE(d.ok()) << d.error().to_string();
      expect_tidy(*d);
    }
  }
}

TEST(LabelDesign, TheBandSaysWhatTheLabelIs) {
  const auto dispensed = design_label(dispensed_label(), {});
  ASSERT_TRUE(dispensed.ok());
  ASSERT_FALSE(dispensed->bars.empty());
  EXPECT_TRUE(dispensed->texts[0].reverse);
  EXPECT_EQ(dispensed->texts[0].text, "DISPENSED");
  EXPECT_EQ(dispensed->texts[1].text, "C-000123");
  const auto container = design_label(container_label(), {});
  ASSERT_TRUE(container.ok());
  EXPECT_EQ(container->texts[0].text, "QUARANTINE");
  EXPECT_GE(container->texts[0].font_height, 50) << "the status in big letters";
}

TEST(LabelDesign, LeavesOutWhatIsNotGiven) {
  LabelContent c = dispensed_label();
  c.supplier_lot.reset();
  c.gross.reset();
  c.tare.reset();
  c.net.reset();
  c.expiry.reset();
  c.retest.reset();
  c.storage_conditions.reset();
  c.step.clear();
  const auto d = design_label(c, {});
  ASSERT_TRUE(d.ok());
  for (const char* caption : {"Supplier lot", "Expiry", "Retest", "Storage", "Step"}) {
    EXPECT_FALSE(has_text(*d, caption)) << caption;
  }
  EXPECT_TRUE(has_text(*d, "Batch"));
  expect_tidy(*d);
}

TEST(LabelDesign, RejectsIncompleteContentNamingTheField) {
  struct Case {
    std::string name;
    std::function<void(LabelContent&, LabelLayout&)> change;
    std::string field;
  };
  const Case cases[] = {
      {"container id", [](auto& c, auto&) { c.container_id = " "; }, "container_id"},
      {"material code", [](auto& c, auto&) { c.material_code.clear(); }, "material_code"},
      {"lot", [](auto& c, auto&) { c.lot_number.clear(); }, "lot_number"},
      {"quantity", [](auto& c, auto&) { c.quantity.value.clear(); }, "quantity"},
      {"unit", [](auto& c, auto&) { c.quantity.unit.clear(); }, "quantity"},
      {"user", [](auto& c, auto&) { c.username.clear(); }, "user"},
      {"batch", [](auto& c, auto&) { c.batch_number.clear(); }, "batch_number"},
      {"status",
       [](auto& c, auto&) {
         c.kind = LabelKind::kContainer;
         c.lot_status.clear();
       },
       "lot_status"},
      {"expiry", [](auto& c, auto&) { c.expiry = std::chrono::year{2027} / 2 / 30; }, "expiry"},
      {"barcode", [](auto& c, auto&) { c.barcode.clear(); }, "barcode"},
      {"bad barcode", [](auto& c, auto&) { c.barcode = "(01)123"; }, "barcode"},
      {"dpi", [](auto&, auto& l) { l.dpi = 72; }, "layout.dpi"},
      {"small", [](auto&, auto& l) { l.width_dots = 300; }, "layout.width_dots"},
      {"one font", [](auto&, auto& l) { l.pdf_regular_font_file = "x.ttf"; },
       "layout.pdf_bold_font_file"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    LabelContent content = dispensed_label();
    LabelLayout layout;
    c.change(content, layout);
    const auto d = design_label(content, layout);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(d.error().details.at("field").as_string(), c.field) << d.error().message;
  }
  // A dispensed label needs no lot status; a container label needs no batch.
  LabelContent container = container_label();
  container.batch_number.clear();
  EXPECT_TRUE(design_label(container, {}).ok());
}

}  // namespace
}  // namespace gemba::material
