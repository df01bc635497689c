#pragma once
// The embedded SQLite adapter of the Database port.
//
// One file in WAL mode with synchronous=FULL and foreign keys on. Writes go through one writer
// thread with group commit (group_commit_writer.h); DatabaseOptions::max_group_size = 1 gives the
// naive one-commit-per-unit baseline. Reads run on the caller's thread on a pool of query_only
// connections (DatabaseOptions::pool_size), each read unit in one transaction, i.e. one snapshot.
//
// Deferred foreign keys are checked only at COMMIT, where a violation fails every unit of the
// group: keep foreign keys immediate (SQLite's default).
//
// Thread-safe, as the port promises.

#include <memory>
#include <string>

#include "gemba/store/connection_pool.h"
#include "gemba/store/database.h"
#include "gemba/store/sqlite/group_commit_writer.h"
#include "gemba/store/unit_of_work.h"

namespace gemba::store::sqlite {

class SqliteDatabase final : public Database {
 public:
  // Opens (creating if missing) the database file at `path`. ":memory:" is refused: readers
  // must share the file with the writer.
  static Result<std::unique_ptr<Database>> open(const std::string& path,
                                                const DatabaseOptions& options);
  ~SqliteDatabase() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string_view kind() const override { return "sqlite"; }
  Result<void> write_unit(const UnitOfWork& fn) override;
  Result<void> read_unit(const UnitOfWork& fn) override;
  // Copies the live database with the online backup API, in one step on a reader connection (a
  // snapshot; writes continue meanwhile). Writes `path` + ".partial" and renames it over `path`,
  // so `path` is either the complete copy or untouched.
  Result<void> backup_to(const std::string& path) override;
  void close() override;

 private:
  SqliteDatabase(const std::string& path, std::unique_ptr<SqliteConnection> writer,
                 const DatabaseOptions& options);

  const StoreMetrics metrics_;
  GroupCommitWriter writer_;
  ConnectionPool<SqliteConnection> readers_;
};

}  // namespace gemba::store::sqlite
