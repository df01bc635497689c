#pragma once
// User names (21 CFR 11.100(a), 11.300(a): unique, never reused). Pure.
//
// Decision: names may use any script, but they are
//   * NFC-normalised as stored and shown (`display`),
//   * compared case-insensitively through `key` = NFC(case-fold(NFC(name))): "Anna" == "ANNA",
//     "Ａnna" (full width) is refused below, not folded,
//   * refused when they mix scripts the way spoofs do ("pаul" with a Cyrillic а), contain
//     invisible or format characters, whitespace, or mixed digit systems (ICU's Unicode
//     Security Mechanisms, UTS #39, "highly restrictive" level),
//   * kept apart from look-alikes through `skeleton` (UTS #39 confusable skeleton of the key):
//     the store holds it unique, so "раul" in all Cyrillic cannot sit beside "paul".
// Allowed characters: letters and digits of one script (plus the common Latin+Han/Kana mixes),
// and '.', '_', '-' between them. 2 to 64 characters.
//
// Thread-safe (ICU's normaliser and spoof checker are used read-only).

#include <string>
#include <string_view>

#include "gemba/core/result.h"

namespace gemba::trust {

struct UserName {
  std::string display;   // NFC, as the administrator typed it
  std::string key;       // case-folded NFC: what uniqueness and login compare
  std::string skeleton;  // confusable skeleton of key: unique too
};

inline constexpr std::size_t kMaxUserNameChars = 64;

// invalid_argument with details {"field": "username", "rule": ...} for a name that breaks a rule:
// "empty", "too_long", "invalid_utf8", "character" (with "character": U+XXXX), "mixed_script",
// "punctuation_edges".
Result<UserName> normalise_user_name(std::string_view raw);

// The comparison key of what someone typed at login, or nullopt-equivalent empty string when it
// cannot be a user name (the caller then runs the dummy password check: same error, same time).
std::string user_name_key_for_login(std::string_view raw);

// NFC(case-fold(NFC(text))) of any text, "" for invalid UTF-8: for case-insensitive comparisons.
std::string fold_text(std::string_view text);

// NFC normalisation of free text (printed names, reasons, comments). invalid_argument naming
// `field` for invalid UTF-8 or control characters (tab and newline are allowed unless
// `single_line`).
Result<std::string> normalise_text(std::string_view raw, std::string_view field,
                                   bool single_line = true);

}  // namespace gemba::trust
