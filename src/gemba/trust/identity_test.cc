// Users, passwords, lockout and sessions, against SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include "gemba/trust/session_store.h"
#include "gemba/trust/trust_fixture.h"

namespace gemba::trust {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::kPassword;
using testing::TrustTest;

class IdentityTest : public TrustTest {};

TEST_P(IdentityTest, Part11_300d_LockoutAtExactlyNFailedAttemptsIsASecurityEvent) {
  const std::string id = add_user("anna", {"operator"});
  for (int attempt = 1; attempt <= 5; ++attempt) {
    auto r = login("anna", "wrong-password-" + std::to_string(attempt));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
    auto u = trust().users().get(id);
    ASSERT_TRUE(u.ok());
    EXPECT_EQ(u->account.failed_attempts, attempt);
    EXPECT_EQ(u->account.status, attempt < 5 ? UserStatus::kActive : UserStatus::kLocked)
        << "after attempt " << attempt;
  }
  // Even the right password no longer opens the account.
  auto locked = login("anna");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().details.at("reason").as_string(), "locked");
  EXPECT_EQ(audit_of("security.login_failed").size(), 5u);
  ASSERT_EQ(audit_of("security.account_locked").size(), 1u);
  EXPECT_EQ(audit_of("security.account_locked")[0].record_id, id);
  // Pushed at once to administrators only.
  const auto pushed = events_of_type("security.account_locked");
  ASSERT_EQ(pushed.size(), 1u);
  EXPECT_EQ(pushed[0].required_permission, "user.admin");
  EXPECT_EQ(events_of_type("security.login_failed").size(), 5u);
  // Unlock by an administrator only, audited, with a reason.
  auto u = trust().users().get(id);
  UserPatch patch;
  patch.expected_version = u->account.version;
  patch.unlock = true;
  patch.reason = "identity confirmed by phone";
  auto unlocked = trust().users().update(Actor::system("admin"), id, patch);
  ASSERT_TRUE(unlocked.ok()) << unlocked.error().to_string();
  EXPECT_EQ(unlocked->user.status, UserStatus::kActive);
  EXPECT_EQ(audit_of("user.unlocked").size(), 1u);
  EXPECT_TRUE(login("anna").ok());
}

TEST_P(IdentityTest, Part11_300d_SuccessfulLoginResetsTheCount) {
  add_user("anna", {"operator"});
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(login("anna", "wrong-password-x").ok());
  ASSERT_TRUE(login("anna").ok());
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(login("anna", "wrong-password-x").ok());
  EXPECT_TRUE(login("anna").ok());
}

TEST_P(IdentityTest, Part11_300d_UnknownUserAndWrongPasswordGiveTheSameError) {
  add_user("anna", {"operator"});
  auto wrong = login("anna", "wrong-password-1");
  auto unknown = login("nobody", "wrong-password-1");
  auto impossible = login("x' OR '1'='1", "wrong-password-1");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  ASSERT_FALSE(impossible.ok());
  EXPECT_EQ(wrong.error().message, unknown.error().message);
  EXPECT_EQ(wrong.error().details, unknown.error().details);
  EXPECT_EQ(wrong.error().message, impossible.error().message);
  EXPECT_EQ(events_of_type("security.login_failed").size(), 3u);
}

TEST_P(IdentityTest, Part11_100a_LoginNamesAreCaseInsensitiveAndNfc) {
  add_user("J\xC3\xBCrgen", {"operator"});
  EXPECT_TRUE(login("j\xC3\xBCRGEN").ok());
  EXPECT_TRUE(login("Ju\xCC\x88rgen").ok());  // decomposed ü
}

TEST_P(IdentityTest, Part11_100a_UserNamesAreNeverReusedNorLookAlike) {
  const std::string id = add_user("paul", {"operator"});
  add_user("pay", {"operator"});
  auto u = trust().users().get(id);
  UserPatch disable;
  disable.expected_version = u->account.version;
  disable.status = UserStatus::kDisabled;
  disable.reason = "left the company";
  ASSERT_TRUE(trust().users().update(Actor::system("admin"), id, disable).ok());
  struct Case {
    std::string name;
  } cases[] = {{"paul"}, {"PAUL"}, {"pau1"}, {"p\xD0\xB0ul"}, {"\xD1\x80\xD0\xB0\xD1\x83"}};
  for (const auto& c : cases) {
    NewUser n;
    n.username = c.name;
    n.printed_name = "Someone Else";
    n.identity_evidence = "badge";
    auto r = trust().users().create(Actor::system("admin"), n);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_TRUE(r.error().code == ErrorCode::kConflict ||
                r.error().code == ErrorCode::kInvalidArgument)
        << c.name << ": " << r.error().to_string();
  }
}

