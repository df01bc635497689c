#include "gemba/material/genealogy/genealogy_loader.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

namespace gemba::material {
namespace {

// Rows per query: large enough that the per-query cost vanishes, small enough that a page of
// owned rows stays a few megabytes.
constexpr std::int64_t kPageRows = 16'384;

constexpr std::string_view kPageSql =
    "SELECT id, parent_kind, parent_id, child_kind, child_id, quantity, unit "
    "FROM material_genealogy_edge WHERE id > ? ORDER BY id LIMIT ?";

Error bad_row(std::int64_t id, const std::string& what) {
  return Error::internal("material_genealogy_edge row " + std::to_string(id) + " " + what,
                         {{"edge_id", id}});
}

}  // namespace

Result<void> load_genealogy(store::Database& db, GenealogyIndex& index) {
  GenealogyIndexBuilder builder;
  GEMBA_RETURN_IF_ERROR(db.read([&](store::Tx& tx) -> Result<void> {
    std::int64_t after = std::numeric_limits<std::int64_t>::min();
    for (;;) {
      GEMBA_TRY(rows, tx.query(kPageSql, after, kPageRows));
      for (const store::Row& row : rows) {
        const std::int64_t id = row.int64(0);
        const std::optional<NodeKind> parent_kind = parse_node_kind(row.text(1));
        const std::optional<NodeKind> child_kind = parse_node_kind(row.text(3));
        if (!parent_kind || !child_kind) {
          return bad_row(id, "has a kind other than 'lot' or 'batch' (parent_kind '" + row.text(1) +
                                 "', child_kind '" + row.text(3) + "')");
        }
        auto added = builder.add_edge(
            {*parent_kind, row.text(2), *child_kind, row.text(4), row.real(5), row.text(6)});
        if (!added.ok()) {
          if (added.error().code == ErrorCode::kFailedPrecondition) return std::move(added).error();
          return bad_row(id, "cannot be indexed: " + added.error().message);
        }
        after = id;
      }
      if (static_cast<std::int64_t>(rows.size()) < kPageRows) return ok();
    }
  }));
  index.bulk_load(std::move(builder));
  return ok();
}

}  // namespace gemba::material
