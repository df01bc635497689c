// Migrations against both adapters, with the store's own test set embedded by
// gemba_embed_migrations (testdata/migrations): apply, re-apply, refusals.

#include <string>
#include <vector>

#include "gemba/store/migrations.h"
#include "gemba/store/test_backends.h"

namespace gemba {
const std::vector<store::Migration>& store_test_migrations();  // generated
}

namespace gemba::store {
namespace {

using testing::BackendTest;

class MigrationsTest : public BackendTest {
 protected:
  const std::vector<Migration>& migrations() const { return store_test_migrations(); }

  Result<Rows> applied_rows() {
    return db().read([](Tx& tx) {
      return tx.query("SELECT id, checksum, applied_at FROM schema_migrations ORDER BY id");
    });
  }
};

TEST(MigrationChecksumTest, IsSha256InLowercaseHex) {
  EXPECT_EQ(migration_checksum(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(migration_checksum("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(EmbeddedMigrationsTest, FollowTheFileConvention) {
  const auto& m = store_test_migrations();
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].id, "store_test/0001_widgets");
  EXPECT_EQ(m[0].sql_sqlite, m[0].sql_postgres) << "a portable file serves both dialects";
  EXPECT_NE(m[0].sql_sqlite.find("-- a '?' and a ; inside a comment"), std::string::npos);
  EXPECT_EQ(m[1].id, "store_test/0002_widget_photos");
  EXPECT_NE(m[1].sql_sqlite.find("AUTOINCREMENT"), std::string::npos);
  EXPECT_NE(m[1].sql_postgres.find("IDENTITY"), std::string::npos);
  EXPECT_EQ(m[2].id, "store_test/0003_widget_colour");
}

TEST_P(MigrationsTest, AppliesInOrderThenNothingOnTheSecondRun) {
  auto pending = pending_migrations(db(), migrations());
  ASSERT_TRUE(pending.ok()) << pending.error().to_string();
  EXPECT_EQ(*pending,
            (std::vector<std::string>{"store_test/0001_widgets", "store_test/0002_widget_photos",
                                      "store_test/0003_widget_colour"}));
  ManualClock clock(Timestamp(std::chrono::seconds(1'800'000'000)));
  auto applied = apply_migrations(db(), migrations(), clock);
  ASSERT_TRUE(applied.ok()) << applied.error().to_string();
  EXPECT_EQ(*applied, 3);

  auto used = db().write([](Tx& tx) -> Result<void> {
    GEMBA_RETURN_IF_ERROR(
        tx.exec("INSERT INTO widget (id, name, created_at, colour) VALUES (?, ?, ?, ?)", "w1",
                "Widget", "2027-01-15T08:00:00Z", "blue"));
    GEMBA_RETURN_IF_ERROR(tx.exec("INSERT INTO widget_photo (widget_id, image) VALUES (?, ?)", "w1",
                                  Blob{0xff, 0xd8}));
    return ok();
  });
  ASSERT_TRUE(used.ok()) << used.error().to_string();

  auto rows = applied_rows();
  ASSERT_TRUE(rows.ok()) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].text(1), migration_checksum(migrations()[0].sql_sqlite));
  EXPECT_EQ((*rows)[0].text(2), "2027-01-15T08:00:00.000000Z");

  auto again = apply_migrations(db(), migrations());
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_EQ(*again, 0);
  pending = pending_migrations(db(), migrations());
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());
}

TEST_P(MigrationsTest, AppliesOnlyTheNewOnes) {
  auto first = std::vector<Migration>(migrations().begin(), migrations().begin() + 1);
  ASSERT_EQ(*apply_migrations(db(), first), 1);
  auto rest = apply_migrations(db(), migrations());
  ASSERT_TRUE(rest.ok()) << rest.error().to_string();
  EXPECT_EQ(*rest, 2);
}

TEST_P(MigrationsTest, RefusesAChangedMigrationNamingIt) {
  ASSERT_TRUE(apply_migrations(db(), migrations()).ok());
  auto changed = migrations();
  changed[0].sql_sqlite += "\n-- edited";
  changed[0].sql_postgres += "\n-- edited";
  auto expect_refusal = [](const Error& e) {
    EXPECT_EQ(e.code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(e.message.find("store_test/0001_widgets was changed"), std::string::npos)
        << e.message;
  };
  auto pending = pending_migrations(db(), changed);
  ASSERT_FALSE(pending.ok());
  expect_refusal(pending.error());
  auto applied = apply_migrations(db(), changed);
  ASSERT_FALSE(applied.ok());
  expect_refusal(applied.error());
}

TEST_P(MigrationsTest, RefusesADatabaseMigratedByANewerBinary) {
  ASSERT_TRUE(apply_migrations(db(), migrations()).ok());
  auto older = std::vector<Migration>(migrations().begin(), migrations().begin() + 2);
  auto pending = pending_migrations(db(), older);
  ASSERT_FALSE(pending.ok());
  EXPECT_EQ(pending.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(pending.error().message.find("store_test/0003_widget_colour"), std::string::npos)
      << pending.error().message;
  auto applied = apply_migrations(db(), older);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(MigrationsTest, AFailingMigrationLeavesNothingOfItself) {
  std::vector<Migration> set = {
      {"t/0001_ok", "CREATE TABLE a (x TEXT);", "CREATE TABLE a (x TEXT);"},
      {"t/0002_half", "CREATE TABLE b (x TEXT); CREATE TABLE a (x TEXT);",
       "CREATE TABLE b (x TEXT); CREATE TABLE a (x TEXT);"},
  };
  auto r = apply_migrations(db(), set);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("t/0002_half"), std::string::npos) << r.error().message;
  auto pending = pending_migrations(db(), set);
  ASSERT_TRUE(pending.ok()) << pending.error().to_string();
  EXPECT_EQ(*pending, std::vector<std::string>{"t/0002_half"});
  auto b = db().read([](Tx& tx) { return tx.query("SELECT COUNT(*) FROM b"); });
  EXPECT_FALSE(b.ok()) << "table b of the failed migration must not exist";
}

TEST_P(MigrationsTest, RefusesDuplicateIds) {
  std::vector<Migration> set = {{"t/0001_a", "", ""}, {"t/0001_a", "", ""}};
  auto r = apply_migrations(db(), set);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

GEMBA_INSTANTIATE_FOR_BACKENDS(MigrationsTest);

}  // namespace
}  // namespace gemba::store
