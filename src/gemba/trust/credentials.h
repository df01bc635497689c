#pragma once
// CredentialChecker: the one place a password is checked against a stored user — for login,
// password change and e-signature (21 CFR 11.300(d), 11.200). Failed attempts count towards
// lockout whatever the purpose; each is a security event: an audit entry, an EventBus event
// that only user.admin holders receive, and a warning in the log.
//
// Timing: the Argon2id verification runs outside any unit of work, and for an unknown user
// against a dummy hash, so unknown user and wrong password take the same time and give the same
// error.
//
// Thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "gemba/core/clock.h"
#include "gemba/core/event_bus.h"
#include "gemba/core/result.h"
#include "gemba/store/database.h"
#include "gemba/trust/account.h"
#include "gemba/trust/audit_trail.h"
#include "gemba/trust/options.h"
#include "gemba/trust/password_hasher.h"

namespace gemba::trust {

enum class CredentialPurpose { kLogin, kSignature, kPasswordChange };

struct CredentialRequest {
  // Exactly one: what the person typed as user name, or the id of the session's user.
  std::optional<std::string> username;
  std::optional<std::string> user_id;
  std::string_view password;
  CredentialPurpose purpose = CredentialPurpose::kLogin;
  Actor actor;  // who is asking (session, address); user fields may be empty before login
};

class CredentialChecker {
 public:
  // Every reference must outlive the checker; `events` may be null.
  CredentialChecker(store::Database& db, Clock& clock, EventBus* events, const AuditTrail& audit,
                    const PasswordHasher& hasher, const TrustOptions& options);

  // The user, if the password is theirs and the account is active. Errors:
  //   wrong password or unknown user: the same message and details ({"reason": "credentials"}),
  //     unauthenticated for login; invalid_argument naming the field for a signature
  //     ("signature.password") or password change ("current_password"): the session stays;
  //   correct password but locked/disabled account: unauthenticated, saying so
  //     ({"reason": "locked"|"disabled"}).
  // Must not be called inside a unit of work (it runs its own).
  Result<UserAccount> check(const CredentialRequest& request) const;

 private:
  Result<void> record_failure(const CredentialRequest& request,
                              const std::optional<UserAccount>& user) const;
  Result<void> record_refusal(const CredentialRequest& request, const UserAccount& user) const;

  store::Database& db_;
  Clock& clock_;
  EventBus* const events_;
  const AuditTrail& audit_;
  const PasswordHasher& hasher_;
  const TrustOptions& options_;
};

std::string_view purpose_name(CredentialPurpose p);

// Publishes a security event for administrators (required_permission user.admin) and logs it.
void publish_security_event(EventBus* events, std::string type, const std::string& user_id,
                            boost::json::object data);

}  // namespace gemba::trust
