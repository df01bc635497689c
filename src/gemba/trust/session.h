#pragma once
// Sessions (21 CFR 11.10(d), 11.300; Annex 11 §12). Pure rules plus token minting.
//
// A session token is 256 random bits, base64url (43 characters), shown to the client once and
// stored only as its SHA-256. A session ends at the first of: idle timeout since the last request,
// absolute lifetime since login, logout, or revocation by an administrator. Each session also has
// a CSRF token (stored hashed) that cookie-authenticated writes must echo in X-CSRF-Token.

#include <optional>
#include <string>
#include <string_view>

#include "gemba/core/clock.h"

namespace gemba::trust {

struct SessionPolicy {
  Duration idle_timeout = std::chrono::minutes(15);
  Duration absolute_lifetime = std::chrono::hours(12);
  // last_seen_at is written at most this often (a write per request would be wasteful); the idle
  // timeout is therefore honoured to within this much.
  Duration touch_interval = std::chrono::seconds(30);
};

struct SessionRecord {
  std::string id;  // UUIDv7: not secret (used to list and revoke)
  std::string user_id;
  std::string token_hash;  // hex SHA-256 of the token
  std::string csrf_hash;   // hex SHA-256 of the CSRF token
  std::int64_t created_at_us = 0;
  std::int64_t last_seen_at_us = 0;
  std::int64_t expires_at_us = 0;  // absolute end
  std::optional<std::int64_t> ended_at_us;
  std::string end_reason;  // "logout", "revoked", "password_changed", ...
  std::string client_address;
  std::string user_agent;
  bool has_signed = false;  // the user signed once in this session (11.200)
};

enum class SessionState { kActive, kIdleExpired, kExpired, kEnded };
SessionState session_state(const SessionRecord& s, const SessionPolicy& p, Timestamp now);
std::string_view session_state_name(SessionState s);

// Whether a request at `now` should move last_seen_at (see touch_interval).
bool should_touch(const SessionRecord& s, const SessionPolicy& p, Timestamp now);

struct MintedToken {
  std::string token;  // give to the client; never store
  std::string hash;   // store
};
// 256 bits from libsodium's CSPRNG.
MintedToken mint_token();

// SHA-256 (hex) of a presented token; "" for something that cannot be a token (wrong length or
// alphabet): such a token matches no session.
std::string hash_presented_token(std::string_view token);

}  // namespace gemba::trust
