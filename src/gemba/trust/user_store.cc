#include "gemba/trust/user_store.h"

#include <algorithm>
#include <chrono>

namespace gemba::trust::user_store {
namespace {

constexpr const char* kColumns =
    "id, username, username_key, username_skeleton, printed_name, email, site, status, "
    "password_hash, password_changed_at_us, must_change, password_never_expires, "
    "failed_attempts, identity_evidence, version, created_at, created_by, updated_at";

PasswordChangeReason parse_reason(const std::string& s) {
  if (s == "first_login") return PasswordChangeReason::kFirstLogin;
  if (s == "administrator_reset") return PasswordChangeReason::kAdministratorReset;
  if (s == "expired") return PasswordChangeReason::kExpired;
  return PasswordChangeReason::kNone;
}

Result<StoredUser> from_row(store::Tx& tx, const store::Row& r) {
  StoredUser s;
  UserAccount& u = s.account;
  u.id = r.text(0);
  u.username = r.text(1);
  u.username_key = r.text(2);
  s.username_skeleton = r.text(3);
  u.printed_name = r.text(4);
  u.email = r.text(5);
  u.site = r.text(6);
  GEMBA_TRY(status, parse_status(r.text(7)));
  u.status = status;
  u.password_hash = r.text(8);
  u.password_changed_at = Timestamp(std::chrono::microseconds(r.int64(9)));
  u.must_change = parse_reason(r.text(10));
  u.password_never_expires = r.int64(11) != 0;
  u.failed_attempts = static_cast<int>(r.int64(12));
  s.identity_evidence = r.text(13);
  u.version = r.int64(14);
  u.created_at = r.text(15);
  u.created_by = r.text(16);
  s.updated_at = r.text(17);
  GEMBA_TRY(roles, tx.query("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role", u.id));
  for (const auto& row : roles) u.roles.insert(row.text(0));
  return s;
}

Result<std::optional<StoredUser>> find_one(store::Tx& tx, const std::string& column,
                                           const std::string& value) {
  GEMBA_TRY(
      rows,
      tx.query(std::string("SELECT ") + kColumns + " FROM users WHERE " + column + " = ?", value));
  if (rows.empty()) return std::optional<StoredUser>();
  GEMBA_TRY(u, from_row(tx, rows[0]));
  return std::optional<StoredUser>(std::move(u));
}

Result<void> write_roles(store::Tx& tx, const UserAccount& u) {
  GEMBA_RETURN_IF_ERROR(tx.exec("DELETE FROM user_roles WHERE user_id = ?", u.id));
  for (const auto& role : u.roles) {
    GEMBA_RETURN_IF_ERROR(
        tx.exec("INSERT INTO user_roles (user_id, role) VALUES (?, ?)", u.id, role));
  }
  return ok();
}

}  // namespace

Result<std::optional<StoredUser>> find_by_id(store::Tx& tx, const std::string& id) {
  return find_one(tx, "id", id);
}
Result<std::optional<StoredUser>> find_by_key(store::Tx& tx, const std::string& key) {
  return find_one(tx, "username_key", key);
}
Result<std::optional<StoredUser>> find_by_skeleton(store::Tx& tx, const std::string& skeleton) {
  return find_one(tx, "username_skeleton", skeleton);
}

Result<void> insert(store::Tx& tx, const StoredUser& s) {
  const UserAccount& u = s.account;
  auto r = tx.exec(
      std::string("INSERT INTO users (") + kColumns +
          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      u.id, u.username, u.username_key, s.username_skeleton, u.printed_name, u.email, u.site,
      status_name(u.status), u.password_hash, u.password_changed_at.time_since_epoch().count(),
      change_reason_name(u.must_change), u.password_never_expires ? 1 : 0, u.failed_attempts,
      s.identity_evidence, u.version, u.created_at, u.created_by, s.updated_at);
  if (!r.ok()) {
    if (r.error().code == ErrorCode::kConflict) {
      return Error::conflict("the user name " + u.username +
                                 " (or one that looks like it) is already taken; user names are "
                                 "never reused",
                             {{"field", "username"}});
    }
    return std::move(r).error();
  }
  return write_roles(tx, u);
}

Result<void> save(store::Tx& tx, const StoredUser& s, std::int64_t expected_version) {
  const UserAccount& u = s.account;
  GEMBA_TRY(changed,
            tx.exec("UPDATE users SET printed_name = ?, email = ?, site = ?, status = ?, "
                    "password_hash = ?, password_changed_at_us = ?, must_change = ?, "
                    "password_never_expires = ?, failed_attempts = ?, version = ?, "
                    "updated_at = ? WHERE id = ? AND version = ?",
                    u.printed_name, u.email, u.site, status_name(u.status), u.password_hash,
                    u.password_changed_at.time_since_epoch().count(),
                    change_reason_name(u.must_change), u.password_never_expires ? 1 : 0,
                    u.failed_attempts, expected_version + 1, s.updated_at, u.id, expected_version));
  if (changed == 0) {
    return Error::conflict(
        "the user " + u.username + " was changed by someone else meanwhile; reload and try again",
        {{"user", u.id}});
  }
  return write_roles(tx, u);
}

Result<int> count_failed_attempt(store::Tx& tx, const std::string& id, const std::string& now) {
  GEMBA_TRY(rows, tx.query("UPDATE users SET failed_attempts = failed_attempts + 1, "
                           "version = version + 1, updated_at = ? WHERE id = ? "
                           "RETURNING failed_attempts",
                           now, id));
  if (rows.empty()) return Error::not_found("no user " + id);
  return static_cast<int>(rows[0].int64(0));
}

Result<void> add_password_history(store::Tx& tx, const std::string& entry_id,
                                  const std::string& user_id, const std::string& hash,
                                  std::int64_t at_us) {
  GEMBA_RETURN_IF_ERROR(tx.exec(
      "INSERT INTO password_history (id, user_id, password_hash, set_at_us) VALUES (?, ?, ?, ?)",
      entry_id, user_id, hash, at_us));
  return ok();
}

Result<std::vector<std::string>> recent_passwords(store::Tx& tx, const std::string& id, int n) {
  GEMBA_TRY(rows, tx.query("SELECT password_hash FROM password_history WHERE user_id = ? "
                           "ORDER BY set_at_us DESC, id DESC LIMIT ?",
                           id, n));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.text(0));
  return out;
}

