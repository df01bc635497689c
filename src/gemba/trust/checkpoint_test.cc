#include "gemba/trust/checkpoint.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace gemba::trust {
namespace {

const Timestamp kT{std::chrono::seconds(1'790'000'000)};
const std::string kHash(64, 'a');

class CheckpointKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("gemba-ckpt-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(CheckpointKeyTest, Part11_10c_KeyFileIsCreated0600AndReloads) {
  const auto path = (dir_ / "var" / "gemba-audit.key").string();
  auto created = CheckpointKey::load(path, true);
  ASSERT_TRUE(created.ok()) << created.error().to_string();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto again = CheckpointKey::load(path, false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(created->key_id(), again->key_id());
  EXPECT_TRUE(again->verify(created->sign(7, kHash, kT)));
}

TEST_F(CheckpointKeyTest, BadKeyFilesTable) {
  std::filesystem::create_directories(dir_);
  EXPECT_EQ(CheckpointKey::load((dir_ / "missing").string(), false).error().code,
            ErrorCode::kUnavailable);
  const auto garbage = (dir_ / "garbage").string();
  std::ofstream(garbage) << "not a key\n";
  ::chmod(garbage.c_str(), 0600);
  EXPECT_EQ(CheckpointKey::load(garbage, false).error().code, ErrorCode::kFailedPrecondition);
  const auto open = (dir_ / "open").string();
  ASSERT_TRUE(CheckpointKey::load(open, true).ok());
  ::chmod(open.c_str(), 0644);
  auto r = CheckpointKey::load(open, false);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("chmod 600"), std::string::npos);
}

TEST(Checkpoint, Part11_10e_ForgedOrAlteredCheckpointsFailVerification) {
  const auto key = CheckpointKey::generate();
  const auto other = CheckpointKey::generate();
  const Checkpoint good = key.sign(42, kHash, kT);
  EXPECT_TRUE(key.verify(good));
  EXPECT_FALSE(other.verify(good));
  struct Case {
    const char* what;
    void (*tamper)(Checkpoint&);
  } cases[] = {
      {"seq", [](Checkpoint& c) { c.seq += 1; }},
      {"hash", [](Checkpoint& c) { c.hash[3] = 'b'; }},
      {"time", [](Checkpoint& c) { c.at_us -= 1; }},
      {"signature", [](Checkpoint& c) { c.signature[0] = c.signature[0] == '0' ? '1' : '0'; }},
      {"short signature", [](Checkpoint& c) { c.signature.resize(10); }},
  };
  for (const auto& c : cases) {
    Checkpoint t = good;
    c.tamper(t);
    EXPECT_FALSE(key.verify(t)) << c.what;
  }
}

}  // namespace
}  // namespace gemba::trust
