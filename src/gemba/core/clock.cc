#include "gemba/core/clock.h"

#include <cassert>

namespace gemba {

Timestamp SystemClock::now() {
  using namespace std::chrono;
  const std::int64_t t =
      time_point_cast<microseconds>(system_clock::now()).time_since_epoch().count();
  std::int64_t last = last_us_.load(std::memory_order_relaxed);
  while (true) {
    const std::int64_t issued = t > last ? t : last;
    if (issued == last || last_us_.compare_exchange_weak(last, issued, std::memory_order_relaxed)) {
      return Timestamp(microseconds(issued));
    }
  }
}

ManualClock::ManualClock(Timestamp start)
    : now_(start), monotonic_(std::chrono::steady_clock::time_point{}) {}

Timestamp ManualClock::now() {
  std::lock_guard lock(mu_);
  return now_;
}

MonotonicTime ManualClock::monotonic_now() {
  std::lock_guard lock(mu_);
  return monotonic_;
}

void ManualClock::advance(Duration d) {
  assert(d.count() >= 0);
  std::lock_guard lock(mu_);
  now_ += d;
  monotonic_ += d;
}

void ManualClock::set(Timestamp t) {
  std::lock_guard lock(mu_);
  assert(t >= now_);
  monotonic_ += (t - now_);
  now_ = t;
}

}  // namespace gemba
