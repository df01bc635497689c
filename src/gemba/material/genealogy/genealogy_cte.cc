#include "gemba/material/genealogy/genealogy_cte.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "gemba/material/genealogy/trace_assembly.h"

namespace gemba::material {
namespace {

using detail::FoundEdge;
using detail::FoundNode;

// The walk, then every reached node with its shortest depth (rows tagged 0) and every followed
// edge (rows tagged 1: near end, depth of the near end, far end, quantity, unit). `near` is the
// end closer to the start: the child for a backward trace, the parent for a forward one.
std::string trace_sql(Direction direction) {
  const std::string near = direction == Direction::kBackward ? "child" : "parent";
  const std::string far = direction == Direction::kBackward ? "parent" : "child";
  return "WITH RECURSIVE walk(kind, id, depth) AS ("
         " SELECT CAST(? AS TEXT), CAST(? AS TEXT), 0"
         " UNION"
         " SELECT e." +
         far + "_kind, e." + far +
         "_id, w.depth + 1"
         " FROM walk w JOIN material_genealogy_edge e"
         "  ON e." +
         near + "_kind = w.kind AND e." + near +
         "_id = w.id"
         " WHERE w.depth < ?"
         "),"
         " reached(kind, id, depth) AS (SELECT kind, id, MIN(depth) FROM walk GROUP BY kind, id)"
         " SELECT 0, r.kind, r.id, r.depth, NULL, NULL, NULL, NULL FROM reached r"
         " UNION ALL"
         " SELECT 1, e." +
         near + "_kind, e." + near + "_id, r.depth, e." + far + "_kind, e." + far +
         "_id, e.quantity, e.unit"
         " FROM reached r JOIN material_genealogy_edge e"
         "  ON e." +
         near + "_kind = r.kind AND e." + near +
         "_id = r.id"
         " WHERE r.depth < ?";
}

constexpr std::string_view kExistsSql =
    "SELECT 1 FROM material_genealogy_edge WHERE parent_kind = ? AND parent_id = ?"
    " UNION ALL"
    " SELECT 1 FROM material_genealogy_edge WHERE child_kind = ? AND child_id = ?"
    " LIMIT 1";

// "l:" or "b:" + id: the key of a node among the rows of one trace.
std::string node_key(NodeKind kind, const std::string& id) {
  std::string key(kind == NodeKind::kLot ? "l:" : "b:");
  key += id;
  return key;
}

Error bad_kind(const std::string& kind) {
  return Error::internal("material_genealogy_edge holds the kind '" + kind +
                         "'; only 'lot' and 'batch' are known");
}

}  // namespace

Result<Trace> trace_with_cte(store::Database& db, const NodeRef& start, Direction direction,
                             std::optional<int> max_depth, std::size_t max_paths) {
  if (max_depth && *max_depth < 0) {
    return Error::invalid_argument("max_depth must not be negative", {{"max_depth", *max_depth}});
  }
  if (max_paths == 0) return Error::invalid_argument("max_paths must be at least 1");
  static const std::string kSql[2] = {trace_sql(Direction::kBackward),
                                      trace_sql(Direction::kForward)};
  const std::string& sql = kSql[direction == Direction::kBackward ? 0 : 1];
  const std::int64_t limit = max_depth.value_or(kCteDepthGuard);
  const std::string_view kind = node_kind_name(start.kind);

  GEMBA_TRY(rows, db.read([&](store::Tx& tx) -> Result<store::Rows> {
    GEMBA_TRY(found, tx.query(sql, kind, start.id, limit, limit));
    if (found.size() <= 1) {  // only the start: does the table know it at all?
      GEMBA_TRY(exists, tx.query(kExistsSql, kind, start.id, kind, start.id));
      if (exists.empty()) {
        return Error::not_found(
            "the genealogy has no record of " + std::string(kind) + " " + start.id,
            {{"kind", kind}, {"id", start.id}});
      }
    }
    return found;
  }));

  std::vector<FoundNode> nodes;
  std::unordered_map<std::string, std::uint32_t> index_of;
  for (const store::Row& row : rows) {
    if (row.int64(0) != 0) continue;
    const std::optional<NodeKind> k = parse_node_kind(row.text(1));
    if (!k) return bad_kind(row.text(1));
    index_of.emplace(node_key(*k, row.text(2)), static_cast<std::uint32_t>(nodes.size()));
    nodes.push_back({*k, row.text(2), static_cast<int>(row.int64(3))});
  }
  std::vector<FoundEdge> edges;
  for (const store::Row& row : rows) {
    if (row.int64(0) != 1) continue;
    const std::optional<NodeKind> near_kind = parse_node_kind(row.text(1));
    const std::optional<NodeKind> far_kind = parse_node_kind(row.text(4));
    if (!near_kind) return bad_kind(row.text(1));
    if (!far_kind) return bad_kind(row.text(4));
    const auto near = index_of.find(node_key(*near_kind, row.text(2)));
    const auto far = index_of.find(node_key(*far_kind, row.text(5)));
    if (near == index_of.end() || far == index_of.end()) {
      return Error::internal("the genealogy query returned an edge to a node it did not reach");
    }
    edges.push_back({near->second, far->second, row.real(6), row.text(7)});
  }
  return detail::assemble_trace(direction, max_depth, nodes, edges, max_paths);
}

}  // namespace gemba::material
