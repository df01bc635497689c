#include "gemba/trust/trust.h"

#include "gemba/trust/user_store.h"

namespace gemba::trust {

TrustCore::TrustCore(store::Database& db, Clock& clock, IdGenerator& ids, EventBus* events,
                     TrustSetup setup)
    : db_(db), clock_(clock), ids_(ids), events_(events), setup_(std::move(setup)) {}

TrustCore::~TrustCore() = default;

Result<std::unique_ptr<TrustCore>> TrustCore::create(store::Database& db, Clock& clock,
                                                     IdGenerator& ids, EventBus* events,
                                                     TrustSetup setup) {
  GEMBA_RETURN_IF_ERROR(PasswordHasher::check_params(setup.options.argon2));
  GEMBA_TRY(zone, SiteTimeZone::open(setup.options.site_timezone));
  if (setup.audit.checkpoint_file.empty() && !setup.audit_key_file.empty()) {
    setup.audit.checkpoint_file = setup.audit_key_file + ".checkpoint";
  }
  std::unique_ptr<TrustCore> t(new TrustCore(db, clock, ids, events, std::move(setup)));
  const TrustSetup& s = t->setup_;
  if (!s.audit_key_file.empty()) {
    GEMBA_TRY(key, CheckpointKey::load(s.audit_key_file, s.create_key));
    t->key_ = std::make_unique<CheckpointKey>(std::move(key));
  }
  t->hasher_ = std::make_unique<PasswordHasher>(s.options.argon2);
  t->zone_ = std::make_unique<SiteTimeZone>(std::move(zone));
  t->audit_ = std::make_unique<AuditTrail>(clock, t->key_.get(), s.audit);
  t->credentials_ =
      std::make_unique<CredentialChecker>(db, clock, events, *t->audit_, *t->hasher_, s.options);
  t->users_ = std::make_unique<UserDirectory>(db, clock, ids, *t->audit_, *t->hasher_, s.options);
  t->sessions_ = std::make_unique<SessionService>(db, clock, ids, *t->audit_, *t->hasher_,
                                                  *t->credentials_, s.options);
  t->signatures_ = std::make_unique<Signatures>(db, clock, ids, *t->audit_, *t->credentials_,
                                                *t->zone_, s.options);
  t->signatures_->register_content_source(
      "user", [](store::Tx& tx, const std::string& id) -> Result<std::optional<std::string>> {
        GEMBA_TRY(u, user_store::find_by_id(tx, id));
        if (!u) return std::optional<std::string>();
        return std::optional<std::string>(UserDirectory::identity_content_hash(*u));
      });
  GEMBA_RETURN_IF_ERROR(t->users_->ensure_default_roles());
  return t;
}

VerifyOptions TrustCore::verify_options() const {
  VerifyOptions v;
  v.key = key_.get();
  v.checkpoint_file = setup_.audit.checkpoint_file;
  return v;
}

}  // namespace gemba::trust
