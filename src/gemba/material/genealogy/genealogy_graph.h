#pragma once
// The storage behind GenealogyIndex (see genealogy_index.h for the layout and why). Internal to
// material/genealogy. Not thread-safe: the index guards it with its lock.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gemba/core/result.h"
#include "gemba/material/genealogy/genealogy.h"
#include "gemba/material/genealogy/genealogy_index.h"

namespace gemba::material::detail {

// Nodes interned to dense numbers 0..size()-1: (kind, id) → number and back.
class NodeTable {
 public:
  static constexpr std::size_t kMaxNodes = 0xFFFF'FFFEu;

  std::optional<std::uint32_t> find(NodeKind kind, std::string_view id) const;
  // The node's number, added if new. REQUIRES: size() < kMaxNodes.
  std::uint32_t intern(NodeKind kind, std::string_view id);

  std::size_t size() const { return id_begin_.size() - 1; }
  NodeKind kind(std::uint32_t node) const { return static_cast<NodeKind>(arena_[id_begin_[node]]); }
  std::string_view id(std::uint32_t node) const {
    return {arena_.data() + id_begin_[node] + 1, id_begin_[node + 1] - id_begin_[node] - 1};
  }
  std::size_t memory_bytes() const;
  // Gives back growth slack beyond room for an eighth more nodes (after a bulk load, whose
  // doubling vectors may be up to half empty).
  void trim();

 private:
  static std::uint64_t hash(NodeKind kind, std::string_view id);
  // The slot holding `node`'s entry, or the empty slot where it belongs.
  std::size_t probe(std::uint64_t h, NodeKind kind, std::string_view id) const;
  void grow();

  // Every node back to back: its kind (one byte), then its id; a walk reads both from one
  // cache line.
  std::vector<char> arena_;
  std::vector<std::uint64_t> id_begin_{0};  // size() + 1 offsets into arena_
  // Open addressing, linear probing, power-of-two size, at most 70% full. A slot is 0 (empty)
  // or (upper 32 bits of the hash) << 32 | (node + 1).
  std::vector<std::uint64_t> slots_;
};

class GenealogyGraph {
 public:
  static constexpr std::size_t kMaxEdges = 0xFFFF'FFFEu;
  static constexpr std::size_t kMaxUnits = 0xFFFF;

  // Interns the ends and the unit and appends the edge record (not to the CSR, and not
  // to the append buffer: see track_appended). Errors as GenealogyIndexBuilder::add_edge.
  Result<std::uint32_t> append_edge(const EdgeView& edge);
  // Makes a walk see edge `e` (appended after the last build) through the append buffer.
  void track_appended(std::uint32_t e);
  // Appended edges the CSR does not hold yet.
  std::size_t appended_count() const { return edges_.size() - built_edges_; }
  // Sorts every edge by parent (stable) and rebuilds both CSRs; empties the append buffer.
  void build();

  // Calls f(edge, neighbour) for every edge leaving `node` in `direction`: CSR edges first (in
  // parent order), then appended ones in arrival order.
  template <typename F>
  void for_each_edge(std::uint32_t node, Direction direction, F&& f) const;

  const NodeTable& nodes() const { return nodes_; }
  std::size_t edge_count() const { return edges_.size(); }
  double quantity(std::uint32_t e) const { return edges_[e].quantity; }
  std::string_view unit(std::uint32_t e) const { return units_[edges_[e].unit]; }
  std::size_t memory_bytes() const;

 private:
  struct TransparentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  NodeTable nodes_;
  std::vector<std::string> units_;
  std::unordered_map<std::string, std::uint16_t, TransparentHash, std::equal_to<>> unit_ids_;

  // One record per edge: a walk reads everything about an edge from one cache line.
  struct Edge {
    double quantity;
    std::uint32_t parent;
    std::uint32_t child;
    std::uint16_t unit;  // index into units_
  };
  // [0, built_edges_) are sorted by parent; later edges are in arrival order.
  std::vector<Edge> edges_;

  // CSR of the built edges, for nodes [0, built_nodes_): node n's forward edges are
  // [forward_begin_[n], forward_begin_[n + 1]); its backward edges are backward_edges_ over
  // [backward_begin_[n], backward_begin_[n + 1]).
  std::size_t built_nodes_ = 0;
  std::size_t built_edges_ = 0;
  std::vector<std::uint32_t> forward_begin_{0};
  std::vector<std::uint32_t> backward_begin_{0};
  std::vector<std::uint32_t> backward_edges_;

  // The append buffer: node → edges appended since the last build.
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> appended_forward_;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> appended_backward_;
};

template <typename F>
void GenealogyGraph::for_each_edge(std::uint32_t node, Direction direction, F&& f) const {
  if (direction == Direction::kForward) {
    if (node < built_nodes_) {
      for (std::uint32_t e = forward_begin_[node]; e < forward_begin_[node + 1]; ++e) {
        f(e, edges_[e].child);
      }
    }
    if (!appended_forward_.empty()) {
      if (auto it = appended_forward_.find(node); it != appended_forward_.end()) {
        for (std::uint32_t e : it->second) f(e, edges_[e].child);
      }
    }
  } else {
    if (node < built_nodes_) {
      for (std::uint32_t i = backward_begin_[node]; i < backward_begin_[node + 1]; ++i) {
        const std::uint32_t e = backward_edges_[i];
        f(e, edges_[e].parent);
      }
    }
    if (!appended_backward_.empty()) {
      if (auto it = appended_backward_.find(node); it != appended_backward_.end()) {
        for (std::uint32_t e : it->second) f(e, edges_[e].parent);
      }
    }
  }
}

}  // namespace gemba::material::detail
