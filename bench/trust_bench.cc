// The trust core's costs, each next to a baseline measured in the same run:
//   1. audit append throughput inside group-committed units of work (SQLite, synchronous=FULL),
//      against the same units writing a row of the same size without an audit entry;
//   2. chain verification in entries/s, against raw SHA-256 over the same bytes
//      (target: >= 1M entries/s and >= 50% of the raw hashing rate), plus the end-to-end
//      `audit verify` rate reading from SQLite;
//   3. an e-signature's cost split into the Argon2id KDF and everything else (password check
//      bookkeeping, signature and audit rows, the durable commit)
//      (target: everything but the KDF <= 20% of a signature's time).
//
//   trust_bench [--dir DIR] [--seconds S] [--entries N]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/event_bus.h"
#include "gemba/core/ids.h"
#include "gemba/store/database.h"
#include "gemba/store/migrations.h"
#include "gemba/trust/audit_entry.h"
#include "gemba/trust/migrations.h"
#include "gemba/trust/sha256.h"
#include "gemba/trust/trust.h"

namespace {

using namespace gemba;
using Steady = std::chrono::steady_clock;

double seconds_since(Steady::time_point t) {
  return std::chrono::duration<double>(Steady::now() - t).count();
}

[[noreturn]] void die(const char* what, const Error& e) {
  std::fprintf(stderr, "%s: %s\n", what, e.to_string().c_str());
  std::exit(1);
}

std::unique_ptr<store::Database> open_migrated(const std::filesystem::path& path) {
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
  auto db = store::open_database("sqlite:" + path.string());
  if (!db.ok()) die("open", db.error());
  auto applied = store::apply_migrations(**db, trust_migrations());
  if (!applied.ok()) die("migrate", applied.error());
  auto plain = (*db)->write([](store::Tx& tx) {
    return tx.exec_script("CREATE TABLE plain (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
  });
  if (!plain.ok()) die("schema", plain.error());
  return std::move(db).value();
}

// Units per second from `submitters` threads for `seconds`.
template <typename Unit>
double units_per_second(int submitters, double seconds, Unit unit) {
  std::atomic<long> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  const auto start = Steady::now();
  for (int t = 0; t < submitters; ++t) {
    threads.emplace_back([&, t] {
      long i = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        auto r = unit(t, i++);
        if (!r.ok()) die("unit", r.error());
        done.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& th : threads) th.join();
  return done.load() / seconds_since(start);
}

trust::AuditEntry sample_entry(long i) {
  return {"batch.step_completed",
          "batch_step",
          "01936f2a-7c4e-7a51-9b3c-" + std::to_string(100000000000 + i),
          {{"status", "ready", "complete"}, {"actual", 12.5, 12.47}, {"unit", "kg", "kg"}},
          "entered at the scale"};
}

const trust::Actor kActor{"01936f2a-0000-7000-8000-000000000001", "Anna Müller",
                          "01936f2a-0000-7000-8000-0000000000aa", "10.20.30.40:51234"};

void bench_append(const std::filesystem::path& dir, double seconds) {
  std::printf("### 1. Audit append inside group-committed units (SQLite, synchronous=FULL)\n\n");
  std::printf(
      "Each unit: one row change plus one hash-chained audit entry; baseline: the same "
      "unit writing a row of the same size and no audit entry.\n\n");
  std::printf("| submitters | plain units/s | audited units/s | audited / plain |\n");
  std::printf("|---:|---:|---:|---:|\n");
  for (int submitters : {1, 16, 64}) {
    auto db = open_migrated(dir / "append.db");
    SystemClock clock;
    trust::AuditTrail audit(clock, nullptr);
    const std::string payload(260, 'p');  // about an encoded entry's size
    const double plain = units_per_second(submitters, seconds, [&](int, long) {
      return db->write([&](store::Tx& tx) -> Result<void> {
        GEMBA_RETURN_IF_ERROR(tx.exec("INSERT INTO plain (payload) VALUES (?)", payload));
        return ok();
      });
    });
    const double audited = units_per_second(submitters, seconds, [&](int, long i) {
      return audit.write(*db, kActor, [&](trust::AuditedTx& atx) -> Result<void> {
        GEMBA_RETURN_IF_ERROR(atx.tx().exec("INSERT INTO plain (payload) VALUES (?)", "x"));
        GEMBA_RETURN_IF_ERROR(atx.append(sample_entry(i)));
        return ok();
      });
    });
    std::printf("| %d | %.0f | %.0f | %.2f |\n", submitters, plain, audited, audited / plain);
    std::fflush(stdout);
    db->close();
  }
  std::printf("\n");
}

void bench_verify(const std::filesystem::path& dir, long entries) {
  std::printf("### 2. Chain verification\n\n");
  std::vector<trust::AuditRecord> chain;
  chain.reserve(static_cast<std::size_t>(entries));
  std::string prev(trust::kGenesisHash);
  const Timestamp t0{std::chrono::seconds(1'790'000'000)};
  for (long i = 1; i <= entries; ++i) {
    chain.push_back(
        trust::seal_entry(sample_entry(i), kActor, i, t0 + std::chrono::microseconds(i), prev));
    prev = chain.back().hash;
  }
  // The exact bytes the verifier hashes: prev hash ‖ encoding, prepared in advance.
  std::vector<std::string> bytes;
  bytes.reserve(chain.size());
  std::size_t total_bytes = 0;
  {
    trust::Digest running{};
    for (const auto& r : chain) {
      std::string b(reinterpret_cast<const char*>(running.data()), running.size());
      trust::encode_for_hash(r, b);
      total_bytes += b.size();
      running = *trust::digest_from_hex(r.hash);
      bytes.push_back(std::move(b));
    }
  }
  // Best of three runs each, interleaved (the machine is shared).
  double raw_rate = 0, verify_rate = 0;
  for (int round = 0; round < 3; ++round) {
    auto start = Steady::now();
    unsigned sink = 0;
    for (const auto& b : bytes) sink += trust::sha256(b)[0];
    raw_rate = std::max(raw_rate, entries / seconds_since(start));
    start = Steady::now();
    trust::ChainVerifier v;
    for (const auto& r : chain) {
      if (v.next(r)) {
        std::fprintf(stderr, "unexpected break\n");
        std::exit(1);
      }
    }
    verify_rate = std::max(verify_rate, entries / seconds_since(start));
    if (sink == 1) std::printf(" ");
  }
  std::printf("%ld entries, %.0f bytes hashed per entry on average.\n\n", entries,
              double(total_bytes) / entries);
  std::printf("| | entries/s |\n|---|---:|\n");
  std::printf("| raw SHA-256 over the same bytes (baseline) | %.0f |\n", raw_rate);
  std::printf("| ChainVerifier (encode + hash + compare) | %.0f |\n", verify_rate);
  std::printf("\nverify / raw: %.0f%%. Target >= 1M entries/s and >= 50%% of raw: %s\n\n",
              100 * verify_rate / raw_rate,
              verify_rate >= 1e6 && verify_rate >= 0.5 * raw_rate ? "met" : "NOT met");

  // End to end, from the database, as `gemba audit verify` runs.
  const long stored = std::min<long>(entries, 200000);
  auto db = open_migrated(dir / "verify.db");
  auto w = db->write([&](store::Tx& tx) -> Result<void> {
    for (long i = 0; i < stored; ++i) {
      const auto& r = chain[static_cast<std::size_t>(i)];
      GEMBA_RETURN_IF_ERROR(tx.exec(
          "INSERT INTO audit_trail (seq, at_us, at, actor_id, actor_name, session_id, "
          "client_address, action, record_type, record_id, changes, reason, prev_hash, hash) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          r.seq, r.at_us, r.at, r.actor_id, r.actor_name, r.session_id, r.client_address, r.action,
          r.record_type, r.record_id, r.changes, r.reason, r.prev_hash, r.hash));
    }
    const auto& last = chain[static_cast<std::size_t>(stored - 1)];
    GEMBA_RETURN_IF_ERROR(tx.exec("UPDATE audit_head SET seq = ?, hash = ?, at_us = ?", last.seq,
                                  last.hash, last.at_us));
    return ok();
  });
  if (!w.ok()) die("fill", w.error());
  const auto start = Steady::now();
  auto report = trust::verify_audit_trail(*db, {});
  if (!report.ok() || !report->intact) die("verify", report.ok() ? Error() : report.error());
  std::printf("End to end from SQLite (`gemba audit verify`, %ld entries): %.0f entries/s\n\n",
              stored, stored / seconds_since(start));
  db->close();
}

void bench_signature(const std::filesystem::path& dir, int rounds) {
  std::printf("### 3. E-signature cost: Argon2id vs the rest\n\n");
  auto db = open_migrated(dir / "sign.db");
  SystemClock clock;
  UuidV7Generator ids(clock);
  EventBus events(clock);
  trust::TrustSetup setup;  // production Argon2id parameters (opslimit 3, 64 MiB)
  setup.audit_key_file = (dir / "bench-audit.key").string();
  std::filesystem::remove(setup.audit_key_file);
  auto t = trust::TrustCore::create(*db, clock, ids, &events, setup);
  if (!t.ok()) die("trust", t.error());
  auto& trust = **t;
  trust::NewUser u;
  u.username = "op.anna";
  u.printed_name = "Anna Müller";
  u.identity_evidence = "bench";
  u.roles = {"operator"};
  u.password = "tablet-rinse-42";
  u.must_change_password = false;
  if (auto c = trust.users().create(trust::Actor::system("bench"), u); !c.ok())
    die("user", c.error());
  auto session = trust.sessions().login({"op.anna", "tablet-rinse-42", "10.0.0.1", "bench", ""});
  if (!session.ok()) die("login", session.error());
  auto stored = trust.users().find_by_name("op.anna");
  const std::string hash = stored->account.password_hash;

  double kdf = 0, total = 0;
  for (int i = 0; i < rounds; ++i) {
    auto start = Steady::now();
    if (!trust.hasher().verify(hash, "tablet-rinse-42")) std::exit(1);
    kdf += seconds_since(start);
    start = Steady::now();
    auto signer =
        trust.signatures().authenticate(session->principal, {"op.anna", "tablet-rinse-42"});
    if (!signer.ok()) die("authenticate", signer.error());
    auto r = trust.audit().write(
        *db, session->principal.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
          GEMBA_TRY(s, trust.signatures().sign(
                           atx.tx(), *signer, trust::SignatureMeaning::kPerformed, "batch_step",
                           std::to_string(i), trust::sha256_hex(std::to_string(i))));
          (void)s;
          return ok();
        });
    if (!r.ok()) die("sign", r.error());
    total += seconds_since(start);
  }
  kdf /= rounds;
  total /= rounds;
  const double rest = std::max(0.0, total - kdf);
  std::printf("Argon2id opslimit %llu, memlimit %zu MiB; %d signatures.\n\n",
              setup.options.argon2.opslimit, setup.options.argon2.memlimit >> 20, rounds);
  std::printf("| | ms per signature |\n|---|---:|\n");
  std::printf("| Argon2id verification alone (baseline) | %.1f |\n", kdf * 1e3);
  std::printf("| whole signature (authenticate + sign + commit) | %.1f |\n", total * 1e3);
  std::printf("| everything but the KDF | %.1f |\n", rest * 1e3);
  std::printf("\nrest / whole: %.1f%%. Target <= 20%%: %s\n\n", 100 * rest / total,
              rest <= 0.2 * total ? "met" : "NOT met");
  db->close();
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir = "var/bench";
  double seconds = 2;
  long entries = 1000000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::atof(argv[i + 1]);
    if (std::strcmp(argv[i], "--entries") == 0) entries = std::atol(argv[i + 1]);
  }
  std::filesystem::create_directories(dir);
  std::printf("## trust_bench\n\n");
  bench_verify(dir, entries);
  bench_signature(dir, 10);
  bench_append(dir, seconds);
  return 0;
}
