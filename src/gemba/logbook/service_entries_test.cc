// LogbookService entries: verification by a second person, corrections that keep the original,
// the server's time, listing with filters and pages, logbook type versions, and the audit trail
// every write leaves.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>

#include "gemba/core/time.h"
#include "gemba/logbook/service_test_fixture.h"

namespace gemba::logbook {
namespace {

namespace json = boost::json;
using equipment::Environment;
using std::chrono::hours;
using std::chrono::minutes;
using testing::kDay;
using testing::numbers;
constexpr auto n = testing::entry_number;

// The stored value of a field ("value" or "time" member), as text.
std::string value_of(const json::object& values, std::string_view key) {
  const auto* v = values.if_contains(key);
  if (!v || !v->is_object()) return "";
  const auto& o = v->get_object();
  if (const auto* x = o.if_contains("value")) {
    return x->is_string() ? std::string(x->get_string()) : json::serialize(*x);
  }
  if (const auto* t = o.if_contains("time")) return std::string(t->as_string());
  return "";
}

class EntriesTest : public testing::LogbookServiceTest {
 protected:
  void SetUp() override {
    LogbookServiceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    at(kDay + hours(6));
    register_plant();
  }
};
GEMBA_INSTANTIATE_FOR_BACKENDS(EntriesTest);

TEST_P(EntriesTest, VerifiedByASecondPersonOnce) {
  const Entry e = record("cleaning", cleaning_input("GRAN-01", "major"));
  EXPECT_EQ(e.state, EntryState::kRecorded);
  EXPECT_EQ(e.recorded_by, anna_.user_id);
  EXPECT_FALSE(e.signature_id.empty());

  // The person who recorded it cannot verify it, on their own session or on another's.
  auto self = logbooks().verify(anna_, e.id, sign(anna_));
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code, ErrorCode::kPermissionDenied) << self.error().to_string();
  auto self_on_ben = logbooks().verify(ben_, e.id, sign(anna_));
  ASSERT_FALSE(self_on_ben.ok());
  EXPECT_EQ(self_on_ben.error().code, ErrorCode::kPermissionDenied);
  // Nor can someone without logbook.write.
  auto engineer = logbooks().verify(engineer_, e.id, sign(engineer_));
  ASSERT_FALSE(engineer.ok());
  EXPECT_EQ(engineer.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(status("GRAN-01").view.status, equipment::Status::kCleaning);

  clock_.advance(minutes(7));
  auto verified = logbooks().verify(ben_, e.number, sign(ben_, "checked the rinse"));
  ASSERT_TRUE(verified.ok()) << verified.error().to_string();
  EXPECT_EQ(verified->state, EntryState::kVerified);
  EXPECT_EQ(verified->verified_by, ben_.user_id);
  EXPECT_EQ(verified->verified_name, ben_.printed_name);
  ASSERT_TRUE(verified->verified_at.has_value());
  EXPECT_EQ(*verified->verified_at, clock_.now());
  EXPECT_FALSE(verified->verify_signature_id.empty());
  EXPECT_NE(verified->verify_signature_id, verified->signature_id);
  EXPECT_EQ(verified->recorded_at, e.recorded_at);
  const auto stored = logbooks().get_entry(e.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->state, EntryState::kVerified);
  EXPECT_EQ(stored->verified_at, verified->verified_at);

  auto again = logbooks().verify(carla_, e.id, sign(carla_));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition) << again.error().to_string();
  // A logbook without verification.
  const Entry use = usage("GRAN-01", "maintenance_start");
  auto unverifiable = logbooks().verify(ben_, use.id, sign(ben_));
  ASSERT_FALSE(unverifiable.ok());
  EXPECT_EQ(unverifiable.error().code, ErrorCode::kFailedPrecondition);
  auto missing = logbooks().verify(ben_, "LB-2026-999999", sign(ben_));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(EntriesTest, RecordingIsRefusedWhenItShouldBe) {
  const struct {
    const char* label;
    const trust::Principal* who;
    std::string type;
    EntryInput in;
    ErrorCode code;
    std::string field;  // details.field, when there is one
  } table[] = {
      {"without logbook.write", &engineer_, "usage", usage_input("GRAN-01", "maintenance_start"),
       ErrorCode::kPermissionDenied, ""},
      {"unknown logbook", &anna_, "shift", usage_input("GRAN-01", "maintenance_start"),
       ErrorCode::kNotFound, ""},
      {"usage without equipment", &anna_, "usage", usage_input("", "maintenance_start"),
       ErrorCode::kInvalidArgument, "equipment"},
      {"unknown equipment", &anna_, "usage", usage_input("GRAN-99", "maintenance_start"),
       ErrorCode::kInvalidArgument, "equipment"},
      {"use without its batch", &anna_, "usage", usage_input("GRAN-01", "use_start"),
       ErrorCode::kInvalidArgument, "batch"},
      {"unknown batch", &anna_, "usage", usage_input("GRAN-01", "use_start", "TEST-2026-9999"),
       ErrorCode::kInvalidArgument, "batch"},
      {"calibration due in the past", &anna_, "usage",
       usage_input("GRAN-01", "calibrated", "", "2026-09-21"), ErrorCode::kInvalidArgument,
       "fields.calibration_due"},
      {"calibration due beyond the interval", &anna_, "usage",
       usage_input("GRAN-01", "calibrated", "", "2026-10-24"), ErrorCode::kInvalidArgument,
       "fields.calibration_due"},
      {"cleaning of neither equipment nor room", &anna_, "cleaning", cleaning_input("", "major"),
       ErrorCode::kInvalidArgument, "equipment"},
      {"equipment in another room", &anna_, "cleaning",
       cleaning_input("GRAN-01", "major", "GRA-202"), ErrorCode::kInvalidArgument, "room"},
      {"end of a maintenance never started", &anna_, "usage",
       usage_input("GRAN-01", "maintenance_end"), ErrorCode::kFailedPrecondition, ""},
      {"clearance without its batch", &anna_, "clearance", clearance_input("GRA-201", ""),
       ErrorCode::kInvalidArgument, "batch"},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.label);
    auto r = logbooks().record(*row.who, row.type, row.in, sign(*row.who));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, row.code) << r.error().to_string();
    if (!row.field.empty()) {
      EXPECT_EQ(r.error().details.at("field").as_string(), row.field) << r.error().to_string();
    }
  }
  // Signed by someone else than the person recording.
  auto other =
      logbooks().record(anna_, "usage", usage_input("GRAN-01", "maintenance_start"), sign(ben_));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kPermissionDenied);
  // Nothing was written.
  EXPECT_TRUE(entries_of("usage").empty());
  EXPECT_TRUE(entries_of("cleaning").empty());
  EXPECT_EQ(status("GRAN-01").view.status, equipment::Status::kDirty);
  EXPECT_TRUE(audit_of("logbook.entry_recorded").empty());
}

