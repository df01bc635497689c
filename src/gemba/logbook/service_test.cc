// LogbookService: the status logbook entries make, now and at any past instant, to the
// microsecond; and the same status after the service is opened again on the same database.

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <iterator>

#include "gemba/core/time.h"
#include "gemba/logbook/service_test_fixture.h"

namespace gemba::logbook {
namespace {

using equipment::Environment;
using equipment::Status;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using testing::kDay;
using testing::numbers;
constexpr auto n = testing::entry_number;

constexpr microseconds kMicro{1};

Timestamp time_of(std::string_view rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  EXPECT_TRUE(t.ok()) << rfc3339;
  return t.ok() ? *t : Timestamp{};
}

// The entries' numbers of 2026, short: "15 7 3" for LB-2026-000015, LB-2026-000007, ...
std::string short_numbers(const std::vector<Entry>& entries) {
  std::string out;
  for (const Entry& e : entries) {
    std::string number = e.number;
    if (number.rfind("LB-2026-", 0) == 0) number = std::to_string(std::stoi(number.substr(8)));
    out += (out.empty() ? "" : " ") + number;
  }
  return out;
}

// "09-22 10:00" for a whole minute; the full RFC 3339 text otherwise.
std::string when(Timestamp t) {
  const std::string s = format_rfc3339(t);
  if (s.substr(16) != ":00.000000Z") return s;
  return s.substr(5, 5) + " " + s.substr(11, 5);
}

// "dirty since 09-22 10:00, clean hold expired, dirty hold exceeded"
std::string describe(const equipment::StatusView& v) {
  std::string out = std::string(status_name(v.status)) + " since " + when(v.since);
  if (v.clean_hold_expired) out += ", clean hold expired";
  if (v.dirty_hold_exceeded) out += ", dirty hold exceeded";
  if (v.calibration_overdue) out += ", calibration overdue";
  return out;
}

// "cleared for TEST-2026-0002 since 09-22 08:15; out_of_limits (1); cleaned 09-22 08:55"
std::string describe(const equipment::RoomState& s) {
  std::string out =
      s.cleared ? "cleared for " + s.cleared_batch_number + " since " + when(s.cleared_since)
                : "not cleared";
  out += "; " + std::string(environment_name(s.environment));
  if (!s.excursions.empty()) out += " (" + std::to_string(s.excursions.size()) + ")";
  out += s.cleaned_at ? "; cleaned " + when(*s.cleaned_at) : "; not cleaned";
  return out;
}

class StatusTest : public testing::LogbookServiceTest {};
GEMBA_INSTANTIATE_FOR_BACKENDS(StatusTest);

// Each entry changes the status at the instant it is recorded (or verified); hold times and the
// calibration due date change it at their instant, to the microsecond, now and on the board.
TEST_P(StatusTest, EntriesAndTimeMakeTheStatusNow) {
  const Timestamp t0 = kDay + hours(6);
  at(t0);
  register_plant();
  const Timestamp d25 = time_of("2026-09-25T00:00:00Z");
  Entry cleaning;
  const struct {
    const char* label;
    Timestamp when;
    std::function<void()> act;
    std::string status;
  } table[] = {
      {"registered: dirty", t0, nullptr, "dirty since 09-22 06:00"},
      {"cleaning recorded", t0 + minutes(10),
       [&] { cleaning = record("cleaning", cleaning_input("GRAN-01", "major")); },
       "cleaning since 09-22 06:10"},
      {"cleaning verified", t0 + minutes(20), [&] { verify(cleaning.id); },
       "clean since 09-22 06:20"},
      {"1 µs before the clean hold expires", t0 + minutes(140) - kMicro, nullptr,
       "clean since 09-22 06:20"},
      {"the clean hold expires", t0 + minutes(140), nullptr,
       "dirty since 09-22 08:20, clean hold expired"},
      {"1 µs before the dirty hold is exceeded", t0 + minutes(380) - kMicro, nullptr,
       "dirty since 09-22 08:20, clean hold expired"},
      {"the dirty hold is exceeded", t0 + minutes(380), nullptr,
       "dirty since 09-22 08:20, clean hold expired, dirty hold exceeded"},
      {"calibrated, due 2026-09-25", t0 + minutes(390),
       [&] { usage("GRAN-01", "calibrated", "", "2026-09-25"); },
       "dirty since 09-22 08:20, clean hold expired, dirty hold exceeded"},
      {"1 µs before the calibration is due", d25 - kMicro, nullptr,
       "dirty since 09-22 08:20, clean hold expired, dirty hold exceeded"},
      {"the calibration is due", d25, nullptr,
       "calibration_overdue since 09-25 00:00, clean hold expired, dirty hold exceeded, "
       "calibration overdue"},
      {"maintenance starts", d25 + hours(8), [&] { usage("GRAN-01", "maintenance_start"); },
       "maintenance since 09-25 08:00, calibration overdue"},
      {"maintenance ends: dirty, still overdue", d25 + hours(10),
       [&] { usage("GRAN-01", "maintenance_end"); },
       "calibration_overdue since 09-25 00:00, calibration overdue"},
      {"calibrated again", d25 + hours(11),
       [&] { usage("GRAN-01", "calibrated", "", "2026-10-20"); }, "dirty since 09-25 10:00"},
      {"out of service", d25 + hours(12), [&] { usage("GRAN-01", "out_of_service"); },
       "out_of_service since 09-25 12:00"},
      {"returned to service: dirty", d25 + hours(13),
       [&] { usage("GRAN-01", "return_to_service"); }, "dirty since 09-25 13:00"},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.label);
    at(row.when);
    if (row.act) row.act();
    const EquipmentStatus s = status("GRAN-01");
    EXPECT_EQ(s.at, row.when);
    EXPECT_EQ(describe(s.view), row.status);
    const BoardRow b = board_row("GRAN-01");
    EXPECT_EQ(b.room_code, "GRA-201");
    EXPECT_EQ(b.view, s.view);
  }
  // The board as it was at each of those instants, asked afterwards, shows what it showed then.
  for (const auto& row : table) {
    SCOPED_TRACE(std::string("board at: ") + row.label);
    auto past = logbooks().board_at(row.when);
    ASSERT_TRUE(past.ok()) << past.error().message;
    const auto it = std::find_if(past->begin(), past->end(),
                                 [](const BoardRow& r) { return r.equipment.code == "GRAN-01"; });
    ASSERT_NE(it, past->end());
    EXPECT_EQ(it->room_code, "GRA-201");
    EXPECT_EQ(describe(it->view), row.status);
  }
  // Not the future; before the plant was registered, an empty board.
  const Timestamp last = table[std::size(table) - 1].when;
  EXPECT_EQ(logbooks().board_at(last + kMicro).error().code, ErrorCode::kInvalidArgument);
  auto before = logbooks().board_at(t0 - kMicro);
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->empty());
  // GRAN-02, never cleaned, stays dirty; the board is ordered by code.
  EXPECT_EQ(status("GRAN-02").view.status, Status::kDirty);
  EXPECT_EQ(status("GRAN-02").view.since, t0);
  const auto board = logbooks().board();
  ASSERT_EQ(board.size(), 3u);
  EXPECT_EQ(board[0].equipment.code, "BLEND-01");
  EXPECT_EQ(board[1].equipment.code, "GRAN-01");
  EXPECT_EQ(board[2].equipment.code, "GRAN-02");
}

