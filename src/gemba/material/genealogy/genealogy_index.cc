#include "gemba/material/genealogy/genealogy_index.h"

#include <algorithm>
#include <mutex>
#include <utility>
#include <vector>

#include "gemba/material/genealogy/genealogy_graph.h"
#include "gemba/material/genealogy/trace_assembly.h"

namespace gemba::material {
namespace {

using detail::FoundEdge;
using detail::FoundNode;
using detail::GenealogyGraph;

// The nodes one walk has reached: graph node → index among the found nodes. Open addressing over
// a power-of-two table kept at most half full; a walk reaches hundreds or thousands of nodes out
// of millions, so this beats both a std::unordered_map and a visited array over every node.
class ReachedNodes {
 public:
  ReachedNodes() : slots_(256, kEmpty) {}

  // {index, true} after recording `node` as found number `index`; {its index, false} when the
  // node was reached already.
  std::pair<std::uint32_t, bool> insert(std::uint32_t node, std::uint32_t index) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    std::uint64_t& slot = slots_[locate(node)];
    if (slot != kEmpty) return {static_cast<std::uint32_t>(slot), false};
    slot = (static_cast<std::uint64_t>(node) << 32) | index;
    ++size_;
    return {index, true};
  }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};  // node numbers are < 2^32 - 1

  std::size_t locate(std::uint32_t node) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = (node * 0x9E37'79B9'7F4A'7C15ull >> 32) & mask;
    while (slots_[i] != kEmpty && (slots_[i] >> 32) != node) i = (i + 1) & mask;
    return i;
  }
  void grow() {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(old.size() * 2, kEmpty);
    for (std::uint64_t slot : old) {
      if (slot != kEmpty) slots_[locate(static_cast<std::uint32_t>(slot >> 32))] = slot;
    }
  }

  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

Error unknown_node(const NodeRef& node) {
  return Error::not_found(
      "the genealogy has no record of " + std::string(node_kind_name(node.kind)) + " " + node.id,
      {{"kind", node_kind_name(node.kind)}, {"id", node.id}});
}

}  // namespace

// ---- GenealogyIndexBuilder ----

GenealogyIndexBuilder::GenealogyIndexBuilder() : graph_(std::make_unique<GenealogyGraph>()) {}
GenealogyIndexBuilder::~GenealogyIndexBuilder() = default;
GenealogyIndexBuilder::GenealogyIndexBuilder(GenealogyIndexBuilder&&) noexcept = default;
GenealogyIndexBuilder& GenealogyIndexBuilder::operator=(GenealogyIndexBuilder&&) noexcept = default;

Result<void> GenealogyIndexBuilder::add_edge(const EdgeView& edge) {
  if (!graph_) graph_ = std::make_unique<GenealogyGraph>();  // moved from
  auto appended = graph_->append_edge(edge);
  if (!appended.ok()) return std::move(appended).error();
  return ok();
}

std::size_t GenealogyIndexBuilder::edge_count() const { return graph_ ? graph_->edge_count() : 0; }

// ---- GenealogyIndex ----

std::shared_lock<std::shared_mutex> GenealogyIndex::lock_shared() const {
  { std::lock_guard pass(turnstile_); }
  return std::shared_lock(mu_);
}

std::unique_lock<std::shared_mutex> GenealogyIndex::lock_exclusive() {
  std::lock_guard wait(turnstile_);
  return std::unique_lock(mu_);
}

GenealogyIndex::GenealogyIndex() : graph_(std::make_unique<GenealogyGraph>()) {}
GenealogyIndex::~GenealogyIndex() = default;

Result<void> GenealogyIndex::add_edge(const NodeRef& parent, const NodeRef& child, double quantity,
                                      std::string_view unit) {
  auto lock = lock_exclusive();
  GEMBA_TRY(e, graph_->append_edge({parent.kind, parent.id, child.kind, child.id, quantity, unit}));
  graph_->track_appended(e);
  const std::size_t built = graph_->edge_count() - graph_->appended_count();
  if (graph_->appended_count() > std::max<std::size_t>(4096, built / 8)) graph_->build();
  return ok();
}

void GenealogyIndex::bulk_load(GenealogyIndexBuilder&& builder) {
  std::unique_ptr<GenealogyGraph> graph = std::move(builder.graph_);
  if (!graph) graph = std::make_unique<GenealogyGraph>();
  graph->build();
  {
    auto lock = lock_exclusive();
    graph_.swap(graph);
  }
  // The old graph is freed here, outside the lock.
}

Result<void> GenealogyIndex::bulk_load(std::span<const EdgeView> edges) {
  GenealogyIndexBuilder builder;
  for (const EdgeView& edge : edges) GEMBA_RETURN_IF_ERROR(builder.add_edge(edge));
  bulk_load(std::move(builder));
  return ok();
}

Result<Trace> GenealogyIndex::trace(const NodeRef& start, Direction direction,
                                    std::optional<int> max_depth, std::size_t max_paths) const {
  if (max_depth && *max_depth < 0) {
    return Error::invalid_argument("max_depth must not be negative", {{"max_depth", *max_depth}});
  }
  if (max_paths == 0) return Error::invalid_argument("max_paths must be at least 1");

  auto lock = lock_shared();
  const GenealogyGraph& graph = *graph_;
  const std::optional<std::uint32_t> first = graph.nodes().find(start.kind, start.id);
  if (!first) return unknown_node(start);

  // Breadth first: a node's depth when first reached is its shortest distance from the start.
  ReachedNodes reached;
  std::vector<std::uint32_t> graph_node{*first};  // per found node
  std::vector<FoundNode> found{{start.kind, graph.nodes().id(*first), 0}};
  std::vector<FoundEdge> followed;
  reached.insert(*first, 0);
  for (std::uint32_t near = 0; near < found.size(); ++near) {
    const int depth = found[near].depth;
    if (max_depth && depth >= *max_depth) continue;
    graph.for_each_edge(graph_node[near], direction, [&](std::uint32_t e, std::uint32_t node) {
      const auto [far, is_new] = reached.insert(node, static_cast<std::uint32_t>(found.size()));
      if (is_new) {
        graph_node.push_back(node);
        found.push_back({graph.nodes().kind(node), graph.nodes().id(node), depth + 1});
      }
      followed.push_back({near, far, graph.quantity(e), graph.unit(e)});
    });
  }
  return detail::assemble_trace(direction, max_depth, found, followed, max_paths);
}

bool GenealogyIndex::contains(const NodeRef& node) const {
  auto lock = lock_shared();
  return graph_->nodes().find(node.kind, node.id).has_value();
}

std::size_t GenealogyIndex::node_count() const {
  auto lock = lock_shared();
  return graph_->nodes().size();
}

std::size_t GenealogyIndex::edge_count() const {
  auto lock = lock_shared();
  return graph_->edge_count();
}

std::size_t GenealogyIndex::memory_bytes() const {
  auto lock = lock_shared();
  return sizeof(GenealogyGraph) + graph_->memory_bytes();
}

}  // namespace gemba::material
