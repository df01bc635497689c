#include "gemba/trust/session.h"

#include <sodium.h>

#include "gemba/trust/sha256.h"

namespace gemba::trust {

SessionState session_state(const SessionRecord& s, const SessionPolicy& p, Timestamp now) {
  const std::int64_t t = now.time_since_epoch().count();
  if (s.ended_at_us) return SessionState::kEnded;
  if (t >= s.expires_at_us) return SessionState::kExpired;
  if (t - s.last_seen_at_us >= p.idle_timeout.count()) return SessionState::kIdleExpired;
  return SessionState::kActive;
}

std::string_view session_state_name(SessionState s) {
  switch (s) {
    case SessionState::kActive: return "active";
    case SessionState::kIdleExpired: return "idle_expired";
    case SessionState::kExpired: return "expired";
    case SessionState::kEnded: return "ended";
  }
  return "ended";
}

bool should_touch(const SessionRecord& s, const SessionPolicy& p, Timestamp now) {
  return now.time_since_epoch().count() - s.last_seen_at_us >= p.touch_interval.count();
}

MintedToken mint_token() {
  ensure_sodium();
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
  MintedToken t;
  t.token = b64;
  t.hash = sha256_hex(t.token);
  return t;
}

std::string hash_presented_token(std::string_view token) {
  if (token.size() != 43) return {};
  for (char c : token) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return {};
  }
  return sha256_hex(token);
}

}  // namespace gemba::trust
