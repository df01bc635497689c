#include "gemba/http/idempotency.h"

namespace gemba::http {

Result<void> check_idempotency_key(std::string_view key) {
  bool visible = !key.empty() && key.size() <= kMaxIdempotencyKeyLength;
  for (char c : key) visible = visible && c > 0x20 && c < 0x7f;
  if (!visible) {
    return Error::invalid_argument("the Idempotency-Key header must be 1 to " +
                                       std::to_string(kMaxIdempotencyKeyLength) +
                                       " visible ASCII characters (a UUID is a good key)",
                                   {{"field", "Idempotency-Key"}});
  }
  return ok();
}

}  // namespace gemba::http
