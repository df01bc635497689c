#pragma once
// TrustCore: the trust capability assembled — password hasher, audit key, audit trail, user
// directory, sessions, credential checks and e-signatures — for the wiring (cli/app.cc), the CLI
// commands and tests. Owns everything it builds; borrows the database, clock, ids and event bus,
// which must outlive it.
//
// Thread-safe once created.

#include <memory>
#include <optional>
#include <string>

#include "gemba/core/clock.h"
#include "gemba/core/event_bus.h"
#include "gemba/core/ids.h"
#include "gemba/core/result.h"
#include "gemba/store/database.h"
#include "gemba/trust/audit_trail.h"
#include "gemba/trust/checkpoint.h"
#include "gemba/trust/credentials.h"
#include "gemba/trust/options.h"
#include "gemba/trust/password_hasher.h"
#include "gemba/trust/sessions.h"
#include "gemba/trust/signatures.h"
#include "gemba/trust/users.h"

namespace gemba::trust {

struct TrustSetup {
  TrustOptions options;
  // The Ed25519 key for audit checkpoints, outside the database; "" = no checkpoints (read-only
  // tools). Created (0600) when missing if create_key.
  std::string audit_key_file;
  bool create_key = true;
  AuditOptions audit;  // audit.checkpoint_file defaults to audit_key_file + ".checkpoint"
};

class TrustCore {
 public:
  // Checks the options, loads (or creates) the key, builds the services, inserts missing default
  // roles and registers the "user" content source (identity verification signatures).
  // REQUIRES: the trust migrations are applied.
  static Result<std::unique_ptr<TrustCore>> create(store::Database& db, Clock& clock,
                                                   IdGenerator& ids, EventBus* events,
                                                   TrustSetup setup);
  TrustCore(const TrustCore&) = delete;
  TrustCore& operator=(const TrustCore&) = delete;
  ~TrustCore();

  const TrustOptions& options() const { return setup_.options; }
  const AuditTrail& audit() const { return *audit_; }
  UserDirectory& users() { return *users_; }
  SessionService& sessions() { return *sessions_; }
  Signatures& signatures() { return *signatures_; }
  const CredentialChecker& credentials() const { return *credentials_; }
  const PasswordHasher& hasher() const { return *hasher_; }
  const SiteTimeZone& site_zone() const { return *zone_; }
  store::Database& db() { return db_; }
  Clock& clock() { return clock_; }

  // For verify_audit_trail with this server's key and checkpoint file.
  VerifyOptions verify_options() const;
  Result<VerifyReport> verify_audit() { return verify_audit_trail(db_, verify_options()); }

 private:
  TrustCore(store::Database& db, Clock& clock, IdGenerator& ids, EventBus* events,
            TrustSetup setup);

  store::Database& db_;
  Clock& clock_;
  IdGenerator& ids_;
  EventBus* const events_;
  const TrustSetup setup_;
  std::unique_ptr<PasswordHasher> hasher_;
  std::unique_ptr<CheckpointKey> key_;
  std::unique_ptr<SiteTimeZone> zone_;
  std::unique_ptr<AuditTrail> audit_;
  std::unique_ptr<CredentialChecker> credentials_;
  std::unique_ptr<UserDirectory> users_;
  std::unique_ptr<SessionService> sessions_;
  std::unique_ptr<Signatures> signatures_;
};

}  // namespace gemba::trust
