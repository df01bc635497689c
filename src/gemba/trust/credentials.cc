#include "gemba/trust/credentials.h"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>

#include "gemba/core/time.h"
#include "gemba/trust/permissions.h"
#include "gemba/trust/user_store.h"
#include "gemba/trust/username.h"

namespace gemba::trust {
namespace {

constexpr std::size_t kMaxTypedUserName = 256;

std::string truncated(std::string_view s, std::size_t n) {
  if (s.size() <= n) return std::string(s);
  std::size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

Error wrong_credentials(CredentialPurpose purpose) {
  switch (purpose) {
    case CredentialPurpose::kLogin:
      return Error::unauthenticated("the user name or password is incorrect",
                                    {{"reason", "credentials"}});
    case CredentialPurpose::kSignature:
      // Not 401: the session is fine, the signature dialog shows the error.
      return Error::invalid_argument(
          "the user name or password is incorrect; the signature was not applied",
          {{"field", "signature.password"}, {"reason", "credentials"}});
    case CredentialPurpose::kPasswordChange:
      return Error::invalid_argument("the current password is incorrect",
                                     {{"field", "current_password"}, {"reason", "credentials"}});
  }
  return Error::unauthenticated("the user name or password is incorrect");
}

}  // namespace

std::string_view purpose_name(CredentialPurpose p) {
  switch (p) {
    case CredentialPurpose::kLogin: return "login";
    case CredentialPurpose::kSignature: return "signature";
    case CredentialPurpose::kPasswordChange: return "password_change";
  }
  return "login";
}

void publish_security_event(EventBus* events, std::string type, const std::string& user_id,
                            boost::json::object data) {
  spdlog::warn("security event {}: user {} {}", type, user_id.empty() ? "(unknown)" : user_id,
               boost::json::serialize(data));
  if (!events) return;
  Event e;
  e.type = std::move(type);
  e.subject_type = "user";
  e.subject_id = user_id;
  e.data = std::move(data);
  e.required_permission = std::string(perm::kUserAdmin);
  events->publish(std::move(e));
}

CredentialChecker::CredentialChecker(store::Database& db, Clock& clock, EventBus* events,
                                     const AuditTrail& audit, const PasswordHasher& hasher,
                                     const TrustOptions& options)
    : db_(db), clock_(clock), events_(events), audit_(audit), hasher_(hasher), options_(options) {}

Result<UserAccount> CredentialChecker::check(const CredentialRequest& request) const {
  if (request.username && request.username->size() > kMaxTypedUserName) {
    return Error::invalid_argument("a user name has at most 64 characters",
                                   {{"field", "username"}});
  }
  if (request.password.size() > options_.password.max_length * 4) {
    return Error::invalid_argument("the password is longer than any accepted password",
                                   {{"field", "password"}});
  }
  std::optional<UserAccount> user;
  GEMBA_RETURN_IF_ERROR(db_.read([&](store::Tx& tx) -> Result<void> {
    std::optional<user_store::StoredUser> found;
    if (request.user_id) {
      GEMBA_TRY(f, user_store::find_by_id(tx, *request.user_id));
      found = std::move(f);
    } else if (request.username) {
      const std::string key = user_name_key_for_login(*request.username);
      if (!key.empty()) {
        GEMBA_TRY(f, user_store::find_by_key(tx, key));
        found = std::move(f);
      }
    }
    if (found) user = std::move(found->account);
    return ok();
  }));
  // Same work whether or not the user exists (PasswordHasher::verify uses a dummy hash).
  const bool verified = hasher_.verify(user ? user->password_hash : "", request.password);
  if (!user || !verified) {
    GEMBA_RETURN_IF_ERROR(record_failure(request, user));
    return wrong_credentials(request.purpose);
  }
  switch (login_outcome(*user)) {
    case LoginOutcome::kSignedIn: return *user;
    case LoginOutcome::kLocked:
      GEMBA_RETURN_IF_ERROR(record_refusal(request, *user));
      return Error::unauthenticated(
          "your account is locked after too many failed attempts; ask an administrator to unlock "
          "it",
          {{"reason", "locked"}});
    case LoginOutcome::kDisabled:
      GEMBA_RETURN_IF_ERROR(record_refusal(request, *user));
      return Error::unauthenticated("your account is disabled; ask an administrator",
                                    {{"reason", "disabled"}});
  }
  return wrong_credentials(request.purpose);
}

Result<void> CredentialChecker::record_failure(const CredentialRequest& request,
                                               const std::optional<UserAccount>& user) const {
  const std::string action = "security." + std::string(purpose_name(request.purpose)) + "_failed";
  const std::string typed = truncated(request.username.value_or(""), 64);
  return db_.write([&](store::Tx& tx) -> Result<void> {
    const std::string now = format_rfc3339(clock_.now());
    if (!user) {
      GEMBA_RETURN_IF_ERROR(audit_.append(
          tx, request.actor, {action, "user", "", {{"username", nullptr, typed}}, ""}));
      tx.on_commit([this, action, typed, address = request.actor.client_address] {
        publish_security_event(
            events_, action, "",
            {{"username", typed}, {"client_address", address}, {"known_user", false}});
      });
      return ok();
    }
    GEMBA_TRY(count, user_store::count_failed_attempt(tx, user->id, now));
    GEMBA_RETURN_IF_ERROR(
        audit_.append(tx, request.actor,
                      {action,
                       "user",
                       user->id,
                       {{"failed_attempts", count - 1, count}},
                       "wrong password given for " + std::string(purpose_name(request.purpose))}));
    bool locked_now = false;
    if (user->status == UserStatus::kActive && locks_now(options_.lockout, count)) {
      GEMBA_TRY(changed, tx.exec("UPDATE users SET status = 'locked', version = version + 1, "
                                 "updated_at = ? WHERE id = ? AND status = 'active'",
                                 now, user->id));
      if (changed > 0) {
        locked_now = true;
        GEMBA_RETURN_IF_ERROR(
            audit_.append(tx, Actor::system("lockout"),
                          {"security.account_locked",
                           "user",
                           user->id,
                           {{"status", "active", "locked"}},
                           std::to_string(count) + " consecutive failed attempts (limit " +
                               std::to_string(options_.lockout.max_failed_attempts) + ")"}));
      }
    }
    tx.on_commit([this, action, locked_now, count, id = user->id, name = user->username,
                  address = request.actor.client_address] {
      publish_security_event(events_, action, id,
                             {{"username", name},
                              {"client_address", address},
                              {"failed_attempts", count},
                              {"known_user", true}});
      if (locked_now) {
        publish_security_event(events_, "security.account_locked", id,
                               {{"username", name}, {"failed_attempts", count}});
      }
    });
    return ok();
  });
}

Result<void> CredentialChecker::record_refusal(const CredentialRequest& request,
                                               const UserAccount& user) const {
  const std::string action = "security." + std::string(purpose_name(request.purpose)) + "_refused";
  return db_.write([&](store::Tx& tx) -> Result<void> {
    GEMBA_RETURN_IF_ERROR(audit_.append(
        tx, request.actor,
        {action, "user", user.id, {}, "the account is " + std::string(status_name(user.status))}));
    tx.on_commit([this, action, id = user.id, name = user.username,
                  status = std::string(status_name(user.status)),
                  address = request.actor.client_address] {
      publish_security_event(events_, action, id,
                             {{"username", name}, {"status", status}, {"client_address", address}});
    });
    return ok();
  });
}

}  // namespace gemba::trust
