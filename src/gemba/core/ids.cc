#include "gemba/core/ids.h"

#include <sodium.h>

namespace gemba {

std::string format_uuid(const std::uint8_t b[16]) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
    s.push_back(kHex[b[i] >> 4]);
    s.push_back(kHex[b[i] & 0xf]);
  }
  return s;
}

std::string UuidV7Generator::new_id() {
  static const int sodium_ready = sodium_init();  // idempotent; -1 only if no entropy source
  (void)sodium_ready;
  std::uint8_t b[16];
  randombytes_buf(b, sizeof b);
  std::int64_t ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch())
          .count();
  std::uint32_t counter;
  {
    std::lock_guard lock(mu_);
    if (ms > last_ms_) {
      last_ms_ = ms;
      counter_ = (std::uint32_t(b[6]) << 8 | b[7]) & 0x7ff;  // random start, room to count up
    } else {
      ms = last_ms_;             // never go backwards, even if the clock does
      if (++counter_ > 0xfff) {  // counter exhausted: borrow the next millisecond
        ++last_ms_;
        ms = last_ms_;
        counter_ = 0;
      }
    }
    counter = counter_;
  }
  for (int i = 0; i < 6; ++i) b[i] = std::uint8_t(ms >> (40 - 8 * i));
  b[6] = std::uint8_t(0x70 | ((counter >> 8) & 0x0f));
  b[7] = std::uint8_t(counter & 0xff);
  b[8] = std::uint8_t(0x80 | (b[8] & 0x3f));
  return format_uuid(b);
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

}  // namespace gemba
