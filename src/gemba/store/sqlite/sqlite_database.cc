#include "gemba/store/sqlite/sqlite_database.h"

#include <chrono>
#include <filesystem>
#include <utility>

namespace gemba::store::sqlite {

namespace {
constexpr std::chrono::milliseconds kCheckpointInterval{100};
}  // namespace

Result<std::unique_ptr<Database>> SqliteDatabase::open(const std::string& path,
                                                       const DatabaseOptions& options) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) {
    return Error::invalid_argument("SQLite needs a plain file path, got '" + path + "'");
  }
  GEMBA_TRY(writer,
            SqliteConnection::open(path, SqliteConnection::Role::kWriter, options.busy_timeout_ms));
  GEMBA_RETURN_IF_ERROR(writer->exec_script("PRAGMA wal_autocheckpoint = 0"));
  GEMBA_TRY(checkpointer,
            SqliteConnection::open(path, SqliteConnection::Role::kWriter, options.busy_timeout_ms));
  return std::unique_ptr<Database>(
      new SqliteDatabase(path, std::move(writer), std::move(checkpointer), options));
}

SqliteDatabase::SqliteDatabase(const std::string& path, std::unique_ptr<SqliteConnection> writer,
                               std::unique_ptr<SqliteConnection> checkpointer,
                               const DatabaseOptions& options)
    : metrics_(options.metrics),
      writer_(std::move(writer), options.max_group_size, metrics_),
      readers_(
          [path, timeout = options.busy_timeout_ms] {
            return SqliteConnection::open(path, SqliteConnection::Role::kReader, timeout);
          },
          options.pool_size),
      checkpointer_(std::move(checkpointer)) {
  checkpoint_thread_ = std::thread([this] { checkpoint_loop(); });
}

void SqliteDatabase::checkpoint_loop() {
  std::unique_lock lock(checkpoint_mu_);
  while (!stopping_) {
    checkpoint_cv_.wait_for(lock, kCheckpointInterval, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    // PASSIVE never waits for the writer or readers; what it cannot copy now it copies next
    // time. A failure (busy, I/O) only leaves the WAL longer until the next attempt.
    (void)checkpointer_->exec_script("PRAGMA wal_checkpoint(PASSIVE)");
    lock.lock();
  }
}

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
  {
    std::lock_guard lock(checkpoint_mu_);
    stopping_ = true;
  }
  checkpoint_cv_.notify_all();
  if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
  writer_.close();
  readers_.close();
  if (checkpointer_) {
    // Leave a tidy file: everything copied back and the WAL emptied.
    (void)checkpointer_->exec_script("PRAGMA wal_checkpoint(TRUNCATE)");
    checkpointer_.reset();
  }
}

}  // namespace gemba::store::sqlite
