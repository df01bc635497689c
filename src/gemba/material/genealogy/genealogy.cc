#include "gemba/material/genealogy/genealogy.h"

namespace gemba::material {

std::string_view node_kind_name(NodeKind kind) { return kind == NodeKind::kLot ? "lot" : "batch"; }

std::optional<NodeKind> parse_node_kind(std::string_view name) {
  if (name == "lot") return NodeKind::kLot;
  if (name == "batch") return NodeKind::kBatch;
  return std::nullopt;
}

std::string to_string(const NodeRef& node) {
  std::string out(node_kind_name(node.kind));
  out += ':';
  out += node.id;
  return out;
}

std::string_view direction_name(Direction direction) {
  return direction == Direction::kBackward ? "backward" : "forward";
}

int edge_depth(const Trace& trace, const TraceEdge& edge) {
  const std::uint32_t near = trace.direction == Direction::kBackward ? edge.child : edge.parent;
  return trace.nodes[near].depth + 1;
}

}  // namespace gemba::material
