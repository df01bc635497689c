#pragma once
// A trace as JSON (the API) and CSV (spreadsheets, recall lists). The PDF report is
// genealogy_pdf.h. Pure; thread-safe as long as the label lookup is.

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <vector>

#include "gemba/material/genealogy/genealogy.h"

namespace gemba::material {

// What a person calls a node: a lot number or batch number instead of the UUID. Called once per
// node of the trace, on the calling thread. Without one, the label is the id.
using NodeLabeler = std::function<std::string(const NodeRef&)>;

// {"start": {"kind", "id", "label"}, "direction": "backward" | "forward",
//  "max_depth": n | null,
//  "nodes": [{"kind", "id", "label", "depth"}, ...],             (Trace::nodes, in order)
//  "edges": [{"parent": i, "child": j, "quantity", "unit", "depth"}, ...]  (i, j index "nodes")
//  "paths": [[i, j, ...], ...],                                    (indices into "nodes")
//  "paths_truncated": bool}
// An edge's depth is edge_depth(): 1 for the edges of the start.
boost::json::object genealogy_json(const Trace& trace, const NodeLabeler& label = {});

// RFC 4180: a header row, then one row per edge in Trace::edges order:
//   parent_kind,parent_id,parent_label,child_kind,child_id,child_label,quantity,unit,depth
// Lines end in CRLF; a field holding a comma, a double quote, CR or LF is quoted, its quotes
// doubled. Quantities as format_json_number prints them. Text is written as given (UTF-8).
std::string genealogy_csv(const Trace& trace, const NodeLabeler& label = {});

// The labels of every node of `trace`, in node order (the id where `label` is empty).
std::vector<std::string> node_labels(const Trace& trace, const NodeLabeler& label);

}  // namespace gemba::material
