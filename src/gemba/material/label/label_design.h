#pragma once
// The label's design, once for both outputs: where each box, text and the DataMatrix go, in
// printer dots from the label's top left corner. The ZPL and PDF renderers only translate it, and
// fit each text into its box with their own font measure (label_text.h). Pure; thread-safe.
//
//   ┌──────────────────────────────────────────────┐
//   │ QUARANTINE / DISPENSED             C-000123   │  black band, white text
//   │ MAT-0042                          ▓▓▓▓▓▓▓▓    │
//   │ Microcrystalline cellulose …      ▓ Data ▓    │
//   │ Quantity   12.345 kg              ▓Matrix▓    │
//   │ Lot        L-2026-0042          (91)C-000123  │
//   │ Batch      PCM-2026-0042   Step  0030 …       │
//   │ Expiry     2027-05-31      Retest 2026-11-30  │
//   │ Storage    Store below 25 °C                  │
//   │ Dispensed by  Anna Operator (aoperator)       │
//   │ Dispensed at  2026-11-25 08:01:00 UTC         │
//   └──────────────────────────────────────────────┘

#include <string>
#include <vector>

#include "gemba/core/result.h"
#include "gemba/material/label/datamatrix.h"
#include "gemba/material/label/label.h"

namespace gemba::material {

// Distance between the tops of two lines of a text box, as a multiple of its font size.
inline constexpr float kLabelLinePitch = 1.15f;

enum class TextAlign { kLeft, kCenter, kRight };

struct LabelTextBox {
  int x = 0;  // top left of the box, dots
  int y = 0;
  int width = 0;        // dots; lines are fitted into it
  int font_height = 0;  // dots: the size of the font (its em), the most the text may use
  int max_lines = 1;
  bool bold = false;
  bool reverse = false;  // white text, on a filled box drawn beneath it
  TextAlign align = TextAlign::kLeft;
  std::string text;  // clean UTF-8 (clean_label_text), one paragraph
};

// A filled black rectangle.
struct LabelBar {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};

struct LabelSymbol {
  int x = 0;  // top left of the first module, dots
  int y = 0;
  int module = 1;  // dots per module, >= 1
  ModuleMatrix modules;
  std::string zpl_data;  // gs1_zpl_datamatrix_data of the content's barcode
};

struct LabelDesign {
  int width = 0;  // dots
  int height = 0;
  int dpi = 203;
  std::vector<LabelBar> bars;       // drawn first
  std::vector<LabelTextBox> texts;  // then these, in order
  LabelSymbol symbol;
};

// validate_label's errors, and encode_gs1_datamatrix's for the barcode.
Result<LabelDesign> design_label(const LabelContent& content, const LabelLayout& layout);

}  // namespace gemba::material
