#pragma once
// Electronic signatures as records (21 CFR 11.50, 11.70, 11.200; Annex 11 §14). Pure.
//
// A signature binds a signer (user id and printed name, as of signing), a meaning, a time (UTC
// and the site's local time with its zone) to one record by the SHA-256 of that record's content.
// Verification recomputes the content hash: a record changed after signing shows its signature
// invalid, with why.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"

namespace gemba::trust {

enum class SignatureMeaning {
  kAuthored,
  kReviewed,
  kApproved,
  kPerformed,
  kVerified,  // witnessed: a second person confirms what the performer did
  kReleased,
  kRejected,
};

const std::vector<SignatureMeaning>& all_meanings();
// "performed"
std::string_view meaning_name(SignatureMeaning m);
// "Performed by" ...: what a person reads next to the printed name (11.50(a)(3)).
std::string_view meaning_text(SignatureMeaning m);
// invalid_argument {"field": field} naming the accepted meanings.
Result<SignatureMeaning> parse_meaning(std::string_view name,
                                       std::string_view field = "signature.meaning");

// The SHA-256 (hex) of a record's content: canonical JSON (sorted keys, no whitespace), so the
// same content always hashes the same however it was built.
std::string content_hash(const boost::json::value& content);

// 11.200(a)(1): within one continuous session the first signing needs both components (user
// name and password), later ones at least the password. `always_both` makes every signing need
// both. A witness signing on someone else's session always gives a user name.
struct SigningRules {
  bool always_both = false;
};
// invalid_argument {"field": "signature.username"} when the user name is required and missing.
Result<void> check_signature_components(const SigningRules& rules, bool session_user_has_signed,
                                        bool username_given);

// A site's time zone, for the local time shown beside UTC (11.50(a)(2)). Immutable; thread-safe.
class SiteTimeZone {
 public:
  // An IANA zone name ("Europe/Berlin", "UTC"); invalid_argument for an unknown one.
  static Result<SiteTimeZone> open(std::string_view iana_name);
  SiteTimeZone(SiteTimeZone&&) noexcept;
  SiteTimeZone& operator=(SiteTimeZone&&) noexcept;
  ~SiteTimeZone();

  // "2026-11-25T14:52:40.123456+01:00[Europe/Berlin]" (RFC 9557: offset and zone).
  std::string format(Timestamp t) const;
  const std::string& name() const { return name_; }

 private:
  SiteTimeZone();
  struct Zone;  // wraps icu::TimeZone
  std::string name_;
  std::unique_ptr<Zone> zone_;
};

// A stored signature.
struct SignatureRecord {
  std::string id;
  std::string signer_id;
  std::string printed_name;
  SignatureMeaning meaning = SignatureMeaning::kPerformed;
  bool meaning_recognised = true;  // false: the stored meaning is none we know (edited database)
  std::string record_type;
  std::string record_id;
  std::string content_hash;  // hex, of the content as signed
  std::int64_t signed_at_us = 0;
  std::string signed_at;        // RFC 3339 UTC
  std::string signed_at_local;  // SiteTimeZone::format at signing
  std::string session_id;
  std::string comment;
  std::int64_t audit_seq = 0;  // the audit entry written with it
};

// Why a signature is not valid; empty when it is.
struct SignatureValidity {
  bool valid = true;
  std::string reason;  // "the record changed after it was signed: ..."
};

// Compares the signed content hash with the record's current one.
SignatureValidity check_content(const SignatureRecord& s, std::string_view current_hash);

// The manifestation an API returns with a signed record (API.md): {id, signer{id, printed_name},
// meaning, meaning_text, signed_at, signed_at_local, content_hash, valid[, invalid_reason]}.
boost::json::object manifestation(const SignatureRecord& s, const SignatureValidity& validity);

}  // namespace gemba::trust
