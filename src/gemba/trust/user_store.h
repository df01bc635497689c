#pragma once
// SQL for users, roles, password history (tables of trust/migrations/0001). Functions run inside
// the caller's unit of work; they decide nothing (the model and services do).

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gemba/core/result.h"
#include "gemba/store/database.h"
#include "gemba/trust/account.h"
#include "gemba/trust/permissions.h"

namespace gemba::trust::user_store {

// A user as stored, plus what the store alone knows.
struct StoredUser {
  UserAccount account;
  std::string username_skeleton;
  std::string identity_evidence;
  std::string updated_at;
};

Result<std::optional<StoredUser>> find_by_id(store::Tx& tx, const std::string& id);
Result<std::optional<StoredUser>> find_by_key(store::Tx& tx, const std::string& username_key);
// The user holding a user name whose confusable skeleton is `skeleton`, if any.
Result<std::optional<StoredUser>> find_by_skeleton(store::Tx& tx, const std::string& skeleton);

// conflict if the user name (or a look-alike) exists.
Result<void> insert(store::Tx& tx, const StoredUser& u);

// Writes every mutable field of `u` (and its roles) if the stored version is `expected_version`;
// stores version expected_version + 1. conflict when someone else changed the user meanwhile.
Result<void> save(store::Tx& tx, const StoredUser& u, std::int64_t expected_version);

// Increments failed_attempts atomically; returns the new count.
Result<int> count_failed_attempt(store::Tx& tx, const std::string& id, const std::string& now);

// `entry_id`: a UUIDv7, which orders entries set within the same microsecond.
Result<void> add_password_history(store::Tx& tx, const std::string& entry_id,
                                  const std::string& user_id, const std::string& hash,
                                  std::int64_t at_us);
// The newest `n` password hashes (the current one first).
Result<std::vector<std::string>> recent_passwords(store::Tx& tx, const std::string& id, int n);

struct UserQuery {
  std::optional<std::string> status;
  std::optional<std::string> role;
  std::optional<std::string> username_prefix;  // case-folded
  std::string after_key;                       // cursor: the last username_key of a page
  int limit = 50;
};
Result<std::vector<StoredUser>> list(store::Tx& tx, const UserQuery& q);

// How many active users hold `role`, not counting `except_user_id`.
Result<std::int64_t> count_active_with_role(store::Tx& tx, const std::string& role,
                                            const std::string& except_user_id);

Result<std::vector<RoleDefinition>> load_roles(store::Tx& tx);
// Inserts the role row only (no permissions).
Result<void> insert_role(store::Tx& tx, const RoleDefinition& role);
// Default grants not yet applied to this database (see migrations/0004).
Result<bool> default_grant_applied(store::Tx& tx, const std::string& role,
                                   const std::string& permission);
// Grants and records the default as applied.
Result<void> apply_default_grant(store::Tx& tx, const std::string& role,
                                 const std::string& permission);
Result<std::set<std::string>> permissions_of(store::Tx& tx, const std::set<std::string>& roles);

}  // namespace gemba::trust::user_store
