#include <gtest/gtest.h>

#include <filesystem>

#include "gemba/store/database.h"

namespace gemba::store {
namespace {

class OpenDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("gemba-open-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(OpenDatabaseTest, OpensSqliteByUrlOrPlainPath) {
  for (const std::string& url : {"sqlite:" + (dir_ / "a.db").string(), (dir_ / "b.db").string(),
                                 "sqlite://" + (dir_ / "c.db").string()}) {
    auto db = open_database(url);
    ASSERT_TRUE(db.ok()) << url << ": " << db.error().to_string();
    EXPECT_EQ((*db)->kind(), "sqlite");
    auto mode = (*db)->read([](Tx& tx) { return tx.query("PRAGMA journal_mode"); });
    ASSERT_TRUE(mode.ok());
    EXPECT_EQ((*mode)[0].text(0), "wal");
    auto settings = (*db)->write([](Tx& tx) -> Result<std::pair<std::int64_t, std::int64_t>> {
      GEMBA_TRY(sync, tx.query("PRAGMA synchronous"));
      GEMBA_TRY(fk, tx.query("PRAGMA foreign_keys"));
      return std::pair{sync[0].int64(0), fk[0].int64(0)};
    });
    ASSERT_TRUE(settings.ok());
    EXPECT_EQ(settings->first, 2) << "synchronous=FULL";
    EXPECT_EQ(settings->second, 1) << "foreign_keys=ON";
  }
  EXPECT_TRUE(std::filesystem::exists(dir_ / "c.db"));
}

TEST_F(OpenDatabaseTest, RefusesWhatItCannotOpen) {
  struct Case {
    std::string url;
    ErrorCode code;
  };
  const Case cases[] = {
      {"", ErrorCode::kInvalidArgument},
      {"sqlite:", ErrorCode::kInvalidArgument},
      {"sqlite::memory:", ErrorCode::kInvalidArgument},
      {"mysql://root:secret@localhost/db", ErrorCode::kInvalidArgument},
      {"sqlite:" + (dir_ / "missing" / "dir" / "x.db").string(), ErrorCode::kUnavailable},
      {"postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", ErrorCode::kUnavailable},
  };
  for (const Case& c : cases) {
    auto db = open_database(c.url);
    ASSERT_FALSE(db.ok()) << c.url;
    EXPECT_EQ(db.error().code, c.code) << c.url << ": " << db.error().to_string();
    EXPECT_EQ(db.error().message.find("secret"), std::string::npos) << "no password in errors";
  }
}

}  // namespace
}  // namespace gemba::store
