// The Database port's contract, run against both adapters: values round-trip exactly, `?` is a
// placeholder only outside literals and comments, errors map to the same codes.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "gemba/store/database.h"
#include "gemba/store/test_backends.h"

namespace gemba::store {
namespace {

using testing::BackendTest;

class DatabaseTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    auto r = db().write([](Tx& tx) -> Result<void> {
      const std::string blob_type = tx.dialect() == Dialect::kSqlite ? "BLOB" : "BYTEA";
      return tx.exec_script(
          "CREATE TABLE item (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, qty BIGINT, "
          "  weight DOUBLE PRECISION, note TEXT, data " +
          blob_type +
          ", "
          "  CHECK (qty IS NULL OR qty >= -9223372036854775807 - 1));"
          "CREATE TABLE item_event (item_id BIGINT NOT NULL REFERENCES item(id), what TEXT);");
    });
    ASSERT_TRUE(r.ok()) << r.error().to_string();
  }

  Result<std::int64_t> insert(std::int64_t id, const std::string& name) {
    return db().write(
        [&](Tx& tx) { return tx.exec("INSERT INTO item (id, name) VALUES (?, ?)", id, name); });
  }

  Result<Rows> select(const std::string& sql) {
    return db().read([&](Tx& tx) { return tx.query(sql); });
  }
};

TEST_P(DatabaseTest, EveryValueTypeRoundTrips) {
  struct Case {
    std::int64_t id;
    std::optional<std::int64_t> qty;
    std::optional<double> weight;
    std::optional<std::string> note;
    std::optional<Blob> data;
  };
  Blob every_byte;
  for (int b = 0; b < 256; ++b) every_byte.push_back(static_cast<std::uint8_t>(b));
  const Case cases[] = {
      {1, std::numeric_limits<std::int64_t>::max(), 3.25, "plain", Blob{1, 2, 3}},
      {2, std::numeric_limits<std::int64_t>::min(), -0.5, "", Blob{}},
      {3, 0, 1e300, "Größe 🧪 — 試験 ✓", Blob{0, 0, 0}},
      {4, -1, 0.1, "it's \"quoted\" \\ back", every_byte},
      {5, std::nullopt, std::nullopt, std::nullopt, std::nullopt},
  };
  for (const Case& c : cases) {
    auto w = db().write([&](Tx& tx) {
      return tx.exec(
          "INSERT INTO item (id, name, qty, weight, note, data) VALUES (?, ?, ?, ?, ?, ?)", c.id,
          "item-" + std::to_string(c.id), c.qty, c.weight, c.note, c.data);
    });
    ASSERT_TRUE(w.ok()) << w.error().to_string();
    EXPECT_EQ(*w, 1);
  }
  auto rows = select("SELECT id, qty, weight, note, data FROM item ORDER BY id");
  ASSERT_TRUE(rows.ok()) << rows.error().to_string();
  ASSERT_EQ(rows->size(), std::size(cases));
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const Row& row = (*rows)[i];
    const Case& c = cases[i];
    SCOPED_TRACE("id " + std::to_string(c.id));
    EXPECT_EQ(row.int64(0), c.id);
    EXPECT_EQ(row.opt_int64(1), c.qty);
    EXPECT_EQ(row.is_null(2), !c.weight);
    if (c.weight) {
      EXPECT_EQ(row.real(2), *c.weight);
    }
    EXPECT_EQ(row.opt_text(3), c.note);
    EXPECT_EQ(row.is_null(4), !c.data);
    if (c.data) {
      EXPECT_EQ(row.blob(4), *c.data);
    }
  }
}

