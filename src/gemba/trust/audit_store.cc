#include "gemba/trust/audit_store.h"

namespace gemba::trust::audit_store {
namespace {

constexpr const char* kColumns =
    "seq, at_us, at, actor_id, actor_name, session_id, client_address, action, record_type, "
    "record_id, changes, reason, prev_hash, hash";

AuditRecord from_row(store::Row& row) {
  AuditRecord r;
  r.seq = row.int64(0);
  r.at_us = row.int64(1);
  r.at = row.text(2);
  r.actor_id = row.text(3);
  r.actor_name = row.text(4);
  r.session_id = row.text(5);
  r.client_address = row.text(6);
  r.action = row.text(7);
  r.record_type = row.text(8);
  r.record_id = row.text(9);
  r.changes = row.text(10);
  r.reason = row.text(11);
  r.prev_hash = row.text(12);
  r.hash = row.text(13);
  return r;
}

Result<Head> head(store::Tx& tx, bool lock) {
  const bool for_update = lock && tx.dialect() == store::Dialect::kPostgres;
  GEMBA_TRY(rows, tx.query(for_update ? "SELECT seq, hash, at_us, checkpoint_seq FROM audit_head "
                                        "WHERE id = 1 FOR UPDATE"
                                      : "SELECT seq, hash, at_us, checkpoint_seq FROM audit_head "
                                        "WHERE id = 1"));
  if (rows.empty()) {
    return Error::failed_precondition(
        "the audit trail's head row is missing; the database was damaged or not migrated");
  }
  return Head{rows[0].int64(0), rows[0].text(1), rows[0].int64(2), rows[0].int64(3)};
}

}  // namespace

Result<Head> lock_head(store::Tx& tx) { return head(tx, true); }
Result<Head> read_head(store::Tx& tx) { return head(tx, false); }

Result<void> save_head(store::Tx& tx, const Head& h) {
  GEMBA_RETURN_IF_ERROR(
      tx.exec("UPDATE audit_head SET seq = ?, hash = ?, at_us = ?, checkpoint_seq = ? WHERE id = 1",
              h.seq, h.hash, h.at_us, h.checkpoint_seq));
  return ok();
}

Result<void> insert(store::Tx& tx, const AuditRecord& r) {
  GEMBA_RETURN_IF_ERROR(tx.exec(std::string("INSERT INTO audit_trail (") + kColumns +
                                    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                r.seq, r.at_us, r.at, r.actor_id, r.actor_name, r.session_id,
                                r.client_address, r.action, r.record_type, r.record_id, r.changes,
                                r.reason, r.prev_hash, r.hash));
  return ok();
}

Result<void> insert_checkpoint(store::Tx& tx, const Checkpoint& c) {
  GEMBA_RETURN_IF_ERROR(
      tx.exec("INSERT INTO audit_checkpoints (seq, hash, at_us, at, key_id, signature) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              c.seq, c.hash, c.at_us, c.at, c.key_id, c.signature));
  return ok();
}

Result<std::vector<Checkpoint>> checkpoints(store::Tx& tx) {
  GEMBA_TRY(rows, tx.query("SELECT seq, hash, at_us, at, key_id, signature "
                           "FROM audit_checkpoints ORDER BY seq"));
  std::vector<Checkpoint> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r.int64(0), r.text(1), r.int64(2), r.text(3), r.text(4), r.text(5)});
  }
  return out;
}

Result<std::optional<AuditRecord>> find(store::Tx& tx, std::int64_t seq) {
  GEMBA_TRY(rows,
            tx.query(std::string("SELECT ") + kColumns + " FROM audit_trail WHERE seq = ?", seq));
  if (rows.empty()) return std::optional<AuditRecord>();
  return std::optional<AuditRecord>(from_row(rows[0]));
}

Result<std::vector<AuditRecord>> page(store::Tx& tx, std::int64_t after_seq, int limit) {
  GEMBA_TRY(rows, tx.query(std::string("SELECT ") + kColumns +
                               " FROM audit_trail WHERE seq > ? ORDER BY seq LIMIT ?",
                           after_seq, limit));
  std::vector<AuditRecord> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<std::vector<AuditRecord>> query(store::Tx& tx, const Query& q) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_trail WHERE 1 = 1";
  std::vector<store::Value> params;
  auto add = [&](const char* clause, store::Value v) {
    sql += clause;
    params.push_back(std::move(v));
  };
  if (q.record_type) add(" AND record_type = ?", *q.record_type);
  if (q.record_id) add(" AND record_id = ?", *q.record_id);
  if (q.actor_id) add(" AND actor_id = ?", *q.actor_id);
  if (q.action) add(" AND action = ?", *q.action);
  if (q.from_us) add(" AND at_us >= ?", *q.from_us);
  if (q.to_us) add(" AND at_us < ?", *q.to_us);
  if (q.cursor) add(q.newest_first ? " AND seq < ?" : " AND seq > ?", *q.cursor);
  sql += q.newest_first ? " ORDER BY seq DESC LIMIT ?" : " ORDER BY seq LIMIT ?";
  params.emplace_back(std::int64_t(q.limit));
  GEMBA_TRY(rows, tx.query_values(sql, params));
  std::vector<AuditRecord> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back(from_row(r));
  return out;
}

}  // namespace gemba::trust::audit_store
