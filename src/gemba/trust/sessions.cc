#include "gemba/trust/sessions.h"

#include "gemba/core/time.h"
#include "gemba/trust/session_store.h"
#include "gemba/trust/sha256.h"
#include "gemba/trust/user_store.h"
#include "gemba/trust/username.h"

namespace gemba::trust {
namespace {

std::string clip(std::string_view s, std::size_t n) {
  std::string out(s.substr(0, n));
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80)) out.pop_back();
  return out;
}

Error session_error(std::string message, std::string_view reason) {
  return Error::unauthenticated(std::move(message), {{"reason", reason}});
}

}  // namespace

SessionService::SessionService(store::Database& db, Clock& clock, IdGenerator& ids,
                               const AuditTrail& audit, const PasswordHasher& hasher,
                               const CredentialChecker& credentials, const TrustOptions& options)
    : db_(db),
      clock_(clock),
      ids_(ids),
      audit_(audit),
      hasher_(hasher),
      credentials_(credentials),
      options_(options) {}

Result<Principal> SessionService::principal_for(store::Tx& tx, const UserAccount& u,
                                                const SessionRecord& s, Timestamp now) {
  Principal p;
  p.user_id = u.id;
  p.username = u.username;
  p.printed_name = u.printed_name;
  p.roles = u.roles;
  GEMBA_TRY(perms, user_store::permissions_of(tx, u.roles));
  p.permissions = std::move(perms);
  p.session_id = s.id;
  p.client_address = s.client_address;
  p.session_has_signed = s.has_signed;
  p.must_change_password = password_change_due(u, options_.password, now);
  return p;
}

Result<LoginResult> SessionService::login(const LoginRequest& request) {
  Actor actor{"", "", "", clip(request.client_address, 128)};
  GEMBA_TRY(user, credentials_.check({request.username, std::nullopt, request.password,
                                      CredentialPurpose::kLogin, actor}));
  // Raising the Argon2 parameters takes effect at each user's next login (outside the unit).
  std::string rehashed;
  if (hasher_.needs_rehash(user.password_hash)) {
    auto h = hasher_.hash(request.password);
    if (h.ok()) rehashed = std::move(h).value();
  }
  const std::string presented_hash = hash_presented_token(request.presented_token);
  const MintedToken token = mint_token();
  const MintedToken csrf = mint_token();
  LoginResult out;
  actor.user_id = user.id;
  actor.printed_name = user.printed_name;
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, actor, [&](AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    const Timestamp now = clock_.now();
    const std::int64_t now_us = now.time_since_epoch().count();
    GEMBA_TRY(found, user_store::find_by_id(tx, user.id));
    if (!found || found->account.status != UserStatus::kActive) {
      return Error::unauthenticated("your account was locked or disabled just now",
                                    {{"reason", "status"}});
    }
    UserAccount& u = found->account;
    if (!presented_hash.empty()) {
      // Never adopt a token the client brought: end it (it may have been planted).
      GEMBA_TRY(old, session_store::find_by_token_hash(tx, presented_hash));
      if (old && !old->ended_at_us) {
        GEMBA_RETURN_IF_ERROR(session_store::end(tx, old->id, now_us, "replaced_by_login"));
      }
    }
    if (u.failed_attempts != 0 || !rehashed.empty()) {
      const int before = u.failed_attempts;
      u.failed_attempts = 0;
      if (!rehashed.empty()) u.password_hash = rehashed;
      found->updated_at = format_rfc3339(now);
      GEMBA_RETURN_IF_ERROR(user_store::save(tx, *found, u.version));
      ++u.version;
      if (before != 0) {
        GEMBA_RETURN_IF_ERROR(atx.append({"user.failed_attempts_reset",
                                          "user",
                                          u.id,
                                          {{"failed_attempts", before, 0}},
                                          "successful login"}));
      }
    }
    SessionRecord s;
    s.id = ids_.new_id();
    s.user_id = u.id;
    s.token_hash = token.hash;
    s.csrf_hash = csrf.hash;
    s.created_at_us = s.last_seen_at_us = now_us;
    s.expires_at_us = now_us + options_.session.absolute_lifetime.count();
    s.client_address = actor.client_address;
    s.user_agent = clip(request.user_agent, 256);
    GEMBA_RETURN_IF_ERROR(session_store::insert(tx, s));
    Actor in_session = actor;
    in_session.session_id = s.id;
    GEMBA_RETURN_IF_ERROR(
        atx.append_as(in_session, {"user.login", "user", u.id, {{"session", nullptr, s.id}}, ""}));
    GEMBA_TRY(p, principal_for(tx, u, s, now));
    out.session = s;
    out.principal = std::move(p);
    return ok();
  }));
  out.token = token.token;
  out.csrf_token = csrf.token;
  return out;
}

