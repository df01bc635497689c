#pragma once
// Electronic signatures (21 CFR 11.50, 11.70, 11.100, 11.200; Annex 11 §14), in two phases so the
// slow password check never runs inside a unit of work:
//
//   // 1. Outside any write unit: re-authenticate the signer (Argon2id). Failed attempts count
//   //    towards lockout and are security events.
//   GEMBA_TRY(signer, signatures.authenticate(principal, {body.username, body.password}));
//   if (!signer.can("batch.verify")) return Error::permission_denied(...);
//   if (signer.user_id() == step.performer_id) return Error::failed_precondition(...);  // SoD
//   // 2. Inside the capability's own unit: write the signature and its audit entry.
//   audit.write(db, principal.actor(), [&](AuditedTx& atx) -> Result<void> {
//     ... change the step ...
//     GEMBA_TRY(sig, signatures.sign(atx.tx(), signer, SignatureMeaning::kVerified, "batch_step",
//                                    step_id, content_hash(step_json)));
//     ...
//   });
//
// A VerifiedSigner is valid for TrustOptions::signer_ttl after authentication and cannot be
// copied (it can be moved): it is the proof one person just entered their password.
//
// Thread-safe. register_content_source() only during wiring.

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/ids.h"
#include "gemba/core/result.h"
#include "gemba/store/database.h"
#include "gemba/trust/audit_trail.h"
#include "gemba/trust/credentials.h"
#include "gemba/trust/options.h"
#include "gemba/trust/principal.h"
#include "gemba/trust/signature.h"

namespace gemba::trust {

struct SignatureCredentials {
  std::optional<std::string> username;  // may be omitted on later signings in a session
  std::string password;
};

class VerifiedSigner {
 public:
  VerifiedSigner(VerifiedSigner&&) = default;
  VerifiedSigner& operator=(VerifiedSigner&&) = default;
  VerifiedSigner(const VerifiedSigner&) = delete;
  VerifiedSigner& operator=(const VerifiedSigner&) = delete;

  const std::string& user_id() const { return user_id_; }
  const std::string& printed_name() const { return printed_name_; }
  const std::string& session_id() const { return session_id_; }
  // The signer is the session's own user (not a witness signing on someone else's session).
  bool is_session_user() const { return is_session_user_; }
  // The signer's own permissions (a witness's, not the session user's).
  bool can(std::string_view permission) const { return permits(permissions_, permission); }
  Timestamp verified_at() const { return verified_at_; }

 private:
  friend class Signatures;
  VerifiedSigner() = default;
  std::string user_id_;
  std::string printed_name_;
  std::string session_id_;
  std::string client_address_;
  bool is_session_user_ = false;
  std::set<std::string> permissions_;
  Timestamp verified_at_{};
};

class Signatures {
 public:
  // The current SHA-256 (hex) of a record's signed content; nullopt when the record is gone.
  using ContentSource =
      std::function<Result<std::optional<std::string>>(store::Tx& tx, const std::string& id)>;

  // Every reference must outlive the service.
  Signatures(store::Database& db, Clock& clock, IdGenerator& ids, const AuditTrail& audit,
             const CredentialChecker& credentials, const SiteTimeZone& zone,
             const TrustOptions& options);

  // Phase 1 (outside any write unit). 11.200: the first signing in `session` needs user name and
  // password, later ones the password (unless options.signing.always_both); a user name that is
  // not the session's user is a witness, always with both. Errors: invalid_argument (missing
  // component), unauthenticated (wrong credentials, locked), failed_precondition (the signer
  // must change their password first).
  Result<VerifiedSigner> authenticate(const Principal& session,
                                      const SignatureCredentials& credentials);

  // Phase 2 (inside the caller's unit): writes the signature and its audit entry, marks the
  // session as having signed. failed_precondition when the signer's verification is older than
  // signer_ttl.
  Result<SignatureRecord> sign(store::Tx& tx, const VerifiedSigner& signer,
                               SignatureMeaning meaning, std::string_view record_type,
                               std::string_view record_id, std::string_view content_hash,
                               std::string_view comment = "") const;

  // Checks a signature against the record's current content hash and against the audit entry
  // written with it. not_found for an unknown id.
  Result<SignatureValidity> verify(store::Tx& tx, const std::string& signature_id,
                                   std::string_view current_content_hash) const;

  // For records whose capability registered a content source: the manifestation with validity.
  void register_content_source(std::string record_type, ContentSource source);
  Result<boost::json::object> manifestation(store::Tx& tx, const std::string& signature_id) const;
  Result<boost::json::array> manifestations_for(store::Tx& tx, std::string_view record_type,
                                                std::string_view record_id) const;

  Result<std::optional<SignatureRecord>> find(store::Tx& tx, const std::string& id) const;
  Result<std::vector<SignatureRecord>> for_record(store::Tx& tx, std::string_view record_type,
                                                  std::string_view record_id) const;

 private:
  SignatureValidity check_binding(store::Tx& tx, const SignatureRecord& s) const;
  Result<SignatureValidity> validity(store::Tx& tx, const SignatureRecord& s) const;

  store::Database& db_;
  Clock& clock_;
  IdGenerator& ids_;
  const AuditTrail& audit_;
  const CredentialChecker& credentials_;
  const SiteTimeZone& zone_;
  const TrustOptions& options_;
  std::map<std::string, ContentSource, std::less<>> sources_;
};

}  // namespace gemba::trust
