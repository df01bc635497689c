// Lot genealogy on a plant history of 1M lots and 5M edges: the recall question (forward from a
// raw lot) and the release question (backward from a finished lot), answered by the in-memory
// GenealogyIndex and, as the baseline in the same run, by the recursive CTE over the same SQLite
// table (trace_with_cte: one query per trace, the way it would be done without the index).
//
// The plant, in campaigns of three batches: a granulation batch consumes 14 excipient lots and
// two dispensed sub-lots of an API lot (lot → lot) and makes a granulate lot; a compression
// batch consumes two recent granulate lots and two excipient lots and makes two core lots; a
// packaging batch consumes two recent core lots and ten packaging-material lots and makes two
// finished lots. Raw lots are drawn from a window of recently received lots of their type, so
// each is used by a few dozen batches over its time; granulate and core lots are split between
// batches and merged in them.
//
// Reported: generation, index load time and memory, then per question the nodes reached and
// p50 / p99 of the index and of the CTE on the same start nodes, and their ratio. The first
// traces of each kind are also checked to be equal. Target: a finished lot's backward trace
// p99 <= 10 ms on the index and >= 10x faster than the CTE.
//
//   genealogy_bench [--lots N] [--edges N] [--traces N] [--cte-traces N] [--dir DIR] [--keep]

#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>
#include "bench_support.h"

#include "gemba/material/genealogy/genealogy_cte.h"
#include "gemba/material/genealogy/genealogy_index.h"
#include "gemba/material/genealogy/genealogy_loader.h"
#include "gemba/store/database.h"

