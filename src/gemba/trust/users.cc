#include "gemba/trust/users.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json/array.hpp>

#include "gemba/core/time.h"
#include "gemba/trust/session_store.h"
#include "gemba/trust/sha256.h"
#include "gemba/trust/signature.h"
#include "gemba/trust/username.h"

namespace gemba::trust {
namespace {

std::size_t chars(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xc0) != 0x80; }));
}

Result<std::string> bounded_text(std::string_view s, std::string_view field, std::size_t min,
                                 std::size_t max) {
  if (s.size() > max * 4 || chars(s) > max) {
    return Error::invalid_argument(
        std::string(field) + " has at most " + std::to_string(max) + " characters",
        {{"field", field}});
  }
  GEMBA_TRY(text, normalise_text(s, field, true));
  // Trim surrounding spaces: they are invisible on a printed record.
  const auto b = text.find_first_not_of(' ');
  const auto e = text.find_last_not_of(' ');
  text = b == std::string::npos ? std::string() : text.substr(b, e - b + 1);
  if (chars(text) < min) {
    return Error::invalid_argument("enter " + std::string(field), {{"field", field}});
  }
  return text;
}

boost::json::array roles_json(const std::set<std::string>& roles) {
  boost::json::array a;
  for (const auto& r : roles) a.emplace_back(r);
  return a;
}

}  // namespace

Result<std::string> checked_printed_name(std::string_view s) {
  return bounded_text(s, "printed_name", 1, 200);
}

Result<std::string> checked_email(std::string_view s) {
  GEMBA_TRY(text, bounded_text(s, "email", 0, 254));
  if (!text.empty()) {
    const auto at = text.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == text.size() ||
        text.find(' ') != std::string::npos || text.find('@', at + 1) != std::string::npos) {
      return Error::invalid_argument("the e-mail address is not valid", {{"field", "email"}});
    }
  }
  return text;
}

Result<std::string> checked_site(std::string_view s) { return bounded_text(s, "site", 1, 64); }

std::string generate_temporary_password(const PasswordPolicy& policy,
                                        std::string_view user_name_key) {
  ensure_sodium();
  static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";  // no l, o, 0, 1
  for (;;) {
    std::string p;
    for (int group = 0; group < 4; ++group) {
      if (group) p.push_back('-');
      for (int i = 0; i < 5; ++i) p.push_back(kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)]);
    }
    if (check_password_rules(policy, user_name_key, p).ok()) return p;
  }
}

UserDirectory::UserDirectory(store::Database& db, Clock& clock, IdGenerator& ids,
                             const AuditTrail& audit, const PasswordHasher& hasher,
                             const TrustOptions& options)
    : db_(db), clock_(clock), ids_(ids), audit_(audit), hasher_(hasher), options_(options) {}

std::string UserDirectory::identity_content_hash(const user_store::StoredUser& u) {
  return content_hash(boost::json::object{{"username", u.account.username},
                                          {"printed_name", u.account.printed_name},
                                          {"email", u.account.email},
                                          {"site", u.account.site},
                                          {"identity_evidence", u.identity_evidence}});
}

