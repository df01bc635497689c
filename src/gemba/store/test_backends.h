#pragma once
// Test support: runs one suite against both adapters. A BackendTest gets a fresh, empty database
// per test: SQLite in a new temporary directory; PostgreSQL in a new schema of the database named
// by GEMBA_TEST_POSTGRES_URL (dropped afterwards). Without that variable the PostgreSQL cases are
// skipped, or fail when GEMBA_REQUIRE_POSTGRES=1 (CI sets it: a skipped adapter is not a pass).
//
//   class FooTest : public BackendTest {};
//   TEST_P(FooTest, Bar) { ... db() ... }
//   GEMBA_INSTANTIATE_FOR_BACKENDS(FooTest);

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "gemba/core/metrics.h"
#include "gemba/store/database.h"

namespace gemba::store::testing {

enum class Backend { kSqlite, kPostgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  bool is_sqlite() const { return GetParam() == Backend::kSqlite; }
  // The test's database, opened in SetUp with metrics().
  Database& db() { return *db_; }
  Metrics& metrics() { return metrics_; }
  // Another handle on the same database (the caller closes it).
  std::unique_ptr<Database> open_again(DatabaseOptions options);
  // Closes db() and opens it again with `options` (metrics() is filled in if unset).
  void reopen(DatabaseOptions options = {});
  // A path in the test's temporary directory.
  std::string temp_path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  Metrics metrics_;
  std::unique_ptr<Database> db_;
  std::filesystem::path dir_;
  std::string url_;
  std::string admin_url_;  // PostgreSQL: the database holding the test's schema
  std::string schema_;
};

#define GEMBA_INSTANTIATE_FOR_BACKENDS(fixture)                                            \
  INSTANTIATE_TEST_SUITE_P(Backends, fixture,                                              \
                           ::testing::Values(::gemba::store::testing::Backend::kSqlite,    \
                                             ::gemba::store::testing::Backend::kPostgres), \
                           ::gemba::store::testing::backend_name)

}  // namespace gemba::store::testing
