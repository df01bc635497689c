#pragma once
// SHA-256 for the audit chain, session tokens and signed content (OpenSSL; uses the CPU's SHA
// instructions where present). Thread-safe: each thread keeps its own digest context.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gemba::trust {

using Digest = std::array<std::uint8_t, 32>;

// SHA-256 over the concatenation of the parts.
Digest sha256(std::string_view a, std::string_view b = {});

// Lower-case hex (64 characters).
std::string to_hex(const Digest& d);
void to_hex(const Digest& d, char out[64]);
std::string to_hex(std::string_view bytes);

// The bytes of 64 hex digits (either case); nullopt otherwise.
std::optional<Digest> digest_from_hex(std::string_view hex);

// sha256(text) as lower-case hex.
std::string sha256_hex(std::string_view text);

// Initialises libsodium once (idempotent, thread-safe). Call before any libsodium function.
void ensure_sodium();

// Constant-time equality of two strings of the same length (false for different lengths,
// which are public).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace gemba::trust