TEST_P(IdentityTest, Part11_300b_ForcedPasswordChangeAtFirstLoginAndAfterReset) {
  NewUser n;
  n.username = "anna";
  n.printed_name = "Anna";
  n.identity_evidence = "passport";
  n.roles = {"operator"};
  auto created = trust().users().create(Actor::system("admin"), n);
  ASSERT_TRUE(created.ok());
  ASSERT_FALSE(created->temporary_password.empty());
  auto first = login("anna", created->temporary_password);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(first->principal.must_change_password, PasswordChangeReason::kFirstLogin);
  ASSERT_TRUE(trust()
                  .sessions()
                  .change_password(first->principal, created->temporary_password, kPassword)
                  .ok());
  auto second = login("anna");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->principal.must_change_password, PasswordChangeReason::kNone);
  // Administrator reset: a new temporary password, forced change, sessions ended.
  auto u = trust().users().get(created->user.id);
  UserPatch reset;
  reset.expected_version = u->account.version;
  reset.reset_password = true;
  reset.reason = "forgot password";
  auto r = trust().users().update(Actor::system("admin"), u->account.id, reset);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  auto old_session = trust().sessions().authenticate({second->token, false, {}, ""});
  ASSERT_FALSE(old_session.ok());
  EXPECT_EQ(old_session.error().details.at("reason").as_string(), "password_reset");
  auto third = login("anna", r->temporary_password);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->principal.must_change_password, PasswordChangeReason::kAdministratorReset);
}

TEST_P(IdentityTest, Part11_300b_PasswordAgeingForcesAChange) {
  add_user("anna", {"operator"});
  clock_.advance(std::chrono::days(91));
  auto r = login("anna");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->principal.must_change_password, PasswordChangeReason::kExpired);
}

TEST_P(IdentityTest, Part11_300b_NoReuseOfTheLastFivePasswords) {
  add_user("anna", {"operator"});
  const std::vector<std::string> passwords = {kPassword,          "granulate-blue-1",
                                              "granulate-blue-2", "granulate-blue-3",
                                              "granulate-blue-4", "granulate-blue-5"};
  for (std::size_t i = 1; i < passwords.size(); ++i) {
    auto s = login("anna", passwords[i - 1]);
    ASSERT_TRUE(s.ok()) << i;
    auto changed = trust().sessions().change_password(s->principal, passwords[i - 1], passwords[i]);
    ASSERT_TRUE(changed.ok()) << i << ": " << changed.error().to_string();
  }
  auto s = login("anna", passwords.back());
  ASSERT_TRUE(s.ok());
  // The last five (including the current one) are refused; the sixth-oldest is allowed again.
  for (std::size_t i = 1; i < passwords.size(); ++i) {
    auto r = trust().sessions().change_password(s->principal, passwords.back(), passwords[i]);
    ASSERT_FALSE(r.ok()) << passwords[i];
    EXPECT_EQ(r.error().details.at("rule").as_string(), "reused");
  }
  EXPECT_TRUE(trust().sessions().change_password(s->principal, passwords.back(), kPassword).ok());
}

TEST_P(IdentityTest, Part11_300b_PasswordChangeNeedsTheCurrentPasswordAndEndsOtherSessions) {
  add_user("anna", {"operator"});
  auto a = login("anna");
  auto b = login("anna");
  ASSERT_TRUE(a.ok() && b.ok());
  auto wrong = trust().sessions().change_password(a->principal, "not-my-password", "granulate-1x");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(audit_of("security.password_change_failed").size(), 1u);
  ASSERT_TRUE(trust().sessions().change_password(a->principal, kPassword, "granulate-blue-9").ok());
  EXPECT_TRUE(trust().sessions().authenticate({a->token, false, {}, ""}).ok());
  EXPECT_FALSE(trust().sessions().authenticate({b->token, false, {}, ""}).ok());
}

