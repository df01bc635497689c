#include "gemba/trust/username.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>

#include <cstdio>
#include <memory>

namespace gemba::trust {
namespace {

Error rule_error(std::string message, std::string_view rule, boost::json::object extra = {}) {
  extra["field"] = "username";
  extra["rule"] = rule;
  return Error::invalid_argument(std::move(message), std::move(extra));
}

bool valid_utf8(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t needed = 0;
  u_strFromUTF8(nullptr, 0, &needed, s.data(), static_cast<int32_t>(s.size()), &status);
  return status == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(status) ||
         status == U_STRING_NOT_TERMINATED_WARNING;
}

const icu::Normalizer2& nfc() {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  return *n;
}

struct SpoofCheckerDeleter {
  void operator()(USpoofChecker* c) const { uspoof_close(c); }
};

// Configured once, then only read: ICU documents check and skeleton calls on one checker as safe
// from many threads.
const USpoofChecker* spoof_checker() {
  static const std::unique_ptr<USpoofChecker, SpoofCheckerDeleter> checker = [] {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker* c = uspoof_open(&status);
    uspoof_setChecks(c, USPOOF_RESTRICTION_LEVEL | USPOOF_INVISIBLE | USPOOF_MIXED_NUMBERS,
                     &status);
    uspoof_setRestrictionLevel(c, USPOOF_HIGHLY_RESTRICTIVE);
    return std::unique_ptr<USpoofChecker, SpoofCheckerDeleter>(c);
  }();
  return checker.get();
}

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string code_point_name(UChar32 c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

bool is_separator(UChar32 c) { return c == '.' || c == '_' || c == '-'; }

}  // namespace

Result<UserName> normalise_user_name(std::string_view raw) {
  if (raw.empty()) return rule_error("enter a user name", "empty");
  // Bytes bound first, so a 1 MB name costs nothing to refuse (64 chars are at most 256 bytes).
  if (raw.size() > kMaxUserNameChars * 4) {
    return rule_error("a user name has at most 64 characters", "too_long");
  }
  if (!valid_utf8(raw)) return rule_error("the user name is not valid UTF-8 text", "invalid_utf8");
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString nfc_name = nfc().normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), raw.size())), status);
  if (U_FAILURE(status)) return rule_error("the user name cannot be normalised", "invalid_utf8");
  const int32_t chars = nfc_name.countChar32();
  if (chars > static_cast<int32_t>(kMaxUserNameChars)) {
    return rule_error("a user name has at most 64 characters", "too_long");
  }
  if (chars < 2) return rule_error("a user name has at least 2 characters", "too_short");

  UChar32 first = 0, last = 0;
  bool previous_separator = false;
  for (int32_t i = 0; i < nfc_name.length(); i = nfc_name.moveIndex32(i, 1)) {
    const UChar32 c = nfc_name.char32At(i);
    if (i == 0) first = c;
    last = c;
    const bool letter_or_digit = u_isalpha(c) || u_isdigit(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK);
    if (is_separator(c)) {
      if (previous_separator) {
        return rule_error("a user name cannot have two separators ('.', '_', '-') in a row",
                          "punctuation_edges");
      }
      previous_separator = true;
      continue;
    }
    previous_separator = false;
    if (!letter_or_digit) {
      return rule_error("a user name may contain only letters, digits and '.', '_', '-'",
                        "character", {{"character", code_point_name(c)}});
    }
    // Full-width and other compatibility forms are look-alikes of plain letters: refuse them
    // rather than silently folding them (NFKC would).
    const int32_t dt = u_getIntPropertyValue(c, UCHAR_DECOMPOSITION_TYPE);
    if (dt != U_DT_NONE && dt != U_DT_CANONICAL) {
      return rule_error("the user name contains a compatibility character; type the plain letter",
                        "character", {{"character", code_point_name(c)}});
    }
  }
  if (is_separator(first) || is_separator(last)) {
    return rule_error("a user name cannot start or end with '.', '_' or '-'", "punctuation_edges");
  }

  UserName out;
  out.display = to_utf8(nfc_name);
  icu::UnicodeString folded(nfc_name);
  folded.foldCase();
  const icu::UnicodeString key = nfc().normalize(folded, status);
  if (U_FAILURE(status)) return rule_error("the user name cannot be normalised", "invalid_utf8");
  out.key = to_utf8(key);

  const int32_t checks = uspoof_checkUTF8(spoof_checker(), out.key.data(),
                                          static_cast<int32_t>(out.key.size()), nullptr, &status);
  if (U_FAILURE(status)) return rule_error("the user name cannot be checked", "invalid_utf8");
  if (checks & USPOOF_INVISIBLE) {
    return rule_error("the user name contains invisible characters", "character");
  }
  if (checks & (USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_NUMBERS)) {
    return rule_error(
        "the user name mixes writing systems (or digit systems) the way look-alike names do; "
        "use one script",
        "mixed_script");
  }
  char skeleton[1024];
  const int32_t n = uspoof_getSkeletonUTF8(spoof_checker(), 0, out.key.data(),
                                           static_cast<int32_t>(out.key.size()), skeleton,
                                           sizeof skeleton, &status);
  if (U_FAILURE(status)) return rule_error("the user name cannot be checked", "invalid_utf8");
  out.skeleton.assign(skeleton, static_cast<std::size_t>(n));
  return out;
}

std::string user_name_key_for_login(std::string_view raw) {
  auto name = normalise_user_name(raw);
  return name.ok() ? name->key : std::string();
}

std::string fold_text(std::string_view text) {
  if (!valid_utf8(text)) return {};
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString s = nfc().normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size())), status);
  s.foldCase();
  const icu::UnicodeString out = nfc().normalize(s, status);
  return U_FAILURE(status) ? std::string() : to_utf8(out);
}

Result<std::string> normalise_text(std::string_view raw, std::string_view field, bool single_line) {
  for (const char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && !(!single_line && (c == '\n' || c == '\t'))) || c == 0x7f) {
      return Error::invalid_argument(std::string(field) + " contains a control character" +
                                         (single_line ? " (it must be a single line)" : ""),
                                     {{"field", field}});
    }
  }
  if (!valid_utf8(raw)) {
    return Error::invalid_argument(std::string(field) + " is not valid UTF-8 text",
                                   {{"field", field}});
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString n = nfc().normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), raw.size())), status);
  if (U_FAILURE(status)) {
    return Error::invalid_argument(std::string(field) + " cannot be normalised",
                                   {{"field", field}});
  }
  return to_utf8(n);
}

}  // namespace gemba::trust
