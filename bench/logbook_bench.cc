// The equipment board and the status at a past instant on a plant of 2,000 pieces of equipment
// with years of logbooks, answered by the LogbookService (board(): the current state of every
// piece of equipment, kept in memory; equipment_status(code, at): the newest stored state at or
// before the instant, one indexed lookup in equipment_status, plus the entries that made it so),
// and, as the baseline in the same run, by folding the logbook entries themselves with
// equipment::apply, the way it would be done without the stored status history:
//   - board: a full scan of logbook_entry folding every piece of equipment from its first entry,
//     then evaluate() at now (reading the equipment, classes and batch products first);
//   - point in time, full scan: the entries in insertion order up to the instant (insertion order
//     is time order: recorded_at is the server's time when the row is written), folding the one
//     piece of equipment asked about;
//   - point in time, indexed replay: that piece of equipment's entries up to the instant through
//     the logbook_entry_equipment index (one query through the store, as the service reads), then
//     the same fold. The stronger alternative: event sourcing without stored states.
//
// The plant is written straight into a migrated SQLite file (every migration of the gemba
// executable applied first; logbook types created by LogbookService::open), not through the
// signed API: 6 areas, rooms of ~10 pieces of equipment each, 20 equipment classes with their
// cleaning rules and calibration intervals. Each room runs up to three shifts a day; a shift runs
// a batch with a probability chosen for --events-per-day, each piece of equipment in the room
// takes part with probability 0.8. A batch: a line clearance (verified; the room cleared and, at
// the batch's end, the clearance ended), a cleaning first when the interlock (check_use) says the
// equipment is not clean enough for it (dirty, clean hold expired, product change or campaign
// limit: a major cleaning), use_start and use_end entries (automatic, from the batch), then a
// cleaning (minor while the product's campaign goes on within the class's campaign limit, else
// major) verified an hour later. Preventive maintenance every 60-120 days, out of service about
// every two years for 1-10 days, calibration three days before it is due. Every event is folded
// with equipment::apply as the service does and its state stored in equipment_status; the last
// state goes on the equipment row. History runs up to "now" (2026-11-25 10:00 UTC), so the board
// shows equipment in use and in cleaning. Entry signatures are ids without signature rows;
// logbook_revision rows only with --revisions.
//
// Size: 2 years by default (about 6M equipment events, 8.6 GB, 5 minutes to generate on 2
// shared cores); --years 5 is the plant (15M events, 21 GB, 12 minutes). --keep leaves
// the database and --reuse measures it again without generating.
//
// Reported: generation, database size, LogbookService::open time and memory, then p50 / p99 of
// the board (board() + the JSON the GET /api/v1/equipment/board handler renders, and each part)
// and of equipment_status(code, at) at random instants, beside the baselines and their ratios.
// Linked with jemalloc, as the server is. Checked: every board row equals the full-scan fold, and
// the point-in-time answers equal the baseline folds (the bench stops if not). Target: p99 <= 20
// ms each.
//
//   logbook_bench [--equipment N] [--years N] [--events-per-day X] [--boards N] [--queries N]
//                 [--scan-runs N] [--pit-scans N] [--replays N] [--revisions] [--dir DIR]
//                 [--keep] [--reuse]

#include <sqlite3.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>
#include "bench_support.h"

#include "gemba/batch/migrations.h"
#include "gemba/cli/system_migrations.h"
#include "gemba/core/clock.h"
#include "gemba/core/ids.h"
#include "gemba/core/time.h"
#include "gemba/equipment/model/status.h"
#include "gemba/logbook/migrations.h"
#include "gemba/logbook/service.h"
#include "gemba/logbook/state_json.h"
#include "gemba/logbook/views.h"
#include "gemba/material/migrations.h"
#include "gemba/recipe/store.h"
#include "gemba/store/database.h"
#include "gemba/store/migrations.h"
#include "gemba/trust/migrations.h"
#include "gemba/trust/password_hasher.h"
#include "gemba/trust/trust.h"

namespace {

using namespace gemba;
using namespace std::chrono_literals;
using equipment::CleaningLevel;
using equipment::CleaningRules;
using equipment::EquipmentState;
using equipment::EventKind;
using equipment::State;
using Stopwatch = std::chrono::steady_clock;
namespace json = boost::json;

double ms_since(Stopwatch::time_point start) {
  return std::chrono::duration<double, std::milli>(Stopwatch::now() - start).count();
}

// CPU time of the calling thread, ms: unlike wall time, not stretched by other processes.
double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// Minor page faults of the calling thread so far: memory touched for the first time, or again
// after the allocator gave it back to the kernel.
double thread_page_faults() {
  rusage u{};
  getrusage(RUSAGE_THREAD, &u);
  return static_cast<double>(u.ru_minflt);
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "logbook_bench: %s\n", what.c_str());
  std::exit(1);
}

template <typename T>
T must(Result<T> r, const char* what) {
  if (!r.ok()) die(std::string(what) + ": " + r.error().to_string());
  return std::move(r).value();
}

std::int64_t us(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp from_us(std::int64_t v) { return Timestamp{std::chrono::microseconds(v)}; }

// Resident memory of this process, MB.
double rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024;
  }
  return 0;
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E37'79B9'7F4A'7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58'476D'1CE4'E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D0'49BB'1331'11EBull;
  return x ^ (x >> 31);
}

// UUIDv7 ids for records made at a given instant, as UuidV7Generator makes them for the server's
// clock (time-ordered, so the primary-key indexes grow at their end), but reproducible.
class Ids {
 public:
  std::string at(Timestamp t) {
    const std::uint64_t ms = static_cast<std::uint64_t>(us(t) / 1000);
    const std::uint64_t r = splitmix64(++n_);
    std::uint8_t b[16];
    for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
    b[6] = static_cast<std::uint8_t>(0x70 | ((n_ >> 8) & 0x0F));
    b[7] = static_cast<std::uint8_t>(n_);
    b[8] = static_cast<std::uint8_t>(0x80 | ((r >> 56) & 0x3F));
    for (int i = 9; i < 16; ++i) b[i] = static_cast<std::uint8_t>(r >> (8 * (15 - i)));
    return format_uuid(b);
  }

 private:
  std::uint64_t n_ = 0;
};

// ---- The plant catalogue ------------------------------------------------------------------------

constexpr const char* kAreas[] = {"DISPENSING", "GRANULATION",   "COMPRESSION",
                                  "COATING",    "ENCAPSULATION", "PACKAGING"};
constexpr const char* kAreaRoomPrefix[] = {"DISP", "GRAN", "COMP", "COAT", "ENCP", "PACK"};
constexpr const char* kAreaGrade[] = {"D", "D", "D", "D", "D", "CNC"};

struct ClassSpec {
  const char* code;
  const char* prefix;  // of its equipment codes
  const char* name;
  int area;
  int clean_hold_h;  // 0: no limit
  int dirty_hold_h;  // 0: no limit
  int campaign_batches;
  int calibration_days;  // 0: not calibrated
};

