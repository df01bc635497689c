#pragma once
// Schema migrations: ordered, checksummed SQL scripts, each applied once per database and recorded
// in schema_migrations(id, checksum, applied_at).
//
// Where they come from: each capability keeps its migrations as files in one directory,
//   NNNN_name.sql              SQL both dialects accept (the rule), or, where they must differ,
//   NNNN_name.sqlite.sql       SQLite only, and/or
//   NNNN_name.postgres.sql     PostgreSQL only (never beside a portable NNNN_name.sql).
// A dialect with no file for a migration gets an empty script: the migration is recorded and runs
// nothing. CMake embeds the files into the capability's library (cmake/embed_migrations.cmake):
//   gemba_embed_migrations(TARGET gemba_trust NAME trust DIR
//   ${CMAKE_CURRENT_SOURCE_DIR}/migrations)
// generates a definition of
//   namespace gemba { const std::vector<store::Migration>& trust_migrations(); }
// which the capability declares in its own header (trust/migrations.h). Ids read
// "trust/0001_users"; the files' order is the order of application.
//
// A migration applied anywhere never changes: its checksum is verified on every run, and a fix
// goes into a new migration. The functions below are thread-safe as the Database is; run them
// from one place (`gemba migrate`, or startup). On PostgreSQL, concurrent migrators serialise on
// an advisory lock.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"
#include "gemba/store/database.h"

namespace gemba::store {

struct Migration {
  std::string id;            // "<capability>/NNNN_name", unique
  std::string sql_sqlite;    // the script run on SQLite
  std::string sql_postgres;  // the script run on PostgreSQL (the same text for portable files)

  const std::string& sql(Dialect d) const {
    return d == Dialect::kSqlite ? sql_sqlite : sql_postgres;
  }
};

// SHA-256 of the script, lowercase hex: what schema_migrations.checksum holds.
std::string migration_checksum(std::string_view sql);

// Ids of the migrations not yet applied, in span order. failed_precondition (naming the
// migration) if an applied migration's checksum differs from the one given, or if the database
// has applied a migration the span does not contain (a newer binary migrated it);
// invalid_argument if the span repeats an id.
Result<std::vector<std::string>> pending_migrations(Database& db,
                                                    std::span<const Migration> migrations);

// Applies the pending migrations in span order, each with its schema_migrations row in one write
// unit: a failing migration leaves nothing of itself, the ones before it stay applied. Returns how
// many were applied (0 when up to date). Same refusals as pending_migrations. `clock` stamps
// applied_at (the overload without one uses the system clock).
Result<int> apply_migrations(Database& db, std::span<const Migration> migrations, Clock& clock);
Result<int> apply_migrations(Database& db, std::span<const Migration> migrations);

}  // namespace gemba::store