TEST_P(DatabaseTest, ExpressionsHaveTheSameTypesInBothDialects) {
  auto rows = db().read([](Tx& tx) {
    return tx.query("SELECT COUNT(*), ?, ?, ?, 1.5, CAST(NULL AS TEXT), ?", std::int64_t(7),
                    "seven", 2.5, true);
  });
  ASSERT_TRUE(rows.ok()) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 1u);
  const Row& row = (*rows)[0];
  EXPECT_EQ(std::get<std::int64_t>(row.value(0)), 1);
  EXPECT_EQ(std::get<std::int64_t>(row.value(1)), 7);
  EXPECT_EQ(std::get<std::string>(row.value(2)), "seven");
  EXPECT_EQ(std::get<double>(row.value(3)), 2.5);
  EXPECT_EQ(row.real(4), 1.5);
  EXPECT_TRUE(row.is_null(5));
  EXPECT_EQ(row.text(5), "");
  EXPECT_EQ(row.int64(6), 1);
}

TEST_P(DatabaseTest, QuestionMarksInLiteralsAndCommentsAreNotPlaceholders) {
  auto rows = db().read([](Tx& tx) {
    return tx.query(
        "SELECT '?' AS a, ? AS b, 'it''s ?' AS c, \"x?\".v AS d /* ? */ -- ?\n"
        "FROM (SELECT ? AS v) AS \"x?\" WHERE 'a?' <> ?",
        "one", "two", "three");
  });
  ASSERT_TRUE(rows.ok()) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].text(0), "?");
  EXPECT_EQ((*rows)[0].text(1), "one");
  EXPECT_EQ((*rows)[0].text(2), "it's ?");
  EXPECT_EQ((*rows)[0].text(3), "two");
}

TEST_P(DatabaseTest, WrongNumberOfValuesIsInvalidArgument) {
  auto r =
      db().write([](Tx& tx) { return tx.exec("INSERT INTO item (id, name) VALUES (?, ?)", 1); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << r.error().to_string();
}

TEST_P(DatabaseTest, UniqueAndPrimaryKeyViolationsAreConflicts) {
  ASSERT_TRUE(insert(1, "a").ok());
  auto same_name = insert(2, "a");
  ASSERT_FALSE(same_name.ok());
  EXPECT_EQ(same_name.error().code, ErrorCode::kConflict) << same_name.error().to_string();
  auto same_id = insert(1, "b");
  ASSERT_FALSE(same_id.ok());
  EXPECT_EQ(same_id.error().code, ErrorCode::kConflict) << same_id.error().to_string();
  auto rows = select("SELECT name FROM item");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].text(0), "a");
}

TEST_P(DatabaseTest, OtherConstraintViolationsAreInvalidArgument) {
  auto not_null = db().write([](Tx& tx) { return tx.exec("INSERT INTO item (id) VALUES (1)"); });
  ASSERT_FALSE(not_null.ok());
  EXPECT_EQ(not_null.error().code, ErrorCode::kInvalidArgument) << not_null.error().to_string();
  auto foreign_key = db().write([](Tx& tx) {
    return tx.exec("INSERT INTO item_event (item_id, what) VALUES (?, ?)", 42, "x");
  });
  ASSERT_FALSE(foreign_key.ok()) << "foreign keys must be enforced";
  EXPECT_EQ(foreign_key.error().code, ErrorCode::kInvalidArgument)
      << foreign_key.error().to_string();
}

TEST_P(DatabaseTest, ExecReturnsRowsChangedAndWriteReturnsTheClosuresValue) {
  ASSERT_TRUE(insert(1, "a").ok());
  ASSERT_TRUE(insert(2, "b").ok());
  auto changed = db().write([](Tx& tx) { return tx.exec("UPDATE item SET qty = ?", 5); });
  ASSERT_TRUE(changed.ok()) << changed.error().to_string();
  EXPECT_EQ(*changed, 2);
  auto name = db().read([](Tx& tx) -> Result<std::string> {
    GEMBA_TRY(rows, tx.query("SELECT name FROM item WHERE id = ?", 2));
    if (rows.empty()) return Error::not_found("no item 2");
    return rows[0].text(0);
  });
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, "b");
}

