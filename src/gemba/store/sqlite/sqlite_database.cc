#include "gemba/store/sqlite/sqlite_database.h"

#include <filesystem>
#include <utility>

namespace gemba::store::sqlite {

Result<std::unique_ptr<Database>> SqliteDatabase::open(const std::string& path,
                                                       const DatabaseOptions& options) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) {
    return Error::invalid_argument("SQLite needs a plain file path, got '" + path + "'");
  }
  GEMBA_TRY(writer,
            SqliteConnection::open(path, SqliteConnection::Role::kWriter, options.busy_timeout_ms));
  return std::unique_ptr<Database>(new SqliteDatabase(path, std::move(writer), options));
}

SqliteDatabase::SqliteDatabase(const std::string& path, std::unique_ptr<SqliteConnection> writer,
                               const DatabaseOptions& options)
    : metrics_(options.metrics),
      writer_(std::move(writer), options.max_group_size, metrics_),
      readers_(
          [path, timeout = options.busy_timeout_ms] {
            return SqliteConnection::open(path, SqliteConnection::Role::kReader, timeout);
          },
          options.pool_size) {}

SqliteDatabase::~SqliteDatabase() { close(); }

Result<void> SqliteDatabase::write_unit(const UnitOfWork& fn) {
  GroupCommitWriter::Outcome outcome = writer_.submit(fn);
  if (outcome.result.ok()) run_commit_hooks(outcome.hooks);
  return std::move(outcome.result);
}

Result<void> SqliteDatabase::read_unit(const UnitOfWork& fn) {
  CommitHooks hooks;
  {
    GEMBA_TRY(lease, readers_.acquire());
    GEMBA_RETURN_IF_ERROR(lease->exec("BEGIN", {}));
    SqliteTx tx(*lease);
    Result<void> result = run_unit_of_work(fn, tx);
    if (result.ok()) {
      auto end = lease->exec("COMMIT", {});
      if (!end.ok()) result = std::move(end).error();
    }
    if (!lease->in_autocommit()) (void)lease->exec("ROLLBACK", {});
    if (!result.ok()) return result;
    hooks = tx.take_commit_hooks();
  }
  run_commit_hooks(hooks);  // the connection is back in the pool by now
  return ok();
}

Result<void> SqliteDatabase::backup_to(const std::string& path) {
  namespace fs = std::filesystem;
  GEMBA_TRY(lease, readers_.acquire());
  const std::string partial = path + ".partial";
  std::error_code ec;
  fs::remove(partial, ec);

  sqlite3* dest = nullptr;
  int rc =
      sqlite3_open_v2(partial.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Result<void> result;
  if (rc != SQLITE_OK) {
    result = Error::unavailable("cannot create backup file " + partial + ": " +
                                (dest ? sqlite3_errmsg(dest) : sqlite3_errstr(rc)));
  } else if (sqlite3_backup* backup = sqlite3_backup_init(dest, "main", lease->handle(), "main")) {
    // One step copies every page under a single read transaction: a consistent snapshot.
    rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE)
      result = sqlite_error(rc, "backup failed: " + std::string(sqlite3_errstr(rc)));
  } else {
    result = sqlite_error(sqlite3_extended_errcode(dest), sqlite3_errmsg(dest));
  }
  sqlite3_close_v2(dest);
  if (result.ok()) {
    fs::rename(partial, path, ec);
    if (ec)
      result = Error::internal("cannot move backup into place at " + path + ": " + ec.message());
  }
  if (!result.ok()) fs::remove(partial, ec);
  return result;
}

void SqliteDatabase::close() {
  writer_.close();
  readers_.close();
}

}  // namespace gemba::store::sqlite