// Typical of an oral solid dose plant.
constexpr ClassSpec kClasses[] = {
    {"FLOOR-BALANCE", "BAL", "Floor balance 600 kg", 0, 168, 72, 10, 90},
    {"BENCH-BALANCE", "BB", "Bench balance 6 kg", 0, 168, 72, 10, 30},
    {"DISPENSING-BOOTH", "DB", "Downflow dispensing booth", 0, 72, 24, 5, 365},
    {"HIGH-SHEAR-GRANULATOR", "HSG", "High-shear granulator 600 L", 1, 72, 24, 3, 365},
    {"FLUID-BED-DRYER", "FBD", "Fluid bed dryer 300 kg", 1, 72, 24, 3, 365},
    {"CONE-MILL", "CM", "Conical mill", 1, 72, 48, 5, 0},
    {"BIN-BLENDER", "BLD", "IBC bin blender", 1, 120, 48, 5, 365},
    {"IBC", "IBC", "Intermediate bulk container 1000 L", 1, 168, 72, 1, 0},
    {"TABLET-PRESS", "TP", "Rotary tablet press", 2, 72, 24, 5, 180},
    {"DEDUSTER", "DD", "Tablet deduster", 2, 72, 48, 10, 0},
    {"METAL-DETECTOR", "MD", "Tablet metal detector", 2, 168, 72, 10, 90},
    {"TABLET-TESTER", "TT", "Hardness and thickness tester", 2, 0, 0, 20, 90},
    {"PAN-COATER", "PC", "Perforated pan coater", 3, 72, 24, 3, 365},
    {"SPRAY-SYSTEM", "SS", "Coating spray system", 3, 48, 24, 3, 180},
    {"CAPSULE-FILLER", "CF", "Capsule filling machine", 4, 72, 24, 5, 180},
    {"CAPSULE-POLISHER", "CP", "Capsule polisher", 4, 96, 48, 10, 0},
    {"BLISTER-MACHINE", "BM", "Thermoforming blister machine", 5, 72, 48, 10, 180},
    {"CARTONER", "CT", "Cartoner", 5, 168, 72, 20, 365},
    {"CHECKWEIGHER", "CW", "Checkweigher", 5, 0, 0, 20, 90},
    {"LABELLER", "LBL", "Label printer and applicator", 5, 168, 72, 20, 365},
};
constexpr int kClassCount = static_cast<int>(std::size(kClasses));

CleaningRules rules_of(const ClassSpec& c) {
  CleaningRules r;
  if (c.clean_hold_h) r.clean_hold = std::chrono::hours(c.clean_hold_h);
  if (c.dirty_hold_h) r.dirty_hold = std::chrono::hours(c.dirty_hold_h);
  r.campaign_batches = c.campaign_batches;
  return r;
}

constexpr int kProducts = 30;
constexpr int kPeople = 300;
constexpr double kTakesPart = 0.8;      // a piece of equipment in a batch of its room
constexpr int kOutOfServiceOdds = 700;  // a day's chance of a breakdown: 1 in this

// ---- Writing rows -------------------------------------------------------------------------------

void sqlite_check(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  die(std::string(what) + ": " + sqlite3_errmsg(db));
}

void bind(sqlite3_stmt* s, int i, std::int64_t v) { sqlite3_bind_int64(s, i, v); }
void bind(sqlite3_stmt* s, int i, int v) { sqlite3_bind_int64(s, i, v); }
void bind(sqlite3_stmt* s, int i, std::nullptr_t) { sqlite3_bind_null(s, i); }
void bind(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}
void bind(sqlite3_stmt* s, int i, const std::string& v) { bind(s, i, std::string_view(v)); }
void bind(sqlite3_stmt* s, int i, const char* v) { bind(s, i, std::string_view(v)); }
void bind(sqlite3_stmt* s, int i, std::optional<std::int64_t> v) {
  if (v) {
    bind(s, i, *v);
  } else {
    bind(s, i, nullptr);
  }
}

// Straight into the migrated file through the SQLite C API: one transaction, no journal, one
// prepared statement per table. The schema's indexes stay: rows arrive in time order and ids are
// time-ordered, so every index grows at a few thousand points at most.
class Writer {
 public:
  explicit Writer(const std::string& path) {
    sqlite_check(
        sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr),
        db_, "open");
    exec(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576;"
        "PRAGMA temp_store = MEMORY; BEGIN;");
  }
  ~Writer() {
    for (sqlite3_stmt* s : statements_) sqlite3_finalize(s);
    sqlite3_close(db_);
  }

  template <typename... A>
  void row(const char* sql, const A&... values) {
    sqlite3_stmt*& s = prepared_[sql];
    if (!s) {
      sqlite_check(sqlite3_prepare_v2(db_, sql, -1, &s, nullptr), db_, sql);
      statements_.push_back(s);
    }
    int i = 0;
    (bind(s, ++i, values), ...);
    sqlite_check(sqlite3_step(s), db_, sql);
    sqlite3_reset(s);
  }

  void commit() { exec("COMMIT"); }

 private:
  void exec(const char* sql) {
    sqlite_check(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), db_, sql);
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<const char*, sqlite3_stmt*> prepared_;  // by the literal's address
  std::vector<sqlite3_stmt*> statements_;
};

constexpr const char* kInsertEntry =
    "INSERT INTO logbook_entry (id, number, type, template_version, kind, recorded_at_us, "
    "recorded_by, recorded_name, automatic, client_time, equipment_id, room_id, batch_id, "
    "batch_number, lot_id, comment, state, revision, entry_values, exceptions, signature_id, "
    "verified_by, verified_name, verified_at_us, verify_signature_id) VALUES (?, ?, ?, 1, ?, ?, "
    "?, ?, ?, '', ?, ?, ?, ?, '', ?, ?, 1, ?, '[]', ?, ?, ?, ?, ?)";
constexpr const char* kInsertRevision =
    "INSERT INTO logbook_revision (id, entry_id, revision, entry_values, exceptions, reason, "
    "by_user, by_name, at_us, signature_id, content) VALUES (?, ?, 1, ?, '[]', '', ?, ?, ?, ?, ?)";
constexpr const char* kInsertStatus =
    "INSERT INTO equipment_status (equipment_id, seq, at_us, entry_id, event, state) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertRoomStatus =
    "INSERT INTO room_status (room_id, seq, at_us, entry_id, event, state) VALUES (?, ?, ?, ?, ?, "
    "?)";
constexpr const char* kInsertBatch =
    "INSERT INTO batch (id, number, recipe_id, recipe_version, product_code, site, state, "
    "version, created_at_us, header, recipe_content) VALUES (?, ?, ?, 1, ?, 'SITE-BCN', "
    "'completed', 1, ?, '{}', '{}')";

// ---- Generating the plant -----------------------------------------------------------------------

struct Person {
  std::string id;
  std::string name;
};

// A logbook entry waiting for the end of its day, when the day's entries are written in time
// order (their rowid order is then their time order, as on a live server).
struct EntryRow {
  Timestamp at{};
  std::string id;
  const char* type = "usage";  // also its kind (the default types)
  int person = 0;
  bool automatic = false;
  int equipment = -1;
  int room = -1;
  std::string batch_id;
  std::string batch_number;
  std::string values;
  std::string comment;
  std::optional<Timestamp> verified_at;
  int verifier = 0;
};

struct Unit {  // a piece of equipment while its history is made
  std::string id;
  std::string code;
  int cls = 0;
  int room = 0;
  EquipmentState state;
  std::int64_t seq = 0;
  Timestamp next_maintenance{};
  std::optional<Timestamp> maintenance_end;
  std::optional<Timestamp> back_in_service;
  bool stopped = false;  // its next event would be after now
};

struct RoomRun {
  std::string id;
  std::string code;
  int area = 0;
  equipment::RoomState state;
  std::int64_t seq = 0;
  int product = 0;
  int campaign_left = 0;
  std::vector<int> units;
};

