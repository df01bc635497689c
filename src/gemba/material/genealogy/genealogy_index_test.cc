#include "gemba/material/genealogy/genealogy_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gemba/material/genealogy/genealogy_test_cases.h"

namespace gemba::material {
namespace {

using testing::EdgeSpec;
using testing::node;
using testing::TraceCase;

// Views of `edges` for bulk_load; `nodes` keeps the parsed ends alive.
std::vector<EdgeView> views(const std::vector<EdgeSpec>& edges, std::vector<NodeRef>& nodes) {
  nodes.clear();
  nodes.reserve(edges.size() * 2);
  std::vector<EdgeView> out;
  for (const EdgeSpec& e : edges) {
    nodes.push_back(node(e.parent));
    nodes.push_back(node(e.child));
    const NodeRef& p = nodes[nodes.size() - 2];
    const NodeRef& c = nodes.back();
    out.push_back({p.kind, p.id, c.kind, c.id, e.quantity, e.unit});
  }
  return out;
}

void bulk_load(GenealogyIndex& index, const std::vector<EdgeSpec>& edges) {
  std::vector<NodeRef> nodes;
  const std::vector<EdgeView> v = views(edges, nodes);
  auto loaded = index.bulk_load(v);
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
}

void add_each(GenealogyIndex& index, const std::vector<EdgeSpec>& edges) {
  for (const EdgeSpec& e : edges) {
    auto added = index.add_edge(node(e.parent), node(e.child), e.quantity, e.unit);
    ASSERT_TRUE(added.ok()) << added.error().to_string();
  }
}

void expect_case(const GenealogyIndex& index, const TraceCase& c) {
  auto trace = index.trace(node(c.start), c.direction, c.max_depth, c.max_paths);
  ASSERT_TRUE(trace.ok()) << trace.error().to_string();
  EXPECT_EQ(testing::node_lines(*trace), c.nodes);
  EXPECT_EQ(testing::edge_lines(*trace), c.edges_followed);
  EXPECT_EQ(testing::path_lines(*trace), c.paths);
  EXPECT_EQ(trace->paths_truncated, c.paths_truncated);
  EXPECT_EQ(trace->direction, c.direction);
  EXPECT_EQ(trace->max_depth, c.max_depth);
  EXPECT_EQ(trace->start(), node(c.start));
}

TEST(GenealogyIndex, TracesEveryCaseAfterABulkLoad) {
  for (const TraceCase& c : testing::trace_cases()) {
    SCOPED_TRACE(c.name);
    GenealogyIndex index;
    bulk_load(index, c.edges);
    expect_case(index, c);
  }
}

TEST(GenealogyIndex, TracesEveryCaseFromEdgesAddedOneByOneInReverse) {
  for (const TraceCase& c : testing::trace_cases()) {
    SCOPED_TRACE(c.name);
    GenealogyIndex index;
    std::vector<EdgeSpec> reversed(c.edges.rbegin(), c.edges.rend());
    add_each(index, reversed);
    expect_case(index, c);
  }
}

TEST(GenealogyIndex, TracesEveryCaseFromHalfLoadedHalfAdded) {
  for (const TraceCase& c : testing::trace_cases()) {
    SCOPED_TRACE(c.name);
    GenealogyIndex index;
    const auto half = c.edges.begin() + static_cast<std::ptrdiff_t>(c.edges.size() / 2);
    bulk_load(index, std::vector<EdgeSpec>(c.edges.begin(), half));
    add_each(index, std::vector<EdgeSpec>(half, c.edges.end()));
    expect_case(index, c);
  }
}

TEST(GenealogyIndex, ManyAdditionsRebuildTheIndexWithoutChangingTraces) {
  // Enough additions to pass the rebuild threshold several times over.
  const std::vector<EdgeSpec> edges = testing::random_genealogy(7, 3000, 20000);
  GenealogyIndex loaded;
  bulk_load(loaded, edges);
  GenealogyIndex added;
  bulk_load(added, std::vector<EdgeSpec>(edges.begin(), edges.begin() + 100));
  add_each(added, std::vector<EdgeSpec>(edges.begin() + 100, edges.end()));
  EXPECT_EQ(added.edge_count(), edges.size());
  EXPECT_EQ(added.node_count(), loaded.node_count());
  const std::vector<NodeRef> nodes = testing::nodes_of(edges);
  for (std::size_t i = 0; i < nodes.size(); i += 151) {
    for (Direction d : {Direction::kBackward, Direction::kForward}) {
      auto a = loaded.trace(nodes[i], d, std::nullopt);
      auto b = added.trace(nodes[i], d, std::nullopt);
      ASSERT_TRUE(a.ok() && b.ok());
      EXPECT_EQ(*a, *b) << to_string(nodes[i]) << " " << direction_name(d);
    }
  }
}

TEST(GenealogyIndex, AnUnknownStartIsNotFound) {
  GenealogyIndex index;
  add_each(index, {{"lot:a", "batch:b", 1, "kg"}});
  struct Case {
    NodeRef start;
  };
  const Case cases[] = {
      {NodeRef::lot("nope")}, {NodeRef::batch("a")}, {NodeRef::lot("b")}, {NodeRef::lot("")}};
  for (const Case& c : cases) {
    SCOPED_TRACE(to_string(c.start));
    for (Direction d : {Direction::kBackward, Direction::kForward}) {
      auto trace = index.trace(c.start, d);
      ASSERT_FALSE(trace.ok());
      EXPECT_EQ(trace.error().code, ErrorCode::kNotFound);
      EXPECT_EQ(trace.error().details.at("id").as_string(), c.start.id);
      EXPECT_EQ(trace.error().details.at("kind").as_string(), node_kind_name(c.start.kind));
    }
    EXPECT_FALSE(index.contains(c.start));
  }
  EXPECT_TRUE(index.contains(NodeRef::lot("a")));
  EXPECT_TRUE(index.contains(NodeRef::batch("b")));
  EXPECT_FALSE(GenealogyIndex().trace(NodeRef::lot("a"), Direction::kForward).ok());
}

TEST(GenealogyIndex, RefusesBadArgumentsAndBadEdges) {
  GenealogyIndex index;
  add_each(index, {{"lot:a", "batch:b", 1, "kg"}});
  auto negative = index.trace(NodeRef::lot("a"), Direction::kForward, -1);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, ErrorCode::kInvalidArgument);
  auto no_paths = index.trace(NodeRef::lot("a"), Direction::kForward, std::nullopt, 0);
  ASSERT_FALSE(no_paths.ok());
  EXPECT_EQ(no_paths.error().code, ErrorCode::kInvalidArgument);

