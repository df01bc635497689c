// Fuzzes what the trust core reads from outside before anyone is authenticated: user names (NFC,
// case folding, UTS #39 checks), passwords against the policy, session and CSRF tokens, and the
// Cookie header. The first byte picks the parser, the rest is the input.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "gemba/trust/authorizer.h"
#include "gemba/trust/password_policy.h"
#include "gemba/trust/session.h"
#include "gemba/trust/username.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 4) {
    case 0: {
      auto name = gemba::trust::normalise_user_name(in);
      if (name.ok()) {
        // A stored name must normalise to itself, and its key must be stable.
        auto again = gemba::trust::normalise_user_name(name->display);
        if (!again.ok() || again->key != name->key || again->skeleton != name->skeleton) {
          __builtin_trap();
        }
        if (gemba::trust::user_name_key_for_login(in) != name->key) __builtin_trap();
      } else if (name.error().message.empty()) {
        __builtin_trap();
      }
      break;
    }
    case 1: {
      auto r = gemba::trust::check_password_rules({}, "anna", in);
      if (!r.ok() && !r.error().details.contains("rule")) __builtin_trap();
      (void)gemba::trust::fold_text(in);
      break;
    }
    case 2: {
      const std::string h = gemba::trust::hash_presented_token(in);
      if (!h.empty() && h.size() != 64) __builtin_trap();
      break;
    }
    default: {
      const std::string v = gemba::trust::cookie_value(in, "gemba_session");
      if (v.size() > in.size()) __builtin_trap();
      break;
    }
  }
  return 0;
}
