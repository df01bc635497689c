#include "gemba/trust/password_hasher.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

namespace gemba::trust {
namespace {

TEST(PasswordHasher, Part11_300_Argon2idHashRecordsItsParameters) {
  PasswordHasher h(Argon2Params::for_tests());
  auto hash = h.hash("tablet-rinse-42");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=", 0), 0u) << *hash;
  EXPECT_TRUE(h.verify(*hash, "tablet-rinse-42"));
  EXPECT_FALSE(h.verify(*hash, "tablet-rinse-43"));
  EXPECT_FALSE(h.verify(*hash, ""));
  // Salted: the same password hashes differently each time.
  EXPECT_NE(*hash, *h.hash("tablet-rinse-42"));
}

TEST(PasswordHasher, Part11_300_RaisedParametersStillVerifyOldHashesAndAskForRehash) {
  PasswordHasher weak(Argon2Params::for_tests());
  auto old_hash = weak.hash("tablet-rinse-42");
  ASSERT_TRUE(old_hash.ok());
  Argon2Params stronger = Argon2Params::for_tests();
  stronger.opslimit += 1;
  PasswordHasher strong(stronger);
  EXPECT_TRUE(strong.verify(*old_hash, "tablet-rinse-42"));
  EXPECT_TRUE(strong.needs_rehash(*old_hash));
  EXPECT_FALSE(weak.needs_rehash(*old_hash));
}

TEST(PasswordHasher, Part11_300d_MalformedOrMissingHashNeverVerifies) {
  PasswordHasher h(Argon2Params::for_tests());
  for (const std::string& bad :
       std::vector<std::string>{"", "x", "$argon2i$v=19$m=8,t=1,p=1$abc$def", "$argon2id$garbage",
                                std::string(1 << 16, 'a')}) {
    EXPECT_FALSE(h.verify(bad, "anything-long-enough")) << bad.substr(0, 30);
  }
}

TEST(PasswordHasher, Part11_300d_UnknownUserCostsAboutAsMuchAsAWrongPassword) {
  // Real parameters (not the test minimum), so the KDF dominates both paths.
  Argon2Params p;
  p.opslimit = 2;
  p.memlimit = 8 * 1024 * 1024;
  PasswordHasher h(p);
  auto hash = h.hash("tablet-rinse-42");
  ASSERT_TRUE(hash.ok());
  // Interleaved, best of several: the machine is shared and noisy.
  auto once = [&](std::string_view stored) {
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_FALSE(h.verify(stored, "wrong-password-1"));
    return std::chrono::steady_clock::now() - t0;
  };
  auto wrong_password = std::chrono::nanoseconds::max();
  auto unknown_user = std::chrono::nanoseconds::max();
  for (int i = 0; i < 9; ++i) {
    wrong_password = std::min<std::chrono::nanoseconds>(wrong_password, once(*hash));
    unknown_user = std::min<std::chrono::nanoseconds>(unknown_user, once(""));
  }
  const double ratio = double(unknown_user.count()) / double(wrong_password.count());
  EXPECT_GT(ratio, 0.5);
  EXPECT_LT(ratio, 2.0);
}

TEST(PasswordHasher, ParameterRangeIsChecked) {
  Argon2Params p;
  EXPECT_TRUE(PasswordHasher::check_params(p).ok());
  p.opslimit = 0;
  EXPECT_FALSE(PasswordHasher::check_params(p).ok());
  p = {};
  p.memlimit = 1;
  EXPECT_FALSE(PasswordHasher::check_params(p).ok());
}

}  // namespace
}  // namespace gemba::trust