TEST_P(DatabaseTest, ClosureErrorRollsBackEverythingTheUnitDid) {
  auto r = db().write([](Tx& tx) -> Result<void> {
    GEMBA_RETURN_IF_ERROR(tx.exec("INSERT INTO item (id, name) VALUES (?, ?)", 1, "a"));
    return Error::failed_precondition("changed my mind");
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(r.error().message, "changed my mind");
  auto rows = select("SELECT id FROM item");
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

TEST_P(DatabaseTest, ExceptionInClosureIsInternalAndRolledBack) {
  auto r = db().write([](Tx& tx) -> Result<void> {
    GEMBA_RETURN_IF_ERROR(tx.exec("INSERT INTO item (id, name) VALUES (?, ?)", 1, "a"));
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_NE(r.error().message.find("boom"), std::string::npos);
  auto rows = select("SELECT id FROM item");
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
  EXPECT_TRUE(insert(1, "a").ok()) << "the database still works";
}

TEST_P(DatabaseTest, ReadUnitsCannotWrite) {
  auto r = db().read([](Tx& tx) { return tx.exec("INSERT INTO item (id, name) VALUES (1, 'a')"); });
  EXPECT_FALSE(r.ok());
  auto rows = select("SELECT id FROM item");
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

TEST_P(DatabaseTest, ExecScriptRunsSeveralStatements) {
  auto r = db().write([](Tx& tx) {
    return tx.exec_script(
        "INSERT INTO item (id, name) VALUES (1, 'a; not the end');\n"
        "INSERT INTO item (id, name) VALUES (2, 'b'); -- comment ;\n");
  });
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  auto rows = select("SELECT name FROM item ORDER BY id");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].text(0), "a; not the end");
}

TEST_P(DatabaseTest, BackupCopiesTheDatabaseOnSqliteAndIsRefusedOnPostgres) {
  ASSERT_TRUE(insert(1, "a").ok());
  auto r = db().backup_to(temp_path("backup.db"));
  if (!is_sqlite()) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(r.error().message.find("pg_dump"), std::string::npos) << r.error().message;
    return;
  }
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  auto copy = open_database(temp_path("backup.db"));
  ASSERT_TRUE(copy.ok()) << copy.error().to_string();
  auto rows = (*copy)->read([](Tx& tx) { return tx.query("SELECT id, name FROM item"); });
  ASSERT_TRUE(rows.ok()) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].text(1), "a");
}

TEST_P(DatabaseTest, KindAndDialectNameTheAdapter) {
  EXPECT_EQ(db().kind(), is_sqlite() ? "sqlite" : "postgres");
  EXPECT_EQ(db().dialect(), is_sqlite() ? Dialect::kSqlite : Dialect::kPostgres);
}

TEST_P(DatabaseTest, ClosedDatabaseRefusesUnitsAsUnavailable) {
  db().close();
  db().close();  // idempotent
  auto w = insert(1, "a");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().code, ErrorCode::kUnavailable);
  auto r = select("SELECT 1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
}

// PostgreSQL's pool: a connection the server dropped is replaced without the caller noticing.
class PostgresPoolTest : public DatabaseTest {};

TEST_P(PostgresPoolTest, ReplacesAConnectionTheServerClosed) {
  reopen({.pool_size = 1});
  auto pid = db().read([](Tx& tx) { return tx.query("SELECT pg_backend_pid()"); });
  ASSERT_TRUE(pid.ok()) << pid.error().to_string();
  auto other = open_again({.pool_size = 1});
  ASSERT_NE(other, nullptr);
  auto killed = other->read([&](Tx& tx) {
    return tx.query("SELECT pg_terminate_backend(CAST(? AS INTEGER), 5000)", (*pid)[0].int64(0));
  });
  ASSERT_TRUE(killed.ok()) << killed.error().to_string();
  other->close();

  EXPECT_TRUE(insert(1, "after the restart").ok());
  auto again = db().read([](Tx& tx) { return tx.query("SELECT pg_backend_pid()"); });
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_NE((*again)[0].int64(0), (*pid)[0].int64(0));
}

GEMBA_INSTANTIATE_FOR_BACKENDS(DatabaseTest);
INSTANTIATE_TEST_SUITE_P(Backends, PostgresPoolTest, ::testing::Values(testing::Backend::kPostgres),
                         testing::backend_name);

}  // namespace
}  // namespace gemba::store
