#include "gemba/trust/signatures.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include "gemba/core/time.h"
#include "gemba/trust/audit_store.h"
#include "gemba/trust/session_store.h"
#include "gemba/trust/sha256.h"
#include "gemba/trust/user_store.h"
#include "gemba/trust/username.h"

namespace gemba::trust {
namespace {

constexpr const char* kColumns =
    "id, signer_id, printed_name, meaning, record_type, record_id, content_hash, signed_at_us, "
    "signed_at, signed_at_local, session_id, comment, audit_seq";

Result<SignatureRecord> from_row(const store::Row& r) {
  SignatureRecord s;
  s.id = r.text(0);
  s.signer_id = r.text(1);
  s.printed_name = r.text(2);
  auto meaning = parse_meaning(r.text(3));
  // A meaning the code does not know can only come from an edited database: keep the record
  // readable and let verification call it invalid.
  s.meaning = meaning.ok() ? *meaning : SignatureMeaning::kPerformed;
  s.meaning_recognised = meaning.ok();
  s.record_type = r.text(4);
  s.record_id = r.text(5);
  s.content_hash = r.text(6);
  s.signed_at_us = r.int64(7);
  s.signed_at = r.text(8);
  s.signed_at_local = r.text(9);
  s.session_id = r.text(10);
  s.comment = r.text(11);
  s.audit_seq = r.int64(12);
  return s;
}

boost::json::object audit_view(const SignatureRecord& s) {
  return {{"id", s.id},
          {"meaning", meaning_name(s.meaning)},
          {"signer_id", s.signer_id},
          {"printed_name", s.printed_name},
          {"content_hash", s.content_hash},
          {"signed_at", s.signed_at},
          {"signed_at_local", s.signed_at_local},
          {"comment", s.comment}};
}

bool is_hex_digest(std::string_view s) { return digest_from_hex(s).has_value(); }

}  // namespace

Signatures::Signatures(store::Database& db, Clock& clock, IdGenerator& ids, const AuditTrail& audit,
                       const CredentialChecker& credentials, const SiteTimeZone& zone,
                       const TrustOptions& options)
    : db_(db),
      clock_(clock),
      ids_(ids),
      audit_(audit),
      credentials_(credentials),
      zone_(zone),
      options_(options) {}

Result<VerifiedSigner> Signatures::authenticate(const Principal& session,
                                                const SignatureCredentials& c) {
  const bool username_given = c.username && !c.username->empty();
  GEMBA_RETURN_IF_ERROR(
      check_signature_components(options_.signing, session.session_has_signed, username_given));
  if (c.password.empty()) {
    return Error::invalid_argument("enter your password to sign",
                                   {{"field", "signature.password"}});
  }
  CredentialRequest request;
  if (username_given) {
    request.username = *c.username;
  } else {
    request.user_id = session.user_id;
  }
  request.password = c.password;
  request.purpose = CredentialPurpose::kSignature;
  request.actor = session.actor();
  GEMBA_TRY(user, credentials_.check(request));
  if (password_change_due(user, options_.password, clock_.now()) != PasswordChangeReason::kNone) {
    return Error::failed_precondition(
        user.printed_name + " must change their password before signing",
        {{"reason", "password_change_required"}});
  }
  VerifiedSigner signer;
  GEMBA_RETURN_IF_ERROR(db_.read([&](store::Tx& tx) -> Result<void> {
    GEMBA_TRY(perms, user_store::permissions_of(tx, user.roles));
    signer.permissions_ = std::move(perms);
    return ok();
  }));
  signer.user_id_ = user.id;
  signer.printed_name_ = user.printed_name;
  signer.session_id_ = session.session_id;
  signer.client_address_ = session.client_address;
  signer.is_session_user_ = user.id == session.user_id;
  signer.verified_at_ = clock_.now();
  return signer;
}

Result<SignatureRecord> Signatures::sign(store::Tx& tx, const VerifiedSigner& signer,
                                         SignatureMeaning meaning, std::string_view record_type,
                                         std::string_view record_id,
                                         std::string_view content_hash_hex,
                                         std::string_view comment) const {
  const Timestamp now = clock_.now();
  if (now - signer.verified_at_ > options_.signer_ttl) {
    return Error::failed_precondition("the password was entered too long ago; sign again",
                                      {{"field", "signature.password"}});
  }
  if (!is_hex_digest(content_hash_hex)) {
    return Error::internal("a signature needs the SHA-256 of the signed content");
  }
  if (record_type.empty() || record_type.size() > 128 || record_id.size() > 256) {
    return Error::internal("a signature needs the signed record's type and id");
  }
  GEMBA_TRY(note, normalise_text(comment, "signature.comment", false));
  if (note.size() > 2000) {
    return Error::invalid_argument("the signature comment has at most 2000 characters",
                                   {{"field", "signature.comment"}});
  }
  SignatureRecord s;
  s.id = ids_.new_id();
  s.signer_id = signer.user_id_;
  s.printed_name = signer.printed_name_;
  s.meaning = meaning;
  s.record_type = std::string(record_type);
  s.record_id = std::string(record_id);
  s.content_hash = std::string(content_hash_hex);
  s.signed_at_us = now.time_since_epoch().count();
  s.signed_at = format_rfc3339(now);
  s.signed_at_local = zone_.format(now);
  s.session_id = signer.session_id_;
  s.comment = note;
  const Actor actor{signer.user_id_, signer.printed_name_, signer.session_id_,
                    signer.client_address_};
  GEMBA_TRY(seq, audit_.append(tx, actor,
                               {"signature.applied",
                                s.record_type,
                                s.record_id,
                                {{"signature", nullptr, audit_view(s)}},
                                ""}));
  s.audit_seq = seq;
  GEMBA_RETURN_IF_ERROR(tx.exec(std::string("INSERT INTO signatures (") + kColumns +
                                    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                s.id, s.signer_id, s.printed_name, meaning_name(s.meaning),
                                s.record_type, s.record_id, s.content_hash, s.signed_at_us,
                                s.signed_at, s.signed_at_local, s.session_id, s.comment,
                                s.audit_seq));
  if (signer.is_session_user_ && !signer.session_id_.empty()) {
    GEMBA_RETURN_IF_ERROR(session_store::mark_signed(tx, signer.session_id_));
  }
  return s;
}

SignatureValidity Signatures::check_binding(store::Tx& tx, const SignatureRecord& s) const {
  auto entry = audit_store::find(tx, s.audit_seq);
  if (!entry.ok() || !*entry) {
    return {false, "the audit trail entry written with this signature (" +
                       std::to_string(s.audit_seq) + ") is missing"};
  }
  const AuditRecord& r = **entry;
  std::string scratch;
  const auto prev = digest_from_hex(r.prev_hash);
  if (!prev || to_hex(chain_hash(*prev, r, scratch)) != r.hash) {
    return {false, "the audit trail entry written with this signature (" +
                       std::to_string(s.audit_seq) + ") was altered"};
  }
  boost::json::error_code ec;
  const auto changes = boost::json::parse(r.changes, ec);
  const boost::json::object expected = audit_view(s);
  bool matches = !ec && r.action == "signature.applied" && r.record_type == s.record_type &&
                 r.record_id == s.record_id && changes.is_array() &&
                 changes.as_array().size() == 1 && changes.as_array()[0].is_object();
  if (matches) {
    const auto& recorded = changes.as_array()[0].as_object();
    matches = recorded.contains("new") && recorded.at("new") == expected;
  }
  if (!matches || !s.meaning_recognised) {
    return {false, "the signature record differs from the audit trail entry written with it (" +
                       std::to_string(s.audit_seq) + "): it was changed after signing"};
  }
  return {};
}

Result<SignatureValidity> Signatures::verify(store::Tx& tx, const std::string& id,
                                             std::string_view current_content_hash) const {
  GEMBA_TRY(s, find(tx, id));
  if (!s) return Error::not_found("there is no signature " + id.substr(0, 64));
  auto binding = check_binding(tx, *s);
  if (!binding.valid) return binding;
  return check_content(*s, current_content_hash);
}

void Signatures::register_content_source(std::string record_type, ContentSource source) {
  sources_[std::move(record_type)] = std::move(source);
}

Result<SignatureValidity> Signatures::validity(store::Tx& tx, const SignatureRecord& s) const {
  auto binding = check_binding(tx, s);
  if (!binding.valid) return binding;
  const auto it = sources_.find(s.record_type);
  if (it == sources_.end()) return binding;
  GEMBA_TRY(current, it->second(tx, s.record_id));
  if (!current)
    return SignatureValidity{false, "the signed " + s.record_type + " no longer exists"};
  return check_content(s, *current);
}

Result<boost::json::object> Signatures::manifestation(store::Tx& tx, const std::string& id) const {
  GEMBA_TRY(s, find(tx, id));
  if (!s)
    return Error::not_found("there is no signature " + id.substr(0, 64),
                            {{"signature", id.substr(0, 64)}});
  GEMBA_TRY(v, validity(tx, *s));
  auto m = trust::manifestation(*s, v);
  m["content_checked"] = sources_.count(s->record_type) > 0;
  return m;
}

Result<boost::json::array> Signatures::manifestations_for(store::Tx& tx,
                                                          std::string_view record_type,
                                                          std::string_view record_id) const {
  GEMBA_TRY(list, for_record(tx, record_type, record_id));
  boost::json::array out;
  for (const auto& s : list) {
    GEMBA_TRY(v, validity(tx, s));
    out.push_back(trust::manifestation(s, v));
  }
  return out;
}

Result<std::optional<SignatureRecord>> Signatures::find(store::Tx& tx,
                                                        const std::string& id) const {
  GEMBA_TRY(rows,
            tx.query(std::string("SELECT ") + kColumns + " FROM signatures WHERE id = ?", id));
  if (rows.empty()) return std::optional<SignatureRecord>();
  GEMBA_TRY(s, from_row(rows[0]));
  return std::optional<SignatureRecord>(std::move(s));
}

Result<std::vector<SignatureRecord>> Signatures::for_record(store::Tx& tx,
                                                            std::string_view record_type,
                                                            std::string_view record_id) const {
  GEMBA_TRY(rows, tx.query(std::string("SELECT ") + kColumns +
                               " FROM signatures WHERE record_type = ? AND record_id = ? "
                               "ORDER BY signed_at_us, id",
                           record_type, record_id));
  std::vector<SignatureRecord> out;
  for (const auto& r : rows) {
    GEMBA_TRY(s, from_row(r));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace gemba::trust
