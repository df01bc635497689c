#pragma once
// Test support: the table of trace cases every trace implementation must pass (the index, and
// the CTE over the table on each backend), and a random plant genealogy for comparing them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/material/genealogy/genealogy.h"

namespace gemba::material::testing {

// An edge as a case writes it: ends as "lot:id" or "batch:id".
struct EdgeSpec {
  std::string parent;
  std::string child;
  double quantity = 0;
  std::string unit;
};

// "lot:a" → NodeRef::lot("a"). REQUIRES: a "lot:" or "batch:" prefix.
NodeRef node(std::string_view spec);

struct TraceCase {
  std::string name;
  std::vector<EdgeSpec> edges;
  std::string start;
  Direction direction = Direction::kBackward;
  std::optional<int> max_depth;
  std::size_t max_paths = kDefaultMaxPaths;
  // What the trace must hold, as node_lines / edge_lines / path_lines render it.
  std::vector<std::string> nodes;
  std::vector<std::string> edges_followed;
  std::vector<std::string> paths;
  bool paths_truncated = false;
};

const std::vector<TraceCase>& trace_cases();

// "2 lot:a" (depth, node) per node.
std::vector<std::string> node_lines(const Trace& trace);
// "lot:a -> batch:b 10 kg" per edge.
std::vector<std::string> edge_lines(const Trace& trace);
// "lot:a > batch:b > lot:c" per path.
std::vector<std::string> path_lines(const Trace& trace);

// A plant-like DAG: `nodes` nodes (every third a batch) with random 8-hex-digit ids, `edges`
// edges from earlier to later nodes within a window (so traces run several levels deep, with
// splits, merges and diamonds), no batch → batch edges, some lot → lot transfers and some
// repeated edges. Deterministic for a seed.
std::vector<EdgeSpec> random_genealogy(std::uint64_t seed, int nodes, int edges);
// The distinct nodes of `edges`, in order of first appearance.
std::vector<NodeRef> nodes_of(const std::vector<EdgeSpec>& edges);

}  // namespace gemba::material::testing