// Live screens hear of each entry and each status it changes, once committed, and of nothing a
// refusal left undone.
TEST_P(StatusTest, EntriesAndStatusChangesAreAnnouncedOnceCommitted) {
  at(kDay + hours(6));
  register_plant();
  const auto statuses = [&] {
    std::vector<std::string> out;
    for (const Event& e : events_of_type("equipment.status_changed")) {
      out.push_back(std::string(e.data.at("code").as_string()) + " " +
                    std::string(e.data.at("status").as_string()));
      EXPECT_EQ(e.required_permission, "logbook.read");
    }
    return out;
  };
  const auto entries = [&](const std::string& type) {
    std::vector<std::string> out;
    for (const Event& e : events_of_type(type)) {
      out.push_back(std::string(e.data.at("number").as_string()) + " " +
                    std::string(e.data.at("type").as_string()) + " " +
                    std::string(e.data.at("equipment").as_string()) + " " +
                    std::string(e.data.at("state").as_string()));
      EXPECT_EQ(e.subject_type, "logbook_entry");
    }
    return out;
  };
  at(kDay + hours(7));
  const Entry cleaning = record("cleaning", cleaning_input("GRAN-01", "major"));
  at(kDay + hours(8));
  verify(cleaning.id);
  EXPECT_EQ(statuses(), (std::vector<std::string>{"GRAN-01 cleaning", "GRAN-01 clean"}));
  EXPECT_EQ(entries("logbook.entry_recorded"),
            (std::vector<std::string>{cleaning.number + " cleaning GRAN-01 recorded"}));
  EXPECT_EQ(entries("logbook.entry_verified"),
            (std::vector<std::string>{cleaning.number + " cleaning GRAN-01 verified"}));
  // Refused (a use of dirty equipment, a second verification): nothing announced.
  auto refused =
      logbooks().record(anna_, "equipment_usage", usage_input("GRAN-02", "use_start"), sign(anna_));
  EXPECT_FALSE(refused.ok());
  EXPECT_FALSE(logbooks().verify(anna_, cleaning.id, sign(anna_)).ok());
  EXPECT_EQ(statuses().size(), 2u);
  EXPECT_EQ(events_of_type("logbook.entry_recorded").size(), 1u);
}

