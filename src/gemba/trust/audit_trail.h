#pragma once
// AuditTrail: appends hash-chained entries inside the caller's unit of work, signs checkpoints,
// answers queries, verifies the chain (21 CFR 11.10(e), Annex 11 §9).
//
// Services write GMP changes through write(), which hands the closure an AuditedTx and refuses
// to commit a unit that changed data but recorded no audit entry:
//
//   audit.write(db, principal.actor(), [&](AuditedTx& atx) -> Result<void> {
//     GEMBA_RETURN_IF_ERROR(atx.tx().exec("UPDATE batch SET status = ? WHERE id = ?", ...));
//     GEMBA_RETURN_IF_ERROR(atx.append({"batch.held", "batch", id, {{"status", old, "held"}},
//                                        reason}));
//     return ok();
//   });
//
// Thread-safe: append() may run on any number of units at once (they serialise on the head row).

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"
#include "gemba/store/database.h"
#include "gemba/trust/audit_entry.h"
#include "gemba/trust/audit_store.h"
#include "gemba/trust/checkpoint.h"

namespace gemba::trust {

struct AuditOptions {
  // A signed checkpoint every N entries (inside the unit reaching it). 0 = only checkpoint_now().
  int checkpoint_every = 100;
  // Where the newest checkpoint is also written (outside the database), "" = nowhere. Deleting
  // the newest entries and checkpoints from the database then still shows.
  std::string checkpoint_file;
};

class AuditTrail;

// A unit of work that must leave an audit entry. Valid only inside AuditTrail::write's closure.
class AuditedTx {
 public:
  AuditedTx(const AuditTrail& trail, store::Tx& tx, const Actor& actor)
      : trail_(trail), tx_(tx), actor_(actor) {}
  AuditedTx(const AuditedTx&) = delete;
  AuditedTx& operator=(const AuditedTx&) = delete;

  store::Tx& tx() { return tx_; }
  const Actor& actor() const { return actor_; }
  // Appends as actor(); returns the entry's sequence number.
  Result<std::int64_t> append(const AuditEntry& entry);
  // Appends with another actor (the same person in a session just created, the system).
  Result<std::int64_t> append_as(const Actor& actor, const AuditEntry& entry);
  int appended() const { return appended_; }

 private:
  const AuditTrail& trail_;
  store::Tx& tx_;
  const Actor& actor_;
  int appended_ = 0;
};

class AuditTrail {
 public:
  // `clock` and `key` must outlive the trail; `key` may be null (no checkpoints: tools that only
  // read, tests).
  AuditTrail(Clock& clock, const CheckpointKey* key, AuditOptions options = {});

  // Appends one entry in the caller's unit of work: checks it (check_entry), reads and locks the
  // chain head, seals the entry at the clock's time (never earlier than the head's), writes it
  // and moves the head; every checkpoint_every entries also signs a checkpoint. Returns the seq.
  Result<std::int64_t> append(store::Tx& tx, const Actor& actor, const AuditEntry& entry) const;

  // Runs fn(AuditedTx&) -> Result<T> in one write unit; internal error (and rollback) if fn
  // succeeded without appending an entry.
  template <typename F>
  auto write(store::Database& db, const Actor& actor, F&& fn) const
      -> decltype(fn(std::declval<AuditedTx&>()));

  // Signs a checkpoint of the current head in its own unit, if entries were added since the last
  // one. For shutdown and timers. Returns the checkpoint written, if any.
  Result<std::optional<Checkpoint>> checkpoint_now(store::Database& db) const;

  Result<std::vector<AuditRecord>> query(store::Database& db, const audit_store::Query& q) const;

 private:
  Result<Checkpoint> write_checkpoint(store::Tx& tx, audit_store::Head& head, Timestamp at) const;
  void mirror_checkpoint(const Checkpoint& c) const;

  Clock& clock_;
  const CheckpointKey* const key_;
  const AuditOptions options_;
  mutable std::mutex file_mu_;
  mutable std::int64_t file_seq_ = 0;  // GUARDED_BY(file_mu_)
};

namespace detail {
// Entries appended by AuditTrail::append on the calling thread so far. A unit of work's closure
// runs on one thread, so the difference across it counts the unit's entries, however they were
// appended (AuditedTx, Signatures::sign, another capability's helper).
std::int64_t appends_on_this_thread();
}  // namespace detail

template <typename F>
auto AuditTrail::write(store::Database& db, const Actor& actor, F&& fn) const
    -> decltype(fn(std::declval<AuditedTx&>())) {
  using R = decltype(fn(std::declval<AuditedTx&>()));
  return db.write([&](store::Tx& tx) -> R {
    AuditedTx atx(*this, tx, actor);
    const std::int64_t before = detail::appends_on_this_thread();
    R r = fn(atx);
    if (r.ok() && detail::appends_on_this_thread() == before) {
      return Error::internal("a change was about to be committed without its audit trail entry");
    }
    return r;
  });
}

// Reads and checks the newest checkpoint mirrored in `path`; nullopt when the file does not
// exist. failed_precondition when it is malformed.
Result<std::optional<Checkpoint>> read_checkpoint_file(const std::string& path);

struct VerifyOptions {
  const CheckpointKey* key = nullptr;  // null: checkpoint signatures are not checked (a warning)
  std::string checkpoint_file;         // "" = none
  int page_size = 5000;
};

struct VerifyReport {
  bool intact = true;
  std::int64_t entries = 0;
  std::int64_t last_seq = 0;
  std::string last_hash;
  std::int64_t checkpoints = 0;
  std::optional<Checkpoint> latest_checkpoint;
  std::optional<ChainBreak> broken;  // the first broken link
  std::vector<std::string> warnings;
  boost::json::object to_json() const;
  // Several lines for a person (the CLI).
  std::string to_text() const;
};

// Walks the whole chain and checks: every link and hash, time order, every checkpoint's
// signature and that the chain has the checkpointed hash at its seq, that the chain reaches the
// newest checkpoint (in the database and in the mirror file) and the head. Reports the first
// break. Errors only when the database cannot be read.
Result<VerifyReport> verify_audit_trail(store::Database& db, const VerifyOptions& options);

}  // namespace gemba::trust