// A correction adds a signed revision with its reason; the original stays as revision 1. Values
// that decided a status cannot be corrected, nor can entries the system wrote.
TEST_P(EntriesTest, CorrectionsKeepTheOriginal) {
  EntryInput in = cleaning_input("GRAN-01", "major");
  in.fields["detergent_lot"] = "DET-1";
  const Entry e = record("cleaning", in);
  verify(e.id);
  clock_.advance(hours(1));
  const Timestamp corrected_at = clock_.now();
  auto corrected = logbooks().correct(anna_, e.id, {{"procedure", "SOP-CLN-0043"}},
                                      "the SOP number was mistyped", sign(anna_));
  ASSERT_TRUE(corrected.ok()) << corrected.error().to_string();
  EXPECT_EQ(corrected->revision, 2);
  EXPECT_EQ(corrected->state, EntryState::kVerified);  // the verification stands
  EXPECT_EQ(corrected->recorded_at, e.recorded_at);
  EXPECT_EQ(value_of(corrected->values, "procedure"), "SOP-CLN-0043");
  EXPECT_EQ(value_of(corrected->values, "level"), "major");
  EXPECT_EQ(value_of(corrected->values, "detergent_lot"), "DET-1");
  EXPECT_NE(corrected->signature_id, e.signature_id);

  auto stored = logbooks().get_entry(e.id);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->revisions.size(), 2u);
  const Revision& original = stored->revisions[0];
  EXPECT_EQ(original.revision, 1);
  EXPECT_EQ(value_of(original.values, "procedure"), "SOP-CLN-0042");
  EXPECT_EQ(original.reason, "");
  EXPECT_EQ(original.at, e.recorded_at);
  EXPECT_EQ(original.signature_id, e.signature_id);
  const Revision& second = stored->revisions[1];
  EXPECT_EQ(second.revision, 2);
  EXPECT_EQ(value_of(second.values, "procedure"), "SOP-CLN-0043");
  EXPECT_EQ(second.reason, "the SOP number was mistyped");
  EXPECT_EQ(second.by_user, anna_.user_id);
  EXPECT_EQ(second.at, corrected_at);
  EXPECT_EQ(second.signature_id, corrected->signature_id);
  // The status it made is untouched.
  EXPECT_EQ(status("GRAN-01").view.state.cleaning_entry, e.id);

  // Refusals: fields that decided a status, no reason, no field, a value the template refuses.
  const Entry use = usage("GRAN-01", "calibrated", "", "2026-10-01");
  const struct {
    const char* label;
    std::string id;
    std::string key;  // the field corrected ("" = none)
    std::string value;
    std::string reason;
    ErrorCode code;
    std::string field;
  } table[] = {
      {"cleaning level", e.id, "level", "minor", "wrong level", ErrorCode::kFailedPrecondition,
       "fields.level"},
      {"activity", use.id, "activity", "maintenance_start", "wrong activity",
       ErrorCode::kFailedPrecondition, "fields.activity"},
      {"calibration due", use.id, "calibration_due", "2026-10-05", "wrong date",
       ErrorCode::kFailedPrecondition, "fields.calibration_due"},
      {"no reason", e.id, "procedure", "SOP-CLN-0044", "", ErrorCode::kInvalidArgument, "reason"},
      {"no field", e.id, "", "", "why", ErrorCode::kInvalidArgument, "fields"},
      {"a value the template refuses", e.id, "procedure", "no sop", "why",
       ErrorCode::kInvalidArgument, "fields.procedure"},
      {"unknown entry", "LB-2026-999999", "procedure", "SOP-CLN-0044", "why", ErrorCode::kNotFound,
       ""},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.label);
    json::object fields;
    if (!row.key.empty()) fields[row.key] = row.value;
    auto r = logbooks().correct(anna_, row.id, fields, row.reason, sign(anna_));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, row.code) << r.error().to_string();
    if (!row.field.empty()) {
      EXPECT_EQ(r.error().details.at("field").as_string(), row.field) << r.error().to_string();
    }
  }
  EXPECT_EQ(logbooks().get_entry(e.id)->revisions.size(), 2u);
  EXPECT_EQ(logbooks().get_entry(use.id)->revisions.size(), 1u);
  EXPECT_EQ(audit_of("logbook.entry_corrected").size(), 1u);
}

