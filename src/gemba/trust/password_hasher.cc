#include "gemba/trust/password_hasher.h"

#include "gemba/trust/sha256.h"

#include <sodium.h>

#include <algorithm>
#include <vector>

namespace gemba::trust {
namespace {

// RAII slot of the concurrency limit.
class Slot {
 public:
  explicit Slot(std::counting_semaphore<1024>& s) : s_(s) { s_.acquire(); }
  ~Slot() { s_.release(); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  std::counting_semaphore<1024>& s_;
};

}  // namespace

Argon2Params Argon2Params::for_tests() {
  Argon2Params p;
  p.opslimit = crypto_pwhash_argon2id_OPSLIMIT_MIN;
  p.memlimit = crypto_pwhash_argon2id_MEMLIMIT_MIN;
  p.max_concurrent = 4;
  return p;
}

Result<void> PasswordHasher::check_params(const Argon2Params& p) {
  if (p.opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      p.opslimit > crypto_pwhash_argon2id_OPSLIMIT_MAX) {
    return Error::invalid_argument("argon2 opslimit must be between " +
                                   std::to_string(crypto_pwhash_argon2id_OPSLIMIT_MIN) + " and " +
                                   std::to_string(crypto_pwhash_argon2id_OPSLIMIT_MAX));
  }
  if (p.memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN || p.memlimit > (std::size_t(4) << 30)) {
    return Error::invalid_argument("argon2 memlimit must be between " +
                                   std::to_string(crypto_pwhash_argon2id_MEMLIMIT_MIN) +
                                   " bytes and 4 GiB");
  }
  if (p.max_concurrent < 1 || p.max_concurrent > 1024) {
    return Error::invalid_argument("argon2 max_concurrent must be between 1 and 1024");
  }
  return ok();
}

PasswordHasher::PasswordHasher(const Argon2Params& params)
    : params_(params), slots_(std::clamp(params.max_concurrent, 1, 1024)) {
  ensure_sodium();
  auto dummy = hash("gemba dummy password for unknown users");
  if (dummy.ok()) dummy_hash_ = std::move(dummy).value();
}

Result<std::string> PasswordHasher::hash(std::string_view password) const {
  char out[crypto_pwhash_argon2id_STRBYTES];
  Slot slot(slots_);
  if (crypto_pwhash_argon2id_str(out, password.data(), password.size(), params_.opslimit,
                                 params_.memlimit) != 0) {
    return Error::internal("cannot hash the password (out of memory)");
  }
  return std::string(out);
}

bool PasswordHasher::verify(std::string_view encoded, std::string_view password) const {
  // libsodium wants a NUL-terminated hash string.
  const bool usable = !encoded.empty() && encoded.size() < crypto_pwhash_argon2id_STRBYTES &&
                      encoded.rfind("$argon2id$", 0) == 0;
  const std::string stored(usable ? encoded : std::string_view(dummy_hash_));
  Slot slot(slots_);
  const bool match =
      crypto_pwhash_argon2id_str_verify(stored.c_str(), password.data(), password.size()) == 0;
  return usable && match;
}

bool PasswordHasher::needs_rehash(std::string_view encoded) const {
  const std::string stored(encoded);
  return crypto_pwhash_argon2id_str_needs_rehash(stored.c_str(), params_.opslimit,
                                                 params_.memlimit) != 0;
}

}  // namespace gemba::trust
