#pragma once
// GS1 DataMatrix (ECC 200) of a GS1 element string, through zint. Pure (no files); thread-safe
// (each call has its own zint symbol).
//
// The element string comes in its human-readable form, each application identifier (AI) in
// parentheses: "(91)C-000123(10)L-2026-0042". An AI is "(" two to four digits ")"; any other
// "(" belongs to the data before it. So data that itself holds "(" followed by two to four
// digits and ")" cannot be written in this form (GS1 allows parentheses in data; we do not).
// zint checks the element string against the GS1 General Specifications (AI known, data length,
// character set, check digits, dates); anything it would warn about is an error here.

#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/result.h"

namespace gemba::material {

// Rows top to bottom, each left to right; true is a dark module. Without quiet zone.
using ModuleMatrix = std::vector<std::vector<bool>>;

// The square symbol for `human_readable`: the smallest of the 24 square ECC 200 sizes (10 × 10 to
// 144 × 144) that holds it. invalid_argument (details: field "barcode", the data, zint's text)
// when the data is empty, not in the human-readable form, or not a valid element string.
Result<ModuleMatrix> encode_gs1_datamatrix(std::string_view human_readable);

// The same element string as field data for a ZPL ^BX symbol of quality 200 whose escape
// character is '_': FNC1 ("_1") first and after each variable-length element but the last, and
// every '_' of the data doubled. The data holds only GS1 characters (no '^', '~' or '\'), so the
// field needs no ^FH. Same errors as encode_gs1_datamatrix.
Result<std::string> gs1_zpl_datamatrix_data(std::string_view human_readable);

}  // namespace gemba::material
