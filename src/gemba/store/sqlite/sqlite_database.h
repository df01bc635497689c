#pragma once
// The embedded SQLite adapter of the Database port.
//
// One file in WAL mode with synchronous=FULL and foreign keys on. Writes go through one writer
// thread with group commit (group_commit_writer.h); DatabaseOptions::max_group_size = 1 gives the
// naive one-commit-per-unit baseline. Reads run on the caller's thread on a pool of query_only
// connections (DatabaseOptions::pool_size), each read unit in one transaction, i.e. one snapshot.
//
// The writer does not checkpoint the WAL itself (a checkpoint inside a commit stalls every unit of
// the group behind it for the time it takes to copy pages and fsync the file): a background
// thread runs PASSIVE checkpoints on its own connection, and close() a final TRUNCATE one.
//
// Deferred foreign keys are checked only at COMMIT, where a violation fails every unit of the
// group: keep foreign keys immediate (SQLite's default).
//
// Thread-safe, as the port promises.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

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
                 std::unique_ptr<SqliteConnection> checkpointer, const DatabaseOptions& options);

  // Copies the WAL back into the database file every kCheckpointInterval on its own connection,
  // so the writer never runs a checkpoint inside a commit (wal_autocheckpoint is off on it).
  void checkpoint_loop();

  const StoreMetrics metrics_;
  GroupCommitWriter writer_;
  ConnectionPool<SqliteConnection> readers_;
  std::unique_ptr<SqliteConnection> checkpointer_;  // used by checkpoint_thread_ only
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool stopping_ = false;  // GUARDED_BY(checkpoint_mu_)
  std::thread checkpoint_thread_;
};

}  // namespace gemba::store::sqlite
