// Concurrency contract, run against both adapters: many concurrent writers, some failing on
// purpose (on SQLite they share group transactions), snapshots, close() draining the queue,
// online backup while writing.

#include <atomic>
#include <chrono>
#include <latch>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "gemba/store/database.h"
#include "gemba/store/test_backends.h"

namespace gemba::store {
namespace {

using testing::BackendTest;

// The value of one sample line of the Prometheus rendering ("name{labels} value"), or -1.
double metric(const Metrics& metrics, const std::string& sample) {
  std::istringstream text(metrics.render_prometheus());
  std::string line;
  while (std::getline(text, line)) {
    if (line.starts_with(sample + " ")) return std::stod(line.substr(sample.size() + 1));
  }
  return -1;
}

class GroupCommitTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    auto r = db().write([](Tx& tx) {
      return tx.exec_script("CREATE TABLE entry (id BIGINT PRIMARY KEY, who TEXT)");
    });
    ASSERT_TRUE(r.ok()) << r.error().to_string();
  }

  std::set<std::int64_t> ids(Database& database) {
    std::set<std::int64_t> out;
    auto rows = database.read([](Tx& tx) { return tx.query("SELECT id FROM entry"); });
    EXPECT_TRUE(rows.ok()) << rows.error().to_string();
    if (rows.ok()) {
      for (const Row& row : *rows) out.insert(row.int64(0));
    }
    return out;
  }

  Result<std::int64_t> insert(std::int64_t id) {
    return db().write([&](Tx& tx) { return tx.exec("INSERT INTO entry (id) VALUES (?)", id); });
  }
};

enum class Fate { kCommits, kReturnsError, kThrows, kViolatesUniqueKey };

Fate fate_of(int i) {
  if (i % 4 == 1) return Fate::kReturnsError;
  if (i % 8 == 2) return Fate::kThrows;
  if (i % 8 == 3) return Fate::kViolatesUniqueKey;
  return Fate::kCommits;
}

TEST_P(GroupCommitTest, ConcurrentUnitsSucceedOrFailIndependently) {
  constexpr int kWriters = 64;
  std::latch start(kWriters);
  std::vector<std::optional<Result<void>>> results(kWriters);
  std::vector<std::atomic<int>> hook_runs(kWriters);
  std::vector<int> hook_runs_when_returned(kWriters, -1);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      results[i] = db().write([&](Tx& tx) -> Result<void> {
        tx.on_commit([&hook_runs, i] { ++hook_runs[i]; });
        GEMBA_RETURN_IF_ERROR(tx.exec("INSERT INTO entry (id, who) VALUES (?, ?)", i, "w"));
        if (i == 0)
          std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let a queue form
        switch (fate_of(i)) {
          case Fate::kReturnsError: return Error::failed_precondition("fails on purpose");
          case Fate::kThrows: throw std::runtime_error("throws on purpose");
          case Fate::kViolatesUniqueKey:
            GEMBA_RETURN_IF_ERROR(tx.exec("INSERT INTO entry (id, who) VALUES (?, ?)", i, "again"));
            return Error::internal("unreachable: the duplicate was accepted");
          case Fate::kCommits: return ok();
        }
        return ok();
      });
      hook_runs_when_returned[i] = hook_runs[i].load();
    });
  }
  for (auto& t : threads) t.join();

  std::set<std::int64_t> committed;
  for (int i = 0; i < kWriters; ++i) {
    SCOPED_TRACE("writer " + std::to_string(i));
    ASSERT_TRUE(results[i].has_value());
    const Result<void>& r = *results[i];
    switch (fate_of(i)) {
      case Fate::kCommits:
        EXPECT_TRUE(r.ok()) << r.error().to_string();
        committed.insert(i);
        break;
      case Fate::kReturnsError:
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
        break;
      case Fate::kThrows:
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kInternal);
        break;
      case Fate::kViolatesUniqueKey:
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kConflict) << r.error().to_string();
        break;
    }
    EXPECT_EQ(hook_runs_when_returned[i], r.ok() ? 1 : 0)
        << "hooks run once, before write() returns, only on commit";
  }
  EXPECT_EQ(ids(db()), committed);

  const double units = double(kWriters) + 1;  // + the CREATE TABLE
  EXPECT_EQ(metric(metrics(), "gemba_store_units_total{result=\"ok\"}"), committed.size() + 1);
  EXPECT_EQ(metric(metrics(), "gemba_store_units_total{result=\"error\"}"),
            kWriters - committed.size());
  if (is_sqlite()) {
    const double transactions = metric(metrics(), "gemba_store_group_size_count");
    EXPECT_EQ(metric(metrics(), "gemba_store_group_size_sum"), units);
    EXPECT_LE(transactions, units / 2) << "concurrent units should share transactions";
    EXPECT_EQ(metric(metrics(), "gemba_store_commit_seconds_count"), transactions);
  }
}

TEST_P(GroupCommitTest, GroupSizeOneCommitsEveryUnitAlone) {
  reopen({.max_group_size = 1});
  constexpr int kWriters = 16;
  std::latch start(kWriters);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      if (!insert(i).ok()) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(ids(db()).size(), std::size_t(kWriters));
  if (is_sqlite()) {
    // (+1: the CREATE TABLE before the reopen, same registry)
    EXPECT_EQ(metric(metrics(), "gemba_store_group_size_count"), kWriters + 1);
    EXPECT_EQ(metric(metrics(), "gemba_store_group_size_sum"), kWriters + 1);
  }
}

