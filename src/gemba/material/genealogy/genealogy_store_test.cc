// The table side, on both backends: the loader fills the index from material_genealogy_edge, the
// recursive CTE traces the same table, and both agree with the case table and with each other.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gemba/material/genealogy/genealogy_cte.h"
#include "gemba/material/genealogy/genealogy_index.h"
#include "gemba/material/genealogy/genealogy_loader.h"
#include "gemba/material/genealogy/genealogy_test_cases.h"
#include "gemba/store/test_backends.h"

namespace gemba::material {
namespace {

using store::Tx;
using testing::EdgeSpec;
using testing::node;
using testing::TraceCase;

// The table as the materials service's migration creates it. PostgreSQL: BIGSERIAL for the
// SQLite rowid alias, and DOUBLE PRECISION because REAL is 4 bytes there.
std::string schema_sql(store::Dialect dialect) {
  const bool sqlite = dialect == store::Dialect::kSqlite;
  return std::string("CREATE TABLE material_genealogy_edge (") +
         (sqlite ? "id INTEGER PRIMARY KEY," : "id BIGSERIAL PRIMARY KEY,") +
         " parent_kind TEXT NOT NULL, parent_id TEXT NOT NULL,"
         " child_kind TEXT NOT NULL, child_id TEXT NOT NULL," +
         (sqlite ? " quantity REAL NOT NULL," : " quantity DOUBLE PRECISION NOT NULL,") +
         " unit TEXT NOT NULL, recorded_at TEXT NOT NULL);"
         "CREATE INDEX material_genealogy_edge_parent"
         " ON material_genealogy_edge (parent_kind, parent_id);"
         "CREATE INDEX material_genealogy_edge_child"
         " ON material_genealogy_edge (child_kind, child_id);";
}

class GenealogyStoreTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    auto created = db().write([](Tx& tx) { return tx.exec_script(schema_sql(tx.dialect())); });
    ASSERT_TRUE(created.ok()) << created.error().to_string();
  }

  // Replaces the table's rows with `edges`, 50 rows per INSERT.
  void store_edges(const std::vector<EdgeSpec>& edges) {
    auto r = db().write([&](Tx& tx) -> Result<void> {
      GEMBA_RETURN_IF_ERROR(tx.exec("DELETE FROM material_genealogy_edge"));
      for (std::size_t first = 0; first < edges.size(); first += 50) {
        const std::size_t n = std::min<std::size_t>(50, edges.size() - first);
        std::string sql =
            "INSERT INTO material_genealogy_edge (parent_kind, parent_id, child_kind, child_id, "
            "quantity, unit, recorded_at) VALUES ";
        std::vector<store::Value> params;
        for (std::size_t i = 0; i < n; ++i) {
          const EdgeSpec& e = edges[first + i];
          const NodeRef p = node(e.parent);
          const NodeRef c = node(e.child);
          sql += i == 0 ? "(?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?)";
          params.insert(params.end(), {std::string(node_kind_name(p.kind)), p.id,
                                       std::string(node_kind_name(c.kind)), c.id, e.quantity,
                                       e.unit, std::string("2026-11-25T08:00:00.000000Z")});
        }
        GEMBA_RETURN_IF_ERROR(tx.exec_values(sql, params));
      }
      return ok();
    });
    ASSERT_TRUE(r.ok()) << r.error().to_string();
  }

  void load(GenealogyIndex& index) {
    auto loaded = load_genealogy(db(), index);
    ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  }
};

void expect_case(const Result<Trace>& trace, const TraceCase& c) {
  ASSERT_TRUE(trace.ok()) << trace.error().to_string();
  EXPECT_EQ(testing::node_lines(*trace), c.nodes);
  EXPECT_EQ(testing::edge_lines(*trace), c.edges_followed);
  EXPECT_EQ(testing::path_lines(*trace), c.paths);
  EXPECT_EQ(trace->paths_truncated, c.paths_truncated);
}

TEST_P(GenealogyStoreTest, LoaderAndCteTraceEveryCase) {
  for (const TraceCase& c : testing::trace_cases()) {
    SCOPED_TRACE(c.name);
    store_edges(c.edges);
    GenealogyIndex index;
    load(index);
    EXPECT_EQ(index.edge_count(), c.edges.size());
    {
      SCOPED_TRACE("index loaded from the table");
      expect_case(index.trace(node(c.start), c.direction, c.max_depth, c.max_paths), c);
    }
    {
      SCOPED_TRACE("recursive CTE");
      expect_case(trace_with_cte(db(), node(c.start), c.direction, c.max_depth, c.max_paths), c);
    }
  }
}

