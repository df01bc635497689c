#include "gemba/core/event_bus.h"

#include <gtest/gtest.h>

namespace gemba {
namespace {

using namespace std::chrono;

TEST(EventBus, NumbersStampsAndDeliversInOrder) {
  ManualClock clock(Timestamp(seconds(1'800'000'000)));
  EventBus bus(clock);
  std::vector<std::uint64_t> got;
  auto sub = bus.subscribe([&](const Event& e) { got.push_back(e.seq); });
  EXPECT_EQ(bus.publish({.type = "batch.started"}), 1u);
  clock.advance(seconds(1));
  EXPECT_EQ(bus.publish({.type = "batch.held"}), 2u);
  EXPECT_EQ(got, (std::vector<std::uint64_t>{1, 2}));
  bool complete = false;
  auto after1 = bus.since(1, &complete);
  ASSERT_EQ(after1.size(), 1u);
  EXPECT_TRUE(complete);
  EXPECT_EQ(after1[0].type, "batch.held");
  EXPECT_EQ(after1[0].at, clock.now());
}

TEST(EventBus, UnsubscribesWhenSubscriptionDies) {
  ManualClock clock(Timestamp{});
  EventBus bus(clock);
  int calls = 0;
  {
    auto sub = bus.subscribe([&](const Event&) { ++calls; });
    (void)bus.publish({.type = "a"});
  }
  (void)bus.publish({.type = "b"});
  EXPECT_EQ(calls, 1);
}

TEST(EventBus, HistoryIsBoundedAndReportsGaps) {
  ManualClock clock(Timestamp{});
  EventBus bus(clock, 3);
  for (int i = 0; i < 5; ++i) (void)bus.publish({.type = "x"});
  bool complete = true;
  auto all = bus.since(0, &complete);
  EXPECT_FALSE(complete);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.front().seq, 3u);
  auto recent = bus.since(2, &complete);
  EXPECT_TRUE(complete);
  EXPECT_EQ(recent.size(), 3u);
  EXPECT_EQ(bus.last_seq(), 5u);
}

}  // namespace
}  // namespace gemba