Result<std::vector<StoredUser>> list(store::Tx& tx, const UserQuery& q) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM users WHERE username_key > ?";
  std::vector<store::Value> params{q.after_key};
  if (q.status) {
    sql += " AND status = ?";
    params.emplace_back(*q.status);
  }
  if (q.role) {
    sql += " AND id IN (SELECT user_id FROM user_roles WHERE role = ?)";
    params.emplace_back(*q.role);
  }
  if (q.username_prefix) {
    // substr instead of LIKE: no wildcard characters to escape. Both dialects count characters.
    const auto chars = std::count_if(q.username_prefix->begin(), q.username_prefix->end(),
                                     [](char c) { return (c & 0xc0) != 0x80; });
    sql += " AND substr(username_key, 1, ?) = ?";
    params.emplace_back(std::int64_t(chars));
    params.emplace_back(*q.username_prefix);
  }
  sql += " ORDER BY username_key LIMIT ?";
  params.emplace_back(std::int64_t(q.limit));
  GEMBA_TRY(rows, tx.query_values(sql, params));
  std::vector<StoredUser> out;
  for (const auto& r : rows) {
    GEMBA_TRY(u, from_row(tx, r));
    out.push_back(std::move(u));
  }
  return out;
}

Result<std::int64_t> count_active_with_role(store::Tx& tx, const std::string& role,
                                            const std::string& except_user_id) {
  GEMBA_TRY(rows, tx.query("SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id "
                           "WHERE r.role = ? AND u.status = 'active' AND u.id <> ?",
                           role, except_user_id));
  return rows[0].int64(0);
}

Result<std::vector<RoleDefinition>> load_roles(store::Tx& tx) {
  GEMBA_TRY(rows, tx.query("SELECT name, display_name, description FROM roles ORDER BY name"));
  std::vector<RoleDefinition> out;
  for (const auto& r : rows) {
    RoleDefinition d{r.text(0), r.text(1), r.text(2), {}};
    GEMBA_TRY(perms, tx.query("SELECT permission FROM role_permissions WHERE role = ? "
                              "ORDER BY permission",
                              d.name));
    for (const auto& p : perms) d.permissions.insert(p.text(0));
    out.push_back(std::move(d));
  }
  return out;
}

Result<void> insert_role(store::Tx& tx, const RoleDefinition& role) {
  GEMBA_RETURN_IF_ERROR(
      tx.exec("INSERT INTO roles (name, display_name, description) VALUES (?, ?, ?)", role.name,
              role.display_name, role.description));
  return ok();
}

Result<bool> default_grant_applied(store::Tx& tx, const std::string& role,
                                   const std::string& permission) {
  GEMBA_TRY(rows, tx.query("SELECT 1 FROM role_default_grants WHERE role = ? AND permission = ?",
                           role, permission));
  return !rows.empty();
}

Result<void> apply_default_grant(store::Tx& tx, const std::string& role,
                                 const std::string& permission) {
  GEMBA_TRY(held, tx.query("SELECT 1 FROM role_permissions WHERE role = ? AND permission = ?", role,
                           permission));
  if (held.empty()) {
    GEMBA_RETURN_IF_ERROR(
        tx.exec("INSERT INTO role_permissions (role, permission) VALUES (?, ?)", role, permission));
  }
  GEMBA_RETURN_IF_ERROR(tx.exec("INSERT INTO role_default_grants (role, permission) VALUES (?, ?)",
                                role, permission));
  return ok();
}

Result<std::set<std::string>> permissions_of(store::Tx& tx, const std::set<std::string>& roles) {
  std::set<std::string> out;
  for (const auto& role : roles) {
    GEMBA_TRY(rows, tx.query("SELECT permission FROM role_permissions WHERE role = ?", role));
    for (const auto& r : rows) out.insert(r.text(0));
  }
  return out;
}

}  // namespace gemba::trust::user_store
