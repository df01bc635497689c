#include "gemba/material/genealogy/genealogy_pdf.h"

#include <chrono>
#include <new>
#include <vector>

#include "gemba/batch/pdf/pdf_document.h"
#include "gemba/batch/pdf/winansi.h"
#include "gemba/core/json.h"
#include "gemba/core/time.h"

namespace gemba::material {
namespace {

namespace pdf = batch::pdf;
using pdf::FontStyle;
using pdf::PdfDocument;
using pdf::Span;

Span regular(std::string_view utf8) { return {pdf::utf8_to_winansi(utf8), FontStyle::kRegular}; }
Span bold(std::string_view utf8) { return {pdf::utf8_to_winansi(utf8), FontStyle::kBold}; }

// "lot PCM-API-0042" or "batch 2026-0117".
std::string named(const NodeRef& node, const std::string& label) {
  return std::string(node_kind_name(node.kind)) + " " + label;
}

pdf::DocumentInfo document_info(const std::string& title, Timestamp generated_at) {
  pdf::DocumentInfo info;
  // Metadata only: short, and free of the bytes PDF text strings read differently from WinAnsi.
  info.title = pdf::utf8_to_winansi(title.substr(0, 120));
  for (char& c : info.title) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 && u < 0xA0) c = '?';
  }
  using namespace std::chrono;
  const auto day = floor<days>(generated_at);
  const year_month_day ymd(day);
  const hh_mm_ss hms(floor<seconds>(generated_at - day));
  info.created = pdf::DocumentInfo::Date{
      int(ymd.year()),          int(unsigned(ymd.month())), int(unsigned(ymd.day())),
      int(hms.hours().count()), int(hms.minutes().count()), int(hms.seconds().count())};
  return info;
}

void section_heading(PdfDocument& doc, std::string_view title) {
  doc.paragraph({bold(title)}, {.font_size = 12, .space_before = 12, .keep_with_next = 40});
  doc.rule();
  doc.vertical_space(3);
}

}  // namespace

Result<std::string> render_genealogy_pdf(const Trace& trace, Timestamp generated_at,
                                         const NodeLabeler& label) {
  try {
    const std::vector<std::string> labels = node_labels(trace, label);
    const NodeRef& start = trace.start();
    const bool backward = trace.direction == Direction::kBackward;
    const std::string title = "Genealogy of " + named(start, labels.front());
    GEMBA_TRY(doc, PdfDocument::create(document_info(title, generated_at)));

    doc->paragraph({bold(title)}, {.font_size = 16, .space_after = 4});
    std::size_t lots = 0;
    for (const TraceNode& n : trace.nodes) lots += n.node.kind == NodeKind::kLot;
    const std::string direction =
        backward ? "Backward: everything the " + std::string(node_kind_name(start.kind)) +
                       " was made from"
                 : "Forward: everything the " + std::string(node_kind_name(start.kind)) +
                       " went into (recall scope)";
    std::string paths = std::to_string(trace.paths.size());
    if (trace.paths_truncated) paths += " (truncated: more leaves than the path limit)";
    const std::vector<std::pair<std::string, std::string>> facts = {
        {"Start", named(start, labels.front())},
        {"Start id", start.id},
        {"Direction", direction},
        {"Depth limit", trace.max_depth ? std::to_string(*trace.max_depth) : "none"},
        {"Generated", format_rfc3339(generated_at)},
        {"Nodes", std::to_string(trace.nodes.size()) + " (" + std::to_string(lots) + " lots, " +
                      std::to_string(trace.nodes.size() - lots) + " batches)"},
        {"Edges", std::to_string(trace.edges.size())},
        {"Paths to leaves", paths},
    };
    std::vector<pdf::TableRow> rows;
    rows.reserve(facts.size());
    for (const auto& [name, value] : facts) rows.push_back({{bold(name)}, {regular(value)}});
    doc->table({.columns = {{{}, 0.22f}, {{}, 0.78f}}, .header_row = false, .font_size = 9}, rows);

    section_heading(*doc, "Nodes by depth");
    rows.clear();
    rows.reserve(trace.nodes.size());
    for (std::size_t i = 0; i < trace.nodes.size(); ++i) {
      const TraceNode& n = trace.nodes[i];
      rows.push_back({{regular(std::to_string(n.depth))},
                      {regular(node_kind_name(n.node.kind))},
                      {regular(labels[i])},
                      {regular(n.node.id)}});
    }
    doc->table({.columns = {{{bold("Depth")}, 0.08f},
                            {{bold("Kind")}, 0.08f},
                            {{bold("Label")}, 0.40f},
                            {{bold("Id")}, 0.44f}},
                .header_row = true,
                .font_size = 8},
               rows);

    section_heading(*doc, "Edges (what went into what)");
    rows.clear();
    rows.reserve(trace.edges.size());
    for (const TraceEdge& e : trace.edges) {
      rows.push_back({{regular(std::to_string(edge_depth(trace, e)))},
                      {regular(named(trace.nodes[e.parent].node, labels[e.parent]))},
                      {regular(named(trace.nodes[e.child].node, labels[e.child]))},
                      {regular(format_json_number(e.quantity))},
                      {regular(e.unit)}});
    }
    if (rows.empty()) {
      doc->paragraph({regular("No edges were followed.")});
    } else {
      doc->table({.columns = {{{bold("Depth")}, 0.08f},
                              {{bold("Parent")}, 0.36f},
                              {{bold("Child")}, 0.36f},
                              {{bold("Quantity")}, 0.12f},
                              {{bold("Unit")}, 0.08f}},
                  .header_row = true,
                  .font_size = 8},
                 rows);
    }
    return doc->finish(
        {.left = pdf::utf8_to_winansi(title),
         .second_line = pdf::utf8_to_winansi(std::string(direction_name(trace.direction)) +
                                             " trace generated " + format_rfc3339(generated_at))});
  } catch (const std::bad_alloc&) {
    return Error::internal("out of memory while rendering the genealogy report PDF");
  }
}

}  // namespace gemba::material