TEST_P(GroupCommitTest, OnCommitHooksRunInRegistrationOrderOnlyForCommittedUnits) {
  std::vector<int> order;
  auto committed = db().write([&](Tx& tx) -> Result<void> {
    tx.on_commit([&] { order.push_back(1); });
    tx.on_commit([&] { order.push_back(2); });
    return tx.exec("INSERT INTO entry (id) VALUES (1)").ok() ? ok() : Error::internal("insert");
  });
  ASSERT_TRUE(committed.ok()) << committed.error().to_string();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));

  auto failed = db().write([&](Tx& tx) -> Result<void> {
    tx.on_commit([&] { order.push_back(3); });
    return tx.exec("INSERT INTO entry (id) VALUES (1)").ok() ? ok() : Error::conflict("dup");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST_P(GroupCommitTest, ReadUnitSeesOneSnapshotWhileWritesCommit) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(insert(i).ok());
  std::int64_t before = -1, after = -1;
  Result<std::int64_t> concurrent_write = Error::internal("not run");
  auto r = db().read([&](Tx& tx) -> Result<void> {
    GEMBA_TRY(first, tx.query("SELECT COUNT(*) FROM entry"));
    before = first[0].int64(0);
    std::thread writer([&] { concurrent_write = insert(100); });
    writer.join();  // committed durably while this unit reads
    GEMBA_TRY(second, tx.query("SELECT COUNT(*) FROM entry"));
    after = second[0].int64(0);
    return ok();
  });
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_TRUE(concurrent_write.ok()) << concurrent_write.error().to_string();
  EXPECT_EQ(before, 10);
  EXPECT_EQ(after, 10);
  EXPECT_EQ(ids(db()).size(), 11u);
}

TEST_P(GroupCommitTest, CloseFinishesQueuedUnitsAndRefusesLaterOnes) {
  constexpr int kWriters = 24;
  std::latch start(kWriters + 1);
  std::vector<std::optional<Result<std::int64_t>>> results(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      if (i % 2) std::this_thread::sleep_for(std::chrono::milliseconds(5 * i));
      results[i] = insert(i);
    });
  }
  start.arrive_and_wait();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  db().close();
  for (auto& t : threads) t.join();

  std::set<std::int64_t> acknowledged;
  for (int i = 0; i < kWriters; ++i) {
    const auto& r = *results[i];
    if (r.ok()) {
      acknowledged.insert(i);
    } else {
      EXPECT_EQ(r.error().code, ErrorCode::kUnavailable) << r.error().to_string();
    }
  }
  reopen();
  EXPECT_EQ(ids(db()), acknowledged) << "exactly the acknowledged units are durable";
  EXPECT_FALSE(acknowledged.empty());
  EXPECT_LT(acknowledged.size(), std::size_t(kWriters)) << "late writers must be refused";
}

// backup_to is SQLite's alone (PostgreSQL refuses it: DatabaseTest).
class SqliteBackupTest : public GroupCommitTest {};

TEST_P(SqliteBackupTest, BackupWhileWritingIsAConsistentCopy) {
  // Some megabytes, so that the copy takes a while.
  auto seeded = db().write([](Tx& tx) -> Result<void> {
    for (int i = 1; i <= 400; ++i) {
      GEMBA_RETURN_IF_ERROR(
          tx.exec("INSERT INTO entry (id, who) VALUES (?, ?)", i, std::string(8192, 'x')));
    }
    return ok();
  });
  ASSERT_TRUE(seeded.ok()) << seeded.error().to_string();
  std::atomic<bool> stop{false};
  std::atomic<int> units{0};
  std::thread writer([&] {
    for (int i = 201; !stop; ++i) {
      // Each unit inserts a pair: a consistent copy never holds half of one.
      auto r = db().write([&](Tx& tx) -> Result<void> {
        GEMBA_RETURN_IF_ERROR(tx.exec("INSERT INTO entry (id) VALUES (?)", i * 2));
        GEMBA_RETURN_IF_ERROR(tx.exec("INSERT INTO entry (id) VALUES (?)", i * 2 + 1));
        return ok();
      });
      ASSERT_TRUE(r.ok()) << r.error().to_string();
      ++units;
    }
  });
  auto wait_for_units = [&](int n) {
    while (units < n) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  };
  wait_for_units(10);
  auto backup = db().backup_to(temp_path("copy.db"));
  wait_for_units(units + 10);
  stop = true;
  writer.join();
  ASSERT_TRUE(backup.ok()) << backup.error().to_string();

  auto copy = open_database("sqlite:" + temp_path("copy.db"));
  ASSERT_TRUE(copy.ok()) << copy.error().to_string();
  const std::set<std::int64_t> copied = ids(**copy), live = ids(db());
  EXPECT_TRUE(copied.contains(1) && copied.contains(400));
  EXPECT_GE(copied.size(), 400u + 2 * 10);
  EXPECT_LT(copied.size(), live.size()) << "writes continued after the copy";
  for (std::int64_t id : copied) {
    EXPECT_TRUE(live.contains(id));
    if (id > 400) {
      EXPECT_TRUE(copied.contains(id ^ 1)) << "half of unit " << id / 2;
    }
  }
}

GEMBA_INSTANTIATE_FOR_BACKENDS(GroupCommitTest);
INSTANTIATE_TEST_SUITE_P(Backends, SqliteBackupTest, ::testing::Values(testing::Backend::kSqlite),
                         testing::backend_name);

}  // namespace
}  // namespace gemba::store
