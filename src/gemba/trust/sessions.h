#pragma once
// SessionService: login, logout, password change, resolving a token to a Principal, and the
// administrator's list/revoke of sessions (21 CFR 11.10(d), 11.300; Annex 11 §12).
//
// Session fixation: a session token is only ever minted by login; a token presented with the
// login request is ended, never adopted. Password change ends every other session of the user.
//
// Thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/ids.h"
#include "gemba/core/result.h"
#include "gemba/store/database.h"
#include "gemba/trust/audit_trail.h"
#include "gemba/trust/credentials.h"
#include "gemba/trust/options.h"
#include "gemba/trust/principal.h"
#include "gemba/trust/session.h"

namespace gemba::trust {

struct LoginRequest {
  std::string username;
  std::string password;
  std::string client_address;
  std::string user_agent;
  std::string presented_token;  // a token the client already sent (cookie/bearer), if any
};

struct LoginResult {
  std::string token;       // shown once: the cookie value / bearer token
  std::string csrf_token;  // shown once: echo in X-CSRF-Token on cookie-authenticated writes
  SessionRecord session;
  Principal principal;
};

// What the authorizer presents for one request.
struct TokenPresentation {
  std::string token;
  bool via_cookie = false;
  // For cookie-authenticated writes: the X-CSRF-Token header (nullopt = not a write).
  std::optional<std::string> csrf_token;
  std::string client_address;
};

class SessionService {
 public:
  // Every reference must outlive the service.
  SessionService(store::Database& db, Clock& clock, IdGenerator& ids, const AuditTrail& audit,
                 const PasswordHasher& hasher, const CredentialChecker& credentials,
                 const TrustOptions& options);

  Result<LoginResult> login(const LoginRequest& request);
  Result<void> logout(const Principal& p);
  // The user's own change: the current password, then the new one against the policy and the
  // last `history` passwords. Ends the user's other sessions.
  Result<void> change_password(const Principal& p, std::string_view current, std::string_view next);

  // The principal of a presented token. unauthenticated for a malformed, unknown, expired or
  // ended session (details {"reason": ...}); permission_denied for a cookie-authenticated write
  // without the right X-CSRF-Token. Moves last_seen_at (coalesced, see SessionPolicy).
  Result<Principal> authenticate(const TokenPresentation& presented);

  Result<std::vector<SessionRecord>> sessions_of(const std::string& user_id, int limit = 100);
  Result<void> revoke(const Actor& by, const std::string& session_id, std::string reason);

  const SessionPolicy& policy() const { return options_.session; }

 private:
  Result<Principal> principal_for(store::Tx& tx, const UserAccount& u, const SessionRecord& s,
                                  Timestamp now);

  store::Database& db_;
  Clock& clock_;
  IdGenerator& ids_;
  const AuditTrail& audit_;
  const PasswordHasher& hasher_;
  const CredentialChecker& credentials_;
  const TrustOptions& options_;
};

}  // namespace gemba::trust
