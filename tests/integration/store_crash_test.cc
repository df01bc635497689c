// Crash safety of the SQLite store under group commit: SIGKILL a process writing from 64
// submitters, 20 times; after each kill every acknowledged unit of work is present (both of its
// rows), and PRAGMA integrity_check says ok.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "gemba/store/database.h"

#ifndef GEMBA_CRASH_WORKER
#error "GEMBA_CRASH_WORKER must name the worker binary"
#endif

namespace {

struct Acked {
  std::set<std::pair<int, long long>> units;
};

// Runs the worker for `run_for`, SIGKILLs it, and returns every unit it acknowledged.
Acked run_and_kill(const std::string& db_path, std::chrono::milliseconds run_for) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execl(GEMBA_CRASH_WORKER, GEMBA_CRASH_WORKER, db_path.c_str(), "64", nullptr);
    _exit(127);
  }
  close(fds[1]);
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + run_for;
  char buf[65536];
  bool killed = false;
  while (true) {
    if (!killed && std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      killed = true;
    }
    fd_set set;
    FD_ZERO(&set);
    FD_SET(fds[0], &set);
    timeval tv{0, 20000};
    if (select(fds[0] + 1, &set, nullptr, nullptr, &tv) > 0) {
      const ssize_t n = read(fds[0], buf, sizeof buf);
      if (n <= 0) break;  // worker gone and pipe drained
      out.append(buf, size_t(n));
    }
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the worker ended on its own (status " << status << "); see its stderr";
  Acked acked;
  std::istringstream in(out);
  int t;
  long long seq;
  while (in >> t >> seq) acked.units.insert({t, seq});
  return acked;
}

TEST(StoreCrash, EveryAcknowledgedUnitSurvivesSigkill) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("gemba-crash-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db_path = (dir / "crash.db").string();
  std::mt19937 rng(20261125);
  std::uniform_int_distribution<int> ms(300, 900);
  std::set<std::pair<int, long long>> all_acked;
  for (int round = 0; round < 20; ++round) {
    Acked acked = run_and_kill(db_path, std::chrono::milliseconds(ms(rng)));
    all_acked.insert(acked.units.begin(), acked.units.end());
    auto db = gemba::store::open_database("sqlite:" + db_path);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    auto check = (*db)->read([&](gemba::store::Tx& tx) -> gemba::Result<void> {
      GEMBA_TRY(integrity, tx.query("PRAGMA integrity_check"));
      EXPECT_EQ(integrity.at(0).text(0), "ok") << "round " << round;
      GEMBA_TRY(rows,
                tx.query("SELECT u.thread, u.seq, COUNT(i.n) FROM unit u LEFT JOIN unit_item "
                         "i ON i.thread = u.thread AND i.seq = u.seq GROUP BY u.thread, u.seq"));
      std::set<std::pair<int, long long>> present;
      for (const auto& r : rows) {
        EXPECT_EQ(r.int64(2), 1) << "unit " << r.int64(0) << "/" << r.int64(1) << " is half-done";
        present.insert({int(r.int64(0)), r.int64(1)});
      }
      size_t missing = 0;
      for (const auto& u : all_acked) missing += present.count(u) ? 0 : 1;
      EXPECT_EQ(missing, 0u) << "round " << round << ": acknowledged units lost";
      GEMBA_TRY(orphans,
                tx.query("SELECT COUNT(*) FROM unit_item i WHERE NOT EXISTS (SELECT 1 FROM "
                         "unit u WHERE u.thread = i.thread AND u.seq = i.seq)"));
      EXPECT_EQ(orphans.at(0).int64(0), 0) << "half-done unit found in round " << round;
      return gemba::ok();
    });
    ASSERT_TRUE(check.ok()) << check.error().to_string();
    (*db)->close();
    ASSERT_FALSE(HasFailure()) << "stopping after round " << round;
  }
  EXPECT_GT(all_acked.size(), 1000u) << "the load was too light to prove anything";
  std::filesystem::remove_all(dir);
}

}  // namespace
