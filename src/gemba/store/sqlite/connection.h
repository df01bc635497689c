#pragma once
// One SQLite connection with its prepared-statement cache, and the Tx that runs statements on it.
// Internal to the sqlite adapter.
//
// Not thread-safe: a connection is used by one thread at a time (the writer thread, or the thread
// that leased it from the reader pool). The connection owns its sqlite3 handle and statements.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "gemba/core/result.h"
#include "gemba/store/database.h"

namespace gemba::store::sqlite {

// Maps a SQLite result code (extended codes are on) to our error codes: unique / primary-key
// violation → conflict, other constraint failures → invalid_argument, busy / locked →
// unavailable, anything else → internal.
Error sqlite_error(int rc, std::string_view what);

class SqliteConnection {
 public:
  enum class Role { kWriter, kReader };

  // Opens `path` (created if missing, for the writer) and applies the pragmas of its role: the
  // writer sets WAL, synchronous=FULL, foreign_keys=ON; readers are query_only. Both get the busy
  // timeout.
  static Result<std::unique_ptr<SqliteConnection>> open(const std::string& path, Role role,
                                                        int busy_timeout_ms);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // One statement with `?` placeholders; the statement is prepared once and cached by SQL text.
  Result<Rows> query(std::string_view sql, std::span<const Value> params);
  Result<std::int64_t> exec(std::string_view sql, std::span<const Value> params);
  // Any number of statements without parameters (sqlite3_exec).
  Result<void> exec_script(std::string_view sql);

  // True when no transaction is open (sqlite3_get_autocommit).
  bool in_autocommit() const { return sqlite3_get_autocommit(db_) != 0; }
  // For ConnectionPool: a connection left inside a transaction is not handed out again.
  bool reusable() const { return in_autocommit(); }
  sqlite3* handle() const { return db_; }

 private:
  struct StatementDeleter {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;
  static constexpr std::size_t kMaxCachedStatements = 512;

  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  Error last_error(int rc) const;
  Result<sqlite3_stmt*> prepare(std::string_view sql);
  // Binds params, steps to the end and collects rows when `rows` is set; always resets.
  Result<void> run(sqlite3_stmt* stmt, std::span<const Value> params, Rows* rows);

  sqlite3* const db_;
  std::unordered_map<std::string, Statement> statements_;
};

// A Tx over a connection. Lives for one unit of work.
class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(SqliteConnection& connection) : connection_(connection) {}
  Dialect dialect() const override { return Dialect::kSqlite; }
  Result<Rows> query_values(std::string_view sql, std::span<const Value> params) override {
    return connection_.query(sql, params);
  }
  Result<std::int64_t> exec_values(std::string_view sql, std::span<const Value> params) override {
    return connection_.exec(sql, params);
  }
  Result<void> exec_script(std::string_view sql) override { return connection_.exec_script(sql); }

 private:
  SqliteConnection& connection_;
};

}  // namespace gemba::store::sqlite
