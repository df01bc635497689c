#include "gemba/material/genealogy/genealogy_graph.h"

#include <cmath>
#include <functional>
#include <numeric>

namespace gemba::material::detail {

// ---- NodeTable ----

std::uint64_t NodeTable::hash(NodeKind kind, std::string_view id) {
  std::uint64_t h = std::hash<std::string_view>{}(id);
  h ^= (static_cast<std::uint64_t>(kind) + 1) * 0x9E37'79B9'7F4A'7C15ull;
  // The finaliser of MurmurHash3: both halves of the result depend on every input bit (the slot
  // index uses the lower bits, the stored fingerprint the upper ones).
  h ^= h >> 33;
  h *= 0xFF51'AFD7'ED55'8CCDull;
  h ^= h >> 33;
  return h;
}

std::size_t NodeTable::probe(std::uint64_t h, NodeKind kind, std::string_view id) const {
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t fingerprint = h >> 32;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) return i;
    if ((slot >> 32) == fingerprint) {
      const auto node = static_cast<std::uint32_t>(slot) - 1;
      if (this->kind(node) == kind && this->id(node) == id) return i;
    }
  }
}

std::optional<std::uint32_t> NodeTable::find(NodeKind kind, std::string_view id) const {
  if (slots_.empty()) return std::nullopt;
  const std::uint64_t slot = slots_[probe(hash(kind, id), kind, id)];
  if (slot == 0) return std::nullopt;
  return static_cast<std::uint32_t>(slot) - 1;
}

std::uint32_t NodeTable::intern(NodeKind kind, std::string_view id) {
  if ((size() + 1) * 10 > slots_.size() * 7) grow();
  const std::uint64_t h = hash(kind, id);
  const std::size_t i = probe(h, kind, id);
  if (slots_[i] != 0) return static_cast<std::uint32_t>(slots_[i]) - 1;
  const auto node = static_cast<std::uint32_t>(size());
  arena_.push_back(static_cast<char>(kind));
  arena_.insert(arena_.end(), id.begin(), id.end());
  id_begin_.push_back(arena_.size());
  slots_[i] = ((h >> 32) << 32) | (static_cast<std::uint64_t>(node) + 1);
  return node;
}

