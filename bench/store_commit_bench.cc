// Durable units of work per second through the store on SQLite (synchronous=FULL):
// naive (one commit per unit) vs group commit, at 1, 16 and 64 concurrent submitters, with the raw
// fsync rate of the same disk measured in the same run as the baseline.
//
//   store_commit_bench [--dir DIR] [--seconds S]
//
// Each unit inserts one row (an id and 200 bytes) and is acknowledged only after its commit.

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "gemba/store/database.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// fdatasync()s per second of 4 KiB writes to one file: what the disk can make durable.
double raw_fsync_rate(const std::filesystem::path& dir, double seconds) {
  const auto path = dir / "fsync.bin";
  const int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  if (fd < 0) return 0;
  char block[4096];
  std::memset(block, 'g', sizeof block);
  long n = 0;
  const auto start = Clock::now();
  while (seconds_since(start) < seconds) {
    if (::pwrite(fd, block, sizeof block, (n % 256) * 4096) != sizeof block) break;
    ::fdatasync(fd);
    ++n;
  }
  const double rate = n / seconds_since(start);
  ::close(fd);
  std::filesystem::remove(path);
  return rate;
}

struct Outcome {
  double units_per_second = 0;
  long units = 0;
};

Outcome run(const std::filesystem::path& dir, bool group, int submitters, double seconds) {
  const auto path =
      dir / (std::string(group ? "group" : "naive") + std::to_string(submitters) + ".db");
  std::filesystem::remove(path);
  gemba::store::DatabaseOptions options;
  options.max_group_size = group ? 256 : 1;
  auto db = gemba::store::open_database("sqlite:" + path.string(), options);
  if (!db.ok()) {
    std::fprintf(stderr, "open: %s\n", db.error().to_string().c_str());
    std::exit(1);
  }
  auto schema = (*db)->write([](gemba::store::Tx& tx) {
    return tx.exec_script("CREATE TABLE unit (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
  });
  if (!schema.ok()) std::exit(1);
  std::atomic<long> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  const std::string payload(200, 'p');
  const auto start = Clock::now();
  for (int t = 0; t < submitters; ++t) {
    threads.emplace_back([&] {
      while (!stop.load(std::memory_order_relaxed)) {
        auto r = (*db)->write([&](gemba::store::Tx& tx) -> gemba::Result<void> {
          GEMBA_RETURN_IF_ERROR(tx.exec("INSERT INTO unit (payload) VALUES (?)", payload));
          return gemba::ok();
        });
        if (!r.ok()) {
          std::fprintf(stderr, "write: %s\n", r.error().to_string().c_str());
          std::exit(1);
        }
        done.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double elapsed = seconds_since(start);
  (*db)->close();
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
  return {done.load() / elapsed, done.load()};
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir = "var/bench";
  double seconds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::atof(argv[i + 1]);
  }
  std::filesystem::create_directories(dir);
  const double fsync_rate = raw_fsync_rate(dir, seconds);
  std::printf("## store_commit_bench (SQLite, WAL, synchronous=FULL, %.0f s per row)\n\n", seconds);
  std::printf("raw fdatasync rate of the disk (baseline): %.0f /s\n\n", fsync_rate);
  std::printf(
      "| submitters | naive units/s | group units/s | group / naive | group / raw fsync |\n");
  std::printf("|---:|---:|---:|---:|---:|\n");
  double ratio64 = 0;
  for (int submitters : {1, 16, 64}) {
    const Outcome naive = run(dir, false, submitters, seconds);
    const Outcome group = run(dir, true, submitters, seconds);
    const double ratio = group.units_per_second / naive.units_per_second;
    if (submitters == 64) ratio64 = ratio;
    std::printf("| %d | %.0f | %.0f | %.1fx | %.1fx |\n", submitters, naive.units_per_second,
                group.units_per_second, ratio, group.units_per_second / fsync_rate);
    std::fflush(stdout);
  }
  std::printf("\ntarget: group commit >= 5x naive at 64 submitters: %s (%.1fx)\n",
              ratio64 >= 5 ? "met" : "NOT met", ratio64);
  return 0;
}
