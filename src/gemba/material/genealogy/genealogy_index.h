#pragma once
// GenealogyIndex: the whole lot genealogy in memory, so that a trace walks arrays instead of
// running a query per edge. Answers the recall question (everything a raw lot went into) and the
// release question (everything a finished lot was made from) in well under a millisecond on a
// plant history of millions of edges (bench/genealogy_bench.cc).
//
// Layout, chosen for memory and for walks that touch a few hundred nodes out of millions (a walk
// is bound by memory latency: each node and edge it reaches is a cache miss or two):
// - Nodes are interned to dense uint32 numbers: kind byte and id live back to back in one
//   character arena, found through an open-addressing hash table of (hash, number) slots. About
//   70 bytes per node with 36-character UUIDs, against ~150 for std::unordered_map<std::string,
//   ...> plus a reverse table.
// - Edges are 24-byte records (parent, child, quantity, interned unit), so a walk reads an edge
//   from one cache line (separate columns would cost three or four misses per edge; 6 bytes of
//   padding per edge buy that). Those present at the last build are sorted by parent, so a node's
//   forward edges are one contiguous range (CSR: one offset per node); the backward CSR is one
//   offset per node plus one edge number per edge. 28 bytes per edge in all, no allocation per
//   node. Per-node vectors would cost 48 bytes per node in headers alone, one heap block per node
//   and direction, and make the bulk load millions of allocations.
// - Edges added after the build (add_edge) go to the end of the records and into a small
//   per-node append buffer that a walk reads after the CSR range. When the buffer exceeds an
//   eighth of the built edges (at least 4,096) the CSR is rebuilt in place, O(nodes + edges)
//   under the exclusive lock: that one add_edge takes as long as a bulk load's build (see
//   bench/RESULTS.md), once per m/8 additions.
//
// Thread-safe: any number of concurrent trace() calls; add_edge() and bulk_load() take the lock
// exclusively for their (short) update. A waiting writer holds back new readers: glibc's
// std::shared_mutex prefers readers, and a steady stream of traces would starve add_edge forever.
// Non-copyable.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string_view>

#include "gemba/core/result.h"
#include "gemba/material/genealogy/genealogy.h"

namespace gemba::material {

namespace detail {
class GenealogyGraph;
}

// One edge as read from the table or a request. Borrowed: the strings are copied when added.
struct EdgeView {
  NodeKind parent_kind = NodeKind::kLot;
  std::string_view parent_id;
  NodeKind child_kind = NodeKind::kLot;
  std::string_view child_id;
  double quantity = 0;
  std::string_view unit;
};

// Collects edges for GenealogyIndex::bulk_load without building anything per edge. Not
// thread-safe; move-only.
class GenealogyIndexBuilder {
 public:
  GenealogyIndexBuilder();
  ~GenealogyIndexBuilder();
  GenealogyIndexBuilder(GenealogyIndexBuilder&&) noexcept;
  GenealogyIndexBuilder& operator=(GenealogyIndexBuilder&&) noexcept;

  // Errors (nothing added): invalid_argument for an empty id or a non-finite quantity;
  // failed_precondition beyond 65,535 distinct units or 2^32 - 2 nodes or edges.
  Result<void> add_edge(const EdgeView& edge);
  std::size_t edge_count() const;

 private:
  friend class GenealogyIndex;
  std::unique_ptr<detail::GenealogyGraph> graph_;
};

class GenealogyIndex {
 public:
  GenealogyIndex();
  ~GenealogyIndex();
  GenealogyIndex(const GenealogyIndex&) = delete;
  GenealogyIndex& operator=(const GenealogyIndex&) = delete;

  // Records that `quantity` `unit` of `parent` went into `child`, adding unknown nodes. The index
  // accepts any kinds (lot → batch, batch → lot, lot → lot are the ones Gemba records); the
  // materials service decides what is allowed. A repeated edge is kept (two issues of the same
  // lot to the same batch are two edges). Errors as GenealogyIndexBuilder::add_edge.
  Result<void> add_edge(const NodeRef& parent, const NodeRef& child, double quantity,
                        std::string_view unit);

  // Replaces the whole content with the builder's edges. The build runs before the exclusive
  // lock is taken; traces wait only for the swap. Edges added concurrently through add_edge are
  // lost, so load before accepting additions (or add them again).
  void bulk_load(GenealogyIndexBuilder&& builder);
  // The same for edges at hand; on error the index is unchanged.
  Result<void> bulk_load(std::span<const EdgeView> edges);

  // Walks from `start` in `direction` (breadth first, each node once, so cycles end), following
  // edges only from nodes closer than `max_depth` when it is set. See genealogy.h for what the
  // Trace holds and in which order. Errors: not_found {"kind", "id"} when no edge names `start`;
  // invalid_argument for a negative max_depth or max_paths of 0.
  Result<Trace> trace(const NodeRef& start, Direction direction,
                      std::optional<int> max_depth = std::nullopt,
                      std::size_t max_paths = kDefaultMaxPaths) const;

  bool contains(const NodeRef& node) const;
  std::size_t node_count() const;
  std::size_t edge_count() const;
  // Heap bytes held (capacities, not sizes), for the operator and the benchmark.
  std::size_t memory_bytes() const;

 private:
  std::shared_lock<std::shared_mutex> lock_shared() const;
  std::unique_lock<std::shared_mutex> lock_exclusive();

  // A writer holds the turnstile while it waits for mu_; readers pass through it before taking
  // mu_, so they queue behind a waiting writer instead of overtaking it.
  mutable std::mutex turnstile_;
  mutable std::shared_mutex mu_;
  std::unique_ptr<detail::GenealogyGraph> graph_;  // GUARDED_BY(mu_); never null
};

}  // namespace gemba::material