Result<void> UserDirectory::ensure_default_roles() {
  // Missing default roles, and default grants this database has never had (a permission a newer
  // release added to a default role). A grant an administrator removed is not given back.
  std::vector<const RoleDefinition*> missing_roles;
  std::vector<std::pair<std::string, std::string>> missing_grants;
  GEMBA_RETURN_IF_ERROR(db_.read([&](store::Tx& tx) -> Result<void> {
    GEMBA_TRY(existing, user_store::load_roles(tx));
    for (const auto& r : default_roles()) {
      if (std::none_of(existing.begin(), existing.end(),
                       [&](const RoleDefinition& e) { return e.name == r.name; })) {
        missing_roles.push_back(&r);
      }
      for (const auto& p : r.permissions) {
        GEMBA_TRY(applied, user_store::default_grant_applied(tx, r.name, p));
        if (!applied) missing_grants.emplace_back(r.name, p);
      }
    }
    return ok();
  }));
  if (missing_roles.empty() && missing_grants.empty()) return ok();
  return audit_.write(db_, Actor::system("setup"), [&](AuditedTx& atx) -> Result<void> {
    for (const auto* r : missing_roles) {
      GEMBA_RETURN_IF_ERROR(user_store::insert_role(atx.tx(), *r));
      GEMBA_RETURN_IF_ERROR(atx.append({"role.created",
                                        "role",
                                        r->name,
                                        {{"display_name", nullptr, r->display_name},
                                         {"permissions", nullptr, roles_json(r->permissions)}},
                                        ""}));
    }
    for (const auto& [role_name, permission] : missing_grants) {
      GEMBA_RETURN_IF_ERROR(user_store::apply_default_grant(atx.tx(), role_name, permission));
    }
    if (!missing_grants.empty() && missing_roles.size() < default_roles().size()) {
      boost::json::array granted;
      for (const auto& [role_name, permission] : missing_grants) {
        granted.emplace_back(role_name + ":" + permission);
      }
      GEMBA_RETURN_IF_ERROR(atx.append({"role.default_permissions_granted",
                                        "role",
                                        "",
                                        {{"granted", nullptr, std::move(granted)}},
                                        ""}));
    }
    return ok();
  });
}

Result<std::vector<RoleDefinition>> UserDirectory::roles() {
  return db_.read([&](store::Tx& tx) { return user_store::load_roles(tx); });
}

Result<bool> UserDirectory::has_active_administrator() {
  return db_.read([&](store::Tx& tx) -> Result<bool> {
    GEMBA_TRY(n, user_store::count_active_with_role(tx, std::string(role::kAdministrator), ""));
    return n > 0;
  });
}

Result<void> UserDirectory::check_roles(store::Tx& tx, const std::set<std::string>& roles) {
  GEMBA_TRY(known, user_store::load_roles(tx));
  for (const auto& r : roles) {
    if (std::none_of(known.begin(), known.end(),
                     [&](const RoleDefinition& k) { return k.name == r; })) {
      return Error::invalid_argument("there is no role '" + r.substr(0, 64) + "'",
                                     {{"field", "roles"}});
    }
  }
  return ok();
}

Result<UserChange> UserDirectory::create(const Actor& by, NewUser in, const AlsoInUnit& also) {
  GEMBA_TRY(name, normalise_user_name(in.username));
  GEMBA_TRY(printed, checked_printed_name(in.printed_name));
  GEMBA_TRY(email, checked_email(in.email));
  GEMBA_TRY(site, checked_site(in.site.empty() ? options_.site : in.site));
  GEMBA_TRY(evidence, bounded_text(in.identity_evidence, "identity_evidence", 1, 1000));
  UserChange out;
  std::string password;
  if (in.password) {
    GEMBA_RETURN_IF_ERROR(
        check_password_rules(options_.password, name.key, *in.password, "password"));
    password = *in.password;
  } else {
    out.temporary_password = generate_temporary_password(options_.password, name.key);
    password = out.temporary_password;
  }
  GEMBA_TRY(hash, hasher_.hash(password));  // before the unit of work: it is slow
  const Timestamp now = clock_.now();

  user_store::StoredUser s;
  UserAccount& u = s.account;
  u.id = ids_.new_id();
  u.username = name.display;
  u.username_key = name.key;
  s.username_skeleton = name.skeleton;
  u.printed_name = printed;
  u.email = email;
  u.site = site;
  u.status = UserStatus::kActive;
  u.roles = in.roles;
  u.password_hash = hash;
  u.password_changed_at = now;
  u.must_change =
      in.must_change_password ? PasswordChangeReason::kFirstLogin : PasswordChangeReason::kNone;
  u.password_never_expires = in.password_never_expires;
  u.created_at = format_rfc3339(now);
  u.created_by = by.user_id;
  s.identity_evidence = evidence;
  s.updated_at = u.created_at;

  GEMBA_RETURN_IF_ERROR(audit_.write(db_, by, [&](AuditedTx& atx) -> Result<void> {
    GEMBA_RETURN_IF_ERROR(check_roles(atx.tx(), u.roles));
    GEMBA_TRY(look_alike, user_store::find_by_skeleton(atx.tx(), s.username_skeleton));
    if (look_alike) {
      return Error::conflict("the user name " + u.username + " looks like the existing user " +
                                 look_alike->account.username + "; choose a distinct name",
                             {{"field", "username"}, {"existing", look_alike->account.username}});
    }
    GEMBA_RETURN_IF_ERROR(user_store::insert(atx.tx(), s));
    GEMBA_RETURN_IF_ERROR(user_store::add_password_history(
        atx.tx(), ids_.new_id(), u.id, u.password_hash, now.time_since_epoch().count()));
    GEMBA_RETURN_IF_ERROR(atx.append({"user.created",
                                      "user",
                                      u.id,
                                      {{"username", nullptr, u.username},
                                       {"printed_name", nullptr, u.printed_name},
                                       {"email", nullptr, u.email},
                                       {"site", nullptr, u.site},
                                       {"roles", nullptr, roles_json(u.roles)},
                                       {"status", nullptr, "active"},
                                       {"identity_evidence", nullptr, s.identity_evidence}},
                                      ""}));
    if (also) GEMBA_RETURN_IF_ERROR(also(atx, u, s.identity_evidence));
    return ok();
  }));
  out.user = u;
  return out;
}

