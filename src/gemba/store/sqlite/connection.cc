#include "gemba/store/sqlite/connection.h"

#include <utility>

namespace gemba::store::sqlite {
namespace {

// Resets a statement (and drops its bindings) however run() leaves, so a cached statement is
// never left mid-step and never keeps pointers to a caller's values.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* s) : s_(s) {}
  ~ResetOnExit() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* const s_;
};

int bind(sqlite3_stmt* stmt, int index, const Value& v) {
  struct Binder {
    sqlite3_stmt* stmt;
    int i;
    int operator()(std::nullptr_t) const { return sqlite3_bind_null(stmt, i); }
    int operator()(std::int64_t n) const { return sqlite3_bind_int64(stmt, i, n); }
    int operator()(double d) const { return sqlite3_bind_double(stmt, i, d); }
    int operator()(const std::string& s) const {
      return sqlite3_bind_text64(stmt, i, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8);
    }
    int operator()(const Blob& b) const {
      // A null pointer would bind NULL; an empty blob is a zero-length blob.
      if (b.empty()) return sqlite3_bind_zeroblob(stmt, i, 0);
      return sqlite3_bind_blob64(stmt, i, b.data(), b.size(), SQLITE_STATIC);
    }
  };
  return std::visit(Binder{stmt, index}, v);
}

Value column_value(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER: return std::int64_t(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT: return sqlite3_column_double(stmt, i);
    case SQLITE_TEXT: {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
    }
    case SQLITE_BLOB: {
      const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, i));
      const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt, i));
      return p == nullptr ? Blob{} : Blob(p, p + n);
    }
    default: return nullptr;
  }
}

}  // namespace

Error sqlite_error(int rc, std::string_view what) {
  boost::json::object details{{"sqlite_code", rc}};
  std::string message(what);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return Error::conflict(std::move(message), details);
    default: break;
  }
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: return Error::invalid_argument(std::move(message), details);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::unavailable("the database is busy, try again (" + message + ")", details);
    default: return Error::internal("database error: " + message, details);
  }
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path, Role role,
                                                                 int busy_timeout_ms) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (role == Role::kWriter) flags |= SQLITE_OPEN_CREATE;
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Error::unavailable("cannot open SQLite database " + path + ": " + message);
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  // A page cache of up to 32 MiB per connection (SQLite's default is 2 MiB): the hot pages of
  // batches in progress and the audit trail's head stay in the process instead of costing a
  // read() each.
  GEMBA_RETURN_IF_ERROR(connection->exec_script("PRAGMA cache_size = -32768"));
  if (role == Role::kReader) {
    GEMBA_RETURN_IF_ERROR(connection->exec_script("PRAGMA query_only = 1"));
    return connection;
  }
  GEMBA_TRY(mode, connection->query("PRAGMA journal_mode = WAL", {}));
  if (mode.empty() || mode[0].text(0) != "wal") {
    return Error::failed_precondition("cannot put SQLite database " + path + " in WAL mode",
                                      {{"path", path}});
  }
  GEMBA_RETURN_IF_ERROR(
      connection->exec_script("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON"));
  return connection;
}

SqliteConnection::~SqliteConnection() {
  statements_.clear();
  sqlite3_close_v2(db_);
}

Error SqliteConnection::last_error(int rc) const { return sqlite_error(rc, sqlite3_errmsg(db_)); }

Result<sqlite3_stmt*> SqliteConnection::prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = statements_.find(key); it != statements_.end()) return it->second.get();

  const char* const end = sql.data() + sql.size();
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  if (rc != SQLITE_OK) return last_error(rc);
  if (raw == nullptr) return Error::internal("query() was given no SQL statement");
  Statement stmt(raw);
  // Whatever follows the statement must be empty: whitespace, ';' or comments.
  while (tail != nullptr && tail < end) {
    sqlite3_stmt* extra = nullptr;
    const char* next = nullptr;
    rc = sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &extra, &next);
    if (extra != nullptr || rc != SQLITE_OK) {
      sqlite3_finalize(extra);
      return Error::internal("query()/exec() run one SQL statement; use exec_script() for several",
                             {{"sql", key}});
    }
    if (next == tail) break;
    tail = next;
  }
  if (statements_.size() >= kMaxCachedStatements) statements_.clear();
  return statements_.emplace(std::move(key), std::move(stmt)).first->second.get();
}

Result<void> SqliteConnection::run(sqlite3_stmt* stmt, std::span<const Value> params, Rows* rows) {
  ResetOnExit reset(stmt);
  const auto expected = static_cast<std::size_t>(sqlite3_bind_parameter_count(stmt));
  if (expected != params.size()) {
    return Error::invalid_argument("the statement has " + std::to_string(expected) +
                                   " placeholders but " + std::to_string(params.size()) +
                                   " values were given");
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int rc = bind(stmt, static_cast<int>(i + 1), params[i]);
    if (rc != SQLITE_OK) return last_error(rc);
  }
  const int columns = sqlite3_column_count(stmt);
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) return ok();
    if (rc != SQLITE_ROW) return last_error(rc);
    if (rows == nullptr) continue;
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) values.push_back(column_value(stmt, c));
    rows->emplace_back(std::move(values));
  }
}

Result<Rows> SqliteConnection::query(std::string_view sql, std::span<const Value> params) {
  GEMBA_TRY(stmt, prepare(sql));
  Rows rows;
  GEMBA_RETURN_IF_ERROR(run(stmt, params, &rows));
  return rows;
}

Result<std::int64_t> SqliteConnection::exec(std::string_view sql, std::span<const Value> params) {
  GEMBA_TRY(stmt, prepare(sql));
  GEMBA_RETURN_IF_ERROR(run(stmt, params, nullptr));
  return std::int64_t(sqlite3_changes64(db_));
}

Result<void> SqliteConnection::exec_script(std::string_view sql) {
  const std::string script(sql);  // sqlite3_exec needs a terminating NUL
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return ok();
  std::string text = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return sqlite_error(sqlite3_extended_errcode(db_), text);
}

}  // namespace gemba::store::sqlite