TEST_P(EntriesTest, SystemEntriesCannotBeCorrected) {
  make_recipe();
  clean("GRAN-01", "major");
  const batch::BatchHeader b = new_batch();
  clear("GRA-201", b.number);
  ASSERT_TRUE(bind(b.id, "bind_granulator", "GRAN-01").ok());
  const auto uses = entries_of("usage", {.batch = b.id});
  ASSERT_EQ(uses.size(), 1u);
  ASSERT_TRUE(uses[0].automatic);
  auto r =
      logbooks().correct(anna_, uses[0].id, {{"remarks", "bound by hand"}}, "why", sign(anna_));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition) << r.error().to_string();
  // A clearance's checklist decided the room's status.
  const auto clearances = entries_of("clearance");
  ASSERT_EQ(clearances.size(), 1u);
  auto checklist = logbooks().correct(anna_, clearances[0].id, {{"labels_removed", false}},
                                      "misread", sign(anna_));
  ASSERT_FALSE(checklist.ok());
  EXPECT_EQ(checklist.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(checklist.error().details.at("field").as_string(), "fields.labels_removed");
}

// A corrected environmental monitoring that is the room's latest decides its environment from
// the correction on; before it, the room's history is unchanged.
TEST_P(EntriesTest, CorrectedMonitoringChangesTheEnvironmentFromThen) {
  const Entry e = record("environment", environment_input("GRA-201", 27.5));
  EXPECT_EQ(room("GRA-201").state.environment, Environment::kOutOfLimits);
  ASSERT_EQ(e.exceptions.size(), 1u);
  clock_.advance(minutes(5));
  const Timestamp corrected_at = clock_.now();
  auto corrected = logbooks().correct(anna_, e.id, {{"temperature", 21.5}},
                                      "the thermometer was read upside down", sign(anna_));
  ASSERT_TRUE(corrected.ok()) << corrected.error().to_string();
  EXPECT_TRUE(corrected->exceptions.empty());
  const RoomStatus now = room("GRA-201");
  EXPECT_EQ(now.state.environment, Environment::kInLimits);
  EXPECT_EQ(now.state.monitored_at, corrected_at);
  auto before = logbooks().room_status("GRA-201", corrected_at - std::chrono::microseconds(1));
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->state.environment, Environment::kOutOfLimits);
}