// A shift's batch in a room.
struct Shift {
  bool runs = false;
  std::string batch_id;
  std::string batch_number;
  std::string product;
  bool campaign_goes_on = false;  // the next batch in the room is of the same product
};

struct Counts {
  std::uint64_t entries = 0;
  std::uint64_t events = 0;
  std::uint64_t room_events = 0;
  std::uint64_t batches = 0;
  std::uint64_t cleanings_before_use = 0;
  std::uint64_t major_cleanings = 0;
};

class PlantGenerator {
 public:
  PlantGenerator(Writer& out, Timestamp start, Timestamp now, int equipment, double events_per_day,
                 bool revisions)
      : out_(out), start_(start), now_(now), revisions_(revisions) {
    // Each shift runs a batch with this chance; a batch makes about 4 events on each piece of
    // equipment taking part (use_start, use_end, cleaning_start, cleaned).
    shift_chance_ = std::clamp(events_per_day / (3 * kTakesPart * 4), 0.01, 1.0);
    for (int i = 0; i < kPeople; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "Operator %03d", i + 1);
      people_.push_back({ids_.at(start - 400 * 24h), name});
    }
    registered_ = start - 24h;
    const int room_count = std::max(1, equipment / 10);
    rooms_.resize(room_count);
    units_.resize(equipment);
    std::mt19937_64 plan(1125);
    for (int r = 0; r < room_count; ++r) {
      RoomRun& room = rooms_[r];
      room.id = ids_.at(registered_);
      room.area = r % static_cast<int>(std::size(kAreas));
      char code[32];
      std::snprintf(code, sizeof code, "%s-%03d", kAreaRoomPrefix[room.area], r / 6 + 101);
      room.code = code;
    }
    std::vector<int> per_class(kClassCount, 0);
    for (int u = 0; u < equipment; ++u) {
      Unit& unit = units_[u];
      unit.room = u % room_count;
      RoomRun& room = rooms_[unit.room];
      std::vector<int> classes;
      for (int c = 0; c < kClassCount; ++c) {
        if (kClasses[c].area == room.area) classes.push_back(c);
      }
      unit.cls = classes[(room.units.size() + plan() % 2) % classes.size()];
      room.units.push_back(u);
      unit.id = ids_.at(registered_);
      char code[32];
      std::snprintf(code, sizeof code, "%s-%04d", kClasses[unit.cls].prefix, ++per_class[unit.cls]);
      unit.code = code;
      unit.state.since = registered_;  // new equipment is dirty until cleaned
      unit.next_maintenance = start + std::chrono::days(plan() % 120);
    }
  }

  // The site, areas, rooms, classes and equipment (registered the day before the history).
  void write_plant() {
    const std::int64_t at = us(registered_);
    const std::string site = ids_.at(registered_);
    out_.row("INSERT INTO plant_site (id, code, name, created_at_us) VALUES (?, ?, ?, ?)", site,
             "SITE-BCN", "Barcelona oral solids plant", at);
    std::vector<std::string> areas;
    for (const char* area : kAreas) {
      areas.push_back(ids_.at(registered_));
      out_.row(
          "INSERT INTO plant_area (id, site_id, code, name, created_at_us) VALUES (?, ?, ?, ?, ?)",
          areas.back(), site, area, area, at);
    }
    const std::string room_state = json::serialize(logbook::room_state_to_json({}));
    for (const RoomRun& r : rooms_) {
      out_.row(
          "INSERT INTO plant_room (id, area_id, code, name, grade, created_at_us, state, "
          "status_seq) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
          r.id, areas[r.area], r.code, "Suite " + r.code, kAreaGrade[r.area], at, room_state);
    }
    for (const ClassSpec& c : kClasses) {
      auto hours = [](int h) {
        return h ? std::optional<std::int64_t>(std::int64_t{h} * 3600) : std::nullopt;
      };
      out_.row(
          "INSERT INTO equipment_class (code, name, clean_hold_s, dirty_hold_s, campaign_batches, "
          "calibration_interval_days, created_at_us) VALUES (?, ?, ?, ?, ?, ?, ?)",
          c.code, c.name, hours(c.clean_hold_h), hours(c.dirty_hold_h), c.campaign_batches,
          c.calibration_days ? std::optional<std::int64_t>(c.calibration_days) : std::nullopt, at);
    }
    for (const Unit& u : units_) {
      out_.row(
          "INSERT INTO equipment (id, code, name, class_code, room_id, asset_id, capabilities, "
          "created_at_us, state, status_seq) VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?, 0)",
          u.id, u.code, std::string(kClasses[u.cls].name) + " " + u.code, kClasses[u.cls].code,
          rooms_[u.room].id, "SAP-" + u.code, at, json::serialize(logbook::state_to_json(u.state)));
    }
  }

  // Every day from the start to now.
  void write_history() {
    for (Timestamp day = start_; day <= now_; day += 24h) {
      day_.clear();
      for (RoomRun& room : rooms_) {
        Shift shifts[3];
        for (int s = 0; s < 3; ++s) shifts[s] = plan_shift(room, day + 6h + s * 8h);
        for (int u : room.units) run_day(units_[u], day, shifts);
      }
      std::stable_sort(day_.begin(), day_.end(),
                       [](const EntryRow& a, const EntryRow& b) { return a.at < b.at; });
      for (const EntryRow& e : day_) write_entry(e);
    }
  }

  // The last state of every piece of equipment and room on its row, the entry counter.
  void finish() {
    for (const Unit& u : units_) {
      out_.row("UPDATE equipment SET state = ?, status_seq = ? WHERE id = ?",
               json::serialize(logbook::state_to_json(u.state)), u.seq, u.id);
    }
    for (const RoomRun& r : rooms_) {
      out_.row("UPDATE plant_room SET state = ?, status_seq = ? WHERE id = ?",
               json::serialize(logbook::room_state_to_json(r.state)), r.seq, r.id);
    }
    out_.row("INSERT INTO logbook_sequence (name, value) VALUES ('entry', ?)",
             static_cast<std::int64_t>(counts_.entries));
  }

  const Counts& counts() const { return counts_; }
  const std::vector<Unit>& units() const { return units_; }

 private:
  std::uint64_t jitter(Duration d) { return rng_() % static_cast<std::uint64_t>(d.count()); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  int person() { return static_cast<int>(rng_() % kPeople); }

  Shift plan_shift(RoomRun& room, Timestamp start) {
    Shift s;
    if (!chance(shift_chance_) || start > now_) return s;
    if (room.campaign_left == 0) {
      room.product = static_cast<int>(rng_() % kProducts);
      room.campaign_left = 1 + static_cast<int>(rng_() % 12);
    }
    --room.campaign_left;
    s.runs = true;
    s.campaign_goes_on = room.campaign_left > 0;
    char product[16];
    std::snprintf(product, sizeof product, "P-%04d", room.product + 1);
    s.product = product;
    s.batch_id = ids_.at(start);
    char number[40];
    std::snprintf(number, sizeof number, "B-%s-%07" PRIu64,
                  format_rfc3339(start).substr(0, 4).c_str(), ++counts_.batches);
    s.batch_number = number;
    out_.row(kInsertBatch, s.batch_id, s.batch_number, "recipe-" + s.product, s.product, us(start));
    // The line clearance, verified by a second person: the room is cleared for the batch, until
    // the batch is over.
    const Timestamp recorded = start + 5min + Duration(jitter(5min));
    const Timestamp verified = recorded + 10min;
    EntryRow e;
    e.at = recorded;
    e.id = ids_.at(recorded);
    e.type = "clearance";
    e.person = person();
    e.room = static_cast<int>(&room - rooms_.data());
    e.batch_id = s.batch_id;
    e.batch_number = s.batch_number;
    e.values =
        "{\"previous_product_removed\":{\"value\":true},\"previous_documents_removed\":{\"value\":"
        "true},\"equipment_clean_status_checked\":{\"value\":true},\"waste_removed\":{\"value\":"
        "true},\"labels_removed\":{\"value\":true}}";
    if (verified <= now_) {
      e.verified_at = verified;
      e.verifier = (e.person + 1) % kPeople;
      room_event(room, {.kind = equipment::RoomEventKind::kCleared,
                        .at = verified,
                        .entry_id = e.id,
                        .batch_id = s.batch_id,
                        .batch_number = s.batch_number});
      const Timestamp over = start + 5h + 15min;
      if (over <= now_) {
        room_event(room, {.kind = equipment::RoomEventKind::kClearanceEnded,
                          .at = over,
                          .entry_id = e.id,
                          .batch_id = s.batch_id,
                          .batch_number = s.batch_number});
      }
    }
    day_.push_back(std::move(e));
    return s;
  }

  void room_event(RoomRun& room, const equipment::RoomEvent& e) {
    room.state = equipment::apply_room(room.state, e);
    ++room.seq;
    out_.row(kInsertRoomStatus, room.id, room.seq, us(e.at), e.entry_id,
             json::serialize(logbook::room_event_to_json(e)),
             json::serialize(logbook::room_state_to_json(room.state)));
    ++counts_.room_events;
  }

  // Folds `e` into the unit's state as the service does and stores the state after it. False
  // (and nothing more today) when it would happen after now.
  bool event(Unit& u, const equipment::Event& e) {
    if (u.stopped || e.at > now_) {
      u.stopped = true;
      return false;
    }
    u.state = must(equipment::apply(u.state, e, rules_[u.cls], u.code), "apply");
    ++u.seq;
    out_.row(kInsertStatus, u.id, u.seq, us(e.at), e.entry_id,
             json::serialize(logbook::event_to_json(e)),
             json::serialize(logbook::state_to_json(u.state)));
    ++counts_.events;
    return true;
  }

  EntryRow entry_for(const Unit& u, Timestamp at, const char* type) {
    EntryRow e;
    e.at = at;
    e.id = ids_.at(at);
    e.type = type;
    e.person = person();
    e.equipment = static_cast<int>(&u - units_.data());
    e.room = u.room;
    return e;
  }

  // A usage entry recorded by hand (maintenance, out of service, calibration).
  void usage(Unit& u, Timestamp at, EventKind kind, std::optional<Timestamp> due = std::nullopt) {
    EntryRow e = entry_for(u, at, "usage");
    e.values =
        "{\"activity\":{\"value\":\"" + std::string(equipment::event_kind_name(kind)) + "\"}";
    if (due) e.values += ",\"calibration_due\":{\"time\":\"" + format_rfc3339(*due) + "\"}";
    e.values += "}";
    if (event(u, {.kind = kind, .at = at, .entry_id = e.id, .calibration_due = due})) {
      day_.push_back(std::move(e));
    }
  }

  // A batch's use_start or use_end (automatic entries).
  void batch_use(Unit& u, Timestamp at, const Shift& s, bool start) {
    EntryRow e = entry_for(u, at, "usage");
    e.automatic = true;
    e.batch_id = s.batch_id;
    e.batch_number = s.batch_number;
    e.values = start ? "{\"activity\":{\"value\":\"use_start\"}}"
                     : "{\"activity\":{\"value\":\"use_end\"}}";
    e.comment = start ? "bound by step charge#1 of batch " + s.batch_number
                      : "batch " + s.batch_number + " finished its use (unit procedure finished)";
    if (event(u, {.kind = start ? EventKind::kUseStart : EventKind::kUseEnd,
                  .at = at,
                  .entry_id = e.id,
                  .batch_id = s.batch_id,
                  .batch_number = s.batch_number,
                  .product = s.product})) {
      day_.push_back(std::move(e));
    }
  }

  // A cleaning entry: cleaning_start when recorded, cleaned when a second person verifies it.
  void cleaning(Unit& u, Timestamp start, Timestamp done, CleaningLevel level) {
    EntryRow e = entry_for(u, start, "cleaning");
    char procedure[24];
    std::snprintf(procedure, sizeof procedure, "SOP-CLN-%04d", 100 + u.cls);
    e.values = "{\"level\":{\"value\":\"" + std::string(equipment::cleaning_level_name(level)) +
               "\"},\"procedure\":{\"value\":\"" + procedure + "\"}}";
    if (!event(u, {.kind = EventKind::kCleaningStart, .at = start, .entry_id = e.id})) return;
    if (event(u, {.kind = EventKind::kCleaned, .at = done, .entry_id = e.id, .level = level})) {
      e.verified_at = done;
      e.verifier = (e.person + 7) % kPeople;
      counts_.major_cleanings += level == CleaningLevel::kMajor;
    }
    day_.push_back(std::move(e));
  }

  // A day of one piece of equipment: maintenance, breakdowns and calibration before the first
  // shift (05:00-05:45), then the batches of its room's shifts.
  void run_day(Unit& u, Timestamp day, const Shift (&shifts)[3]) {
    const ClassSpec& cls = kClasses[u.cls];
    const CleaningRules& rules = rules_[u.cls];
    const bool idle = u.state.state == State::kClean || u.state.state == State::kDirty;
    if (u.back_in_service && *u.back_in_service <= day + 5h + 15min) {
      usage(u, *u.back_in_service, EventKind::kReturnToService);
      u.back_in_service.reset();
    } else if (!u.back_in_service && idle && day >= u.next_maintenance) {
      usage(u, day + 5h + Duration(jitter(10min)), EventKind::kMaintenanceStart);
      u.maintenance_end = day + 17h + Duration(jitter(1h));
      u.next_maintenance = day + std::chrono::days(60 + rng_() % 61);
    } else if (!u.back_in_service && idle && rng_() % kOutOfServiceOdds == 0) {
      usage(u, day + 5h + Duration(jitter(10min)), EventKind::kOutOfService);
      u.back_in_service = day + std::chrono::days(1 + rng_() % 10) + 5h + 15min;
    }
    if (cls.calibration_days && u.state.state != State::kOutOfService &&
        (!u.state.calibration_due || *u.state.calibration_due <= day + std::chrono::days(3))) {
      usage(u, day + 5h + 30min + Duration(jitter(10min)), EventKind::kCalibrated,
            day + std::chrono::days(cls.calibration_days));
    }
    for (int s = 0; s < 3; ++s) {
      const Timestamp start = day + 6h + s * 8h;
      if (u.maintenance_end && *u.maintenance_end <= start) {
        usage(u, *u.maintenance_end, EventKind::kMaintenanceEnd);
        u.maintenance_end.reset();
      }
      const Shift& shift = shifts[s];
      if (!shift.runs || !chance(kTakesPart)) continue;
      if (u.state.state != State::kClean && u.state.state != State::kDirty) continue;
      const Timestamp j = start + Duration(jitter(10min));
      // The interlock, as the batch engine asks it when the equipment is bound.
      const auto view = equipment::evaluate(u.state, rules, j + 20min);
      bool clean_first = false, blocked = false, calibrate = false;
      for (const auto& refusal :
           equipment::check_use(view, rules, shift.batch_id, shift.product, u.code)) {
        if (refusal.reason == "dirty" || refusal.reason == "clean_hold_expired" ||
            refusal.reason == "major_cleaning_required") {
          clean_first = true;
        } else if (refusal.reason == "calibration_overdue") {
          calibrate = true;
        } else {
          blocked = true;
        }
      }
      if (blocked) continue;
      if (calibrate) {
        usage(u, j + 16min, EventKind::kCalibrated,
              std::chrono::floor<std::chrono::days>(j) + std::chrono::days(cls.calibration_days));
      }
      if (clean_first) {
        cleaning(u, j + 20min, j + 50min, CleaningLevel::kMajor);
        ++counts_.cleanings_before_use;
      }
      batch_use(u, j + 1h, shift, true);
      batch_use(u, j + 5h, shift, false);
      const bool minor = shift.campaign_goes_on &&
                         u.state.batches_since_major < rules.campaign_batches &&
                         !u.state.major_required;
      cleaning(u, j + 5h + 30min, j + 6h + 30min,
               minor ? CleaningLevel::kMinor : CleaningLevel::kMajor);
    }
    u.stopped = false;
  }

  void write_entry(const EntryRow& e) {
    const std::uint64_t n = ++counts_.entries;
    char number[40];
    std::snprintf(number, sizeof number, "LB-%s-%06" PRIu64,
                  format_rfc3339(e.at).substr(0, 4).c_str(), n);
    const Person& by = people_[e.person];
    const std::string signature = e.automatic ? std::string() : ids_.at(e.at);
    const std::string& equipment_id = e.equipment >= 0 ? units_[e.equipment].id : empty_;
    const std::string& room_id = e.room >= 0 ? rooms_[e.room].id : empty_;
    const bool verified = e.verified_at.has_value();
    const Person& verifier = people_[e.verifier];
    out_.row(kInsertEntry, e.id, number, e.type, e.type, us(e.at), by.id, by.name,
             e.automatic ? 1 : 0, equipment_id, room_id, e.batch_id, e.batch_number, e.comment,
             verified ? "verified" : "recorded", e.values, signature,
             verified ? verifier.id : empty_, verified ? verifier.name : empty_,
             verified ? std::optional<std::int64_t>(us(*e.verified_at)) : std::nullopt,
             verified ? ids_.at(*e.verified_at) : empty_);
    if (!revisions_) return;
    // The revision's content in the shape the service signs (logbook/service_entries.cc).
    const std::string at = format_rfc3339(e.at);
    const std::string content =
        "{\"entry_id\":\"" + e.id + "\",\"number\":\"" + number + "\",\"type\":\"" + e.type +
        "\",\"template_version\":1,\"revision\":1,\"values\":" + e.values +
        ",\"exceptions\":[],\"equipment_id\":\"" + equipment_id + "\",\"room_id\":\"" + room_id +
        "\",\"batch_id\":\"" + e.batch_id + "\",\"lot_id\":\"\",\"recorded_at\":\"" + at +
        "\",\"reason\":\"\",\"by\":\"" + by.id + "\",\"at\":\"" + at + "\"}";
    out_.row(kInsertRevision, ids_.at(e.at), e.id, e.values, by.id, by.name, us(e.at), signature,
             content);
  }

  Writer& out_;
  const Timestamp start_;
  const Timestamp now_;
  const bool revisions_;
  Timestamp registered_{};
  double shift_chance_ = 0;
  Ids ids_;
  std::mt19937_64 rng_{20261125};
  std::vector<Person> people_;
  std::vector<RoomRun> rooms_;
  std::vector<Unit> units_;
  std::vector<EntryRow> day_;
  Counts counts_;
  const std::string empty_;
  const std::vector<CleaningRules> rules_ = [] {
    std::vector<CleaningRules> r;
    for (const ClassSpec& c : kClasses) r.push_back(rules_of(c));
    return r;
  }();
};