TEST_P(StatusTest, CleanViewNamesItsExpiryAndLevel) {
  const Timestamp t0 = kDay + hours(6);
  at(t0);
  register_plant();
  clean("GRAN-01", "minor");
  const EquipmentStatus s = status("GRAN-01");
  EXPECT_EQ(s.view.status, Status::kClean);
  EXPECT_EQ(s.view.state.clean_level, equipment::CleaningLevel::kMinor);
  ASSERT_TRUE(s.view.clean_expires_at.has_value());
  EXPECT_EQ(*s.view.clean_expires_at, t0 + hours(2));
  // BLENDER has no hold limits: clean for good.
  clean("BLEND-01", "major");
  at(t0 + days(20));
  EXPECT_EQ(status("BLEND-01").view.status, Status::kClean);
  EXPECT_FALSE(status("BLEND-01").view.clean_expires_at.has_value());
}

// ---- The status at a past instant ------------------------------------------------------------

// A day of GRAN-01 and room GRA-201, entry by entry, at chosen instants (B = 2026-09-22T06:00Z):
//
//   B+0     GRAN-01 registered                       B+120m  verify #7   → clean (minor)
//   B+10m   #1 cleaning GRAN-01 major → cleaning     B+130m  #8 clearance GRA-201, batch Y
//   B+15m   #2 clearance GRA-201, batch X            B+135m  verify #8   → cleared for Y
//   B+20m   verify #1 → clean (major)                B+140m  #9 environment 27.5 °C → out
//   B+25m   verify #2 → cleared for X                B+150m  #10 clearance for X, labels not
//   B+30m   #3 calibrated, due 2026-10-02                    removed: verified at B+155m,
//   B+35m   #4 environment 21.5 °C → in limits              the room stays cleared for Y
//   B+40m   #5 use_start by X → in use               B+170m  #11 cleaning of the room (major)
//   B+100m  #6 use_end by X → dirty                  B+175m  verify #11 → room cleaned
//   B+110m  #7 cleaning GRAN-01 minor → cleaning     B+500m  #12 maintenance_start
//   (clean hold expires B+240m; dirty hold           B+560m  #13 maintenance_end → dirty
//    exceeded B+480m)                                B+600m  #14 out_of_service
//                                                    B+660m  #15 return_to_service → dirty
//   then the clock moves to 2026-10-02T01:00Z (calibration overdue since midnight).
class HistoryTest : public testing::LogbookServiceTest {
 protected:
  const Timestamp b_ = kDay + hours(6);
  batch::BatchHeader x_, y_;

