#include "gemba/trust/sha256.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sodium.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace gemba::trust {
namespace {

struct CtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct MdDeleter {
  void operator()(EVP_MD* m) const { EVP_MD_free(m); }
};

// Fetched once: an implicit fetch on every digest costs more than hashing a short entry.
const EVP_MD* sha256_md() {
  static const std::unique_ptr<EVP_MD, MdDeleter> md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
  return md.get();
}

EVP_MD_CTX* thread_ctx() {
  thread_local const std::unique_ptr<EVP_MD_CTX, CtxDeleter> ctx(EVP_MD_CTX_new());
  return ctx.get();
}

constexpr char kHex[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Digest sha256(std::string_view a, std::string_view b) {
  EVP_MD_CTX* ctx = thread_ctx();
  Digest out{};
  unsigned int len = 0;
  if (!ctx || !sha256_md() || EVP_DigestInit_ex(ctx, sha256_md(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx, a.data(), a.size()) != 1 ||
      (!b.empty() && EVP_DigestUpdate(ctx, b.data(), b.size()) != 1) ||
      EVP_DigestFinal_ex(ctx, out.data(), &len) != 1) {
    // Only on allocation failure inside OpenSSL; nothing sensible can continue.
    throw std::runtime_error("SHA-256 failed");
  }
  return out;
}

void to_hex(const Digest& d, char out[64]) {
  for (std::size_t i = 0; i < d.size(); ++i) {
    out[2 * i] = kHex[d[i] >> 4];
    out[2 * i + 1] = kHex[d[i] & 0xf];
  }
}

std::string to_hex(const Digest& d) {
  std::string s(64, '0');
  to_hex(d, s.data());
  return s;
}

std::string to_hex(std::string_view bytes) {
  std::string s;
  s.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    s.push_back(kHex[c >> 4]);
    s.push_back(kHex[c & 0xf]);
  }
  return s;
}

std::optional<Digest> digest_from_hex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  Digest d{};
  for (std::size_t i = 0; i < 32; ++i) {
    const int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    d[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return d;
}

std::string sha256_hex(std::string_view text) { return to_hex(sha256(text)); }

void ensure_sodium() {
  static const int ready = sodium_init();  // 0, or 1 when already initialised; -1: no entropy
  if (ready < 0) throw std::runtime_error("libsodium cannot initialise (no entropy source)");
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace gemba::trust
