#include "gemba/trust/idempotency_store.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "gemba/trust/sha256.h"

namespace gemba::trust {
namespace {

namespace json = boost::json;

std::int64_t micros(Timestamp t) { return t.time_since_epoch().count(); }

std::string headers_json(const http::Response& r) {
  json::array a;
  for (const auto& [name, value] : r.headers)
    a.push_back(json::array{json::string(name), json::string(value)});
  return json::serialize(a);
}

void restore_headers(const std::string& text, http::Response& r) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return;
  for (const auto& h : v.get_array()) {
    if (!h.is_array() || h.get_array().size() != 2) continue;
    const auto& pair = h.get_array();
    if (!pair[0].is_string() || !pair[1].is_string()) continue;
    r.headers.emplace_back(std::string(pair[0].get_string()), std::string(pair[1].get_string()));
  }
}

}  // namespace

SqlIdempotencyStore::SqlIdempotencyStore(store::Database& db, Clock& clock,
                                         IdempotencyOptions options)
    : db_(db), clock_(clock), options_(options), started_at_us_(micros(clock.now())) {}

Result<http::Claim> SqlIdempotencyStore::claim(const http::IdempotentRequest& r) {
  const std::string digest = sha256_hex(r.body);
  const std::int64_t now = micros(clock_.now());
  const std::int64_t expired_before = now - options_.keep.count();
  // Expired rows go at most once a minute, in the claim's own unit of work.
  std::int64_t last = last_purge_us_.load();
  const bool purge = now - last > 60'000'000 && last_purge_us_.compare_exchange_strong(last, now);
  return db_.write([&](store::Tx& tx) -> Result<http::Claim> {
    if (purge) {
      GEMBA_RETURN_IF_ERROR(
          tx.exec("DELETE FROM http_idempotency WHERE created_at_us < ?", expired_before));
    }
    GEMBA_TRY(rows, tx.query("SELECT method, path, body_sha256, state, created_at_us, status, "
                             "content_type, headers, body FROM http_idempotency "
                             "WHERE caller = ? AND idem_key = ?",
                             r.caller, r.key));
    if (!rows.empty() && rows[0].int64(4) < expired_before) {
      GEMBA_RETURN_IF_ERROR(tx.exec(
          "DELETE FROM http_idempotency WHERE caller = ? AND idem_key = ?", r.caller, r.key));
      rows.clear();
    }
    http::Claim c;
    if (rows.empty()) {
      GEMBA_RETURN_IF_ERROR(
          tx.exec("INSERT INTO http_idempotency (caller, idem_key, method, path, body_sha256, "
                  "state, created_at_us) VALUES (?, ?, ?, ?, ?, 'claimed', ?)",
                  r.caller, r.key, r.method, r.path, digest, now));
      c.state = http::ClaimState::kClaimed;
      return c;
    }
    const store::Row& row = rows[0];
    if (row.text(0) != r.method || row.text(1) != r.path || row.text(2) != digest) {
      c.state = http::ClaimState::kMismatch;
      return c;
    }
    if (row.text(3) != "done") {
      c.state = http::ClaimState::kInProgress;
      const std::int64_t created = row.int64(4);
      c.interrupted =
          created < started_at_us_ || now - created > options_.interrupted_after.count();
      return c;
    }
    c.state = http::ClaimState::kReplay;
    c.response.status = static_cast<int>(row.int64(5));
    c.response.content_type = row.opt_text(6).value_or("");
    restore_headers(row.opt_text(7).value_or("[]"), c.response);
    c.response.body = row.opt_text(8).value_or("");
    return c;
  });
}

Result<void> SqlIdempotencyStore::finish(const http::IdempotentRequest& r,
                                         const http::Response& response) {
  return db_.write([&](store::Tx& tx) -> Result<void> {
    GEMBA_RETURN_IF_ERROR(tx.exec(
        "UPDATE http_idempotency SET state = 'done', status = ?, content_type = ?, headers = ?, "
        "body = ? WHERE caller = ? AND idem_key = ?",
        response.status, response.content_type, headers_json(response), response.body, r.caller,
        r.key));
    return ok();
  });
}

Result<void> SqlIdempotencyStore::release(const http::IdempotentRequest& r) {
  return db_.write([&](store::Tx& tx) -> Result<void> {
    GEMBA_RETURN_IF_ERROR(
        tx.exec("DELETE FROM http_idempotency WHERE caller = ? AND idem_key = ? AND state = "
                "'claimed'",
                r.caller, r.key));
    return ok();
  });
}

}  // namespace gemba::trust
