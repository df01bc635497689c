#include "gemba/trust/session_store.h"

namespace gemba::trust::session_store {
namespace {

constexpr const char* kColumns =
    "id, user_id, token_hash, csrf_hash, created_at_us, last_seen_at_us, expires_at_us, "
    "ended_at_us, end_reason, client_address, user_agent, has_signed";

SessionRecord from_row(const store::Row& r) {
  SessionRecord s;
  s.id = r.text(0);
  s.user_id = r.text(1);
  s.token_hash = r.text(2);
  s.csrf_hash = r.text(3);
  s.created_at_us = r.int64(4);
  s.last_seen_at_us = r.int64(5);
  s.expires_at_us = r.int64(6);
  s.ended_at_us = r.opt_int64(7);
  s.end_reason = r.text(8);
  s.client_address = r.text(9);
  s.user_agent = r.text(10);
  s.has_signed = r.int64(11) != 0;
  return s;
}

Result<std::optional<SessionRecord>> find_where(store::Tx& tx, const char* column,
                                                const std::string& value) {
  GEMBA_TRY(rows,
            tx.query(std::string("SELECT ") + kColumns + " FROM sessions WHERE " + column + " = ?",
                     value));
  if (rows.empty()) return std::optional<SessionRecord>();
  return std::optional<SessionRecord>(from_row(rows[0]));
}

}  // namespace

Result<void> insert(store::Tx& tx, const SessionRecord& s) {
  GEMBA_RETURN_IF_ERROR(tx.exec(std::string("INSERT INTO sessions (") + kColumns +
                                    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                s.id, s.user_id, s.token_hash, s.csrf_hash, s.created_at_us,
                                s.last_seen_at_us, s.expires_at_us, s.ended_at_us, s.end_reason,
                                s.client_address, s.user_agent, s.has_signed ? 1 : 0));
  return ok();
}

Result<std::optional<SessionRecord>> find_by_token_hash(store::Tx& tx, const std::string& hash) {
  return find_where(tx, "token_hash", hash);
}

Result<std::optional<SessionRecord>> find(store::Tx& tx, const std::string& id) {
  return find_where(tx, "id", id);
}

Result<void> touch(store::Tx& tx, const std::string& id, std::int64_t at_us) {
  GEMBA_RETURN_IF_ERROR(
      tx.exec("UPDATE sessions SET last_seen_at_us = ? WHERE id = ? AND ended_at_us IS NULL AND "
              "last_seen_at_us < ?",
              at_us, id, at_us));
  return ok();
}

Result<void> mark_signed(store::Tx& tx, const std::string& id) {
  GEMBA_RETURN_IF_ERROR(tx.exec("UPDATE sessions SET has_signed = 1 WHERE id = ?", id));
  return ok();
}

Result<bool> end(store::Tx& tx, const std::string& id, std::int64_t at_us,
                 const std::string& reason) {
  GEMBA_TRY(n, tx.exec("UPDATE sessions SET ended_at_us = ?, end_reason = ? "
                       "WHERE id = ? AND ended_at_us IS NULL",
                       at_us, reason, id));
  return n > 0;
}

Result<std::int64_t> end_all_of_user(store::Tx& tx, const std::string& user_id, std::int64_t at_us,
                                     const std::string& reason, const std::string& keep) {
  return tx.exec(
      "UPDATE sessions SET ended_at_us = ?, end_reason = ? "
      "WHERE user_id = ? AND ended_at_us IS NULL AND id <> ?",
      at_us, reason, user_id, keep);
}

Result<std::vector<SessionRecord>> list_of_user(store::Tx& tx, const std::string& user_id,
                                                int limit) {
  GEMBA_TRY(rows, tx.query(std::string("SELECT ") + kColumns +
                               " FROM sessions WHERE user_id = ? ORDER BY created_at_us DESC "
                               "LIMIT ?",
                           user_id, limit));
  std::vector<SessionRecord> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

}  // namespace gemba::trust::session_store
