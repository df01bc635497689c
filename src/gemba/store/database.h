#pragma once
// The Database port: units of work (transactions) with typed, bound statements. Two adapters:
// store/sqlite (embedded; one writer with group commit, a pool of readers) and store/postgres
// (libpq, a connection pool). SQL is written once, in the subset both accept, with `?`
// placeholders; the PostgreSQL adapter numbers them.
//
// A unit of work is a closure given a Tx. Writes:
//
//   auto r = db.write([&](Tx& tx) -> Result<void> {
//     GEMBA_RETURN_IF_ERROR(tx.exec("UPDATE batch SET status = ? WHERE id = ?", "held", id));
//     GEMBA_RETURN_IF_ERROR(audit.append(tx, ...));     // same transaction
//     tx.on_commit([&] { events.publish(...); });        // only once durable
//     return ok();
//   });
//
// write() returns only after the unit's changes are durable (or it failed and left nothing). If
// the closure returns an error, everything it did is rolled back and only its caller sees the
// error. On SQLite the closure runs on the writer thread inside a SAVEPOINT of a transaction shared
// with other concurrent units (group commit): it must not block on anything but the Tx, and must
// not call write()/read() itself.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "gemba/core/result.h"

namespace gemba {
class Metrics;
}

namespace gemba::store {

using Blob = std::vector<std::uint8_t>;
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string, Blob>;

enum class Dialect { kSqlite, kPostgres };

// One result row, owned. Accessors REQUIRE the column to exist; numeric accessors convert between
// integer and real; text() of a NULL is "".
class Row {
 public:
  Row() = default;
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  std::int64_t int64(std::size_t i) const;
  double real(std::size_t i) const;
  const std::string& text(std::size_t i) const;
  const Blob& blob(std::size_t i) const;
  std::optional<std::string> opt_text(std::size_t i) const;
  std::optional<std::int64_t> opt_int64(std::size_t i) const;
  const Value& value(std::size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

namespace detail {
inline Value to_value(std::nullptr_t) { return nullptr; }
inline Value to_value(bool v) { return std::int64_t(v ? 1 : 0); }
template <typename T>
  requires std::is_integral_v<T> && (!std::is_same_v<T, bool>)
Value to_value(T v) { return std::int64_t(v); }
inline Value to_value(double v) { return v; }
inline Value to_value(std::string v) { return v; }
inline Value to_value(std::string_view v) { return std::string(v); }
inline Value to_value(const char* v) { return std::string(v); }
inline Value to_value(Blob v) { return v; }
inline Value to_value(Value v) { return v; }
template <typename T>
Value to_value(const std::optional<T>& v) {
  return v ? to_value(*v) : Value(nullptr);
}
}  // namespace detail

// A transaction in progress. Not thread-safe; valid only inside the closure it was given to.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Dialect dialect() const = 0;

  // Runs one statement with `?` placeholders bound to params. Errors: conflict for a unique or
  // primary-key violation, invalid_argument for other constraint failures, unavailable when the
  // database is busy or gone, internal otherwise.
  virtual Result<Rows> query_values(std::string_view sql, std::span<const Value> params) = 0;
  // Same, for statements without results; returns the number of rows changed.
  virtual Result<std::int64_t> exec_values(std::string_view sql, std::span<const Value> params) = 0;
  // Runs several statements separated by ';' without parameters (migrations).
  virtual Result<void> exec_script(std::string_view sql) = 0;

  template <typename... A>
  Result<Rows> query(std::string_view sql, A&&... args) {
    const Value params[] = {detail::to_value(std::forward<A>(args))..., Value(nullptr)};
    return query_values(sql, std::span<const Value>(params, sizeof...(A)));
  }
  template <typename... A>
  Result<std::int64_t> exec(std::string_view sql, A&&... args) {
    const Value params[] = {detail::to_value(std::forward<A>(args))..., Value(nullptr)};
    return exec_values(sql, std::span<const Value>(params, sizeof...(A)));
  }

  // Runs after the transaction holding this unit committed durably; never if it rolled back.
  // Hooks run on an unspecified thread, in registration order, before write() returns.
  void on_commit(std::function<void()> fn) { on_commit_.push_back(std::move(fn)); }

  // For adapters: hand over the hooks collected during the unit.
  std::vector<std::function<void()>> take_commit_hooks() { return std::move(on_commit_); }

 private:
  std::vector<std::function<void()>> on_commit_;
};

struct DatabaseOptions {
  // SQLite: units of work per group transaction (1 = one commit per unit: the naive baseline).
  int max_group_size = 256;
  // SQLite: reader connections; PostgreSQL: the connection pool size.
  int pool_size = 8;
  // SQLite: busy timeout for readers and external processes.
  int busy_timeout_ms = 5000;
  // Record commit latency and group sizes here, if set. Must outlive the database.
  Metrics* metrics = nullptr;
};

// Thread-safe: any number of threads may call write() and read() at once.
class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // "sqlite" or "postgres", as /healthz reports it.
  virtual std::string_view kind() const = 0;

  // Runs fn in a write transaction; returns once durable. See the file comment.
  virtual Result<void> write_unit(const std::function<Result<void>(Tx&)>& fn) = 0;
  // Runs fn in a read-only transaction (a consistent snapshot) on a pooled connection, on the
  // calling thread.
  virtual Result<void> read_unit(const std::function<Result<void>(Tx&)>& fn) = 0;

  // SQLite: a consistent copy of the live database to `path` (online backup API), safe while
  // serving. PostgreSQL: failed_precondition (use pg_dump or base backups).
  virtual Result<void> backup_to(const std::string& path) = 0;

  // Stops accepting units, finishes queued ones, closes connections. Idempotent.
  virtual void close() = 0;

  template <typename F>
  auto write(F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    return run(&Database::write_unit, std::forward<F>(fn));
  }
  template <typename F>
  auto read(F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    return run(&Database::read_unit, std::forward<F>(fn));
  }

 private:
  template <typename F>
  auto run(Result<void> (Database::*unit)(const std::function<Result<void>(Tx&)>&), F&& fn)
      -> decltype(fn(std::declval<Tx&>())) {
    using R = decltype(fn(std::declval<Tx&>()));
    if constexpr (std::is_same_v<R, Result<void>>) {
      return (this->*unit)(fn);
    } else {
      std::optional<typename R::value_type> out;
      Result<void> r = (this->*unit)([&](Tx& tx) -> Result<void> {
        R v = fn(tx);
        if (!v.ok()) return std::move(v).error();
        out.emplace(std::move(v).value());
        return ok();
      });
      if (!r.ok()) return std::move(r).error();
      return std::move(*out);
    }
  }
};

// Opens a database by URL: "sqlite:PATH" (or a plain file path) or "postgresql://..." /
// "postgres://..." (libpq URI). SQLite files are created if missing.
Result<std::unique_ptr<Database>> open_database(const std::string& url,
                                                const DatabaseOptions& options = {});

}  // namespace gemba::store