Result<void> SessionService::logout(const Principal& p) {
  return audit_.write(db_, p.actor(), [&](AuditedTx& atx) -> Result<void> {
    const std::int64_t now_us = clock_.now().time_since_epoch().count();
    GEMBA_TRY(was_open, session_store::end(atx.tx(), p.session_id, now_us, "logout"));
    if (!was_open) return Error::unauthenticated("the session has already ended");
    GEMBA_RETURN_IF_ERROR(atx.append({"user.logout",
                                      "session",
                                      p.session_id,
                                      {{"ended", nullptr, format_rfc3339(clock_.now())}},
                                      ""}));
    return ok();
  });
}

Result<void> SessionService::change_password(const Principal& p, std::string_view current,
                                             std::string_view next) {
  GEMBA_TRY(user, credentials_.check({std::nullopt, p.user_id, current,
                                      CredentialPurpose::kPasswordChange, p.actor()}));
  GEMBA_RETURN_IF_ERROR(check_password_rules(options_.password, user.username_key, next));
  std::vector<std::string> recent;
  GEMBA_RETURN_IF_ERROR(db_.read([&](store::Tx& tx) -> Result<void> {
    GEMBA_TRY(r, user_store::recent_passwords(tx, user.id, options_.password.history));
    recent = std::move(r);
    return ok();
  }));
  recent.push_back(user.password_hash);
  for (const auto& old : recent) {
    if (hasher_.verify(old, next)) {
      return Error::invalid_argument("choose a password you have not used for your last " +
                                         std::to_string(options_.password.history) + " passwords",
                                     {{"field", "new_password"}, {"rule", "reused"}});
    }
  }
  GEMBA_TRY(hash, hasher_.hash(next));
  return audit_.write(db_, p.actor(), [&](AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    const Timestamp now = clock_.now();
    const std::int64_t now_us = now.time_since_epoch().count();
    GEMBA_TRY(found, user_store::find_by_id(tx, user.id));
    if (!found || found->account.password_hash != user.password_hash) {
      return Error::conflict("the password was changed meanwhile; sign in again");
    }
    UserAccount& u = found->account;
    const std::string before = format_rfc3339(u.password_changed_at);
    const std::string was_due = std::string(change_reason_name(u.must_change));
    u.password_hash = hash;
    u.password_changed_at = now;
    u.must_change = PasswordChangeReason::kNone;
    found->updated_at = format_rfc3339(now);
    GEMBA_RETURN_IF_ERROR(user_store::save(tx, *found, u.version));
    GEMBA_RETURN_IF_ERROR(user_store::add_password_history(tx, ids_.new_id(), u.id, hash, now_us));
    GEMBA_TRY(ended,
              session_store::end_all_of_user(tx, u.id, now_us, "password_changed", p.session_id));
    std::vector<Change> changes{{"password_changed_at", before, format_rfc3339(now)}};
    if (!was_due.empty()) changes.push_back({"must_change_password", was_due, nullptr});
    if (ended > 0) changes.push_back({"other_sessions_ended", nullptr, ended});
    GEMBA_RETURN_IF_ERROR(
        atx.append({"user.password_changed", "user", u.id, changes, "changed by the user"}));
    return ok();
  });
}