// The entry's time is the server's; what the client claimed is kept as a note.
TEST_P(EntriesTest, ClientTimeIsANote) {
  clock_.advance(minutes(3) + std::chrono::microseconds(17));
  EntryInput in = environment_input("GRA-201", 21.0);
  in.client_time = "2026-09-22T05:00:00+02:00";
  in.comment = "tablet clock";
  const Entry e = record("environment", in);
  EXPECT_EQ(e.recorded_at, clock_.now());
  EXPECT_EQ(e.client_time, "2026-09-22T05:00:00+02:00");
  auto stored = logbooks().get_entry(e.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->recorded_at, clock_.now());
  EXPECT_EQ(stored->client_time, in.client_time);
  EXPECT_EQ(stored->comment, "tablet clock");
  EXPECT_EQ(room("GRA-201").state.monitored_at, clock_.now());
  in.client_time = std::string(65, '1');
  auto too_long = logbooks().record(anna_, "environment", in, sign(anna_));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().details.at("field").as_string(), "client_time");
}

// entries(): newest first, filtered by equipment, room, batch and time, in pages.
TEST_P(EntriesTest, ListingFiltersAndPages) {
  make_recipe();
  const batch::BatchHeader x = new_batch(false);
  const batch::BatchHeader y = new_batch(false);
  const Timestamp t0 = clock_.now();
  auto m = [&](int k) { return t0 + minutes(k); };
  // #1..#7 environment, #8..#11 usage, one a minute.
  const struct {
    const char* room;
    std::string batch;
  } monitoring[] = {{"GRA-201", ""}, {"GRA-201", x.number}, {"GRA-202", y.id},
                    {"GRA-202", ""}, {"GRA-201", y.number}, {"GRA-202", x.id},
                    {"GRA-201", ""}};
  int k = 0;
  for (const auto& row : monitoring) {
    at(m(++k));
    record("environment", environment_input(row.room, 21.0, row.batch));
  }
  const struct {
    const char* equipment;
    const char* activity;
  } uses[] = {{"GRAN-01", "maintenance_start"},
              {"BLEND-01", "maintenance_start"},
              {"GRAN-01", "maintenance_end"},
              {"GRAN-02", "out_of_service"}};
  for (const auto& row : uses) {
    at(m(++k));
    usage(row.equipment, row.activity);
  }
  const struct {
    const char* label;
    std::string type;
    EntryFilter filter;
    std::vector<int> expected;  // entry numbers, newest first
  } table[] = {
      {"all monitoring", "environment", {}, {7, 6, 5, 4, 3, 2, 1}},
      {"by room code", "environment", {.room = "GRA-201"}, {7, 5, 2, 1}},
      {"by room id", "environment", {.room = logbooks().find_room("GRA-202")->id}, {6, 4, 3}},
      {"by batch number", "environment", {.batch = x.number}, {6, 2}},
      {"by batch id", "environment", {.batch = y.id}, {5, 3}},
      {"room and batch", "environment", {.room = "GRA-202", .batch = x.number}, {6}},
      {"from (inclusive) to (exclusive)", "environment", {.from = m(3), .to = m(6)}, {5, 4, 3}},
      {"from only", "environment", {.from = m(6)}, {7, 6}},
      {"to only", "environment", {.to = m(2)}, {1}},
      {"by equipment", "usage", {.equipment = "GRAN-01"}, {10, 8}},
      {"by the equipment's room", "usage", {.room = "GRA-201"}, {11, 10, 8}},
      {"by equipment id", "usage", {.equipment = logbooks().find_equipment("BLEND-01")->id}, {9}},
      {"usage from", "usage", {.from = m(10)}, {11, 10}},
      {"nothing in range", "usage", {.to = m(8)}, {}},
      {"another logbook", "cleaning", {}, {}},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.label);
    std::vector<std::string> expected;
    for (int e : row.expected) expected.push_back(n(e));
    EXPECT_EQ(numbers(entries_of(row.type, row.filter)), expected);
  }

  // Pages of 3: the cursor continues where the last page ended; the last page has none.
  const struct {
    const char* label;
    EntryFilter filter;
    std::vector<std::vector<int>> pages;
  } paging[] = {
      {"pages of 3", {.limit = 3}, {{7, 6, 5}, {4, 3, 2}, {1}}},
      {"a page of exactly all", {.limit = 7}, {{7, 6, 5, 4, 3, 2, 1}}},
      {"filtered pages", {.room = "GRA-201", .limit = 2}, {{7, 5}, {2, 1}}},
      {"pages in a range", {.from = m(2), .to = m(7), .limit = 2}, {{6, 5}, {4, 3}, {2}}},
  };
  for (const auto& row : paging) {
    SCOPED_TRACE(row.label);
    EntryFilter f = row.filter;
    for (std::size_t i = 0; i < row.pages.size(); ++i) {
      auto page = logbooks().entries("environment", f);
      ASSERT_TRUE(page.ok()) << page.error().to_string();
      std::vector<std::string> expected;
      for (int e : row.pages[i]) expected.push_back(n(e));
      EXPECT_EQ(numbers(page->items), expected) << "page " << i;
      const bool last = i + 1 == row.pages.size();
      EXPECT_EQ(page->next_cursor.empty(), last) << "page " << i;
      f.cursor = page->next_cursor;
    }
  }

  const struct {
    const char* label;
    std::string type;
    EntryFilter filter;
    ErrorCode code;
  } bad[] = {
      {"limit 0", "environment", {.limit = 0}, ErrorCode::kInvalidArgument},
      {"limit 501", "environment", {.limit = 501}, ErrorCode::kInvalidArgument},
      {"a cursor not ours", "environment", {.cursor = "yesterday"}, ErrorCode::kInvalidArgument},
      {"unknown equipment", "usage", {.equipment = "GRAN-99"}, ErrorCode::kInvalidArgument},
      {"unknown room", "usage", {.room = "GRA-999"}, ErrorCode::kInvalidArgument},
      {"unknown logbook", "shift", {}, ErrorCode::kNotFound},
  };
  for (const auto& row : bad) {
    SCOPED_TRACE(row.label);
    auto r = logbooks().entries(row.type, row.filter);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, row.code) << r.error().to_string();
  }
}

