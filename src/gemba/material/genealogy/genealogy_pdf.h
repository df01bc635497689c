#pragma once
// A trace as a printable A4 report (libharu, through the batch record's PdfDocument): title,
// start node, direction, depth limit, generation time, counts; a table of the nodes by depth; a
// table of the edges. Tables break across pages with their header repeated; every page's footer
// names the start node and "Page n of m". Paths are left to the JSON and CSV (a recall can have
// thousands).
//
// Thread-safe (each call builds its own document) as long as the label lookup is.

#include <string>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"
#include "gemba/material/genealogy/genealogy.h"
#include "gemba/material/genealogy/genealogy_format.h"

namespace gemba::material {

// Renders `trace` as PDF bytes. `generated_at` is printed as the report's time (and is its PDF
// creation date). Text is WinAnsi: characters outside it print as '?'. Errors: internal if the
// PDF library fails (out of memory, a limit of the format).
Result<std::string> render_genealogy_pdf(const Trace& trace, Timestamp generated_at,
                                         const NodeLabeler& label = {});

}  // namespace gemba::material
