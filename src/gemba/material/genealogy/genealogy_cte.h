#pragma once
// The trace as one recursive SQL query over material_genealogy_edge: what a trace costs without
// the index. The benchmark's baseline and the tests' oracle for GenealogyIndex::trace; also a
// fallback that needs no memory. Portable SQL (SQLite, PostgreSQL).

#include <cstddef>
#include <optional>

#include "gemba/core/result.h"
#include "gemba/material/genealogy/genealogy.h"
#include "gemba/store/database.h"

namespace gemba::material {

// Without max_depth the recursion stops at this depth, so that a cycle in the table (there
// should be none) cannot recurse forever. Real genealogies are a few dozen levels deep.
inline constexpr int kCteDepthGuard = 1000;

// The same Trace as GenealogyIndex::trace on an index loaded from the same rows (genealogy.h),
// read in one read unit. Errors: as GenealogyIndex::trace, plus the store's.
Result<Trace> trace_with_cte(store::Database& db, const NodeRef& start, Direction direction,
                             std::optional<int> max_depth = std::nullopt,
                             std::size_t max_paths = kDefaultMaxPaths);

}  // namespace gemba::material