// define_type: a new type is version 1; a new template of an existing type is the next version,
// used by new entries while older entries keep theirs; the kind cannot change.
TEST_P(EntriesTest, DefiningTypesMakesVersions) {
  const Entry old = record("cleaning", cleaning_input("GRAN-01", "major"));
  EXPECT_EQ(old.template_version, 1);
  auto current = logbooks().type("cleaning");
  ASSERT_TRUE(current.ok());
  Template revised = *current;
  revised.description = "Cleaning to the 2026 procedures.";
  revised.version = 7;  // the service decides
  auto v2 = logbooks().define_type(engineer_, revised);
  ASSERT_TRUE(v2.ok()) << v2.error().to_string();
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(logbooks().type("cleaning")->version, 2);
  EXPECT_EQ(logbooks().type("cleaning")->description, "Cleaning to the 2026 procedures.");
  const Entry fresh = record("cleaning", cleaning_input("GRAN-02", "minor"));
  EXPECT_EQ(fresh.template_version, 2);
  // The older entry is corrected against its own template version.
  auto corrected =
      logbooks().correct(anna_, old.id, {{"procedure", "SOP-CLN-0043"}}, "typo", sign(anna_));
  ASSERT_TRUE(corrected.ok()) << corrected.error().to_string();
  EXPECT_EQ(corrected->template_version, 1);

  Template other_kind = *current;
  other_kind.kind = Kind::kGeneral;
  auto refused = logbooks().define_type(engineer_, other_kind);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition) << refused.error().to_string();
  EXPECT_EQ(refused.error().details.at("field").as_string(), "kind");
  EXPECT_EQ(logbooks().type("cleaning")->version, 2);

  auto shift = parse_template(json::parse(R"({"type": "shift_note", "name": "Shift note",
      "kind": "general", "fields": [{"key": "note", "name": "Note", "type": "text_entry",
      "max_length": 500}]})"));
  ASSERT_TRUE(shift.ok()) << shift.error().to_string();
  auto by_operator = logbooks().define_type(anna_, *shift);
  ASSERT_FALSE(by_operator.ok());
  EXPECT_EQ(by_operator.error().code, ErrorCode::kPermissionDenied);
  auto defined = logbooks().define_type(engineer_, *shift);
  ASSERT_TRUE(defined.ok()) << defined.error().to_string();
  EXPECT_EQ(defined->version, 1);
  EXPECT_EQ(logbooks().types().size(), 7u);
  EntryInput note;
  note.fields = {{"note", "handover: GRAN-02 cleaning in progress"}};
  const Entry noted = record("shift_note", note);
  EXPECT_EQ(noted.kind, Kind::kGeneral);
  EXPECT_EQ(numbers(entries_of("shift_note")), std::vector<std::string>{noted.number});

  const auto revisions = audit_of("logbook.template_revised");
  ASSERT_EQ(revisions.size(), 1u);
  EXPECT_EQ(revisions[0].record_id, "cleaning/2");
  EXPECT_EQ(revisions[0].actor_id, engineer_.user_id);
  // The six default types (by the system, when the plant's first service opened), then ours.
  const auto defined_audit = audit_of("logbook.type_defined");
  ASSERT_EQ(defined_audit.size(), 7u);
  EXPECT_EQ(defined_audit[0].actor_id, "system:logbook defaults");
  EXPECT_EQ(defined_audit[6].record_id, "shift_note/1");
  EXPECT_EQ(defined_audit[6].actor_id, engineer_.user_id);
}

