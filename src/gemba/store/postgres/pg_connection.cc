#include "gemba/store/postgres/pg_connection.h"

#include <charconv>
#include <cmath>
#include <vector>

namespace gemba::store::postgres {
namespace {

// Type OIDs from PostgreSQL's catalog (pg_type.dat); stable across versions.
constexpr Oid kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23,
              kOidOid = 26, kFloat4Oid = 700, kFloat8Oid = 701, kNumericOid = 1700;

std::string trimmed(const char* s) {
  std::string out = s ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string format_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip form
  return std::string(buf, end);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

Blob decode_bytea_hex(std::string_view text) {
  Blob out;
  if (text.starts_with("\\x")) text.remove_prefix(2);
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(hex_digit(text[i]) << 4 | hex_digit(text[i + 1])));
  }
  return out;
}

Value convert(Oid type, const char* text, int length) {
  const std::string_view s(text, static_cast<std::size_t>(length));
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      std::int64_t v = 0;
      std::from_chars(s.data(), s.data() + s.size(), v);
      return v;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: {
      double v = 0;
      std::from_chars(s.data(), s.data() + s.size(), v);
      return v;
    }
    case kBoolOid: return std::int64_t(s == "t" ? 1 : 0);
    case kByteaOid: return decode_bytea_hex(s);
    default: return std::string(s);
  }
}

bool is_any(const std::string& code, std::initializer_list<const char*> codes) {
  for (const char* c : codes) {
    if (code == c) return true;
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::connect(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr) return Error::unavailable("cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return Error::unavailable("cannot connect to PostgreSQL: " + message);
  }
  std::unique_ptr<PgConnection> c(new PgConnection(conn));
  GEMBA_RETURN_IF_ERROR(
      c->exec_script("SET client_min_messages = warning; SET bytea_output = 'hex'"));
  return c;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

const NumberedSql& PgConnection::numbered(std::string_view sql) {
  std::string key(sql);
  if (auto it = translations_.find(key); it != translations_.end()) return it->second;
  if (translations_.size() >= kMaxCachedTranslations) translations_.clear();
  NumberedSql n = number_placeholders(sql);
  return translations_.emplace(std::move(key), std::move(n)).first->second;
}

Result<PgConnection::PgResult> PgConnection::checked(PGresult* raw) const {
  PgResult r(raw);
  const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    return r;
  }
  const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state ? state : "";
  const char* primary = r ? PQresultErrorField(r.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = primary ? primary : trimmed(PQerrorMessage(conn_));
  boost::json::object details{{"sqlstate", code}};
  if (r) {
    if (const char* c = PQresultErrorField(r.get(), PG_DIAG_CONSTRAINT_NAME))
      details["constraint"] = c;
    if (const char* d = PQresultErrorField(r.get(), PG_DIAG_MESSAGE_DETAIL)) details["detail"] = d;
  }
  if (!connected() || code.starts_with("08") ||
      is_any(code, {"57P01", "57P02", "57P03", "53300"})) {
    return Error::unavailable("PostgreSQL is unavailable: " + message, details);
  }
  if (is_any(code, {"40001", "40P01", "55P03"})) {
    return Error::unavailable("the database is busy, try again (" + message + ")", details);
  }
  if (code == "23505") return Error::conflict(message, details);
  if (code.starts_with("23")) return Error::invalid_argument(message, details);
  return Error::internal("database error: " + message, details);
}

Result<PgConnection::PgResult> PgConnection::execute(std::string_view sql,
                                                     std::span<const Value> params) {
  const NumberedSql& n = numbered(sql);
  if (static_cast<std::size_t>(n.placeholders) != params.size()) {
    return Error::invalid_argument("the statement has " + std::to_string(n.placeholders) +
                                   " placeholders but " + std::to_string(params.size()) +
                                   " values were given");
  }
  const std::size_t count = params.size();
  std::vector<std::string> texts(count);
  std::vector<const char*> values(count, nullptr);
  std::vector<int> lengths(count, 0), formats(count, 0);
  std::vector<Oid> types(count, 0);
  for (std::size_t i = 0; i < count; ++i) {
    const Value& v = params[i];
    if (const auto* n64 = std::get_if<std::int64_t>(&v)) {
      texts[i] = std::to_string(*n64);
      types[i] = kInt8Oid;
    } else if (const auto* d = std::get_if<double>(&v)) {
      texts[i] = format_double(*d);
      types[i] = kFloat8Oid;
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      if (s->find('\0') != std::string::npos) {
        return Error::invalid_argument("PostgreSQL text cannot hold NUL characters; use a blob");
      }
      values[i] = s->c_str();
      continue;
    } else if (const auto* b = std::get_if<Blob>(&v)) {
      // A null pointer would mean SQL NULL; an empty blob needs any non-null pointer.
      values[i] = b->empty() ? "" : reinterpret_cast<const char*>(b->data());
      lengths[i] = static_cast<int>(b->size());
      formats[i] = 1;
      types[i] = kByteaOid;
      continue;
    } else {
      continue;  // NULL
    }
    values[i] = texts[i].c_str();
  }
  return checked(PQexecParams(conn_, n.sql.c_str(), static_cast<int>(count), types.data(),
                              values.data(), lengths.data(), formats.data(), /*resultFormat=*/0));
}

Result<Rows> PgConnection::query(std::string_view sql, std::span<const Value> params) {
  GEMBA_TRY(r, execute(sql, params));
  const int row_count = PQntuples(r.get());
  const int column_count = PQnfields(r.get());
  std::vector<Oid> types(static_cast<std::size_t>(column_count));
  for (int c = 0; c < column_count; ++c) types[c] = PQftype(r.get(), c);
  Rows rows;
  rows.reserve(static_cast<std::size_t>(row_count));
  for (int i = 0; i < row_count; ++i) {
    std::vector<Value> values;
    values.reserve(types.size());
    for (int c = 0; c < column_count; ++c) {
      if (PQgetisnull(r.get(), i, c)) {
        values.emplace_back(nullptr);
      } else {
        values.push_back(convert(types[c], PQgetvalue(r.get(), i, c), PQgetlength(r.get(), i, c)));
      }
    }
    rows.emplace_back(std::move(values));
  }
  return rows;
}

Result<std::int64_t> PgConnection::exec(std::string_view sql, std::span<const Value> params) {
  GEMBA_TRY(r, execute(sql, params));
  const std::string_view tuples = PQcmdTuples(r.get());
  std::int64_t changed = 0;
  std::from_chars(tuples.data(), tuples.data() + tuples.size(), changed);
  return changed;
}

Result<void> PgConnection::exec_script(std::string_view sql) {
  const std::string script(sql);
  GEMBA_RETURN_IF_ERROR(checked(PQexec(conn_, script.c_str())));
  return ok();
}

Result<std::string> PgConnection::command(const char* sql) {
  GEMBA_TRY(r, checked(PQexec(conn_, sql)));
  return std::string(PQcmdStatus(r.get()));
}

}  // namespace gemba::store::postgres
