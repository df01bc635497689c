// store_crash_worker DB_PATH SUBMITTERS: writes units of work from SUBMITTERS threads into a SQLite
// database forever, printing "thread seq" on stdout for each one only after write() acknowledged
// it (i.e. after it was durable). store_crash_test kills this process with SIGKILL and checks that
// every acknowledged unit survived.

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "gemba/store/database.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: store_crash_worker DB_PATH SUBMITTERS\n");
    return 2;
  }
  auto db = gemba::store::open_database(std::string("sqlite:") + argv[1]);
  if (!db.ok()) {
    std::fprintf(stderr, "open: %s\n", db.error().to_string().c_str());
    return 1;
  }
  auto created = (*db)->write([](gemba::store::Tx& tx) -> gemba::Result<void> {
    return tx.exec_script(
        "CREATE TABLE IF NOT EXISTS unit (thread INTEGER NOT NULL, seq INTEGER NOT NULL, "
        "payload TEXT NOT NULL, PRIMARY KEY (thread, seq));"
        "CREATE TABLE IF NOT EXISTS unit_item (thread INTEGER NOT NULL, seq INTEGER NOT NULL, "
        "n INTEGER NOT NULL);");
  });
  if (!created.ok()) {
    std::fprintf(stderr, "schema: %s\n", created.error().to_string().c_str());
    return 1;
  }
  // Resume numbering after earlier runs so (thread, seq) stays unique.
  auto start = (*db)->read([](gemba::store::Tx& tx) -> gemba::Result<std::int64_t> {
    GEMBA_TRY(rows, tx.query("SELECT COALESCE(MAX(seq), 0) FROM unit"));
    return rows.at(0).int64(0);
  });
  if (!start.ok()) return 1;

  const int submitters = std::atoi(argv[2]);
  std::vector<std::thread> threads;
  for (int t = 0; t < submitters; ++t) {
    threads.emplace_back([&, t] {
      for (std::int64_t seq = *start + 1;; ++seq) {
        // Two statements per unit: a unit must never be found half-done.
        auto r = (*db)->write([&](gemba::store::Tx& tx) -> gemba::Result<void> {
          GEMBA_RETURN_IF_ERROR(tx.exec("INSERT INTO unit (thread, seq, payload) VALUES (?, ?, ?)",
                                        t, seq, std::string(64, 'x')));
          GEMBA_RETURN_IF_ERROR(
              tx.exec("INSERT INTO unit_item (thread, seq, n) VALUES (?, ?, ?)", t, seq, seq * 2));
          return gemba::ok();
        });
        if (!r.ok()) {
          std::fprintf(stderr, "write: %s\n", r.error().to_string().c_str());
          std::_Exit(1);
        }
        char line[64];
        const int n = std::snprintf(line, sizeof line, "%d %lld\n", t, static_cast<long long>(seq));
        if (::write(STDOUT_FILENO, line, size_t(n)) != n) std::_Exit(1);
      }
    });
  }
  for (auto& th : threads) th.join();
}
