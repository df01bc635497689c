#pragma once
// Clock port. Wall time for records (UTC, microseconds), monotonic time for durations; never mix
// them. Every record timestamp in Gemba comes from a Clock, never from a client.

#include <atomic>
#include <chrono>
#include <mutex>

namespace gemba {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;
using Duration = std::chrono::microseconds;
using MonotonicTime = std::chrono::steady_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  // UTC wall time for records. Implementations promise a value never earlier than one they
  // returned before. Thread-safe.
  virtual Timestamp now() = 0;
  // For measuring durations only. Thread-safe.
  virtual MonotonicTime monotonic_now() = 0;
};

// The system clock, truncated to microseconds, clamped so it never goes backwards even if the OS
// clock is stepped back (NTP): it then repeats the last value until real time catches up.
class SystemClock final : public Clock {
 public:
  Timestamp now() override;
  MonotonicTime monotonic_now() override { return std::chrono::steady_clock::now(); }

 private:
  std::atomic<std::int64_t> last_us_{0};
};

// A clock for tests: starts where it is told and moves only when advanced. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start);
  Timestamp now() override;
  MonotonicTime monotonic_now() override;
  void advance(Duration d);
  // REQUIRES: t >= now() (a ManualClock keeps the never-backwards promise too).
  void set(Timestamp t);

 private:
  std::mutex mu_;
  Timestamp now_;            // GUARDED_BY(mu_)
  MonotonicTime monotonic_;  // GUARDED_BY(mu_)
};

}  // namespace gemba