TEST_P(IdentityTest, Part11_10d_SessionsEndAfterIdleTimeoutAndAbsoluteLifetime) {
  add_user("anna", {"operator"});
  auto s = login("anna");
  ASSERT_TRUE(s.ok());
  // Active use keeps it alive...
  for (int i = 0; i < 5; ++i) {
    clock_.advance(minutes(14));
    ASSERT_TRUE(trust().sessions().authenticate({s->token, false, {}, ""}).ok()) << i;
  }
  // ...15 minutes of silence end it.
  clock_.advance(minutes(15));
  auto idle = trust().sessions().authenticate({s->token, false, {}, ""});
  ASSERT_FALSE(idle.ok());
  EXPECT_EQ(idle.error().details.at("reason").as_string(), "idle_timeout");
  // The absolute lifetime ends even a busy session.
  auto busy = login("anna");
  ASSERT_TRUE(busy.ok());
  for (int i = 0; i < 12 * 6 - 1; ++i) {
    clock_.advance(minutes(10));
    ASSERT_TRUE(trust().sessions().authenticate({busy->token, false, {}, ""}).ok()) << i;
  }
  clock_.advance(minutes(10));
  auto expired = trust().sessions().authenticate({busy->token, false, {}, ""});
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().details.at("reason").as_string(), "expired");
}

TEST_P(IdentityTest, Part11_300_ForgedTokensAreRefused) {
  add_user("anna", {"operator"});
  auto s = login("anna");
  ASSERT_TRUE(s.ok());
  std::string flipped = s->token;
  flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
  for (const std::string& t :
       std::vector<std::string>{"", "x", flipped, s->session.id, s->csrf_token,
                                s->session.token_hash, std::string(1 << 20, 'a'), "' OR 1=1 --"}) {
    auto r = trust().sessions().authenticate({t, false, {}, ""});
    ASSERT_FALSE(r.ok()) << t.substr(0, 20);
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  }
}

TEST_P(IdentityTest, Part11_10d_SessionFixationIsImpossible) {
  add_user("anna", {"operator"});
  add_user("mallory", {"operator"});
  // Mallory plants her own valid session token in Anna's browser, then Anna signs in.
  auto planted = login("mallory");
  ASSERT_TRUE(planted.ok());
  auto anna = login("anna", kPassword, planted->token);
  ASSERT_TRUE(anna.ok());
  EXPECT_NE(anna->token, planted->token);
  auto reused = trust().sessions().authenticate({planted->token, false, {}, ""});
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().details.at("reason").as_string(), "replaced_by_login");
}

TEST_P(IdentityTest, Part11_10d_CsrfTokenRequiredForCookieWrites) {
  add_user("anna", {"operator"});
  auto s = login("anna");
  ASSERT_TRUE(s.ok());
  // Bearer: no CSRF needed. Cookie read: none needed. Cookie write: needed and must match.
  EXPECT_TRUE(trust().sessions().authenticate({s->token, false, std::nullopt, ""}).ok());
  EXPECT_TRUE(trust().sessions().authenticate({s->token, true, std::nullopt, ""}).ok());
  EXPECT_TRUE(trust().sessions().authenticate({s->token, true, s->csrf_token, ""}).ok());
  for (const std::string& bad : std::vector<std::string>{"", "nope", s->token}) {
    auto r = trust().sessions().authenticate({s->token, true, bad, ""});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(r.error().details.at("reason").as_string(), "csrf");
  }
}

TEST_P(IdentityTest, Part11_10d_AdministratorListsAndRevokesSessions) {
  const std::string id = add_user("anna", {"operator"});
  auto s = login("anna");
  ASSERT_TRUE(s.ok());
  auto list = trust().sessions().sessions_of(id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].token_hash.size(), 64u);
  ASSERT_TRUE(trust().sessions().revoke(Actor::system("admin"), s->session.id, "lost tablet").ok());
  auto r = trust().sessions().authenticate({s->token, false, {}, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details.at("reason").as_string(), "revoked");
  ASSERT_EQ(audit_of("session.revoked").size(), 1u);
  EXPECT_EQ(audit_of("session.revoked")[0].reason, "lost tablet");
  auto again = trust().sessions().revoke(Actor::system("admin"), s->session.id, "again");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(IdentityTest, Part11_10d_DisablingEndsSessionsAndLastAdministratorStays) {
  const std::string admin = add_user("root.admin", {"administrator"});
  const std::string anna = add_user("anna", {"operator"});
  auto s = login("anna");
  ASSERT_TRUE(s.ok());
  auto u = trust().users().get(anna);
  UserPatch p;
  p.expected_version = u->account.version;
  p.status = UserStatus::kDisabled;
  p.reason = "left";
  ASSERT_TRUE(trust().users().update(Actor::system("admin"), anna, p).ok());
  EXPECT_FALSE(trust().sessions().authenticate({s->token, false, {}, ""}).ok());
  auto disabled = login("anna");
  ASSERT_FALSE(disabled.ok());
  EXPECT_EQ(disabled.error().details.at("reason").as_string(), "disabled");
  auto a = trust().users().get(admin);
  UserPatch last;
  last.expected_version = a->account.version;
  last.roles = std::set<std::string>{"auditor"};
  last.reason = "demotion";
  auto refused = trust().users().update(Actor::system("admin"), admin, last);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(IdentityTest, Annex11_9_AccountChangesNeedAReasonAndTheCurrentVersion) {
  const std::string id = add_user("anna", {"operator"});
  auto u = trust().users().get(id);
  UserPatch p;
  p.expected_version = u->account.version;
  p.printed_name = "Anna Schmidt";
  auto no_reason = trust().users().update(Actor::system("admin"), id, p);
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().details.at("field").as_string(), "reason");
  p.reason = "married";
  p.expected_version = u->account.version + 7;
  auto stale = trust().users().update(Actor::system("admin"), id, p);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  p.expected_version = u->account.version;
  ASSERT_TRUE(trust().users().update(Actor::system("admin"), id, p).ok());
  const auto entries = audit_of("user.updated");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].changes,
            R"([{"field":"printed_name","new":"Anna Schmidt","old":"Printed anna"}])");
  EXPECT_EQ(entries[0].reason, "married");
}

