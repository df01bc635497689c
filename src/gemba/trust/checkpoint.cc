#include "gemba/trust/checkpoint.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gemba/core/time.h"
#include "gemba/trust/sha256.h"

namespace gemba::trust {
namespace {

constexpr std::string_view kKeyHeader = "gemba-audit-key-v1";

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (56 - 8 * i)));
}

bool from_hex(std::string_view hex, unsigned char* out, std::size_t n) {
  if (hex.size() != 2 * n) return false;
  std::size_t bin_len = 0;
  return sodium_hex2bin(out, n, hex.data(), hex.size(), nullptr, &bin_len, nullptr) == 0 &&
         bin_len == n;
}

}  // namespace

std::string checkpoint_message(std::int64_t seq, std::string_view hash_hex, std::int64_t at_us) {
  std::string m = "gemba.audit.checkpoint.v1";
  put_u64(m, static_cast<std::uint64_t>(seq));
  m.append(hash_hex.data(), hash_hex.size());
  put_u64(m, static_cast<std::uint64_t>(at_us));
  return m;
}

CheckpointKey::CheckpointKey() = default;
CheckpointKey::CheckpointKey(CheckpointKey&& o) noexcept
    : public_key_(o.public_key_), secret_key_(o.secret_key_) {
  sodium_memzero(o.secret_key_.data(), o.secret_key_.size());
}
CheckpointKey& CheckpointKey::operator=(CheckpointKey&& o) noexcept {
  public_key_ = o.public_key_;
  secret_key_ = o.secret_key_;
  sodium_memzero(o.secret_key_.data(), o.secret_key_.size());
  return *this;
}
CheckpointKey::~CheckpointKey() { sodium_memzero(secret_key_.data(), secret_key_.size()); }

CheckpointKey CheckpointKey::generate() {
  ensure_sodium();
  CheckpointKey k;
  crypto_sign_keypair(k.public_key_.data(), k.secret_key_.data());
  return k;
}

Result<CheckpointKey> CheckpointKey::load(const std::string& path, bool create) {
  ensure_sodium();
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (!create) {
      return Error::unavailable("the audit key file " + path +
                                " does not exist; checkpoints cannot be verified without it");
    }
    const fs::path p(path);
    if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
    CheckpointKey k = generate();
    const std::string text =
        std::string(kKeyHeader) + "\n" +
        to_hex(std::string_view(reinterpret_cast<const char*>(k.secret_key_.data()),
                                k.secret_key_.size())) +
        "\n";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      return Error::unavailable("cannot create the audit key file " + path + ": " +
                                std::strerror(errno));
    }
    const bool written =
        ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
        ::fsync(fd) == 0;
    ::close(fd);
    if (!written) return Error::unavailable("cannot write the audit key file " + path);
    return k;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Error::unavailable("cannot read the audit key file " + path + ": " +
                              std::strerror(errno));
  }
  if (st.st_mode & (S_IRWXG | S_IRWXO)) {
    return Error::failed_precondition("the audit key file " + path +
                                      " is accessible to group or others; run `chmod 600 " + path +
                                      "`");
  }
  std::ifstream in(path);
  std::string header, hex;
  if (!in) return Error::unavailable("cannot read the audit key file " + path);
  std::getline(in, header);
  std::getline(in, hex);
  CheckpointKey k;
  if (header != kKeyHeader || !from_hex(hex, k.secret_key_.data(), k.secret_key_.size())) {
    sodium_memzero(hex.data(), hex.size());
    return Error::failed_precondition("the audit key file " + path + " is malformed");
  }
  sodium_memzero(hex.data(), hex.size());
  crypto_sign_ed25519_sk_to_pk(k.public_key_.data(), k.secret_key_.data());
  return k;
}

Checkpoint CheckpointKey::sign(std::int64_t seq, std::string_view hash_hex, Timestamp at) const {
  Checkpoint c;
  c.seq = seq;
  c.hash = std::string(hash_hex);
  c.at_us = at.time_since_epoch().count();
  c.at = format_rfc3339(at);
  c.key_id = key_id();
  const std::string m = checkpoint_message(seq, hash_hex, c.at_us);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                       secret_key_.data());
  c.signature = to_hex(std::string_view(reinterpret_cast<const char*>(sig), sizeof sig));
  return c;
}

bool CheckpointKey::verify(const Checkpoint& c) const {
  unsigned char sig[crypto_sign_BYTES];
  if (!from_hex(c.signature, sig, sizeof sig)) return false;
  const std::string m = checkpoint_message(c.seq, c.hash, c.at_us);
  return crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(m.data()),
                                     m.size(), public_key_.data()) == 0;
}

std::string CheckpointKey::key_id() const {
  return to_hex(std::string_view(reinterpret_cast<const char*>(public_key_.data()), 8));
}

}  // namespace gemba::trust