void NodeTable::grow() {
  std::vector<std::uint64_t> old = std::move(slots_);
  slots_.assign(std::max<std::size_t>(1024, old.size() * 2), 0);
  const std::size_t mask = slots_.size() - 1;
  for (std::uint64_t slot : old) {
    if (slot == 0) continue;
    const auto node = static_cast<std::uint32_t>(slot) - 1;
    std::size_t i = hash(kind(node), id(node)) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

namespace {

template <typename T>
void trim_vector(std::vector<T>& v) {
  const std::size_t room = v.size() + v.size() / 8 + 64;
  if (v.capacity() <= room + room / 8) return;
  std::vector<T> trimmed;
  trimmed.reserve(room);
  trimmed.assign(v.begin(), v.end());
  v.swap(trimmed);
}

}  // namespace

void NodeTable::trim() {
  trim_vector(arena_);
  trim_vector(id_begin_);
}

std::size_t NodeTable::memory_bytes() const {
  return arena_.capacity() + (id_begin_.capacity() + slots_.capacity()) * sizeof(std::uint64_t);
}

// ---- GenealogyGraph ----

Result<std::uint32_t> GenealogyGraph::append_edge(const EdgeView& edge) {
  if (edge.parent_id.empty() || edge.child_id.empty()) {
    return Error::invalid_argument("a genealogy edge needs the ids of both of its ends",
                                   {{"parent_id", edge.parent_id}, {"child_id", edge.child_id}});
  }
  if (!std::isfinite(edge.quantity)) {
    return Error::invalid_argument("the quantity of a genealogy edge must be a finite number",
                                   {{"parent_id", edge.parent_id}, {"child_id", edge.child_id}});
  }
  if (edges_.size() >= kMaxEdges || nodes_.size() + 2 > NodeTable::kMaxNodes) {
    return Error::failed_precondition(
        "the genealogy index is full (2^32 - 2 nodes or edges); it cannot take more edges");
  }
  std::uint16_t unit = 0;
  if (auto it = unit_ids_.find(edge.unit); it != unit_ids_.end()) {
    unit = it->second;
  } else {
    if (units_.size() >= kMaxUnits) {
      return Error::failed_precondition(
          "the genealogy index holds 65,535 distinct units already; it cannot take another",
          {{"unit", edge.unit}});
    }
    unit = static_cast<std::uint16_t>(units_.size());
    units_.emplace_back(edge.unit);
    unit_ids_.emplace(units_.back(), unit);
  }
  const std::uint32_t parent = nodes_.intern(edge.parent_kind, edge.parent_id);
  const std::uint32_t child = nodes_.intern(edge.child_kind, edge.child_id);
  edges_.push_back({edge.quantity, parent, child, unit});
  return static_cast<std::uint32_t>(edges_.size() - 1);
}

void GenealogyGraph::track_appended(std::uint32_t e) {
  appended_forward_[edges_[e].parent].push_back(e);
  appended_backward_[edges_[e].child].push_back(e);
}

void GenealogyGraph::build() {
  const std::size_t n = nodes_.size();
  const std::size_t m = edges_.size();

  // Forward: a stable counting sort of the edges by parent.
  std::vector<std::uint32_t> forward_begin(n + 1, 0);
  for (const Edge& e : edges_) ++forward_begin[e.parent + 1];
  std::partial_sum(forward_begin.begin(), forward_begin.end(), forward_begin.begin());
  std::vector<std::uint32_t> next(forward_begin.begin(), forward_begin.end() - 1);
  std::vector<Edge> sorted;
  // Room for the edges that may be appended before the next build, so that adding one edge
  // never reallocates (and briefly doubles) millions of records.
  sorted.reserve(m + std::max<std::size_t>(4096, m / 8) + 1);
  sorted.resize(m);
  for (const Edge& e : edges_) sorted[next[e.parent]++] = e;
  edges_ = std::move(sorted);
  forward_begin_ = std::move(forward_begin);

  // Backward: edge numbers sorted by child (stable, so in parent order within a child).
  std::vector<std::uint32_t> backward_begin(n + 1, 0);
  for (const Edge& e : edges_) ++backward_begin[e.child + 1];
  std::partial_sum(backward_begin.begin(), backward_begin.end(), backward_begin.begin());
  next.assign(backward_begin.begin(), backward_begin.end() - 1);
  std::vector<std::uint32_t> backward_edges(m);
  for (std::size_t e = 0; e < m; ++e) {
    backward_edges[next[edges_[e].child]++] = static_cast<std::uint32_t>(e);
  }
  backward_begin_ = std::move(backward_begin);
  backward_edges_ = std::move(backward_edges);

  nodes_.trim();
  built_nodes_ = n;
  built_edges_ = m;
  appended_forward_ = {};
  appended_backward_ = {};
}

std::size_t GenealogyGraph::memory_bytes() const {
  std::size_t bytes = nodes_.memory_bytes();
  for (const std::string& u : units_) bytes += sizeof(std::string) + u.capacity();
  bytes += unit_ids_.bucket_count() * sizeof(void*) +
           unit_ids_.size() * (sizeof(std::string) + sizeof(std::uint16_t) + 2 * sizeof(void*));
  bytes += edges_.capacity() * sizeof(Edge);
  bytes += (forward_begin_.capacity() + backward_begin_.capacity() + backward_edges_.capacity()) *
           sizeof(std::uint32_t);
  for (const auto* appended : {&appended_forward_, &appended_backward_}) {
    bytes += appended->bucket_count() * sizeof(void*);
    for (const auto& [node, edges] : *appended) {
      bytes += sizeof(node) + sizeof(std::vector<std::uint32_t>) + 2 * sizeof(void*) +
               edges.capacity() * sizeof(std::uint32_t);
    }
  }
  return bytes;
}

}  // namespace gemba::material::detail
