#pragma once
// UserDirectory: the administrator's use cases on accounts and roles (21 CFR 11.10(d), 11.100,
// 11.300(b)-(c)): create (identity verified by the administrator), change name, e-mail, roles,
// disable/enable, unlock, reset the password; list and read; the role table. Every change is
// audited in the same unit of work, with the reason the administrator gives.
//
// Thread-safe. Password hashing happens before the unit of work, never inside it.

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/event_bus.h"
#include "gemba/core/ids.h"
#include "gemba/core/result.h"
#include "gemba/store/database.h"
#include "gemba/trust/account.h"
#include "gemba/trust/audit_trail.h"
#include "gemba/trust/options.h"
#include "gemba/trust/password_hasher.h"
#include "gemba/trust/user_store.h"

namespace gemba::trust {

struct NewUser {
  std::string username;
  std::string printed_name;
  std::string email;
  std::string site;  // "" = the default site
  std::set<std::string> roles;
  // How the administrator verified the person's identity (11.100(b)): "passport seen by ...".
  std::string identity_evidence;
  // Unset: a temporary password is generated and must be changed at first login.
  std::optional<std::string> password;
  bool must_change_password = true;     // false only for the demo seed
  bool password_never_expires = false;  // demo seed only
};

struct UserPatch {
  std::int64_t expected_version = 0;  // conflict if the user changed meanwhile
  std::optional<std::string> printed_name;
  std::optional<std::string> email;
  std::optional<std::string> site;
  std::optional<std::set<std::string>> roles;
  std::optional<UserStatus> status;  // active (enable) or disabled
  bool unlock = false;
  bool reset_password = false;
  std::string reason;  // required (Annex 11 §9): every patch changes recorded data
};

struct UserChange {
  UserAccount user;
  std::string temporary_password;  // set when one was generated: show it once
};

// Runs inside the create unit after the user row is written (e.g. to sign the identity
// verification); an error rolls the creation back.
using AlsoInUnit = std::function<Result<void>(AuditedTx&, const UserAccount&,
                                              const std::string& identity_evidence)>;

class UserDirectory {
 public:
  // Every reference must outlive the directory.
  UserDirectory(store::Database& db, Clock& clock, IdGenerator& ids, const AuditTrail& audit,
                const PasswordHasher& hasher, const TrustOptions& options);

  // Inserts the default roles that are missing (audited as the system). Idempotent.
  Result<void> ensure_default_roles();
  Result<std::vector<RoleDefinition>> roles();
  Result<bool> has_active_administrator();

  Result<UserChange> create(const Actor& by, NewUser user, const AlsoInUnit& also = {});
  Result<UserChange> update(const Actor& by, const std::string& id, UserPatch patch);

  Result<user_store::StoredUser> get(const std::string& id);
  // By what a person types (case-insensitive, NFC); not_found if none.
  Result<user_store::StoredUser> find_by_name(const std::string& username);
  Result<std::vector<user_store::StoredUser>> list(const user_store::UserQuery& q);

  // The content an identity verification signs: user name, printed name, e-mail, site and the
  // evidence, as canonical JSON's SHA-256. Changing any of them afterwards invalidates it.
  static std::string identity_content_hash(const user_store::StoredUser& u);

 private:
  Result<void> check_roles(store::Tx& tx, const std::set<std::string>& roles);

  store::Database& db_;
  Clock& clock_;
  IdGenerator& ids_;
  const AuditTrail& audit_;
  const PasswordHasher& hasher_;
  const TrustOptions& options_;
};

// A random temporary password that satisfies `policy` ("k7mpa-x3vq9-b2nte-9hwrc").
std::string generate_temporary_password(const PasswordPolicy& policy,
                                        std::string_view user_name_key);

// Validates the free-text fields of a user: printed name (1..200 characters), e-mail (an address
// or empty), site (1..64), identity evidence (1..1000). invalid_argument naming the field.
Result<std::string> checked_printed_name(std::string_view s);
Result<std::string> checked_email(std::string_view s);
Result<std::string> checked_site(std::string_view s);

}  // namespace gemba::trust
