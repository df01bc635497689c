#pragma once
// Argon2id password hashing (libsodium crypto_pwhash_argon2id_str). Each hash string records its
// own parameters ("$argon2id$v=19$m=65536,t=3,p=1$..."), so they can be raised later: a hash made
// with weaker ones still verifies, and needs_rehash() says when to replace it at the next login.
//
// Cost: a hash or verify takes the configured time and memory (tens of milliseconds, tens of
// MiB). Never call these inside a write unit of work (on SQLite it would stall every writer).
// At most `max_concurrent` run at once; callers beyond that wait (bounding memory).
//
// Thread-safe.

#include <semaphore>
#include <string>
#include <string_view>

#include "gemba/core/result.h"

namespace gemba::trust {

struct Argon2Params {
  unsigned long long opslimit = 3;          // passes (libsodium's "moderate" is 3)
  std::size_t memlimit = 64 * 1024 * 1024;  // bytes
  int max_concurrent = 2;

  // The smallest libsodium accepts: for tests (fast under AddressSanitizer).
  static Argon2Params for_tests();
};

class PasswordHasher {
 public:
  // Errors (invalid_argument) for parameters outside libsodium's accepted range.
  static Result<void> check_params(const Argon2Params& params);

  explicit PasswordHasher(const Argon2Params& params);
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // A new encoded hash with a fresh random salt. internal if memory cannot be allocated.
  Result<std::string> hash(std::string_view password) const;

  // True when `password` matches `encoded`. An empty or malformed `encoded` verifies against a
  // dummy hash of the same parameters instead and returns false, so the time taken does not tell
  // an unknown user from a wrong password.
  bool verify(std::string_view encoded, std::string_view password) const;

  // True when `encoded` was made with parameters other than the current ones.
  bool needs_rehash(std::string_view encoded) const;

  const Argon2Params& params() const { return params_; }

 private:
  const Argon2Params params_;
  std::string dummy_hash_;
  mutable std::counting_semaphore<1024> slots_;
};

}  // namespace gemba::trust