// ---- Audit ----------------------------------------------------------------------------------

// Every write leaves its audit entry, with its actor; refused writes leave none.
TEST_P(EntriesTest, EveryWriteIsAudited) {
  make_recipe();
  const Entry cleaning = clean("GRAN-01", "major");  // record + verify
  const batch::BatchHeader b = new_batch();
  clear("GRA-201", b.number);  // record + verify
  record("environment", environment_input("GRA-201", 22.0));
  ASSERT_TRUE(logbooks()
                  .correct(anna_, cleaning.id, {{"procedure", "SOP-CLN-0043"}}, "typo", sign(anna_))
                  .ok());
  ASSERT_TRUE(bind(b.id, "bind_granulator", "GRAN-01").ok());     // use started
  ASSERT_TRUE(enter_minutes(b.id, "granulation_time", 10).ok());  // use ended
  clock_.advance(minutes(1));
  ASSERT_TRUE(batches().abort(carla_, b.id, "test over", sign(carla_)).ok());  // clearance ended
  Template revised = *logbooks().type("usage");
  revised.description = "Revised";
  ASSERT_TRUE(logbooks().define_type(engineer_, revised).ok());
  // Refused writes.
  EXPECT_FALSE(logbooks().verify(anna_, cleaning.id, sign(anna_)).ok());
  EXPECT_FALSE(logbooks().create_site(anna_, {.code = "SITE-2", .name = "Other"}).ok());
  EXPECT_FALSE(logbooks().create_site(engineer_, {.code = "SITE-1", .name = "Again"}).ok());

  const std::map<std::string, std::size_t> expected = {
      {"plant.site_created", 1},
      {"plant.area_created", 1},
      {"plant.room_created", 2},
      {"plant.equipment_class_created", 2},
      {"plant.equipment_registered", 3},
      {"logbook.entry_recorded", 3},
      {"logbook.entry_verified", 2},
      {"logbook.entry_corrected", 1},
      {"logbook.equipment_use_started", 1},
      {"logbook.equipment_use_ended", 1},
      {"logbook.line_clearance_ended", 1},
      {"logbook.template_revised", 1},
      {"logbook.type_defined", 6},  // the defaults, when the service first opened
  };
  for (const auto& [action, count] : expected) {
    EXPECT_EQ(audit_of(action).size(), count) << action;
  }
  const auto recorded = audit_of("logbook.entry_recorded");
  ASSERT_FALSE(recorded.empty());
  EXPECT_EQ(recorded[0].record_type, "logbook_entry");
  EXPECT_EQ(recorded[0].record_id, cleaning.id);
  EXPECT_EQ(recorded[0].actor_id, anna_.user_id);
  const auto verified = audit_of("logbook.entry_verified");
  ASSERT_FALSE(verified.empty());
  EXPECT_EQ(verified[0].actor_id, ben_.user_id);
  const auto corrected = audit_of("logbook.entry_corrected");
  ASSERT_EQ(corrected.size(), 1u);
  EXPECT_EQ(corrected[0].reason, "typo");
  const auto ended = audit_of("logbook.equipment_use_ended");
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].actor_id, anna_.user_id);
  EXPECT_EQ(audit_of("logbook.line_clearance_ended")[0].actor_id, carla_.user_id);
  // A class's audit entry carries every rule it was registered with.
  const auto classes = audit_of("plant.equipment_class_created");
  ASSERT_EQ(classes.size(), 2u);
  EXPECT_EQ(classes[0].record_id, "GRANULATOR");
  const json::value changes = json::parse(classes[0].changes);
  std::map<std::string, std::string> registered;
  for (const auto& c : changes.as_array()) {
    registered[std::string(c.at("field").as_string())] = json::serialize(c.at("new"));
  }
  EXPECT_EQ(registered["clean_hold"], "\"PT2H\"");
  EXPECT_EQ(registered["dirty_hold"], "\"PT4H\"");
  EXPECT_EQ(registered["campaign_batches"], "2");
  EXPECT_EQ(registered["calibration_interval_days"], "30");
}

}  // namespace
}  // namespace gemba::logbook
