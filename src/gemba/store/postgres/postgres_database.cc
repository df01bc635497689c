#include "gemba/store/postgres/postgres_database.h"

#include <chrono>
#include <utility>

namespace gemba::store::postgres {

Result<std::unique_ptr<Database>> PostgresDatabase::open(const std::string& url,
                                                         const DatabaseOptions& options) {
  std::unique_ptr<PostgresDatabase> db(new PostgresDatabase(url, options));
  // Fail fast on a wrong URL; the connection stays pooled.
  if (auto first = db->pool_.acquire(); !first.ok()) return std::move(first).error();
  return std::unique_ptr<Database>(std::move(db));
}

PostgresDatabase::PostgresDatabase(const std::string& url, const DatabaseOptions& options)
    : metrics_(options.metrics),
      pool_([url] { return PgConnection::connect(url); }, options.pool_size) {}

PostgresDatabase::~PostgresDatabase() { close(); }

Result<void> PostgresDatabase::write_unit(const UnitOfWork& fn) { return run_unit(fn, true); }

Result<void> PostgresDatabase::read_unit(const UnitOfWork& fn) { return run_unit(fn, false); }

Result<void> PostgresDatabase::run_unit(const UnitOfWork& fn, bool write) {
  Result<CommitHooks> committed = run_transaction(fn, write);
  if (write) metrics_.count_unit(committed.ok());
  if (!committed.ok()) return std::move(committed).error();
  run_commit_hooks(*committed);  // the connection is back in the pool by now
  return ok();
}

Result<CommitHooks> PostgresDatabase::run_transaction(const UnitOfWork& fn, bool write) {
  const char* begin = write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
  // A pooled connection may have died while idle (server restart): BEGIN tells, and nothing has
  // run yet, so one retry on a fresh connection is safe.
  for (int attempt = 0;; ++attempt) {
    GEMBA_TRY(lease, pool_.acquire());
    PgConnection& c = *lease;
    if (auto began = c.command(begin); !began.ok()) {
      if (attempt == 0 && !c.connected()) continue;
      return std::move(began).error();
    }
    PgTx tx(c);
    Result<void> result = run_unit_of_work(fn, tx);
    if (!result.ok()) {
      if (c.connected()) (void)c.command("ROLLBACK");
      return std::move(result).error();
    }
    const auto started = std::chrono::steady_clock::now();
    auto tag = c.command("COMMIT");
    if (write) metrics_.observe_commit(std::chrono::steady_clock::now() - started);
    if (!tag.ok()) {
      if (!c.connected()) {
        return Error::unavailable(
            "the connection to PostgreSQL was lost during COMMIT; the outcome is unknown");
      }
      (void)c.command("ROLLBACK");
      return std::move(tag).error();
    }
    if (*tag != "COMMIT") {  // the transaction had failed: COMMIT rolled it back
      return tx.first_error().value_or(
          Error::internal("the transaction was rolled back by PostgreSQL"));
    }
    return tx.take_commit_hooks();
  }
}

Result<void> PostgresDatabase::backup_to(const std::string& path) {
  return Error::failed_precondition(
      "gemba does not copy PostgreSQL databases; back them up with pg_dump (logical) or "
      "pg_basebackup with WAL archiving (physical, point-in-time recovery)",
      {{"path", path}});
}

void PostgresDatabase::close() { pool_.close(); }

}  // namespace gemba::store::postgres
