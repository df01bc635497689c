#pragma once
// A container label as ZPL II, the language of Zebra label printers. Pure; thread-safe.
//
// The format sets the label size (^PW, ^LL), UTF-8 field data (^CI28) and prints one label. Text
// is the printer's scalable font 0; every text field goes through ^FH with '_' as hex indicator,
// so '^', '~', '_' and every byte above 0x7F are written as hex escapes ("_5E", "_C3_A9") and a
// '\' as "\\" (^FB's own escape). Lines are wrapped here against an estimate of font 0's widths,
// generous enough that the printer does not wrap them again, and joined with ^FB's "\&"; ^FB
// allows the box's full number of lines, so a line the printer wraps after all moves into the
// box's spare line instead of overprinting the last one.
// The DataMatrix is ^BX quality 200 with '_' as its escape character named in the command
// (firmware defaults differ), FNC1 as "_1" (see gs1_zpl_datamatrix_data).

#include <string>

#include "gemba/core/result.h"
#include "gemba/material/label/label.h"

namespace gemba::material {

// One format: starts with "^XA", ends with "^XZ", one command per line. The same errors as
// render_label_pdf: invalid_argument for missing content and for barcode data that is not a valid
// GS1 element string, so that no printer gets a label whose barcode would not scan as what it
// claims.
Result<std::string> render_label_zpl(const LabelContent& content, const LabelLayout& layout);

}  // namespace gemba::material
