#pragma once
// Password rules (21 CFR 11.300(a)-(b), Annex 11 §12). Pure: no clock, no hashing here (history
// and ageing decisions take their inputs as arguments).

#include <chrono>
#include <string>
#include <string_view>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"

namespace gemba::trust {

struct PasswordPolicy {
  std::size_t min_length = 12;   // in characters (UTF-8 code points)
  std::size_t max_length = 256;  // bounds hashing cost; longer is refused, not truncated
  int history = 5;               // the new password may not equal any of the last N
  // 0 = passwords never expire. Otherwise a password older than this must be changed at login.
  std::chrono::days max_age{90};
};

// Checks a proposed new password against the policy's content rules: length, not containing the
// user name (case-insensitively), not a common password (the bundled list, compared
// case-insensitively and also with leading/trailing digits and symbols removed), not one
// repeated character. Errors are invalid_argument with details {"field": field, "rule":
// "too_short" | "too_long" | "contains_user_name" | "common" | "repetitive" | "invalid_utf8"}.
// History is checked by the service (it needs the hashes).
Result<void> check_password_rules(const PasswordPolicy& policy, std::string_view user_name_key,
                                  std::string_view password,
                                  std::string_view field = "new_password");

// True when `password` (or its base word) is in the bundled list of common passwords.
bool is_common_password(std::string_view password);

// How many entries the bundled list has (for tests and the admin page).
std::size_t common_password_count();

// True when a password set at `changed_at` has expired at `now` under `policy`.
bool password_expired(const PasswordPolicy& policy, Timestamp changed_at, Timestamp now);

}  // namespace gemba::trust