  void write_history() {
    x_ = new_batch(false);
    y_ = new_batch(false);
    ASSERT_EQ(x_.number, "TEST-2026-0001");
    ASSERT_EQ(y_.number, "TEST-2026-0002");
    auto m = [&](int minutes_after) { at(b_ + minutes(minutes_after)); };
    m(0);
    register_plant();
    m(10);
    const Entry e1 = record("cleaning", cleaning_input("GRAN-01", "major"));
    m(15);
    const Entry e2 = record("clearance", clearance_input("GRA-201", x_.number));
    m(20);
    verify(e1.id);
    m(25);
    verify(e2.id);
    m(30);
    usage("GRAN-01", "calibrated", "", "2026-10-02");
    m(35);
    record("environment", environment_input("GRA-201", 21.5));
    m(40);
    usage("GRAN-01", "use_start", x_.number);
    m(100);
    usage("GRAN-01", "use_end", x_.id);
    m(110);
    const Entry e7 = record("cleaning", cleaning_input("GRAN-01", "minor"));
    m(120);
    verify(e7.id);
    m(130);
    const Entry e8 = record("clearance", clearance_input("GRA-201", y_.number));
    m(135);
    verify(e8.id);
    m(140);
    record("environment", environment_input("GRA-201", 27.5));
    m(150);
    const Entry e10 = record("clearance", clearance_input("GRA-201", x_.number, false));
    m(155);
    verify(e10.id);
    m(170);
    const Entry e11 = record("cleaning", cleaning_input("", "major", "GRA-201"));
    m(175);
    verify(e11.id);
    m(500);
    usage("GRAN-01", "maintenance_start");
    m(560);
    usage("GRAN-01", "maintenance_end");
    m(600);
    usage("GRAN-01", "out_of_service");
    m(660);
    usage("GRAN-01", "return_to_service");
    at(time_of("2026-10-02T01:00:00Z"));
    ASSERT_EQ(e11.number, n(11));
  }
};
GEMBA_INSTANTIATE_FOR_BACKENDS(HistoryTest);

