#include "gemba/core/clock.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace gemba {
namespace {

using namespace std::chrono;

TEST(SystemClock, NeverGoesBackwardsAcrossThreads) {
  SystemClock clock;
  std::vector<std::thread> threads;
  std::atomic<bool> backwards{false};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      Timestamp last = clock.now();
      for (int i = 0; i < 20000; ++i) {
        const Timestamp now = clock.now();
        if (now < last) backwards = true;
        last = now;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_FALSE(backwards.load());
}

TEST(SystemClock, IsUtcMicroseconds) {
  SystemClock clock;
  const auto before = time_point_cast<microseconds>(system_clock::now());
  const auto t = clock.now();
  const auto after = time_point_cast<microseconds>(system_clock::now());
  EXPECT_LE(before, t);
  EXPECT_LE(t, after);
}

TEST(ManualClock, MovesOnlyWhenAdvanced) {
  ManualClock clock(Timestamp(seconds(1'800'000'000)));
  const auto t0 = clock.now();
  const auto m0 = clock.monotonic_now();
  EXPECT_EQ(clock.now(), t0);
  clock.advance(minutes(30));
  EXPECT_EQ(clock.now() - t0, minutes(30));
  EXPECT_EQ(clock.monotonic_now() - m0, minutes(30));
  clock.set(t0 + hours(2));
  EXPECT_EQ(clock.now(), t0 + hours(2));
  EXPECT_EQ(clock.monotonic_now() - m0, hours(2));
}

}  // namespace
}  // namespace gemba
