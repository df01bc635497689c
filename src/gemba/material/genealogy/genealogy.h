#pragma once
// Lot genealogy: the vocabulary shared by the in-memory index (genealogy_index.h), the
// recursive-CTE trace over the table (genealogy_cte.h) and the output formats.
//
// The graph: nodes are lots and batches; an edge runs from what went in to what came out. A batch
// consumed a lot (lot → batch), a batch produced a lot (batch → lot), a lot was split or
// transferred into another lot (lot → lot). Edges carry the quantity and unit moved. They are
// stored in the table material_genealogy_edge (parent_kind, parent_id, child_kind, child_id,
// quantity, unit, recorded_at).
//
// A trace walks the edges from one node in one direction: backward (towards parents: everything
// a finished lot was made from) or forward (towards children: everything a raw lot went into, the
// scope of a recall).

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gemba::material {

enum class NodeKind : std::uint8_t { kLot = 0, kBatch = 1 };

// "lot" or "batch", as the table stores it.
std::string_view node_kind_name(NodeKind kind);
// The inverse of node_kind_name; nullopt for anything else (case-sensitive).
std::optional<NodeKind> parse_node_kind(std::string_view name);

// A lot or a batch, by its id (a UUID string in Gemba; any non-empty string to the genealogy).
struct NodeRef {
  NodeKind kind = NodeKind::kLot;
  std::string id;

  static NodeRef lot(std::string id) { return {NodeKind::kLot, std::move(id)}; }
  static NodeRef batch(std::string id) { return {NodeKind::kBatch, std::move(id)}; }
  friend auto operator<=>(const NodeRef&, const NodeRef&) = default;
  friend bool operator==(const NodeRef&, const NodeRef&) = default;
};

// "lot:0191…" (for messages and test output).
std::string to_string(const NodeRef& node);

enum class Direction : std::uint8_t {
  kBackward,  // towards parents: what the start was made from
  kForward,   // towards children: what the start went into
};

// "backward" or "forward".
std::string_view direction_name(Direction direction);

struct TraceNode {
  NodeRef node;
  int depth = 0;  // the shortest number of edges from the start (0 for the start)
  friend bool operator==(const TraceNode&, const TraceNode&) = default;
};

// An edge the trace followed. `parent` and `child` index Trace::nodes.
struct TraceEdge {
  std::uint32_t parent = 0;
  std::uint32_t child = 0;
  double quantity = 0;
  std::string unit;
  friend bool operator==(const TraceEdge&, const TraceEdge&) = default;
};

// The result of a trace. Deterministic: equal graphs give equal traces, whatever order the edges
// were recorded or loaded in.
//
// nodes: every node reached, the start first; ordered by (depth, kind, id).
// edges: every edge followed, i.e. every edge in the direction of the walk leaving a node whose
//   depth is below max_depth (edges between two reached nodes included, duplicates kept);
//   ordered by (near node, far node, quantity, unit), where the near node is the one closer to
//   the start (the child of a backward trace, the parent of a forward one).
// paths: one per leaf, in node order. A leaf is a reached node with no followed edges: it has no
//   edges in the direction, or it lies at max_depth. A path lists node indices from the start to
//   the leaf along a shortest route; where several shortest routes exist, each step comes from
//   the earliest node (in node order) one level closer to the start. The start alone is a path
//   when it has no edges in the direction.
// paths_truncated: there were more leaves than the path limit; paths holds the first ones.
struct Trace {
  Direction direction = Direction::kBackward;
  std::optional<int> max_depth;
  std::vector<TraceNode> nodes;
  std::vector<TraceEdge> edges;
  std::vector<std::vector<std::uint32_t>> paths;
  bool paths_truncated = false;

  const NodeRef& start() const { return nodes.front().node; }
  friend bool operator==(const Trace&, const Trace&) = default;
};

// The depth of an edge of `trace`: one more than the depth of its near end (the end closer to
// the start), so 1 for the edges of the start. Usually the depth of its far end, unless the edge
// leads back to a node reached earlier.
int edge_depth(const Trace& trace, const TraceEdge& edge);

// The path limit used unless a caller sets one.
inline constexpr std::size_t kDefaultMaxPaths = 10'000;

}  // namespace gemba::material