TEST_P(GenealogyStoreTest, IndexAndCteAgreeOnARandomPlant) {
  const std::vector<EdgeSpec> edges = testing::random_genealogy(2026, 400, 1500);
  store_edges(edges);
  GenealogyIndex index;
  load(index);
  const std::vector<NodeRef> nodes = testing::nodes_of(edges);
  int compared = 0, deep = 0;
  for (std::size_t i = 0; i < nodes.size(); i += 13) {
    for (Direction d : {Direction::kBackward, Direction::kForward}) {
      for (std::optional<int> max_depth : {std::optional<int>(), std::optional<int>(0),
                                           std::optional<int>(1), std::optional<int>(3)}) {
        SCOPED_TRACE(to_string(nodes[i]) + " " + std::string(direction_name(d)) + " depth " +
                     (max_depth ? std::to_string(*max_depth) : "-"));
        auto from_index = index.trace(nodes[i], d, max_depth, 50);
        auto from_cte = trace_with_cte(db(), nodes[i], d, max_depth, 50);
        ASSERT_TRUE(from_index.ok()) << from_index.error().to_string();
        ASSERT_TRUE(from_cte.ok()) << from_cte.error().to_string();
        EXPECT_EQ(*from_index, *from_cte);
        ++compared;
        deep += from_index->nodes.back().depth >= 4;
      }
    }
  }
  EXPECT_GT(compared, 200);
  EXPECT_GT(deep, 20);  // the comparison covered multi-level traces, not just neighbours
}

TEST_P(GenealogyStoreTest, UnknownStartAndBadArgumentsAsTheIndexReportsThem) {
  store_edges({{"lot:a", "batch:b", 1, "kg"}});
  for (const NodeRef& start : {NodeRef::lot("nope"), NodeRef::batch("a")}) {
    auto trace = trace_with_cte(db(), start, Direction::kForward);
    ASSERT_FALSE(trace.ok());
    EXPECT_EQ(trace.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(trace.error().details.at("id").as_string(), start.id);
  }
  auto zero = trace_with_cte(db(), NodeRef::lot("a"), Direction::kForward, 0);
  ASSERT_TRUE(zero.ok()) << zero.error().to_string();
  EXPECT_EQ(testing::node_lines(*zero), std::vector<std::string>{"0 lot:a"});
  auto negative = trace_with_cte(db(), NodeRef::lot("a"), Direction::kForward, -2);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(GenealogyStoreTest, LoaderReadsPastOnePage) {
  // More rows than one page of the loader (16,384).
  std::vector<EdgeSpec> edges;
  edges.reserve(16384 + 7);
  for (int i = 0; i < 16384 + 7; ++i) {
    edges.push_back({"lot:raw", "batch:b" + std::to_string(i), 1, "kg"});
  }
  store_edges(edges);
  GenealogyIndex index;
  load(index);
  EXPECT_EQ(index.edge_count(), edges.size());
  auto trace = index.trace(NodeRef::lot("raw"), Direction::kForward, std::nullopt, 1);
  ASSERT_TRUE(trace.ok());
  EXPECT_EQ(trace->nodes.size(), edges.size() + 1);
  EXPECT_TRUE(trace->paths_truncated);
}

TEST_P(GenealogyStoreTest, LoaderRefusesAnUnknownKindAndKeepsTheIndex) {
  store_edges({{"lot:a", "batch:b", 1, "kg"}});
  GenealogyIndex index;
  load(index);
  auto r = db().write([](Tx& tx) {
    return tx.exec(
        "INSERT INTO material_genealogy_edge (parent_kind, parent_id, child_kind, child_id, "
        "quantity, unit, recorded_at) VALUES ('pallet', 'p1', 'lot', 'a', 1, 'kg', 'x')");
  });
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  auto loaded = load_genealogy(db(), index);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kInternal);
  EXPECT_TRUE(loaded.error().details.contains("edge_id"));
  EXPECT_NE(loaded.error().message.find("pallet"), std::string::npos);
  EXPECT_TRUE(index.contains(NodeRef::lot("a")));
  EXPECT_EQ(index.edge_count(), 1u);
}

TEST_P(GenealogyStoreTest, AnEmptyTableLoadsAnEmptyIndex) {
  GenealogyIndex index;
  load(index);
  EXPECT_EQ(index.node_count(), 0u);
}

GEMBA_INSTANTIATE_FOR_BACKENDS(GenealogyStoreTest);

}  // namespace
}  // namespace gemba::material
