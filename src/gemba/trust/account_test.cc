#include "gemba/trust/account.h"

#include <gtest/gtest.h>

namespace gemba::trust {
namespace {

using S = UserStatus;
using A = AccountAction;

TEST(Account, Part11_10d_StatusTransitionTable) {
  struct Case {
    S from;
    A action;
    std::optional<S> to;  // nullopt = refused
  } cases[] = {
      {S::kActive, A::kLock, S::kLocked},        {S::kLocked, A::kLock, std::nullopt},
      {S::kDisabled, A::kLock, std::nullopt},    {S::kLocked, A::kUnlock, S::kActive},
      {S::kActive, A::kUnlock, std::nullopt},    {S::kDisabled, A::kUnlock, std::nullopt},
      {S::kActive, A::kDisable, S::kDisabled},   {S::kLocked, A::kDisable, S::kDisabled},
      {S::kDisabled, A::kDisable, std::nullopt}, {S::kDisabled, A::kEnable, S::kActive},
      {S::kActive, A::kEnable, std::nullopt},    {S::kLocked, A::kEnable, std::nullopt},
  };
  for (const auto& c : cases) {
    auto r = next_status(c.from, c.action);
    if (c.to) {
      ASSERT_TRUE(r.ok()) << status_name(c.from) << " " << action_name(c.action);
      EXPECT_EQ(*r, *c.to);
    } else {
      ASSERT_FALSE(r.ok()) << status_name(c.from) << " " << action_name(c.action);
      EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
    }
  }
}

TEST(Account, Part11_300d_LockoutAtExactlyN) {
  LockoutPolicy p;  // 5
  for (int n = 1; n <= 7; ++n) EXPECT_EQ(locks_now(p, n), n >= 5) << n;
  p.max_failed_attempts = 3;
  EXPECT_FALSE(locks_now(p, 2));
  EXPECT_TRUE(locks_now(p, 3));
  p.max_failed_attempts = 0;  // lockout off
  EXPECT_FALSE(locks_now(p, 1000));
}

TEST(Account, Part11_300b_PasswordChangeDueTable) {
  const PasswordPolicy policy;
  const Timestamp t0{std::chrono::seconds(1'700'000'000)};
  UserAccount u;
  u.password_changed_at = t0;
  EXPECT_EQ(password_change_due(u, policy, t0 + std::chrono::days(1)), PasswordChangeReason::kNone);
  EXPECT_EQ(password_change_due(u, policy, t0 + std::chrono::days(91)),
            PasswordChangeReason::kExpired);
  u.password_never_expires = true;
  EXPECT_EQ(password_change_due(u, policy, t0 + std::chrono::days(91)),
            PasswordChangeReason::kNone);
  u.must_change = PasswordChangeReason::kFirstLogin;
  EXPECT_EQ(password_change_due(u, policy, t0), PasswordChangeReason::kFirstLogin);
  u.must_change = PasswordChangeReason::kAdministratorReset;
  EXPECT_EQ(password_change_due(u, policy, t0), PasswordChangeReason::kAdministratorReset);
}

TEST(Account, Part11_10d_LoginOutcomeByStatus) {
  UserAccount u;
  EXPECT_EQ(login_outcome(u), LoginOutcome::kSignedIn);
  u.status = S::kLocked;
  EXPECT_EQ(login_outcome(u), LoginOutcome::kLocked);
  u.status = S::kDisabled;
  EXPECT_EQ(login_outcome(u), LoginOutcome::kDisabled);
}

TEST(Account, StatusNamesRoundTrip) {
  for (auto s : {S::kActive, S::kLocked, S::kDisabled}) EXPECT_EQ(*parse_status(status_name(s)), s);
  EXPECT_FALSE(parse_status("deleted").ok());
}

}  // namespace
}  // namespace gemba::trust
