#pragma once
// The PostgreSQL adapter of the Database port (libpq).
//
// A pool of DatabaseOptions::pool_size connections, opened lazily (the first one at open(), so a
// wrong URL fails there); a broken connection is dropped and replaced. A write unit is
// BEGIN … COMMIT at PostgreSQL's default isolation (READ COMMITTED), made durable by PostgreSQL
// itself; a read unit is BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY … COMMIT (one
// snapshot). Units run on the caller's thread.
//
// After a statement fails, PostgreSQL aborts the whole transaction: a unit that carries on after
// an error gets errors, and if it still returns ok, write() reports the first error.
//
// Thread-safe, as the port promises.

#include <memory>
#include <string>

#include "gemba/store/connection_pool.h"
#include "gemba/store/database.h"
#include "gemba/store/postgres/pg_connection.h"
#include "gemba/store/unit_of_work.h"

namespace gemba::store::postgres {

class PostgresDatabase final : public Database {
 public:
  // `url`: a libpq URI ("postgresql://user@host:port/dbname?..."). unavailable if the server
  // cannot be reached.
  static Result<std::unique_ptr<Database>> open(const std::string& url,
                                                const DatabaseOptions& options);
  ~PostgresDatabase() override;

  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string_view kind() const override { return "postgres"; }
  Result<void> write_unit(const UnitOfWork& fn) override;
  Result<void> read_unit(const UnitOfWork& fn) override;
  // failed_precondition: PostgreSQL is backed up with pg_dump or base backups.
  Result<void> backup_to(const std::string& path) override;
  void close() override;

 private:
  PostgresDatabase(const std::string& url, const DatabaseOptions& options);
  Result<void> run_unit(const UnitOfWork& fn, bool write);
  // One transaction on a leased connection; the committed unit's on_commit hooks.
  Result<CommitHooks> run_transaction(const UnitOfWork& fn, bool write);

  const StoreMetrics metrics_;
  ConnectionPool<PgConnection> pool_;
};

}  // namespace gemba::store::postgres