TEST_P(IdentityTest, BadInput_SqlMetacharactersAndHugeStrings) {
  NewUser n;
  n.username = "bobby";
  n.printed_name = "Robert'); DROP TABLE users; --";
  n.email = "bobby@example.com";
  n.identity_evidence = "\" OR \"1\"=\"1";
  n.roles = {"operator"};
  auto created = trust().users().create(Actor::system("admin"), n);
  ASSERT_TRUE(created.ok()) << created.error().to_string();
  auto u = trust().users().get(created->user.id);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->account.printed_name, "Robert'); DROP TABLE users; --");
  const std::string huge(1 << 20, 'x');
  struct Case {
    const char* field;
    void (*set)(NewUser&, const std::string&);
  } cases[] = {
      {"username", [](NewUser& u, const std::string& v) { u.username = v; }},
      {"printed_name", [](NewUser& u, const std::string& v) { u.printed_name = v; }},
      {"email", [](NewUser& u, const std::string& v) { u.email = v; }},
      {"site", [](NewUser& u, const std::string& v) { u.site = v; }},
      {"identity_evidence", [](NewUser& u, const std::string& v) { u.identity_evidence = v; }},
      {"password", [](NewUser& u, const std::string& v) { u.password = v; }},
  };
  for (const auto& c : cases) {
    NewUser bad;
    bad.username = "carol";
    bad.printed_name = "Carol";
    bad.identity_evidence = "badge";
    c.set(bad, huge);
    auto r = trust().users().create(Actor::system("admin"), bad);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(r.error().details.at("field").as_string(), c.field) << c.field;
  }
  auto big_login = login(huge, huge);
  ASSERT_FALSE(big_login.ok());
  EXPECT_EQ(big_login.error().code, ErrorCode::kInvalidArgument);
  auto roles = trust().users().roles();
  ASSERT_TRUE(roles.ok());
  EXPECT_EQ(roles->size(), 7u);
}

TEST_P(IdentityTest, Part11_10g_NewDefaultGrantsReachOldDatabasesButRemovalsStay) {
  // A site removed a default grant; an older release never had another one.
  ASSERT_TRUE(db().write([](store::Tx& tx) -> Result<void> {
                    GEMBA_RETURN_IF_ERROR(
                        tx.exec("DELETE FROM role_permissions WHERE role = 'operator' AND "
                                "permission IN ('logbook.write', 'batch.verify')"));
                    GEMBA_RETURN_IF_ERROR(
                        tx.exec("DELETE FROM role_default_grants WHERE role = 'operator' AND "
                                "permission = 'logbook.write'"));
                    return ok();
                  })
                  .ok());
  make_trust();  // start-up applies defaults this database has not had
  auto roles = trust().users().roles();
  ASSERT_TRUE(roles.ok());
  for (const auto& r : *roles) {
    if (r.name != "operator") continue;
    EXPECT_TRUE(r.permissions.count("logbook.write"));  // new default: granted
    EXPECT_FALSE(r.permissions.count("batch.verify"));  // removed by the site: stays removed
  }
  EXPECT_EQ(audit_of("role.default_permissions_granted").size(), 1u);
}

GEMBA_INSTANTIATE_FOR_BACKENDS(IdentityTest);

}  // namespace
}  // namespace gemba::trust