// ---- The baseline: folding the entries ----------------------------------------------------------

struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, TransparentHash, std::equal_to<>>;

// What the fold needs besides the entries: each piece of equipment's code, class rules and
// registration, and each batch's product (an entry names its batch, not the product).
struct PlantTables {
  StringMap<int> index;  // equipment id → position
  std::vector<std::string> ids;
  std::vector<std::string> codes;
  std::vector<CleaningRules> rules;
  std::vector<Timestamp> registered;
  StringMap<std::string> products;  // batch id → product code
};

std::string_view column(sqlite3_stmt* s, int i) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return text ? std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(s, i)))
              : std::string_view();
}

PlantTables read_plant(sqlite3* db) {
  PlantTables p;
  StringMap<CleaningRules> classes;
  sqlite3_stmt* s = nullptr;
  sqlite_check(sqlite3_prepare_v2(db,
                                  "SELECT code, clean_hold_s, dirty_hold_s, campaign_batches "
                                  "FROM equipment_class",
                                  -1, &s, nullptr),
               db, "classes");
  while (sqlite3_step(s) == SQLITE_ROW) {
    CleaningRules r;
    if (sqlite3_column_type(s, 1) != SQLITE_NULL) {
      r.clean_hold = std::chrono::seconds(sqlite3_column_int64(s, 1));
    }
    if (sqlite3_column_type(s, 2) != SQLITE_NULL) {
      r.dirty_hold = std::chrono::seconds(sqlite3_column_int64(s, 2));
    }
    r.campaign_batches = sqlite3_column_int(s, 3);
    classes.emplace(std::string(column(s, 0)), r);
  }
  sqlite3_finalize(s);
  sqlite_check(sqlite3_prepare_v2(db, "SELECT id, code, class_code, created_at_us FROM equipment",
                                  -1, &s, nullptr),
               db, "equipment");
  while (sqlite3_step(s) == SQLITE_ROW) {
    p.index.emplace(std::string(column(s, 0)), static_cast<int>(p.ids.size()));
    p.ids.emplace_back(column(s, 0));
    p.codes.emplace_back(column(s, 1));
    p.rules.push_back(classes.find(column(s, 2))->second);
    p.registered.push_back(from_us(sqlite3_column_int64(s, 3)));
  }
  sqlite3_finalize(s);
  sqlite_check(sqlite3_prepare_v2(db, "SELECT id, product_code FROM batch", -1, &s, nullptr), db,
               "batches");
  while (sqlite3_step(s) == SQLITE_ROW) {
    p.products.emplace(std::string(column(s, 0)), std::string(column(s, 1)));
  }
  sqlite3_finalize(s);
  return p;
}

