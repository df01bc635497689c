#pragma once
// User accounts and their life cycle (21 CFR 11.10(d), 11.100, 11.300). Pure: decisions take the
// time and facts as arguments; the service loads, decides, persists and audits.
//
//   status     active ──(N failed attempts)──> locked ──(administrator unlock)──> active
//              active | locked ──(administrator disable)──> disabled ──(enable)──> active
// A user name is never deleted and never reused: disabled accounts keep it.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"
#include "gemba/trust/password_policy.h"

namespace gemba::trust {

enum class UserStatus { kActive, kLocked, kDisabled };

std::string_view status_name(UserStatus s);
Result<UserStatus> parse_status(std::string_view s);

enum class AccountAction { kLock, kUnlock, kDisable, kEnable };
std::string_view action_name(AccountAction a);

// The status after `action`, or failed_precondition saying why it does not apply
// ("the account is not locked").
Result<UserStatus> next_status(UserStatus from, AccountAction action);

struct LockoutPolicy {
  int max_failed_attempts = 5;  // the Nth consecutive failure locks the account
};

// True when `failed_attempts` consecutive failures (including the one just counted) lock.
bool locks_now(const LockoutPolicy& policy, int failed_attempts);

// Why a session must change its password before doing anything else.
enum class PasswordChangeReason { kNone, kFirstLogin, kAdministratorReset, kExpired };
std::string_view change_reason_name(PasswordChangeReason r);

struct UserAccount {
  std::string id;
  std::string username;  // NFC display form
  std::string username_key;
  std::string printed_name;
  std::string email;
  std::string site;
  UserStatus status = UserStatus::kActive;
  std::set<std::string> roles;
  std::string password_hash;
  Timestamp password_changed_at{};
  // Set at creation and by an administrator's reset; cleared by the user's own change.
  PasswordChangeReason must_change = PasswordChangeReason::kNone;
  bool password_never_expires = false;  // demo users only
  int failed_attempts = 0;
  std::int64_t version = 1;
  std::string created_at;
  std::string created_by;
};

// What a correct password at login leads to.
enum class LoginOutcome { kSignedIn, kLocked, kDisabled };
LoginOutcome login_outcome(const UserAccount& user);

// The reason a signed-in user must change their password now, if any.
PasswordChangeReason password_change_due(const UserAccount& user, const PasswordPolicy& policy,
                                         Timestamp now);

}  // namespace gemba::trust