  struct Case {
    const char* name;
    NodeRef parent, child;
    double quantity;
  };
  const Case cases[] = {
      {"empty parent id", NodeRef::lot(""), NodeRef::batch("b"), 1},
      {"empty child id", NodeRef::lot("a"), NodeRef::batch(""), 1},
      {"NaN quantity", NodeRef::lot("a"), NodeRef::batch("b"),
       std::numeric_limits<double>::quiet_NaN()},
      {"infinite quantity", NodeRef::lot("a"), NodeRef::batch("b"),
       std::numeric_limits<double>::infinity()},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto added = index.add_edge(c.parent, c.child, c.quantity, "kg");
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(index.edge_count(), 1u);
  EXPECT_EQ(index.node_count(), 2u);

  // A bad edge in a bulk load leaves the index as it was.
  std::vector<NodeRef> keep;
  const std::vector<EdgeSpec> bad_specs = {
      {"lot:x", "batch:y", 1, "kg"},
      {"lot:x", "batch:y", std::numeric_limits<double>::infinity(), "kg"}};
  const std::vector<EdgeView> bad = views(bad_specs, keep);  // borrows bad_specs
  EXPECT_FALSE(index.bulk_load(bad).ok());
  EXPECT_TRUE(index.contains(NodeRef::lot("a")));
  EXPECT_FALSE(index.contains(NodeRef::lot("x")));
}

TEST(GenealogyIndex, BulkLoadReplacesTheContent) {
  GenealogyIndex index;
  add_each(index, {{"lot:old", "batch:b", 1, "kg"}});
  bulk_load(index, {{"lot:new", "batch:b", 2, "kg"}});
  EXPECT_FALSE(index.contains(NodeRef::lot("old")));
  auto trace = index.trace(NodeRef::batch("b"), Direction::kBackward);
  ASSERT_TRUE(trace.ok());
  EXPECT_EQ(testing::edge_lines(*trace), std::vector<std::string>{"lot:new -> batch:b 2 kg"});
}

TEST(GenealogyIndex, MemoryGrowsWithTheGraphAndStaysCompact) {
  GenealogyIndex index;
  const std::size_t empty = index.memory_bytes();
  const std::vector<EdgeSpec> edges = testing::random_genealogy(3, 20000, 100000);
  bulk_load(index, edges);
  const std::size_t full = index.memory_bytes();
  EXPECT_GT(full, empty);
  // Ids are 8 characters here: well under 100 bytes per edge including the nodes.
  EXPECT_LT(full, edges.size() * 100) << full;
}

TEST(GenealogyIndex, ConcurrentTracesWhileEdgesAreAdded) {
  const std::vector<EdgeSpec> edges = testing::random_genealogy(11, 2000, 8000);
  GenealogyIndex index;
  bulk_load(index, std::vector<EdgeSpec>(edges.begin(), edges.begin() + 4000));
  const std::vector<NodeRef> nodes = testing::nodes_of(edges);
  std::atomic<bool> adding{true};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  readers.reserve(3);
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      std::size_t i = static_cast<std::size_t>(t);
      while (adding.load()) {
        const NodeRef& start = nodes[i++ % nodes.size()];
        auto trace = index.trace(start, i % 2 ? Direction::kForward : Direction::kBackward);
        // A node may not have been added yet; anything else must trace.
        if (!trace.ok() && trace.error().code != ErrorCode::kNotFound) ++failures;
        if (trace.ok() && trace->start() != start) ++failures;
      }
    });
  }
  add_each(index, std::vector<EdgeSpec>(edges.begin() + 4000, edges.end()));
  adding = false;
  for (auto& r : readers) r.join();
  EXPECT_EQ(failures.load(), 0);
  GenealogyIndex reference;
  bulk_load(reference, edges);
  for (std::size_t i = 0; i < nodes.size(); i += 53) {
    auto a = index.trace(nodes[i], Direction::kForward);
    auto b = reference.trace(nodes[i], Direction::kForward);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(*a, *b);
  }
}

}  // namespace
}  // namespace gemba::material
