#include "gemba/trust/password_policy.h"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "gemba/trust/username.h"

namespace gemba::trust {

// Defined in the file CMake generates from common_passwords.txt.
extern const char* const kCommonPasswordsText;

namespace {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

const std::unordered_set<std::string>& common_passwords() {
  static const std::unordered_set<std::string> set = [] {
    std::unordered_set<std::string> s;
    std::string_view text(kCommonPasswordsText);
    while (!text.empty()) {
      const auto nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
      if (line.empty() || line.front() == '#') continue;
      s.insert(ascii_lower(line));
    }
    return s;
  }();
  return set;
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80; }

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xc0) != 0x80; }));
}

Error rule_error(std::string_view field, std::string message, std::string_view rule) {
  return Error::invalid_argument(std::move(message), {{"field", field}, {"rule", rule}});
}

}  // namespace

bool is_common_password(std::string_view password) {
  const auto& list = common_passwords();
  const std::string lower = ascii_lower(password);
  if (list.count(lower)) return true;
  std::size_t b = 0, e = lower.size();
  while (b < e && !is_letter(lower[b])) ++b;
  while (e > b && !is_letter(lower[e - 1])) --e;
  return e > b && list.count(lower.substr(b, e - b)) > 0;
}

std::size_t common_password_count() { return common_passwords().size(); }

Result<void> check_password_rules(const PasswordPolicy& policy, std::string_view user_name_key,
                                  std::string_view password, std::string_view field) {
  if (password.size() > policy.max_length * 4 || utf8_length(password) > policy.max_length) {
    return rule_error(field,
                      "a password has at most " + std::to_string(policy.max_length) + " characters",
                      "too_long");
  }
  auto text = normalise_text(password, field, /*single_line=*/true);
  if (!text.ok()) return rule_error(field, text.error().message, "invalid_utf8");
  if (utf8_length(password) < policy.min_length) {
    return rule_error(
        field, "a password needs at least " + std::to_string(policy.min_length) + " characters",
        "too_short");
  }
  // The user name comparison uses the same folding as user names themselves.
  if (!user_name_key.empty() &&
      fold_text(password).find(std::string(user_name_key)) != std::string::npos) {
    return rule_error(field, "the password must not contain the user name", "contains_user_name");
  }
  if (is_common_password(password)) {
    return rule_error(
        field, "this password is on the list of commonly used passwords; choose another", "common");
  }
  std::unordered_set<char> distinct(password.begin(), password.end());
  if (distinct.size() < 4) {
    return rule_error(field, "the password repeats too few different characters", "repetitive");
  }
  return ok();
}

bool password_expired(const PasswordPolicy& policy, Timestamp changed_at, Timestamp now) {
  if (policy.max_age.count() <= 0) return false;
  return now - changed_at >= policy.max_age;
}

}  // namespace gemba::trust
