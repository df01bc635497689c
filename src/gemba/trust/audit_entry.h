#pragma once
// The audit trail's entries and their hash chain (21 CFR 11.10(e), Annex 11 §9, ALCOA+). Pure.
//
// An entry says who (actor: user id, printed name, session, client address), what (action,
// record type and id, the changes: field, old value, new value), when (server UTC, microseconds)
// and why (reason: required for any change to a value already recorded). Sealed entries form a
// chain: hash = SHA-256(previous hash ‖ encoding), where the encoding is a length-prefixed byte
// string of every stored field (see encode_for_hash), so changing, inserting, removing or
// reordering any entry breaks every later link.

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"
#include "gemba/trust/sha256.h"

namespace gemba::trust {

// The previous hash of the first entry.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Who did it. For people: their user id and printed name as of the moment, their session and
// address. For the system itself (migrations, CLI): user_id "system:<what>" or "cli:<os user>".
struct Actor {
  std::string user_id;
  std::string printed_name;
  std::string session_id;
  std::string client_address;

  static Actor system(std::string what);
};

struct Change {
  std::string field;
  boost::json::value old_value;  // null when the field had no value before (creation)
  boost::json::value new_value;  // null when the value was removed

  Change() = default;
  // Values are anything boost::json::value_from accepts (strings, numbers, nullptr, JSON).
  template <typename Old, typename New>
  Change(std::string f, Old&& old_v, New&& new_v)
      : field(std::move(f)),
        old_value(boost::json::value_from(std::forward<Old>(old_v))),
        new_value(boost::json::value_from(std::forward<New>(new_v))) {}
};

// What a service asks the trail to record.
struct AuditEntry {
  std::string action;       // "user.created", "batch.step_completed", "security.login_failed"
  std::string record_type;  // "user", "batch", ...
  std::string record_id;
  std::vector<Change> changes;
  std::string reason;  // required when a change has an old value
};

// An entry as stored: sealed into the chain.
struct AuditRecord {
  std::int64_t seq = 0;
  std::int64_t at_us = 0;  // server UTC, microseconds since the epoch
  std::string at;          // the same instant as RFC 3339 text (both are hashed)
  std::string actor_id;
  std::string actor_name;
  std::string session_id;
  std::string client_address;
  std::string action;
  std::string record_type;
  std::string record_id;
  std::string changes;  // canonical JSON array of {"field","old","new"}, exactly as hashed
  std::string reason;
  std::string prev_hash;  // hex
  std::string hash;       // hex
};

// Field limits and rules: invalid_argument naming the field. A change to a recorded value (old
// not null) without a reason is refused: Annex 11 §9.
Result<void> check_entry(const AuditEntry& entry);

// Canonical JSON of the changes.
std::string encode_changes(const std::vector<Change>& changes);

// Appends the hash encoding of `r` (every field but prev_hash and hash) to `out`.
void encode_for_hash(const AuditRecord& r, std::string& out);

// SHA-256(prev ‖ encoding(r)). `scratch` is reused between calls to avoid allocations.
Digest chain_hash(const Digest& prev, const AuditRecord& r, std::string& scratch);

// Seals `entry` as entry `seq` at `at`, after the entry whose hash is `prev_hash` (hex).
// REQUIRES: check_entry(entry) passed; prev_hash is 64 hex digits.
AuditRecord seal_entry(const AuditEntry& entry, const Actor& actor, std::int64_t seq, Timestamp at,
                       std::string_view prev_hash);

// The first broken link of a chain.
struct ChainBreak {
  std::int64_t seq = 0;  // the entry at fault (or the first one missing)
  std::string kind;      // "missing", "altered", "relinked", "time_backwards", "malformed"
  std::string message;   // a sentence: what differs
  boost::json::object to_json() const;
};

// Walks a chain entry by entry, in sequence order. Not thread-safe; one per walk.
class ChainVerifier {
 public:
  // Starts at the beginning of the chain (the genesis hash, expecting seq 1).
  ChainVerifier();

  // Checks the next entry. After a break, further calls return the same break.
  std::optional<ChainBreak> next(const AuditRecord& r);

  std::int64_t last_seq() const { return last_seq_; }
  const Digest& last_hash() const { return running_; }
  std::int64_t count() const { return count_; }

 private:
  Digest running_{};
  std::int64_t last_seq_ = 0;
  std::int64_t last_at_us_ = 0;
  std::int64_t count_ = 0;
  std::string scratch_;
  std::optional<ChainBreak> broken_;
};

}  // namespace gemba::trust
