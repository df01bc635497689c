#pragma once
// Id generation port. Record ids are UUIDv7 strings (RFC 9562): time-ordered, so indexes stay
// append-friendly and ids sort by creation.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "gemba/core/clock.h"

namespace gemba {

class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  // A new unique id, lower-case canonical form. Thread-safe.
  virtual std::string new_id() = 0;
};

// UUIDv7 from a Clock and a CSPRNG. Within one millisecond the 12-bit rand_a field is a counter
// seeded randomly, so ids issued by one generator are strictly increasing (RFC 9562 §6.2, method
// 1).
class UuidV7Generator final : public IdGenerator {
 public:
  // `clock` must outlive the generator.
  explicit UuidV7Generator(Clock& clock) : clock_(clock) {}
  std::string new_id() override;

 private:
  Clock& clock_;
  std::mutex mu_;
  std::int64_t last_ms_ = -1;  // GUARDED_BY(mu_)
  std::uint32_t counter_ = 0;  // GUARDED_BY(mu_)
};

// True for a canonical lower- or upper-case UUID string (8-4-4-4-12 hex digits).
bool is_uuid(std::string_view s);

// The 16 bytes as canonical text.
std::string format_uuid(const std::uint8_t bytes[16]);

}  // namespace gemba
