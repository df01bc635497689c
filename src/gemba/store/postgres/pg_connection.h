#pragma once
// One libpq connection: runs statements with `?` placeholders (numbered once per SQL text and
// cached), binds parameters and converts results to Values. Internal to the postgres adapter.
//
// Parameters go in text format typed int8 (integers), float8 (reals) or unknown (text, left to
// the server to infer), blobs in binary as bytea. An int8 parameter does not fit a function that
// takes int4 (substr, round(x, n), ...): write CAST(? AS INTEGER) there, which SQLite accepts too.
// Results come back in text format and are converted by column type: int2/int4/int8/oid → int64,
// float4/float8/numeric → double, bool → int64 0/1, bytea → Blob, anything else → string.
//
// Not thread-safe: used by one thread at a time (the holder of its pool lease). Owns its PGconn.

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "gemba/core/result.h"
#include "gemba/store/database.h"
#include "gemba/store/postgres/placeholders.h"

namespace gemba::store::postgres {

class PgConnection {
 public:
  // Connects with a libpq URI and quiets NOTICEs (client_min_messages = warning). unavailable
  // if the server cannot be reached or refuses the connection.
  static Result<std::unique_ptr<PgConnection>> connect(const std::string& url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Result<Rows> query(std::string_view sql, std::span<const Value> params);
  Result<std::int64_t> exec(std::string_view sql, std::span<const Value> params);
  // Several statements without parameters, in one round trip (PQexec).
  Result<void> exec_script(std::string_view sql);
  // Runs a command such as BEGIN or COMMIT; returns its command tag ("COMMIT", "ROLLBACK", …).
  Result<std::string> command(const char* sql);

  bool connected() const { return PQstatus(conn_) == CONNECTION_OK; }
  // For ConnectionPool: connected and outside any transaction.
  bool reusable() const { return connected() && PQtransactionStatus(conn_) == PQTRANS_IDLE; }

 private:
  struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  using PgResult = std::unique_ptr<PGresult, ResultDeleter>;
  static constexpr std::size_t kMaxCachedTranslations = 512;

  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  const NumberedSql& numbered(std::string_view sql);
  Result<PgResult> execute(std::string_view sql, std::span<const Value> params);
  // Checks a result's status; the error is mapped from its SQLSTATE.
  Result<PgResult> checked(PGresult* raw) const;

  PGconn* const conn_;
  std::unordered_map<std::string, NumberedSql> translations_;
};

// A Tx over a connection. Remembers the first failed statement: after it PostgreSQL has aborted
// the transaction, and a COMMIT turns into a ROLLBACK.
class PgTx final : public Tx {
 public:
  explicit PgTx(PgConnection& connection) : connection_(connection) {}
  Dialect dialect() const override { return Dialect::kPostgres; }
  Result<Rows> query_values(std::string_view sql, std::span<const Value> params) override {
    return note(connection_.query(sql, params));
  }
  Result<std::int64_t> exec_values(std::string_view sql, std::span<const Value> params) override {
    return note(connection_.exec(sql, params));
  }
  Result<void> exec_script(std::string_view sql) override {
    return note(connection_.exec_script(sql));
  }
  const std::optional<Error>& first_error() const { return first_error_; }

 private:
  template <typename R>
  R note(R r) {
    if (!r.ok() && !first_error_) first_error_ = r.error();
    return r;
  }
  PgConnection& connection_;
  std::optional<Error> first_error_;
};

}  // namespace gemba::store::postgres
