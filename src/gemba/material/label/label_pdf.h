#pragma once
// A container label as a one-page PDF the size of the label (4 × 3 inch by default), for office
// printers, previews and the archive. libharu draws it; the DataMatrix is vector rectangles from
// zint's module matrix, so it prints sharp at any resolution. Nothing touches the file system
// except reading the TrueType fonts a LabelLayout may name. Thread-safe (one document per call).
//
// Text is Helvetica in WinAnsi (Latin-1 and the typographic characters; others print as '?'),
// or the layout's TrueType fonts, embedded, with any character they hold. The PDF's creation date
// is the content's labelled_at, so the same content renders to the same bytes.

#include <string>

#include "gemba/core/result.h"
#include "gemba/material/label/label.h"

namespace gemba::material {

// invalid_argument for missing content, bad barcode data (zint's reason in the message) and a
// TrueType font that cannot be loaded; internal if libharu fails otherwise.
Result<std::string> render_label_pdf(const LabelContent& content, const LabelLayout& layout);

}  // namespace gemba::material