// One piece of equipment being folded from its entries: the cleaned event of a cleaning entry
// happens at its verification, so it waits until the fold reaches that instant.
struct Folding {
  EquipmentState state;
  std::optional<equipment::Event> pending;
};

void apply_or_die(Folding& f, const equipment::Event& e, const CleaningRules& rules,
                  const std::string& code) {
  auto next = equipment::apply(f.state, e, rules, code);
  if (!next.ok()) die("the baseline fold refused an event: " + next.error().to_string());
  f.state = std::move(next).value();
}

// An entry row's columns as the fold reads them.
struct EntryColumns {
  std::string_view id, kind;
  std::int64_t recorded_at_us = 0;
  std::string_view batch_id, batch_number, values;
  std::optional<std::int64_t> verified_at_us;
  std::string_view product;  // of its batch
};

// Folds one entry of the piece of equipment: usage → its activity at recorded_at; cleaning →
// cleaning_start at recorded_at and, when verified, cleaned (its level) at verified_at; other
// kinds make no equipment event. Events are applied in time order.
void fold_entry(Folding& f, const EntryColumns& c, const CleaningRules& rules,
                const std::string& code) {
  const bool usage = c.kind == "usage";
  if (!usage && c.kind != "cleaning") return;
  const json::value values = json::parse(c.values);
  equipment::Event e{.at = from_us(c.recorded_at_us), .entry_id = std::string(c.id)};
  std::optional<equipment::Event> cleaned;
  if (usage) {
    const json::object& fields = values.as_object();
    const auto kind =
        equipment::parse_event_kind(fields.at("activity").as_object().at("value").as_string());
    if (!kind) die("an entry has an unknown activity");
    e.kind = *kind;
    if (e.kind == EventKind::kUseStart || e.kind == EventKind::kUseEnd) {
      e.batch_id = c.batch_id;
      e.batch_number = c.batch_number;
      e.product = c.product;
    }
    if (e.kind == EventKind::kCalibrated) {
      e.calibration_due = must(
          parse_rfc3339(fields.at("calibration_due").as_object().at("time").as_string()), "due");
    }
  } else {
    e.kind = EventKind::kCleaningStart;
    if (c.verified_at_us) {
      const auto level = equipment::parse_cleaning_level(
          values.as_object().at("level").as_object().at("value").as_string());
      if (!level) die("a cleaning entry has an unknown level");
      cleaned = equipment::Event{.kind = EventKind::kCleaned,
                                 .at = from_us(*c.verified_at_us),
                                 .entry_id = std::string(c.id),
                                 .level = *level};
    }
  }
  if (f.pending && f.pending->at <= e.at) {
    apply_or_die(f, *f.pending, rules, code);
    f.pending.reset();
  }
  apply_or_die(f, e, rules, code);
  if (cleaned) f.pending = std::move(cleaned);
}