TEST_P(HistoryTest, EquipmentStatusAtPastInstants) {
  write_history();
  if (HasFatalFailure()) return;
  const Timestamp due = time_of("2026-10-02T00:00:00Z");
  auto m = [&](int minutes_after) { return b_ + minutes(minutes_after); };
  const struct {
    const char* label;
    Timestamp at;
    std::string status;
    std::string entries;  // numbers: state, cleaning, calibration (each once)
  } table[] = {
      {"at registration", m(0), "dirty since 09-22 06:00", ""},
      {"cleaning recorded, to the µs", m(10), "cleaning since 09-22 06:10", "1"},
      {"between", m(15), "cleaning since 09-22 06:10", "1"},
      {"1 µs before the verification", m(20) - kMicro, "cleaning since 09-22 06:10", "1"},
      {"verified: clean (major)", m(20), "clean since 09-22 06:20", "1"},
      {"calibrated", m(30), "clean since 09-22 06:20", "1 3"},
      {"in use by X", m(40), "in_use since 09-22 06:40", "5 1 3"},
      {"1 µs before the use ends", m(100) - kMicro, "in_use since 09-22 06:40", "5 1 3"},
      {"use ended: dirty", m(100), "dirty since 09-22 07:40", "6 1 3"},
      {"minor cleaning recorded", m(110), "cleaning since 09-22 07:50", "7 1 3"},
      {"verified: clean (minor)", m(120), "clean since 09-22 08:00", "7 3"},
      {"1 µs before the clean hold expires", m(240) - kMicro, "clean since 09-22 08:00", "7 3"},
      {"clean hold expired", m(240), "dirty since 09-22 10:00, clean hold expired", "7 3"},
      {"1 µs before the dirty hold is exceeded", m(480) - kMicro,
       "dirty since 09-22 10:00, clean hold expired", "7 3"},
      {"dirty hold exceeded", m(480),
       "dirty since 09-22 10:00, clean hold expired, dirty hold exceeded", "7 3"},
      {"maintenance", m(500), "maintenance since 09-22 14:20", "12 7 3"},
      {"maintenance ended", m(560), "dirty since 09-22 15:20", "13 7 3"},
      {"out of service", m(630), "out_of_service since 09-22 16:00", "14 7 3"},
      {"returned to service", m(660), "dirty since 09-22 17:00", "15 7 3"},
      {"its dirty hold exceeded", m(900), "dirty since 09-22 17:00, dirty hold exceeded", "15 7 3"},
      {"1 µs before the calibration is due", due - kMicro,
       "dirty since 09-22 17:00, dirty hold exceeded", "15 7 3"},
      {"calibration overdue", due,
       "calibration_overdue since 10-02 00:00, dirty hold exceeded, calibration overdue", "15 7 3"},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.label);
    auto s = logbooks().equipment_status("GRAN-01", row.at);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    EXPECT_EQ(s->at, row.at);
    EXPECT_EQ(describe(s->view), row.status);
    EXPECT_EQ(short_numbers(s->entries), row.entries);
  }
  // In use: the batch is named.
  auto in_use = logbooks().equipment_status("GRAN-01", m(41));
  ASSERT_TRUE(in_use.ok());
  EXPECT_EQ(in_use->view.state.batch_number, "TEST-2026-0001");
  EXPECT_EQ(in_use->view.state.batch_id, x_.id);
  // After the use: the product history, by code or by id alike.
  auto after = logbooks().equipment_status(logbooks().find_equipment("GRAN-01")->id, m(101));
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->view.state.last_product, "TEST-1");
  EXPECT_EQ(after->view.state.batches_since_major, 1);
  // Now is the newest state, evaluated now.
  auto now = logbooks().equipment_status("GRAN-01", clock_.now());
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->view, status("GRAN-01").view);

  auto before = logbooks().equipment_status("GRAN-01", m(0) - kMicro);
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error().code, ErrorCode::kNotFound) << before.error().to_string();
  auto future = logbooks().equipment_status("GRAN-01", clock_.now() + kMicro);
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(future.error().details.at("field").as_string(), "at");
  auto unknown = logbooks().equipment_status("GRAN-99", std::nullopt);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_P(HistoryTest, RoomStatusAtPastInstants) {
  write_history();
  if (HasFatalFailure()) return;
  auto m = [&](int minutes_after) { return b_ + minutes(minutes_after); };
  const std::string cleared_x = "cleared for TEST-2026-0001 since 09-22 06:25";
  const std::string cleared_y = "cleared for TEST-2026-0002 since 09-22 08:15";
  const struct {
    const char* label;
    Timestamp at;
    std::string state;
    std::string entries;  // numbers: clearance, cleaning, monitoring
  } table[] = {
      {"registered", m(0), "not cleared; no_data; not cleaned", ""},
      {"clearance recorded, not verified", m(15), "not cleared; no_data; not cleaned", ""},
      {"1 µs before the verification", m(25) - kMicro, "not cleared; no_data; not cleaned", ""},
      {"cleared for X", m(25), cleared_x + "; no_data; not cleaned", "2"},
      {"monitored in limits", m(35), cleared_x + "; in_limits; not cleaned", "2 4"},
      {"clearance for Y recorded: still X", m(130), cleared_x + "; in_limits; not cleaned", "2 4"},
      {"cleared for Y", m(135), cleared_y + "; in_limits; not cleaned", "8 4"},
      {"monitored out of limits", m(140), cleared_y + "; out_of_limits (1); not cleaned", "8 9"},
      {"failed clearance for X verified: still Y", m(155),
       cleared_y + "; out_of_limits (1); not cleaned", "8 9"},
      {"room cleaned", m(175), cleared_y + "; out_of_limits (1); cleaned 09-22 08:55", "8 11 9"},
      {"a week later", m(175) + days(7), cleared_y + "; out_of_limits (1); cleaned 09-22 08:55",
       "8 11 9"},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.label);
    auto s = logbooks().room_status("GRA-201", row.at);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    EXPECT_EQ(s->at, row.at);
    EXPECT_EQ(describe(s->state), row.state);
    EXPECT_EQ(short_numbers(s->entries), row.entries);
  }
  auto out = logbooks().room_status("GRA-201", m(140));
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->state.excursions.size(), 1u);
  EXPECT_NE(out->state.excursions[0].find("temperature"), std::string::npos)
      << out->state.excursions[0];
  // The failed clearance is kept, with its exception, and made no status.
  auto failed = logbooks().get_entry(n(10));
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->state, EntryState::kVerified);
  ASSERT_EQ(failed->exceptions.size(), 1u);
  EXPECT_EQ(failed->exceptions[0].kind, "unexpected_value");
  // Now: as at the last instant; the other room has no history.
  EXPECT_EQ(room("GRA-201").state, logbooks().room_status("GRA-201", m(176))->state);
  EXPECT_EQ(room("GRA-202").state, equipment::RoomState{});

  auto future = logbooks().room_status("GRA-201", clock_.now() + kMicro);
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.error().code, ErrorCode::kInvalidArgument);
  auto unknown = logbooks().room_status("GRA-999", std::nullopt);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