namespace {

using namespace gemba;
using namespace gemba::material;
using Stopwatch = std::chrono::steady_clock;

double ms_since(Stopwatch::time_point start) {
  return std::chrono::duration<double, std::milli>(Stopwatch::now() - start).count();
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E37'79B9'7F4A'7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58'476D'1CE4'E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D0'49BB'1331'11EBull;
  return x ^ (x >> 31);
}

// A UUIDv4-shaped id for lot or batch number n (distinct for distinct n: splitmix64 is a
// bijection).
std::string uuid(NodeKind kind, std::uint64_t n) {
  const std::uint64_t hi = splitmix64(n * 2 + (kind == NodeKind::kBatch ? 1 : 0));
  const std::uint64_t lo = splitmix64(hi);
  char out[40];
  std::snprintf(out, sizeof out,
                "%08" PRIx64 "-%04" PRIx64 "-4%03" PRIx64 "-%04" PRIx64 "-%012" PRIx64, hi >> 32,
                (hi >> 16) & 0xFFFF, hi & 0xFFF, 0x8000 | (lo >> 48 & 0x3FFF),
                lo & std::uint64_t{0xFFFF'FFFF'FFFF});
  return out;
}

void sqlite_check(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
  std::exit(1);
}

// Writes the plant history straight through the SQLite C API: one transaction, one prepared
// statement, no journal, indexes built after the rows (a sort instead of 10M random inserts).
class PlantWriter {
 public:
  explicit PlantWriter(const std::string& path) {
    sqlite_check(sqlite3_open(path.c_str(), &db_), db_, "open");
    exec(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;"
        "PRAGMA temp_store = MEMORY;"
        "CREATE TABLE material_genealogy_edge ("
        "  id INTEGER PRIMARY KEY, parent_kind TEXT NOT NULL, parent_id TEXT NOT NULL,"
        "  child_kind TEXT NOT NULL, child_id TEXT NOT NULL, quantity REAL NOT NULL,"
        "  unit TEXT NOT NULL, recorded_at TEXT NOT NULL);"
        "BEGIN;");
    sqlite_check(sqlite3_prepare_v2(db_,
                                    "INSERT INTO material_genealogy_edge (parent_kind, parent_id, "
                                    "child_kind, child_id, quantity, unit, recorded_at) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                                    -1, &insert_, nullptr),
                 db_, "prepare");
  }
  ~PlantWriter() {
    sqlite3_finalize(insert_);
    sqlite3_close(db_);
  }

  void set_time(const std::string& recorded_at) { recorded_at_ = recorded_at; }

  void edge(NodeKind pk, std::uint64_t p, NodeKind ck, std::uint64_t c, double quantity,
            const char* unit) {
    const std::string parent = uuid(pk, p), child = uuid(ck, c);
    sqlite3_bind_text(insert_, 1, pk == NodeKind::kLot ? "lot" : "batch", -1, SQLITE_STATIC);
    sqlite3_bind_text(insert_, 2, parent.data(), static_cast<int>(parent.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert_, 3, ck == NodeKind::kLot ? "lot" : "batch", -1, SQLITE_STATIC);
    sqlite3_bind_text(insert_, 4, child.data(), static_cast<int>(child.size()), SQLITE_STATIC);
    sqlite3_bind_double(insert_, 5, quantity);
    sqlite3_bind_text(insert_, 6, unit, -1, SQLITE_STATIC);
    sqlite3_bind_text(insert_, 7, recorded_at_.data(), static_cast<int>(recorded_at_.size()),
                      SQLITE_STATIC);
    sqlite_check(sqlite3_step(insert_), db_, "insert");
    sqlite3_reset(insert_);
    ++edges_;
  }

  // Builds the two indexes of the schema and commits.
  void finish() {
    exec(
        "CREATE INDEX material_genealogy_edge_parent"
        "  ON material_genealogy_edge (parent_kind, parent_id);"
        "CREATE INDEX material_genealogy_edge_child"
        "  ON material_genealogy_edge (child_kind, child_id);"
        "COMMIT;");
  }

  std::uint64_t edges() const { return edges_; }

 private:
  void exec(const char* sql) {
    sqlite_check(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), db_, sql);
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  std::string recorded_at_;
  std::uint64_t edges_ = 0;
};

struct Plant {
  std::vector<std::uint64_t> finished_lots;  // lot numbers
  std::vector<std::uint64_t> raw_lots;
  std::uint64_t lots = 0;
  std::uint64_t batches = 0;
};

// Generates campaigns until about `target_edges` edges; raw lots are sized so that the lots
// total about `target_lots`.
Plant generate(PlantWriter& out, std::uint64_t target_lots, std::uint64_t target_edges) {
  constexpr int kEdgesPerCampaign = 39;  // 19 granulation + 6 compression + 14 packaging
  constexpr int kLotsPerCampaign = 7;    // 2 sub-lots, 1 granulate, 2 cores, 2 finished
  const std::uint64_t campaigns = target_edges / kEdgesPerCampaign;
  const std::uint64_t raw = target_lots - std::min(target_lots, campaigns * kLotsPerCampaign);
  // Raw lots by type, in proportion to how many each campaign draws (2 API, 16 excipient, 10
  // packaging material), received in order over the campaigns.
  const std::uint64_t api = std::max<std::uint64_t>(1, raw * 2 / 28);
  const std::uint64_t excipient = std::max<std::uint64_t>(1, raw * 16 / 28);
  const std::uint64_t packaging = std::max<std::uint64_t>(1, raw - api - excipient);
  constexpr std::uint64_t kWindow = 48;  // raw lots of a type on the shelf at any time

  Plant plant;
  plant.lots = api + excipient + packaging;  // raw lots are numbered first
  for (std::uint64_t l = 0; l < plant.lots; ++l) plant.raw_lots.push_back(l);
  std::mt19937_64 rng(20261125);
  auto draw = [&](std::uint64_t first, std::uint64_t count, std::uint64_t campaign) {
    const std::uint64_t at = campaign * count / campaigns;
    const std::uint64_t low = at >= kWindow / 2 ? at - kWindow / 2 : 0;
    const std::uint64_t high = std::min(count, low + kWindow);
    return first + low + rng() % (high - low);
  };
  std::vector<std::uint64_t> granulates, cores;  // most recent last
  auto recent = [&](const std::vector<std::uint64_t>& lots) {
    const std::size_t n = std::min<std::size_t>(6, lots.size());
    return lots[lots.size() - 1 - rng() % n];
  };
  const auto t0 = std::chrono::sys_days{std::chrono::year{2021} / 1 / 1};
  constexpr NodeKind L = NodeKind::kLot, B = NodeKind::kBatch;
  for (std::uint64_t c = 0; c < campaigns; ++c) {
    const auto t = t0 + std::chrono::minutes(20 * c);
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd(day);
    const std::chrono::hh_mm_ss hms(t - day);
    char when[64];
    std::snprintf(when, sizeof when, "%04d-%02u-%02uT%02ld:%02ld:00.000000Z", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                  long(hms.minutes().count()));
    out.set_time(when);

    const std::uint64_t gran = plant.batches++;
    for (int i = 0; i < 2; ++i) {  // dispense the API into sub-lots
      const std::uint64_t sub = plant.lots++;
      out.edge(L, draw(0, api, c), L, sub, 12.5, "kg");
      out.edge(L, sub, B, gran, 12.5, "kg");
    }
    for (int i = 0; i < 14; ++i) out.edge(L, draw(api, excipient, c), B, gran, 5 + i, "kg");
    const std::uint64_t granulate = plant.lots++;
    out.edge(B, gran, L, granulate, 118, "kg");
    granulates.push_back(granulate);

    const std::uint64_t comp = plant.batches++;
    for (int i = 0; i < 2; ++i) out.edge(L, recent(granulates), B, comp, 59, "kg");
    for (int i = 0; i < 2; ++i) out.edge(L, draw(api, excipient, c), B, comp, 0.6, "kg");
    for (int i = 0; i < 2; ++i) {
      cores.push_back(plant.lots++);
      out.edge(B, comp, L, cores.back(), 290000, "ea");
    }

    const std::uint64_t pack = plant.batches++;
    for (int i = 0; i < 2; ++i) out.edge(L, recent(cores), B, pack, 280000, "ea");
    for (int i = 0; i < 10; ++i) {
      out.edge(L, draw(api + excipient, packaging, c), B, pack, 2000, "ea");
    }
    for (int i = 0; i < 2; ++i) {
      plant.finished_lots.push_back(plant.lots++);
      out.edge(B, pack, L, plant.finished_lots.back(), 9000, "ea");
    }
  }
  return plant;
}

struct Timings {
  std::vector<double> index_ms, cte_ms;
  std::vector<double> nodes, edges;
  int mismatches = 0;
};

Timings measure(store::Database& db, const GenealogyIndex& index,
                const std::vector<NodeRef>& starts, Direction direction, std::size_t cte_traces) {
  Timings t;
  std::size_t sink = 0;
  for (const NodeRef& start : starts) {
    const auto t0 = Stopwatch::now();
    auto trace = index.trace(start, direction);
    t.index_ms.push_back(ms_since(t0));
    BENCH_CHECK(trace);
    t.nodes.push_back(static_cast<double>(trace->nodes.size()));
    t.edges.push_back(static_cast<double>(trace->edges.size()));
    sink += trace->paths.size();
  }
  for (std::size_t i = 0; i < std::min(cte_traces, starts.size()); ++i) {
    const auto t0 = Stopwatch::now();
    auto trace = trace_with_cte(db, starts[i], direction);
    t.cte_ms.push_back(ms_since(t0));
    BENCH_CHECK(trace);
    if (i < 20) {
      auto again = index.trace(starts[i], direction);
      BENCH_CHECK(again);
      t.mismatches += !(*again == *trace);
    }
    sink += trace->paths.size();
  }
  if (sink == 0) std::exit(2);
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t lots = 1'000'000, edges = 5'000'000;
  std::size_t traces = 1000, cte_traces = 200;
  std::filesystem::path dir;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--keep") == 0) keep = true;
    if (!has_value) continue;
    if (std::strcmp(argv[i], "--lots") == 0)
      lots = std::strtoull(argv[++i], nullptr, 10);
    else if (std::strcmp(argv[i], "--edges") == 0)
      edges = std::strtoull(argv[++i], nullptr, 10);
    else if (std::strcmp(argv[i], "--traces") == 0)
      traces = std::strtoul(argv[++i], nullptr, 10);
    else if (std::strcmp(argv[i], "--cte-traces") == 0) {
      cte_traces = std::strtoul(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--dir") == 0) {
      dir = argv[++i];
    }
  }
  const bool own_dir = dir.empty();
  if (own_dir) {
    std::string pattern = (std::filesystem::temp_directory_path() / "gemba-genealogy-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
    dir = pattern;
  }
  const std::string path = (dir / "genealogy.db").string();
  std::filesystem::remove(path);

  const auto generate_start = Stopwatch::now();
  Plant plant;
  std::uint64_t edge_rows = 0;
  {
    PlantWriter writer(path);
    plant = generate(writer, lots, edges);
    writer.finish();
    edge_rows = writer.edges();
  }
  const double generate_ms = ms_since(generate_start);
  const double db_mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;

  auto opened = store::open_database("sqlite:" + path, {.pool_size = 2});
  BENCH_CHECK(opened);
  store::Database& db = **opened;
  GenealogyIndex index;
  const auto load_start = Stopwatch::now();
  BENCH_CHECK(load_genealogy(db, index));
  const double load_ms = ms_since(load_start);

  std::mt19937_64 rng(7);
  std::vector<NodeRef> finished, raw;
  for (std::size_t i = 0; i < traces; ++i) {
    finished.push_back(NodeRef::lot(
        uuid(NodeKind::kLot, plant.finished_lots[rng() % plant.finished_lots.size()])));
    raw.push_back(
        NodeRef::lot(uuid(NodeKind::kLot, plant.raw_lots[rng() % plant.raw_lots.size()])));
  }
  const Timings back = measure(db, index, finished, Direction::kBackward, cte_traces);
  const Timings fwd = measure(db, index, raw, Direction::kForward, cte_traces);
  db.close();
  if (own_dir && !keep) std::filesystem::remove_all(dir);

  // Additions after the load (new lots issued to existing batches), enough to pass the rebuild
  // threshold once: the slowest addition is the one that rebuilds the CSR.
  const std::size_t memory_loaded = index.memory_bytes();
  const std::size_t additions = index.edge_count() / 8 + 4096 + 2;
  std::vector<double> add_ms;
  add_ms.reserve(additions);
  for (std::size_t i = 0; i < additions; ++i) {
    const NodeRef lot = NodeRef::lot(uuid(NodeKind::kLot, plant.lots + i));
    const NodeRef batch = NodeRef::batch(uuid(NodeKind::kBatch, rng() % plant.batches));
    const auto t0 = Stopwatch::now();
    BENCH_CHECK(index.add_edge(lot, batch, 1, "kg"));
    add_ms.push_back(ms_since(t0));
  }

  std::printf("## genealogy_bench (%" PRIu64 " lots, %" PRIu64 " batches, %" PRIu64
              " edges; SQLite file %.0f MB)\n\n",
              plant.lots, plant.batches, edge_rows, db_mb);
  std::printf("| step | figure |\n|---|---:|\n");
  std::printf("| generate the table (one transaction, indexes built after) | %.1f s |\n",
              generate_ms / 1000);
  std::printf("| load the index from the table | %.1f s |\n", load_ms / 1000);
  std::printf("| index memory_bytes | %.0f MB (%.1f B per edge) |\n",
              static_cast<double>(memory_loaded) / 1e6,
              static_cast<double>(memory_loaded) / static_cast<double>(edge_rows));
  std::printf(
      "| add_edge after the load, %zu times: p50 / p99 / max (the one that rebuilds the CSR) | "
      "%.1f µs / %.1f µs / %.0f ms |\n",
      additions, percentile(add_ms, 0.5) * 1000, percentile(add_ms, 0.99) * 1000,
      percentile(add_ms, 1.0));
  std::printf("| index memory_bytes after the additions | %.0f MB |\n\n",
              static_cast<double>(index.memory_bytes()) / 1e6);

  std::printf(
      "| trace | nodes p50 / max | index p50 ms | index p99 ms | CTE p50 ms (baseline) | CTE p99 "
      "ms | CTE / index p50 | CTE / index p99 |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
  auto row = [](const char* name, const Timings& t) {
    const double ip50 = percentile(t.index_ms, 0.5), ip99 = percentile(t.index_ms, 0.99);
    const double cp50 = percentile(t.cte_ms, 0.5), cp99 = percentile(t.cte_ms, 0.99);
    std::printf("| %s | %.0f / %.0f | %.3f | %.3f | %.2f | %.2f | %.0fx | %.0fx |\n", name,
                percentile(t.nodes, 0.5), percentile(t.nodes, 1.0), ip50, ip99, cp50, cp99,
                cp50 / ip50, cp99 / ip99);
  };
  row("backward from a finished lot", back);
  row("forward from a raw lot (recall)", fwd);
  std::printf(
      "\n%zu index traces and %zu CTE traces per row; the first 20 of each compared: %d "
      "differ\n",
      traces, std::min(cte_traces, traces), back.mismatches + fwd.mismatches);
  const double p99 = percentile(back.index_ms, 0.99);
  const double ratio = std::min(percentile(back.cte_ms, 0.5) / percentile(back.index_ms, 0.5),
                                percentile(back.cte_ms, 0.99) / p99);
  const bool met = p99 <= 10 && ratio >= 10 && back.mismatches + fwd.mismatches == 0;
  std::printf(
      "target: finished-lot trace p99 <= 10 ms and >= 10x faster than the CTE: %s "
      "(p99 %.3f ms; CTE / index at p50 and p99 >= %.0fx)\n",
      met ? "met" : "NOT met", p99, ratio);
  return 0;
}
