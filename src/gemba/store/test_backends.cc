#include "gemba/store/test_backends.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>

namespace gemba::store::testing {
namespace {

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "gemba-store-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return {};
  return pattern;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

void BackendTest::SetUp() {
  dir_ = make_temp_dir();
  ASSERT_FALSE(dir_.empty()) << "cannot create a temporary directory";
  if (is_sqlite()) {
    url_ = "sqlite:" + temp_path("test.db");
  } else {
    admin_url_ = env("GEMBA_TEST_POSTGRES_URL");
    if (admin_url_.empty()) {
      if (env("GEMBA_REQUIRE_POSTGRES") == "1") {
        FAIL() << "GEMBA_REQUIRE_POSTGRES=1 but GEMBA_TEST_POSTGRES_URL is not set; run the "
                  "tests under scripts/with-postgres";
      }
      GTEST_SKIP() << "PostgreSQL tests skipped: GEMBA_TEST_POSTGRES_URL is not set (run the "
                      "tests under scripts/with-postgres)";
    }
    static std::atomic<int> counter{0};
    schema_ = "gemba_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    auto admin = open_database(admin_url_, {.pool_size = 1});
    ASSERT_TRUE(admin.ok()) << admin.error().to_string();
    auto created =
        (*admin)->write([&](Tx& tx) { return tx.exec_script("CREATE SCHEMA " + schema_); });
    ASSERT_TRUE(created.ok()) << created.error().to_string();
    url_ = admin_url_ + (admin_url_.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema_;
  }
  reopen();
}

void BackendTest::TearDown() {
  if (db_) db_->close();
  db_.reset();
  if (!schema_.empty()) {
    if (auto admin = open_database(admin_url_, {.pool_size = 1}); admin.ok()) {
      auto dropped = (*admin)->write(
          [&](Tx& tx) { return tx.exec_script("DROP SCHEMA " + schema_ + " CASCADE"); });
      EXPECT_TRUE(dropped.ok()) << dropped.error().to_string();
    }
  }
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

std::unique_ptr<Database> BackendTest::open_again(DatabaseOptions options) {
  auto opened = open_database(url_, options);
  EXPECT_TRUE(opened.ok()) << opened.error().to_string();
  return opened.ok() ? std::move(opened).value() : nullptr;
}

void BackendTest::reopen(DatabaseOptions options) {
  if (db_) db_->close();
  db_.reset();
  if (options.metrics == nullptr) options.metrics = &metrics_;
  db_ = open_again(options);
  ASSERT_NE(db_, nullptr);
}

}  // namespace gemba::store::testing
