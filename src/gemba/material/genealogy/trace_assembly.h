#pragma once
// Turns what a walk found (reached nodes with their depths, followed edges) into a Trace, in the
// one deterministic order genealogy.h promises. Shared by the index and the CTE trace, so the two
// can differ only in what they found. Internal to material/genealogy. Pure; thread-safe.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "gemba/material/genealogy/genealogy.h"

namespace gemba::material::detail {

// A node the walk reached. `id` is borrowed for the call.
struct FoundNode {
  NodeKind kind;
  std::string_view id;
  int depth;
};

// An edge the walk followed, between two found nodes (indices into the found nodes): `near` is
// the end closer to the start, `far` the other. `unit` is borrowed for the call.
struct FoundEdge {
  std::uint32_t near;
  std::uint32_t far;
  double quantity;
  std::string_view unit;
};

// REQUIRES: exactly one node has depth 0 (the start); every other node at depth d > 0 is the far
// end of an edge whose near end has depth d - 1; edge ends index `nodes`; max_paths >= 1.
Trace assemble_trace(Direction direction, std::optional<int> max_depth,
                     std::span<const FoundNode> nodes, std::span<const FoundEdge> edges,
                     std::size_t max_paths);

}  // namespace gemba::material::detail
