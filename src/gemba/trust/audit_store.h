#pragma once
// SQL for the audit trail, its head and checkpoints (trust/migrations/0002). Runs inside the
// caller's unit of work.

#include <optional>
#include <string>
#include <vector>

#include "gemba/core/result.h"
#include "gemba/store/database.h"
#include "gemba/trust/audit_entry.h"
#include "gemba/trust/checkpoint.h"

namespace gemba::trust::audit_store {

struct Head {
  std::int64_t seq = 0;
  std::string hash;
  std::int64_t at_us = 0;
  std::int64_t checkpoint_seq = 0;
};

// Reads the head; on PostgreSQL locks its row until the unit ends (SELECT ... FOR UPDATE), so
// concurrent appenders queue. On SQLite the single writer already serialises units.
Result<Head> lock_head(store::Tx& tx);
// Reads the head without locking (verification, reports).
Result<Head> read_head(store::Tx& tx);
Result<void> save_head(store::Tx& tx, const Head& head);

Result<void> insert(store::Tx& tx, const AuditRecord& r);
Result<void> insert_checkpoint(store::Tx& tx, const Checkpoint& c);
Result<std::vector<Checkpoint>> checkpoints(store::Tx& tx);

Result<std::optional<AuditRecord>> find(store::Tx& tx, std::int64_t seq);

// Entries with seq > after_seq in sequence order, at most `limit`.
Result<std::vector<AuditRecord>> page(store::Tx& tx, std::int64_t after_seq, int limit);

struct Query {
  std::optional<std::string> record_type;
  std::optional<std::string> record_id;
  std::optional<std::string> actor_id;
  std::optional<std::string> action;
  std::optional<std::int64_t> from_us;  // inclusive
  std::optional<std::int64_t> to_us;    // exclusive
  std::optional<std::int64_t> cursor;   // the last seq of the previous page
  bool newest_first = true;
  int limit = 50;
};
Result<std::vector<AuditRecord>> query(store::Tx& tx, const Query& q);

}  // namespace gemba::trust::audit_store
