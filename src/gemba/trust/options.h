#pragma once
// Settings of the trust core, filled from the configuration ([security], [audit], [site]) by the
// wiring. Defaults are the production values the issue and docs/compliance/part11.md name.

#include <string>

#include "gemba/trust/account.h"
#include "gemba/trust/password_hasher.h"
#include "gemba/trust/password_policy.h"
#include "gemba/trust/session.h"
#include "gemba/trust/signature.h"

namespace gemba::trust {

struct TrustOptions {
  PasswordPolicy password;
  LockoutPolicy lockout;
  SessionPolicy session;
  Argon2Params argon2;
  SigningRules signing;
  // A verified signer must sign within this long after entering their password.
  Duration signer_ttl = std::chrono::minutes(5);
  std::string site_timezone = "UTC";
  std::string site = "main";    // the default site of new users
  bool secure_cookies = false;  // Secure attribute on the session cookie (on under TLS)
};

}  // namespace gemba::trust