// The state at `until`: what is still pending and due by then is applied.
void fold_finish(Folding& f, Timestamp until, const CleaningRules& rules, const std::string& code) {
  if (f.pending && f.pending->at <= until) apply_or_die(f, *f.pending, rules, code);
  f.pending.reset();
}

constexpr const char* kScanEntries =
    "SELECT id, kind, recorded_at_us, equipment_id, batch_id, batch_number, entry_values, "
    "verified_at_us FROM logbook_entry";

EntryColumns read_columns(sqlite3_stmt* s, std::string_view product) {
  EntryColumns c;
  c.id = column(s, 0);
  c.kind = column(s, 1);
  c.recorded_at_us = sqlite3_column_int64(s, 2);
  c.batch_id = column(s, 4);
  c.batch_number = column(s, 5);
  c.values = column(s, 6);
  if (sqlite3_column_type(s, 7) != SQLITE_NULL) c.verified_at_us = sqlite3_column_int64(s, 7);
  c.product = product;
  return c;
}

sqlite3* open_reader(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite_check(
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr), db,
      "open");
  sqlite_check(sqlite3_exec(db, "PRAGMA cache_size = -32768", nullptr, nullptr, nullptr), db,
               "cache");
  return db;
}

// Baseline for the board: every entry read and every piece of equipment folded from its first
// event; the statuses evaluated at now, by equipment id.
std::vector<equipment::StatusView> board_by_full_scan(const std::string& path, Timestamp now,
                                                      PlantTables* plant_out = nullptr) {
  sqlite3* db = open_reader(path);
  PlantTables p = read_plant(db);
  std::vector<Folding> folds(p.ids.size());
  for (std::size_t i = 0; i < folds.size(); ++i) folds[i].state.since = p.registered[i];
  sqlite3_stmt* s = nullptr;
  sqlite_check(sqlite3_prepare_v2(db, kScanEntries, -1, &s, nullptr), db, "scan");
  while (sqlite3_step(s) == SQLITE_ROW) {
    const std::string_view equipment_id = column(s, 3);
    if (equipment_id.empty()) continue;
    const int i = p.index.find(equipment_id)->second;
    std::string_view product;
    if (const std::string_view batch = column(s, 4); !batch.empty()) {
      product = p.products.find(batch)->second;
    }
    fold_entry(folds[i], read_columns(s, product), p.rules[i], p.codes[i]);
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  std::vector<equipment::StatusView> out;
  for (std::size_t i = 0; i < folds.size(); ++i) {
    fold_finish(folds[i], now, p.rules[i], p.codes[i]);
    out.push_back(equipment::evaluate(folds[i].state, p.rules[i], now));
  }
  if (plant_out) *plant_out = std::move(p);
  return out;
}

// Baseline for a point in time, full scan: the entries in insertion (= time) order up to `at`,
// folding the one piece of equipment (its batches' products looked up one by one). `p`: the
// plant as read_plant reads it (products are not needed).
equipment::StatusView status_by_full_scan(const std::string& path, const PlantTables& p, int unit,
                                          Timestamp at) {
  sqlite3* db = open_reader(path);
  Folding f;
  f.state.since = p.registered[unit];
  sqlite3_stmt* s = nullptr;
  sqlite3_stmt* product = nullptr;
  sqlite_check(sqlite3_prepare_v2(db, kScanEntries, -1, &s, nullptr), db, "scan");
  sqlite_check(
      sqlite3_prepare_v2(db, "SELECT product_code FROM batch WHERE id = ?", -1, &product, nullptr),
      db, "product");
  const std::int64_t until = us(at);
  const std::string& id = p.ids[unit];
  while (sqlite3_step(s) == SQLITE_ROW) {
    if (sqlite3_column_int64(s, 2) > until) break;
    if (column(s, 3) != id) continue;
    std::string code;
    if (const std::string_view batch = column(s, 4); !batch.empty()) {
      bind(product, 1, batch);
      if (sqlite3_step(product) == SQLITE_ROW) code = column(product, 0);
      sqlite3_reset(product);
    }
    fold_entry(f, read_columns(s, code), p.rules[unit], p.codes[unit]);
  }
  sqlite3_finalize(product);
  sqlite3_finalize(s);
  sqlite3_close(db);
  fold_finish(f, at, p.rules[unit], p.codes[unit]);
  return equipment::evaluate(f.state, p.rules[unit], at);
}

// Baseline for a point in time, indexed replay: that piece of equipment's entries up to `at`
// through the logbook_entry_equipment index (with each batch's product), through the store.
equipment::StatusView status_by_replay(store::Database& db, const PlantTables& p, int unit,
                                       Timestamp at) {
  Folding f;
  f.state.since = p.registered[unit];
  BENCH_CHECK(db.read_unit([&](store::Tx& tx) -> Result<void> {
    GEMBA_TRY(rows, tx.query("SELECT e.id, e.kind, e.recorded_at_us, e.batch_id, e.batch_number, "
                             "e.entry_values, e.verified_at_us, b.product_code FROM logbook_entry "
                             "e LEFT JOIN batch b ON b.id = e.batch_id WHERE e.equipment_id = ? "
                             "AND e.recorded_at_us <= ? ORDER BY e.recorded_at_us",
                             p.ids[unit], us(at)));
    for (const store::Row& r : rows) {
      EntryColumns c{.id = r.text(0),
                     .kind = r.text(1),
                     .recorded_at_us = r.int64(2),
                     .batch_id = r.text(3),
                     .batch_number = r.text(4),
                     .values = r.text(5),
                     .verified_at_us = r.opt_int64(6),
                     .product = r.text(7)};
      fold_entry(f, c, p.rules[unit], p.codes[unit]);
    }
    return ok();
  }));
  fold_finish(f, at, p.rules[unit], p.codes[unit]);
  return equipment::evaluate(f.state, p.rules[unit], at);
}

// The response body of GET /api/v1/equipment/board (logbook/routes.cc), before serialisation.
json::object board_json(const std::vector<logbook::BoardRow>& rows) {
  json::array items;
  items.reserve(rows.size());
  json::object counts;
  for (const auto& r : rows) {
    items.push_back(logbook::board_row_json(r));
    auto& c = counts[equipment::status_name(r.view.status)];
    c = c.is_int64() ? c.get_int64() + 1 : 1;
  }
  return json::object{{"items", std::move(items)}, {"counts", std::move(counts)}};
}

void check_same(const equipment::StatusView& service, const equipment::StatusView& baseline,
                const std::string& what) {
  if (service == baseline) return;
  die(what + " differs from the baseline fold:\n  service:  " +
      json::serialize(logbook::view_to_json(service)) +
      "\n  baseline: " + json::serialize(logbook::view_to_json(baseline)));
}

std::vector<store::Migration> all_migrations() {
  std::vector<store::Migration> all;
  for (const auto* set : {&cli::system_migrations(), &trust_migrations(), &recipe_migrations(),
                          &batch_migrations(), &material_migrations(), &logbook_migrations()}) {
    all.insert(all.end(), set->begin(), set->end());
  }
  return all;
}

trust::TrustSetup trust_setup(const std::filesystem::path& dir) {
  trust::TrustSetup setup;
  setup.options.argon2 = trust::Argon2Params::for_tests();
  setup.audit_key_file = (dir / "audit.key").string();
  return setup;
}

struct Stats {
  double p50 = 0, p99 = 0, max = 0;
};
Stats stats(const std::vector<double>& v) {
  return {percentile(v, 0.5), percentile(v, 0.99), percentile(v, 1.0)};
}

}  // namespace

