#pragma once
// Loading the genealogy index from the table material_genealogy_edge.

#include "gemba/core/result.h"
#include "gemba/material/genealogy/genealogy_index.h"
#include "gemba/store/database.h"

namespace gemba::material {

// Replaces the content of `index` with every row of material_genealogy_edge, read in one read
// unit (one snapshot on both adapters) in pages of rows by id: the Database port returns a
// statement's rows all at once, so one SELECT of millions of rows would hold them all in memory.
// The index is swapped in only when every row was read; on error it is unchanged.
//
// Errors: the store's (unavailable, internal); failed_precondition when the index is full;
// internal {"edge_id"} for a row whose kind is not "lot" or "batch", whose id is empty or whose
// quantity is not finite.
Result<void> load_genealogy(store::Database& db, GenealogyIndex& index);

}  // namespace gemba::material