Result<UserChange> UserDirectory::update(const Actor& by, const std::string& id, UserPatch p) {
  GEMBA_TRY(reason, bounded_text(p.reason, "reason", 0, 2000));
  std::optional<std::string> printed, email, site;
  if (p.printed_name) {
    GEMBA_TRY(v, checked_printed_name(*p.printed_name));
    printed = v;
  }
  if (p.email) {
    GEMBA_TRY(v, checked_email(*p.email));
    email = v;
  }
  if (p.site) {
    GEMBA_TRY(v, checked_site(*p.site));
    site = v;
  }
  if (p.status && *p.status == UserStatus::kLocked) {
    return Error::invalid_argument(
        "an account is locked only by failed attempts; disable it instead", {{"field", "status"}});
  }
  GEMBA_TRY(before, get(id));
  UserChange out;
  std::string new_hash;
  if (p.reset_password) {
    out.temporary_password =
        generate_temporary_password(options_.password, before.account.username_key);
    GEMBA_TRY(h, hasher_.hash(out.temporary_password));
    new_hash = std::move(h);
  }
  if (reason.empty()) {
    return Error::invalid_argument("give a reason for changing the account (Annex 11 §9)",
                                   {{"field", "reason"}});
  }
  const Timestamp now = clock_.now();
  const std::int64_t now_us = now.time_since_epoch().count();
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, by, [&](AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    GEMBA_TRY(found, user_store::find_by_id(tx, id));
    if (!found) return Error::not_found("there is no user " + id, {{"user", id}});
    user_store::StoredUser s = std::move(*found);
    UserAccount& u = s.account;
    if (u.version != p.expected_version) {
      return Error::conflict("the user " + u.username + " changed since you loaded it (version " +
                                 std::to_string(p.expected_version) + ", now " +
                                 std::to_string(u.version) + "); reload and try again",
                             {{"version", u.version}});
    }
    std::vector<Change> fields;
    if (printed && *printed != u.printed_name) {
      fields.push_back({"printed_name", u.printed_name, *printed});
      u.printed_name = *printed;
    }
    if (email && *email != u.email) {
      fields.push_back({"email", u.email, *email});
      u.email = *email;
    }
    if (site && *site != u.site) {
      fields.push_back({"site", u.site, *site});
      u.site = *site;
    }
    const bool was_admin = u.roles.count(std::string(role::kAdministrator)) > 0;
    if (p.roles && *p.roles != u.roles) {
      GEMBA_RETURN_IF_ERROR(check_roles(tx, *p.roles));
      fields.push_back({"roles", roles_json(u.roles), roles_json(*p.roles)});
      u.roles = *p.roles;
    }
    const UserStatus old_status = u.status;
    std::vector<AuditEntry> entries;
    if (!fields.empty()) entries.push_back({"user.updated", "user", u.id, fields, reason});
    if (p.unlock) {
      GEMBA_TRY(next, next_status(u.status, AccountAction::kUnlock));
      entries.push_back({"user.unlocked",
                         "user",
                         u.id,
                         {{"status", status_name(u.status), status_name(next)},
                          {"failed_attempts", u.failed_attempts, 0}},
                         reason});
      u.status = next;
      u.failed_attempts = 0;
    }
    if (p.status && *p.status != u.status) {
      const bool disable = *p.status == UserStatus::kDisabled;
      GEMBA_TRY(next,
                next_status(u.status, disable ? AccountAction::kDisable : AccountAction::kEnable));
      entries.push_back({disable ? "user.disabled" : "user.enabled",
                         "user",
                         u.id,
                         {{"status", status_name(u.status), status_name(next)}},
                         reason});
      u.status = next;
      if (!disable) u.failed_attempts = 0;
    }
    if (p.reset_password) {
      entries.push_back(
          {"user.password_reset",
           "user",
           u.id,
           {{"password_changed_at", format_rfc3339(u.password_changed_at), format_rfc3339(now)},
            {"must_change_password", change_reason_name(u.must_change), "administrator_reset"}},
           reason});
      u.password_hash = new_hash;
      u.password_changed_at = now;
      u.must_change = PasswordChangeReason::kAdministratorReset;
      GEMBA_RETURN_IF_ERROR(
          user_store::add_password_history(tx, ids_.new_id(), u.id, new_hash, now_us));
    }
    if (entries.empty()) {
      return Error::invalid_argument("the change request changes nothing",
                                     {{"user", u.id}, {"version", u.version}});
    }
    // Keep at least one active administrator, or nobody could manage accounts any more.
    const bool is_admin_now =
        u.roles.count(std::string(role::kAdministrator)) > 0 && u.status == UserStatus::kActive;
    if (was_admin && old_status == UserStatus::kActive && !is_admin_now) {
      GEMBA_TRY(others,
                user_store::count_active_with_role(tx, std::string(role::kAdministrator), u.id));
      if (others == 0) {
        return Error::failed_precondition(
            "this is the last active administrator; make someone else an administrator first",
            {{"user", u.id}});
      }
    }
    if (u.status != UserStatus::kActive || p.reset_password) {
      const std::string why = p.reset_password ? std::string("password_reset")
                                               : "account_" + std::string(status_name(u.status));
      GEMBA_RETURN_IF_ERROR(session_store::end_all_of_user(tx, u.id, now_us, why, ""));
    }
    s.updated_at = format_rfc3339(now);
    GEMBA_RETURN_IF_ERROR(user_store::save(tx, s, p.expected_version));
    for (const auto& e : entries) GEMBA_RETURN_IF_ERROR(atx.append(e));
    out.user = u;
    out.user.version = p.expected_version + 1;
    return ok();
  }));
  return out;
}

Result<user_store::StoredUser> UserDirectory::get(const std::string& id) {
  return db_.read([&](store::Tx& tx) -> Result<user_store::StoredUser> {
    GEMBA_TRY(u, user_store::find_by_id(tx, id));
    if (!u)
      return Error::not_found("there is no user " + id.substr(0, 64), {{"user", id.substr(0, 64)}});
    return std::move(*u);
  });
}

Result<user_store::StoredUser> UserDirectory::find_by_name(const std::string& username) {
  const std::string key = user_name_key_for_login(username);
  return db_.read([&](store::Tx& tx) -> Result<user_store::StoredUser> {
    std::optional<user_store::StoredUser> u;
    if (!key.empty()) {
      GEMBA_TRY(found, user_store::find_by_key(tx, key));
      u = std::move(found);
    }
    if (!u) {
      return Error::not_found("there is no user named " + username.substr(0, 64),
                              {{"username", username.substr(0, 64)}});
    }
    return std::move(*u);
  });
}

Result<std::vector<user_store::StoredUser>> UserDirectory::list(const user_store::UserQuery& q) {
  return db_.read([&](store::Tx& tx) { return user_store::list(tx, q); });
}

}  // namespace gemba::trust
