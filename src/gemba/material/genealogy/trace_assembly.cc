#include "gemba/material/genealogy/trace_assembly.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <numeric>
#include <tuple>
#include <vector>

namespace gemba::material::detail {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// An edge with both ends renumbered to their place in Trace::nodes.
struct RankedEdge {
  std::uint32_t near;
  std::uint32_t far;
  double quantity;
  std::string_view unit;
  bool operator<(const RankedEdge& o) const {
    return std::tie(near, far, quantity, unit) < std::tie(o.near, o.far, o.quantity, o.unit);
  }
};

}  // namespace

Trace assemble_trace(Direction direction, std::optional<int> max_depth,
                     std::span<const FoundNode> nodes, std::span<const FoundEdge> edges,
                     std::size_t max_paths) {
  const std::size_t n = nodes.size();
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const FoundNode& x = nodes[a];
    const FoundNode& y = nodes[b];
    return std::tie(x.depth, x.kind, x.id) < std::tie(y.depth, y.kind, y.id);
  });
  std::vector<std::uint32_t> rank(n);
  for (std::uint32_t pos = 0; pos < n; ++pos) rank[order[pos]] = pos;

  Trace trace;
  trace.direction = direction;
  trace.max_depth = max_depth;
  trace.nodes.reserve(n);
  for (std::uint32_t i : order) {
    trace.nodes.push_back({NodeRef{nodes[i].kind, std::string(nodes[i].id)}, nodes[i].depth});
  }

  std::vector<RankedEdge> ranked;
  ranked.reserve(edges.size());
  for (const FoundEdge& e : edges) {
    ranked.push_back({rank[e.near], rank[e.far], e.quantity, e.unit});
  }
  std::sort(ranked.begin(), ranked.end());

  // A leaf has no followed edges. The step towards the start of a node's path is the earliest
  // near end one level closer; edges are sorted by near end, so the first such edge wins.
  std::vector<bool> has_followed(n, false);
  std::vector<std::uint32_t> towards_start(n, kNone);
  trace.edges.reserve(ranked.size());
  for (const RankedEdge& e : ranked) {
    has_followed[e.near] = true;
    if (towards_start[e.far] == kNone &&
        trace.nodes[e.near].depth + 1 == trace.nodes[e.far].depth) {
      towards_start[e.far] = e.near;
    }
    const bool backward = direction == Direction::kBackward;
    trace.edges.push_back(
        {backward ? e.far : e.near, backward ? e.near : e.far, e.quantity, std::string(e.unit)});
  }

  for (std::uint32_t leaf = 0; leaf < n; ++leaf) {
    if (has_followed[leaf]) continue;
    if (trace.paths.size() == max_paths) {
      trace.paths_truncated = true;
      break;
    }
    std::vector<std::uint32_t> path(static_cast<std::size_t>(trace.nodes[leaf].depth) + 1);
    std::uint32_t at = leaf;
    for (std::size_t i = path.size(); i-- > 0 && at != kNone;) {
      path[i] = at;
      at = towards_start[at];
    }
    assert(path.front() == 0);
    trace.paths.push_back(std::move(path));
  }
  return trace;
}

}  // namespace gemba::material::detail
