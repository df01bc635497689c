#include "gemba/trust/signature.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <cstdio>
#include <cstdlib>

#include "gemba/core/json.h"
#include "gemba/core/time.h"
#include "gemba/trust/sha256.h"

namespace gemba::trust {

const std::vector<SignatureMeaning>& all_meanings() {
  static const std::vector<SignatureMeaning> kAll = {
      SignatureMeaning::kAuthored,  SignatureMeaning::kReviewed, SignatureMeaning::kApproved,
      SignatureMeaning::kPerformed, SignatureMeaning::kVerified, SignatureMeaning::kReleased,
      SignatureMeaning::kRejected};
  return kAll;
}

std::string_view meaning_name(SignatureMeaning m) {
  switch (m) {
    case SignatureMeaning::kAuthored: return "authored";
    case SignatureMeaning::kReviewed: return "reviewed";
    case SignatureMeaning::kApproved: return "approved";
    case SignatureMeaning::kPerformed: return "performed";
    case SignatureMeaning::kVerified: return "verified";
    case SignatureMeaning::kReleased: return "released";
    case SignatureMeaning::kRejected: return "rejected";
  }
  return "performed";
}

std::string_view meaning_text(SignatureMeaning m) {
  switch (m) {
    case SignatureMeaning::kAuthored: return "Authored by (responsible for the content)";
    case SignatureMeaning::kReviewed: return "Reviewed by";
    case SignatureMeaning::kApproved: return "Approved by";
    case SignatureMeaning::kPerformed: return "Performed by";
    case SignatureMeaning::kVerified: return "Verified by (witness)";
    case SignatureMeaning::kReleased: return "Released by (qualified person)";
    case SignatureMeaning::kRejected: return "Rejected by";
  }
  return "";
}

Result<SignatureMeaning> parse_meaning(std::string_view name, std::string_view field) {
  std::string accepted;
  for (auto m : all_meanings()) {
    if (meaning_name(m) == name) return m;
    accepted += (accepted.empty() ? "" : ", ") + std::string(meaning_name(m));
  }
  return Error::invalid_argument("the signature meaning must be one of: " + accepted,
                                 {{"field", field}});
}

std::string content_hash(const boost::json::value& content) {
  return sha256_hex(canonical_json(content));
}

Result<void> check_signature_components(const SigningRules& rules, bool session_user_has_signed,
                                        bool username_given) {
  if (username_given) return ok();
  if (rules.always_both) {
    return Error::invalid_argument("enter your user name and password to sign",
                                   {{"field", "signature.username"}});
  }
  if (!session_user_has_signed) {
    return Error::invalid_argument(
        "the first signature in a session needs your user name and password "
        "(21 CFR 11.200(a)(1)(i))",
        {{"field", "signature.username"}});
  }
  return ok();
}

struct SiteTimeZone::Zone {
  std::unique_ptr<icu::TimeZone> tz;
};

SiteTimeZone::SiteTimeZone() = default;
SiteTimeZone::SiteTimeZone(SiteTimeZone&&) noexcept = default;
SiteTimeZone& SiteTimeZone::operator=(SiteTimeZone&&) noexcept = default;
SiteTimeZone::~SiteTimeZone() = default;

Result<SiteTimeZone> SiteTimeZone::open(std::string_view iana_name) {
  const icu::UnicodeString id =
      icu::UnicodeString::fromUTF8(icu::StringPiece(iana_name.data(), iana_name.size()));
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(id));
  icu::UnicodeString got;
  zone->getID(got);
  if (iana_name.empty() || got == icu::UnicodeString("Etc/Unknown")) {
    return Error::invalid_argument("unknown time zone '" + std::string(iana_name) +
                                       "'; use an IANA name such as Europe/Berlin",
                                   {{"field", "site.timezone"}});
  }
  SiteTimeZone z;
  z.name_ = std::string(iana_name);
  z.zone_ = std::make_unique<Zone>(Zone{std::move(zone)});
  return z;
}

std::string SiteTimeZone::format(Timestamp t) const {
  const std::int64_t us = t.time_since_epoch().count();
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  zone_->tz->getOffset(static_cast<UDate>(us / 1000), false, raw, dst, status);
  if (U_FAILURE(status)) raw = dst = 0;
  const std::int64_t offset_ms = std::int64_t(raw) + dst;
  std::string local = format_rfc3339(t + std::chrono::milliseconds(offset_ms));
  if (!local.empty() && local.back() == 'Z') local.pop_back();
  const std::int64_t minutes = std::llabs(offset_ms) / 60000;
  char off[8];
  std::snprintf(off, sizeof off, "%c%02d:%02d", offset_ms < 0 ? '-' : '+',
                static_cast<int>(minutes / 60 % 100), static_cast<int>(minutes % 60));
  return local + off + "[" + name_ + "]";
}

SignatureValidity check_content(const SignatureRecord& s, std::string_view current_hash) {
  if (current_hash == s.content_hash) return {};
  return {false, "the " + s.record_type +
                     " changed after it was signed: its content now hashes to " +
                     std::string(current_hash) + ", the signature was made over " + s.content_hash};
}

boost::json::object manifestation(const SignatureRecord& s, const SignatureValidity& v) {
  boost::json::object o{
      {"id", s.id},
      {"signer", {{"id", s.signer_id}, {"printed_name", s.printed_name}}},
      {"meaning", meaning_name(s.meaning)},
      {"meaning_text", meaning_text(s.meaning)},
      {"signed_at", s.signed_at},
      {"signed_at_local", s.signed_at_local},
      {"content_hash", s.content_hash},
      {"record", {{"type", s.record_type}, {"id", s.record_id}}},
      {"valid", v.valid},
  };
  if (!s.comment.empty()) o["comment"] = s.comment;
  if (!v.valid) o["invalid_reason"] = v.reason;
  return o;
}

}  // namespace gemba::trust
