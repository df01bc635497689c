#include "gemba/core/ids.h"

#include <gtest/gtest.h>

#include <set>

#include "testing/fake_ids.h"

namespace gemba {
namespace {

using namespace std::chrono;

TEST(UuidV7, IsVersion7VariantRfcAndCarriesTheTime) {
  ManualClock clock(Timestamp(milliseconds(0x0190'1234'5678LL)));
  UuidV7Generator gen(clock);
  const std::string id = gen.new_id();
  ASSERT_TRUE(is_uuid(id)) << id;
  EXPECT_EQ(id.substr(0, 8), "01901234");
  EXPECT_EQ(id.substr(9, 4), "5678");
  EXPECT_EQ(id[14], '7');
  EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << id;
}

TEST(UuidV7, StrictlyIncreasingWithinAndAcrossMilliseconds) {
  ManualClock clock(Timestamp(milliseconds(1'700'000'000'000LL)));
  UuidV7Generator gen(clock);
  std::string last = gen.new_id();
  std::set<std::string> seen{last};
  for (int i = 0; i < 20000; ++i) {  // far more than 4096 ids in one millisecond
    if (i % 7000 == 0) clock.advance(milliseconds(1));
    const std::string id = gen.new_id();
    EXPECT_GT(id, last);
    EXPECT_TRUE(seen.insert(id).second);
    last = id;
  }
}

TEST(IsUuid, Table) {
  EXPECT_TRUE(is_uuid("01901234-5678-7abc-8def-0123456789ab"));
  EXPECT_TRUE(is_uuid("01901234-5678-7ABC-8DEF-0123456789AB"));
  EXPECT_FALSE(is_uuid(""));
  EXPECT_FALSE(is_uuid("0190123456787abc8def0123456789ab"));
  EXPECT_FALSE(is_uuid("01901234-5678-7abc-8def-0123456789a"));
  EXPECT_FALSE(is_uuid("01901234-5678-7abc-8def-0123456789ag"));
  EXPECT_FALSE(is_uuid("' OR 1=1 --                         "));
}

TEST(SequentialIdGenerator, IsDeterministic) {
  testing::SequentialIdGenerator gen;
  EXPECT_EQ(gen.new_id(), "00000000-0000-7000-8000-000000000001");
  EXPECT_EQ(gen.new_id(), "00000000-0000-7000-8000-000000000002");
}

}  // namespace
}  // namespace gemba