int main(int argc, char** argv) {
  int equipment_count = 2000, years = 2;
  double events_per_day = 4;
  int boards = 200, queries = 1000, scan_runs = 3, pit_scans = 5, replays = 200;
  bool keep = false, revisions = false, reuse = false;
  std::filesystem::path dir;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--keep") == 0) keep = true;
    if (std::strcmp(argv[i], "--revisions") == 0) revisions = true;
    if (std::strcmp(argv[i], "--reuse") == 0) reuse = true;
    if (!has_value) continue;
    if (std::strcmp(argv[i], "--equipment") == 0) {
      equipment_count = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--years") == 0) {
      years = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--events-per-day") == 0) {
      events_per_day = std::strtod(argv[++i], nullptr);
    } else if (std::strcmp(argv[i], "--boards") == 0) {
      boards = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--queries") == 0) {
      queries = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--scan-runs") == 0) {
      scan_runs = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--pit-scans") == 0) {
      pit_scans = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--replays") == 0) {
      replays = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--dir") == 0) {
      dir = argv[++i];
    }
  }
  if (equipment_count < 1 || years < 1 || boards < 1 || queries < 1 || scan_runs < 1 ||
      pit_scans < 1 || replays < 1) {
    die("sizes and counts are at least 1");
  }
  const bool own_dir = dir.empty();
  if (own_dir) {
    std::string pattern = (std::filesystem::temp_directory_path() / "gemba-logbook-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) die("mkdtemp failed");
    dir = pattern;
  }
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "logbook.db").string();
  reuse = reuse && std::filesystem::exists(path);
  auto remove_database = [&] {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    std::filesystem::remove(dir / "audit.key");
    std::filesystem::remove(dir / "audit.key.checkpoint");
  };

  const Timestamp now = std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} + 10h;
  Timestamp start = std::chrono::floor<std::chrono::days>(now) - std::chrono::days(365 * years);

  // The schema as `gemba migrate` makes it, and the default logbook types as the service creates
  // them on its first start; then the plant.
  const auto generate_start = Stopwatch::now();
  Counts counts;
  if (!reuse) {
    remove_database();
    {
      ManualClock clock(start - 2 * 24h);
      UuidV7Generator ids(clock);
      auto db = must(store::open_database("sqlite:" + path), "open");
      must(store::apply_migrations(*db, all_migrations(), clock), "migrate");
      auto trust =
          must(trust::TrustCore::create(*db, clock, ids, nullptr, trust_setup(dir)), "trust core");
      auto service = must(logbook::LogbookService::open(*db, clock, ids, trust->audit(),
                                                        trust->signatures(), nullptr),
                          "logbook service");
      service.reset();
      trust.reset();
      db->close();
    }
    Writer writer(path);
    PlantGenerator plant(writer, start, now, equipment_count, events_per_day, revisions);
    plant.write_plant();
    plant.write_history();
    plant.finish();
    writer.commit();
    counts = plant.counts();
  }
  const double generate_ms = ms_since(generate_start);
  const double db_mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;

  // The service on that database, as the server opens it.
  ManualClock clock(now);
  UuidV7Generator ids(clock);
  auto db = must(store::open_database("sqlite:" + path), "open");
  auto trust =
      must(trust::TrustCore::create(*db, clock, ids, nullptr, trust_setup(dir)), "trust core");
  const double rss_before = rss_mb();
  const auto open_start = Stopwatch::now();
  auto service = must(
      logbook::LogbookService::open(*db, clock, ids, trust->audit(), trust->signatures(), nullptr),
      "logbook service");
  const double open_ms = ms_since(open_start);
  const double open_rss = rss_mb() - rss_before;
  std::vector<std::string> codes;
  for (const auto& e : service->equipment_list("", "")) codes.push_back(e.code);
  if (reuse) {
    // What an earlier run (--keep) generated.
    BENCH_CHECK(db->read_unit([&](store::Tx& tx) -> Result<void> {
      GEMBA_TRY(rows, tx.query("SELECT (SELECT MIN(created_at_us) FROM equipment), (SELECT "
                               "COUNT(*) FROM logbook_entry), (SELECT COUNT(*) FROM "
                               "equipment_status), (SELECT COUNT(*) FROM batch), (SELECT "
                               "COUNT(*) FROM room_status)"));
      start = from_us(rows[0].int64(0)) + 24h;
      counts.entries = static_cast<std::uint64_t>(rows[0].int64(1));
      counts.events = static_cast<std::uint64_t>(rows[0].int64(2));
      counts.batches = static_cast<std::uint64_t>(rows[0].int64(3));
      counts.room_events = static_cast<std::uint64_t>(rows[0].int64(4));
      return ok();
    }));
  }

  // The board.
  std::vector<double> board_ms, board_cpu_ms, board_only_ms, board_text_ms, board_faults;
  std::size_t sink = 0;
  for (int i = 0; i < boards; ++i) {
    const double faults = thread_page_faults();
    const double cpu = thread_cpu_ms();
    const auto t0 = Stopwatch::now();
    const auto rows = service->board();
    const auto t1 = Stopwatch::now();
    const auto t2 = Stopwatch::now();
    sink += logbook::board_text(rows).size();  // what the handler answers
    board_ms.push_back(ms_since(t0));
    board_cpu_ms.push_back(thread_cpu_ms() - cpu);
    board_faults.push_back(thread_page_faults() - faults);
    board_only_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    board_text_ms.push_back(ms_since(t2));
  }
  const std::size_t board_bytes = json::serialize(board_json(service->board())).size();

  // The point in time.
  std::mt19937_64 rng(7);
  struct Question {
    int unit;
    Timestamp at;
  };
  std::vector<Question> questions;
  const auto span = static_cast<std::uint64_t>(us(now) - us(start));
  for (int i = 0; i < queries; ++i) {
    questions.push_back({static_cast<int>(rng() % codes.size()),
                         start + Duration(static_cast<std::int64_t>(rng() % span))});
  }
  std::vector<double> pit_ms, pit_cpu_ms, pit_render_ms;
  std::vector<equipment::StatusView> pit_views;
  for (const Question& q : questions) {
    const double cpu = thread_cpu_ms();
    const auto t0 = Stopwatch::now();
    auto status = must(service->equipment_status(codes[q.unit], q.at), "equipment_status");
    pit_ms.push_back(ms_since(t0));
    pit_cpu_ms.push_back(thread_cpu_ms() - cpu);
    sink += json::serialize(logbook::equipment_status_json(status)).size();
    pit_render_ms.push_back(ms_since(t0));
    pit_views.push_back(status.view);
  }

  // Baselines, same run, and the checks.
  PlantTables plant_tables;
  std::vector<double> scan_ms;
  std::vector<equipment::StatusView> scanned;
  for (int i = 0; i < scan_runs; ++i) {
    const auto t0 = Stopwatch::now();
    scanned = board_by_full_scan(path, now, i == 0 ? &plant_tables : nullptr);
    scan_ms.push_back(ms_since(t0));
  }
  {
    const auto rows = service->board();
    if (rows.size() != scanned.size()) die("the board has a row per piece of equipment");
    for (const auto& r : rows) {
      const int i = plant_tables.index.at(r.equipment.id);
      check_same(r.view, scanned[i], "the board row of " + r.equipment.code);
    }
  }
  std::vector<double> pit_scan_ms;
  for (int i = 0; i < pit_scans; ++i) {
    const Question& q = questions[i % questions.size()];
    const int unit =
        plant_tables.index.at(must(service->find_equipment(codes[q.unit]), "find_equipment").id);
    const auto t0 = Stopwatch::now();
    const auto view = status_by_full_scan(path, plant_tables, unit, q.at);
    pit_scan_ms.push_back(ms_since(t0));
    check_same(pit_views[i % questions.size()], view,
               "the status of " + codes[q.unit] + " at " + format_rfc3339(q.at));
  }
  std::vector<double> replay_ms;
  for (int i = 0; i < replays; ++i) {
    const Question& q = questions[i % questions.size()];
    const int unit =
        plant_tables.index.at(must(service->find_equipment(codes[q.unit]), "find_equipment").id);
    const auto t0 = Stopwatch::now();
    const auto view = status_by_replay(*db, plant_tables, unit, q.at);
    replay_ms.push_back(ms_since(t0));
    check_same(pit_views[i % questions.size()], view,
               "the status of " + codes[q.unit] + " at " + format_rfc3339(q.at));
  }
  if (sink == 0) return 2;
  service.reset();
  trust.reset();
  db->close();
  if (!keep) {
    if (own_dir) {
      std::filesystem::remove_all(dir);
    } else {
      remove_database();
    }
  }

  const double days = static_cast<double>((now - start) / 24h);
  std::printf("## logbook_bench (%zu equipment, %.1f years, %" PRIu64 " entries, %" PRIu64
              " equipment events = %.2f per equipment-day; SQLite file %.0f MB)\n\n",
              codes.size(), days / 365, counts.entries, counts.events,
              static_cast<double>(counts.events) / static_cast<double>(codes.size()) / days, db_mb);
  std::printf("| step | figure |\n|---|---:|\n");
  if (reuse) {
    std::printf("| generate | reused the database of an earlier run (%" PRIu64 " batches, %" PRIu64
                " room events) |\n",
                counts.batches, counts.room_events);
  } else {
    std::printf("| generate (migrations, then one transaction: %" PRIu64 " batches, %" PRIu64
                " room events, %" PRIu64 " cleanings before a use, %" PRIu64
                " major cleanings%s) | %.1f s |\n",
                counts.batches, counts.room_events, counts.cleanings_before_use,
                counts.major_cleanings, revisions ? ", with revisions" : ", no revision rows",
                generate_ms / 1000);
  }
  std::printf("| LogbookService::open (loads the plant) | %.1f ms, +%.1f MB resident |\n", open_ms,
              open_rss);
  std::printf("| board JSON | %zu rows, %.0f kB |\n\n", codes.size(),
              static_cast<double>(board_bytes) / 1000);

  const Stats b = stats(board_ms), bc = stats(board_cpu_ms), bo = stats(board_only_ms),
              bt = stats(board_text_ms), p = stats(pit_ms), pc = stats(pit_cpu_ms),
              pr = stats(pit_render_ms), rp = stats(replay_ms);
  const Stats s = stats(scan_ms), ps = stats(pit_scan_ms);
  const double s_min = percentile(scan_ms, 0), ps_min = percentile(pit_scan_ms, 0);
  auto line = [](const char* what, int runs, const Stats& x, int digits) {
    std::printf("| %s | %d | %.*f | %.*f | %.*f |\n", what, runs, digits, x.p50, digits, x.p99,
                digits, x.max);
  };
  std::printf("| question (wall time unless said) | runs | p50 ms | p99 ms | max ms |\n");
  std::printf("|---|---:|---:|---:|---:|\n");
  line("**board**: board() + the handler's JSON", boards, b, 2);
  line("board: the same, CPU time of the thread", boards, bc, 2);
  line("board: board()", boards, bo, 2);
  line("board: board_text (the JSON values and the text)", boards, bt, 2);
  line("board: minor page faults per board (a count)", boards, stats(board_faults), 0);
  line("**point in time**: equipment_status(code, at)", queries, p, 3);
  line("point in time: the same, CPU time of the thread", queries, pc, 3);
  line("point in time: with the handler's JSON", queries, pr, 3);
  line("baseline: replay that equipment's entries up to the instant (entry index)", replays, rp, 2);
  std::printf("\n");
  std::printf("| baseline: full scan of logbook_entry | runs | min ms | median ms | max ms |\n");
  std::printf("|---|---:|---:|---:|---:|\n");
  std::printf(
      "| board: every entry, every piece of equipment folded, evaluated at now | %d | %.0f | "
      "%.0f | %.0f |\n",
      scan_runs, s_min, s.p50, s.max);
  std::printf(
      "| point in time: the entries up to the instant, that equipment folded | %d | %.0f | "
      "%.0f | %.0f |\n\n",
      pit_scans, ps_min, ps.p50, ps.max);
  std::printf(
      "| ratio (baseline / service) | typical | worst case |\n|---|---:|---:|\n"
      "| board vs full scan (median / p50; min / p99) | %.0fx | %.0fx |\n"
      "| point in time vs full scan (median / p50; min / p99) | %.0fx | %.0fx |\n"
      "| point in time vs indexed replay (p50 / p50; p99 / p99) | %.1fx | %.1fx |\n\n",
      s.p50 / b.p50, s_min / b.p99, ps.p50 / p.p50, ps_min / p.p99, rp.p50 / p.p50, rp.p99 / p.p99);
  std::printf(
      "checked: all %zu board rows equal the full-scan fold; %d + %d point-in-time answers equal "
      "the baseline folds\n",
      codes.size(), pit_scans, replays);
  const bool met = b.p99 <= 20 && p.p99 <= 20;
  std::printf(
      "target: board and point-in-time p99 <= 20 ms each: %s (board %.2f ms, point in "
      "time %.3f ms)\n",
      met ? "met" : "NOT met", b.p99, p.p99);
  return 0;
}