Result<Principal> SessionService::authenticate(const TokenPresentation& presented) {
  const std::string hash = hash_presented_token(presented.token);
  if (hash.empty()) {
    return session_error("the session token is not valid; sign in again", "invalid_token");
  }
  const Timestamp now = clock_.now();
  std::optional<SessionRecord> session;
  Principal principal;
  GEMBA_RETURN_IF_ERROR(db_.read([&](store::Tx& tx) -> Result<void> {
    GEMBA_TRY(s, session_store::find_by_token_hash(tx, hash));
    if (!s) return session_error("the session token is not valid; sign in again", "invalid_token");
    switch (session_state(*s, options_.session, now)) {
      case SessionState::kActive: break;
      case SessionState::kIdleExpired:
        return session_error(
            "your session ended after " +
                std::to_string(options_.session.idle_timeout.count() / 60'000'000) +
                " minutes without activity; sign in again",
            "idle_timeout");
      case SessionState::kExpired:
        return session_error("your session reached its maximum lifetime; sign in again", "expired");
      case SessionState::kEnded:
        return session_error("your session has ended (" + s->end_reason + "); sign in again",
                             s->end_reason.empty() ? "ended" : s->end_reason);
    }
    GEMBA_TRY(u, user_store::find_by_id(tx, s->user_id));
    if (!u || u->account.status != UserStatus::kActive) {
      return session_error("your account is no longer active", "account_inactive");
    }
    GEMBA_TRY(p, principal_for(tx, u->account, *s, now));
    principal = std::move(p);
    session = std::move(s);
    return ok();
  }));
  principal.via_cookie = presented.via_cookie;
  principal.client_address = clip(presented.client_address, 128);
  if (presented.via_cookie && presented.csrf_token) {
    const std::string csrf_hash = hash_presented_token(*presented.csrf_token);
    if (csrf_hash.empty() || !constant_time_equal(csrf_hash, session->csrf_hash)) {
      return Error::permission_denied(
          "this request needs the X-CSRF-Token header with the token returned at login",
          {{"reason", "csrf"}});
    }
  }
  if (should_touch(*session, options_.session, now)) {
    // A failed touch only shortens the session; it must not fail the request.
    (void)db_.write([&](store::Tx& tx) -> Result<void> {
      return session_store::touch(tx, session->id, now.time_since_epoch().count());
    });
  }
  return principal;
}

Result<std::vector<SessionRecord>> SessionService::sessions_of(const std::string& user_id,
                                                               int limit) {
  return db_.read([&](store::Tx& tx) -> Result<std::vector<SessionRecord>> {
    GEMBA_TRY(u, user_store::find_by_id(tx, user_id));
    if (!u) return Error::not_found("there is no user " + user_id.substr(0, 64));
    return session_store::list_of_user(tx, user_id, limit);
  });
}

Result<void> SessionService::revoke(const Actor& by, const std::string& session_id,
                                    std::string reason) {
  GEMBA_TRY(why, normalise_text(reason.substr(0, 8000), "reason", true));
  if (why.size() > 2000) {
    return Error::invalid_argument("reason has at most 2000 characters", {{"field", "reason"}});
  }
  return audit_.write(db_, by, [&](AuditedTx& atx) -> Result<void> {
    GEMBA_TRY(s, session_store::find(atx.tx(), session_id));
    if (!s) return Error::not_found("there is no session " + session_id.substr(0, 64));
    const Timestamp now = clock_.now();
    GEMBA_TRY(was_open,
              session_store::end(atx.tx(), s->id, now.time_since_epoch().count(), "revoked"));
    if (!was_open) {
      return Error::failed_precondition("the session has already ended",
                                        {{"session", s->id}, {"end_reason", s->end_reason}});
    }
    GEMBA_RETURN_IF_ERROR(
        atx.append({"session.revoked",
                    "session",
                    s->id,
                    {{"ended", nullptr, format_rfc3339(now)}, {"user", nullptr, s->user_id}},
                    why}));
    return ok();
  });
}

}  // namespace gemba::trust
