#pragma once
// The Idempotency-Key store (http/idempotency.h) in the database: claims are committed before the
// handler runs, responses after; rows are kept for `keep` (24 h) and deleted when a later claim
// finds them expired. Claims made before this process started, or older than
// `interrupted_after`, can no longer be running: their retries are told they were interrupted.
// Keys are per caller (the user id). Thread-safe.

#include <atomic>

#include "gemba/core/clock.h"
#include "gemba/http/idempotency.h"
#include "gemba/store/database.h"

namespace gemba::trust {

struct IdempotencyOptions {
  Duration keep = std::chrono::hours(24);
  Duration interrupted_after = std::chrono::minutes(5);
};

class SqlIdempotencyStore final : public http::IdempotencyStore {
 public:
  // REQUIRES: trust migrations applied.
  SqlIdempotencyStore(store::Database& db, Clock& clock, IdempotencyOptions options = {});

  Result<http::Claim> claim(const http::IdempotentRequest& r) override;
  Result<void> finish(const http::IdempotentRequest& r, const http::Response& response) override;
  Result<void> release(const http::IdempotentRequest& r) override;

 private:
  store::Database& db_;
  Clock& clock_;
  const IdempotencyOptions options_;
  const std::int64_t started_at_us_;
  std::atomic<std::int64_t> last_purge_us_{0};
};

}  // namespace gemba::trust
