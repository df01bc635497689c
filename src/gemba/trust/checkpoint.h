#pragma once
// Signed checkpoints of the audit chain. A hash chain alone cannot show that its newest entries
// were cut off; a checkpoint (sequence, hash, time) signed with a server key kept outside the
// database can: verification requires the chain to reach the newest checkpoint and to have that
// hash there. Ed25519 (libsodium).
//
// The key file ("gemba-audit-key-v1\n" + 128 hex digits of the secret key + "\n") lives outside
// the database (config [audit] key_file) and is created mode 0600 on first start. Whoever can
// read it can forge checkpoints; whoever can change only the database cannot.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"

namespace gemba::trust {

struct Checkpoint {
  std::int64_t seq = 0;
  std::string hash;  // hex: the chain's hash at seq
  std::int64_t at_us = 0;
  std::string at;         // RFC 3339
  std::string key_id;     // first 16 hex digits of the public key
  std::string signature;  // 128 hex digits (Ed25519)
};

// The signed bytes: "gemba.audit.checkpoint.v1" ‖ seq ‖ hash ‖ at_us.
std::string checkpoint_message(std::int64_t seq, std::string_view hash_hex, std::int64_t at_us);

// An Ed25519 key pair. Immutable after construction; thread-safe. Movable, not copyable (the
// secret is wiped on destruction).
class CheckpointKey {
 public:
  // Reads the key file; creates it (0600, with its directory) when `create` and it is missing.
  // Errors: unavailable (cannot read or create), failed_precondition (malformed, or readable by
  // group or others).
  static Result<CheckpointKey> load(const std::string& path, bool create);
  // A fresh key, not stored anywhere (tests, benchmarks).
  static CheckpointKey generate();

  CheckpointKey(CheckpointKey&&) noexcept;
  CheckpointKey& operator=(CheckpointKey&&) noexcept;
  CheckpointKey(const CheckpointKey&) = delete;
  CheckpointKey& operator=(const CheckpointKey&) = delete;
  ~CheckpointKey();

  Checkpoint sign(std::int64_t seq, std::string_view hash_hex, Timestamp at) const;
  // True when `c` carries a valid signature of this key over its fields.
  bool verify(const Checkpoint& c) const;
  std::string key_id() const;

 private:
  CheckpointKey();
  std::array<unsigned char, 32> public_key_{};
  std::array<unsigned char, 64> secret_key_{};
};

}  // namespace gemba::trust
