#include "gemba/trust/account.h"

namespace gemba::trust {

std::string_view status_name(UserStatus s) {
  switch (s) {
    case UserStatus::kActive: return "active";
    case UserStatus::kLocked: return "locked";
    case UserStatus::kDisabled: return "disabled";
  }
  return "disabled";
}

Result<UserStatus> parse_status(std::string_view s) {
  if (s == "active") return UserStatus::kActive;
  if (s == "locked") return UserStatus::kLocked;
  if (s == "disabled") return UserStatus::kDisabled;
  return Error::invalid_argument("status must be active, locked or disabled",
                                 {{"field", "status"}});
}

std::string_view action_name(AccountAction a) {
  switch (a) {
    case AccountAction::kLock: return "lock";
    case AccountAction::kUnlock: return "unlock";
    case AccountAction::kDisable: return "disable";
    case AccountAction::kEnable: return "enable";
  }
  return "";
}

Result<UserStatus> next_status(UserStatus from, AccountAction action) {
  const auto refuse = [&](std::string why) {
    return Error::failed_precondition(
        std::move(why), {{"status", status_name(from)}, {"action", action_name(action)}});
  };
  switch (action) {
    case AccountAction::kLock:
      if (from != UserStatus::kActive) return refuse("only an active account can be locked");
      return UserStatus::kLocked;
    case AccountAction::kUnlock:
      if (from != UserStatus::kLocked) return refuse("the account is not locked");
      return UserStatus::kActive;
    case AccountAction::kDisable:
      if (from == UserStatus::kDisabled) return refuse("the account is already disabled");
      return UserStatus::kDisabled;
    case AccountAction::kEnable:
      if (from != UserStatus::kDisabled) return refuse("the account is not disabled");
      return UserStatus::kActive;
  }
  return refuse("unknown action");
}

bool locks_now(const LockoutPolicy& policy, int failed_attempts) {
  return policy.max_failed_attempts > 0 && failed_attempts >= policy.max_failed_attempts;
}

std::string_view change_reason_name(PasswordChangeReason r) {
  switch (r) {
    case PasswordChangeReason::kNone: return "";
    case PasswordChangeReason::kFirstLogin: return "first_login";
    case PasswordChangeReason::kAdministratorReset: return "administrator_reset";
    case PasswordChangeReason::kExpired: return "expired";
  }
  return "";
}

LoginOutcome login_outcome(const UserAccount& user) {
  switch (user.status) {
    case UserStatus::kActive: return LoginOutcome::kSignedIn;
    case UserStatus::kLocked: return LoginOutcome::kLocked;
    case UserStatus::kDisabled: return LoginOutcome::kDisabled;
  }
  return LoginOutcome::kDisabled;
}

PasswordChangeReason password_change_due(const UserAccount& user, const PasswordPolicy& policy,
                                         Timestamp now) {
  if (user.must_change != PasswordChangeReason::kNone) return user.must_change;
  if (!user.password_never_expires && password_expired(policy, user.password_changed_at, now)) {
    return PasswordChangeReason::kExpired;
  }
  return PasswordChangeReason::kNone;
}

}  // namespace gemba::trust