// ---- Restart ----------------------------------------------------------------------------------

// The in-memory plant is rebuilt from the rows: a service opened again on the same database shows
// the same board and status (a batch holding equipment included), and carries on from there.
TEST_P(HistoryTest, ReopenedServiceShowsTheSameStatus) {
  write_history();
  if (HasFatalFailure()) return;
  // A batch holding GRAN-02 when the service closes, and a new version of a logbook type.
  clean("GRAN-02", "major");
  const batch::BatchHeader z = new_batch();
  clear("GRA-201", z.number);
  ASSERT_TRUE(bind(z.id, "bind_granulator", "GRAN-02").ok());
  auto cleaning_v1 = logbooks().type("cleaning");
  ASSERT_TRUE(cleaning_v1.ok());
  Template v2 = *cleaning_v1;
  v2.description = "Revised";
  ASSERT_TRUE(logbooks().define_type(engineer_, v2).ok());
  clock_.advance(hours(3));

  struct Snapshot {
    std::vector<std::string> board;
    std::vector<equipment::StatusView> views;
    std::vector<std::vector<std::string>> entries;
    std::vector<equipment::RoomState> rooms;
    std::vector<Template> types;
  };
  auto snapshot = [&] {
    Snapshot s;
    for (const BoardRow& row : logbooks().board()) {
      s.board.push_back(row.equipment.id + " " + row.equipment.code + " " + row.room_code + " " +
                        std::string(status_name(row.view.status)) + " " +
                        format_rfc3339(row.view.since));
      s.views.push_back(row.view);
      for (auto when : {std::optional<Timestamp>(), std::optional(b_ + minutes(41)),
                        std::optional(b_ + minutes(241))}) {
        auto st = logbooks().equipment_status(row.equipment.code, when);
        EXPECT_TRUE(st.ok()) << st.error().to_string();
        if (!st.ok()) continue;
        s.views.push_back(st->view);
        s.entries.push_back(numbers(st->entries));
      }
    }
    for (const char* code : {"GRA-201", "GRA-202"}) {
      s.rooms.push_back(room(code).state);
      s.entries.push_back(numbers(room(code).entries));
    }
    s.types = logbooks().types();
    return s;
  };
  const Snapshot before = snapshot();
  ASSERT_EQ(before.board.size(), 3u);
  EXPECT_EQ(status("GRAN-02").view.status, Status::kInUse);

  open_services();
  const Snapshot after = snapshot();
  EXPECT_EQ(after.board, before.board);
  EXPECT_EQ(after.views, before.views);
  EXPECT_EQ(after.entries, before.entries);
  EXPECT_EQ(after.rooms, before.rooms);
  EXPECT_EQ(after.types, before.types);
  EXPECT_EQ(logbooks().type("cleaning")->version, 2);
  EXPECT_EQ(logbooks().sites().size(), 1u);
  EXPECT_EQ(logbooks().rooms("GRANULATION").size(), 2u);
  EXPECT_EQ(logbooks().classes().size(), 2u);
  EXPECT_EQ(logbooks().equipment_list("GRA-201", "").size(), 2u);

  // The reopened services carry on: the batch finishes its unit procedure, GRAN-02 is released,
  // and entry numbers continue.
  ASSERT_TRUE(enter_minutes(z.id, "granulation_time", 12).ok());
  EXPECT_EQ(status("GRAN-02").view.status, Status::kDirty);
  EXPECT_EQ(status("GRAN-02").entries.front().number, n(19));
  // The interlock answers from the rebuilt plant: GRAN-01 is dirty and its calibration overdue.
  const batch::BatchHeader w = new_batch();
  clear("GRA-201", w.number);
  auto refused = bind(w.id, "bind_granulator", "GRAN-01");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().details.at("reason").as_string(), "dirty")
      << refused.error().to_string();
  const auto& reasons = refused.error().details.at("reasons").as_array();
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[1].at("reason").as_string(), "calibration_overdue");
}

}  // namespace
}  // namespace gemba::logbook
