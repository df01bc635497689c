#include "gemba/material/genealogy/genealogy_format.h"

#include <boost/json/array.hpp>

#include "gemba/core/json.h"

namespace gemba::material {
namespace {

namespace json = boost::json;

// Appends the text `field` to `out`, quoted when RFC 4180 requires it. A text a spreadsheet would
// read as a formula (= + - @, tab, CR first) gets a leading apostrophe, so opening a recall list
// never runs what a supplier's lot number carried.
void csv_field(std::string& out, std::string_view field) {
  std::string guarded;
  if (!field.empty() &&
      std::string_view("=+-@\t\r").find(field.front()) != std::string_view::npos) {
    guarded = "'" + std::string(field);
    field = guarded;
  }
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

std::vector<std::string> node_labels(const Trace& trace, const NodeLabeler& label) {
  std::vector<std::string> labels;
  labels.reserve(trace.nodes.size());
  for (const TraceNode& n : trace.nodes) labels.push_back(label ? label(n.node) : n.node.id);
  return labels;
}

json::object genealogy_json(const Trace& trace, const NodeLabeler& label) {
  const std::vector<std::string> labels = node_labels(trace, label);
  json::array nodes;
  nodes.reserve(trace.nodes.size());
  for (std::size_t i = 0; i < trace.nodes.size(); ++i) {
    const TraceNode& n = trace.nodes[i];
    nodes.push_back(json::object{{"kind", node_kind_name(n.node.kind)},
                                 {"id", n.node.id},
                                 {"label", labels[i]},
                                 {"depth", n.depth}});
  }
  json::array edges;
  edges.reserve(trace.edges.size());
  for (const TraceEdge& e : trace.edges) {
    edges.push_back(json::object{{"parent", e.parent},
                                 {"child", e.child},
                                 {"quantity", e.quantity},
                                 {"unit", e.unit},
                                 {"depth", edge_depth(trace, e)}});
  }
  json::array paths;
  paths.reserve(trace.paths.size());
  for (const auto& path : trace.paths) paths.push_back(json::array(path.begin(), path.end()));

  json::object out;
  const NodeRef& start = trace.start();
  out["start"] = json::object{
      {"kind", node_kind_name(start.kind)}, {"id", start.id}, {"label", labels.front()}};
  out["direction"] = direction_name(trace.direction);
  out["max_depth"] = trace.max_depth ? json::value(*trace.max_depth) : json::value(nullptr);
  out["nodes"] = std::move(nodes);
  out["edges"] = std::move(edges);
  out["paths"] = std::move(paths);
  out["paths_truncated"] = trace.paths_truncated;
  return out;
}

std::string genealogy_csv(const Trace& trace, const NodeLabeler& label) {
  const std::vector<std::string> labels = node_labels(trace, label);
  std::string out =
      "parent_kind,parent_id,parent_label,child_kind,child_id,child_label,quantity,unit,depth\r\n";
  for (const TraceEdge& e : trace.edges) {
    for (std::uint32_t end : {e.parent, e.child}) {
      const NodeRef& n = trace.nodes[end].node;
      out += node_kind_name(n.kind);
      out += ',';
      csv_field(out, n.id);
      out += ',';
      csv_field(out, labels[end]);
      out += ',';
    }
    out += format_json_number(e.quantity);
    out += ',';
    csv_field(out, e.unit);
    out += ',';
    out += std::to_string(edge_depth(trace, e));
    out += "\r\n";
  }
  return out;
}

}  // namespace gemba::material
