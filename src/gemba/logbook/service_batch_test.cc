// LogbookService and the BatchService: the equipment a batch starts and stops using, recorded in
// the batch action's own unit of work; the interlock and its override; a failing persist hook
// rolling the batch action back.

#include <gtest/gtest.h>

#include <functional>

#include "gemba/core/time.h"
#include "gemba/logbook/service_test_fixture.h"

namespace gemba::logbook {
namespace {

using equipment::Status;
using std::chrono::hours;
using std::chrono::minutes;
using testing::kDay;
using testing::numbers;

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

std::string activity(const Entry& e) {
  const auto* a = e.values.if_contains("activity");
  if (!a || !a->is_object() || !a->get_object().contains("value")) return "";
  return std::string(a->get_object().at("value").as_string());
}

class BatchEquipmentTest : public testing::LogbookServiceTest {
 protected:
  void SetUp() override {
    LogbookServiceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    make_recipe();
    at(kDay + hours(6));
    register_plant();
  }
  std::string id_of(const std::string& code) {
    auto e = logbooks().find_equipment(code);
    EXPECT_TRUE(e.ok());
    return e.ok() ? e->id : "";
  }
  std::string room_id(const std::string& code) {
    auto r = logbooks().find_room(code);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->id : "";
  }
};
GEMBA_INSTANTIATE_FOR_BACKENDS(BatchEquipmentTest);

// Binding equipment starts its use (an automatic usage entry, in use by the batch); finishing the
// unit procedure ends it (dirty); completing the batch ends its line clearances.
TEST_P(BatchEquipmentTest, UnitProcedureHoldsItsEquipment) {
  clean("GRAN-01", "major");
  const batch::BatchHeader a = new_batch();
  const Entry clearance = clear("GRA-201", a.number);
  clock_.advance(minutes(10));
  const Timestamp bound_at = clock_.now();
  auto bound = bind(a.id, "bind_granulator", "GRAN-01");
  ASSERT_TRUE(bound.ok()) << bound.error().to_string();

  EquipmentStatus s = status("GRAN-01");
  EXPECT_EQ(s.view.status, Status::kInUse);
  EXPECT_EQ(s.view.since, bound_at);
  EXPECT_EQ(s.view.state.batch_id, a.id);
  EXPECT_EQ(s.view.state.batch_number, a.number);
  EXPECT_EQ(s.view.state.product, "TEST-1");
  std::vector<Entry> uses = entries_of("usage", {.batch = a.number});
  ASSERT_EQ(uses.size(), 1u);
  const Entry& start = uses[0];
  EXPECT_EQ(activity(start), "use_start");
  EXPECT_TRUE(start.automatic);
  EXPECT_EQ(start.recorded_at, bound_at);
  EXPECT_EQ(start.recorded_at, *run_of(*bound->batch, "bind_granulator").done_at);
  EXPECT_EQ(start.recorded_by, anna_.user_id);  // who scanned it
  EXPECT_EQ(start.equipment_id, id_of("GRAN-01"));
  EXPECT_EQ(start.room_id, room_id("GRA-201"));
  EXPECT_EQ(start.batch_id, a.id);
  EXPECT_EQ(start.batch_number, a.number);
  EXPECT_TRUE(contains(start.comment, "bind_granulator#1")) << start.comment;
  EXPECT_EQ(s.view.state.state_entry, start.id);
  EXPECT_EQ(s.entries.front().number, start.number);
  auto start_revisions = logbooks().get_entry(start.id);
  ASSERT_TRUE(start_revisions.ok());
  ASSERT_EQ(start_revisions->revisions.size(), 1u);
  EXPECT_EQ(board_row("GRAN-01").view.status, Status::kInUse);

  // Finishing the unit procedure ends the use.
  clock_.advance(minutes(20));
  const Timestamp finished_at = clock_.now();
  auto timed = enter_minutes(a.id, "granulation_time", 12);
  ASSERT_TRUE(timed.ok()) << timed.error().to_string();
  s = status("GRAN-01");
  EXPECT_EQ(s.view.status, Status::kDirty);
  EXPECT_EQ(s.view.since, finished_at);
  EXPECT_EQ(s.view.state.last_product, "TEST-1");
  EXPECT_EQ(s.view.state.batches_since_major, 1);
  EXPECT_TRUE(s.view.state.batch_id.empty());
  uses = entries_of("usage", {.batch = a.id});
  ASSERT_EQ(uses.size(), 2u);
  EXPECT_EQ(activity(uses[0]), "use_end");
  EXPECT_TRUE(uses[0].automatic);
  EXPECT_EQ(uses[0].recorded_at, finished_at);
  EXPECT_EQ(uses[0].recorded_by, anna_.user_id);
  EXPECT_TRUE(contains(uses[0].comment, "unit procedure finished")) << uses[0].comment;
  EXPECT_EQ(s.view.state.state_entry, uses[0].id);
  EXPECT_EQ(run_of(*timed->batch, "bind_blender").state, batch::StepState::kReady);
  // The room stays cleared while the batch runs.
  EXPECT_TRUE(room("GRA-201").state.cleared);

  // The blending unit procedure: BLEND-01 in its own room, then the batch completes.
  clean("BLEND-01", "major");
  clear("GRA-202", a.number);
  ASSERT_TRUE(bind(a.id, "bind_blender", "BLEND-01").ok());
  EXPECT_EQ(status("BLEND-01").view.status, Status::kInUse);
  clock_.advance(minutes(30));
  ASSERT_TRUE(enter_minutes(a.id, "blend_time", 8).ok());
  EXPECT_EQ(status("BLEND-01").view.status, Status::kDirty);
  EXPECT_TRUE(room("GRA-201").state.cleared);
  clock_.advance(minutes(5));
  const Timestamp completed_at = clock_.now();
  auto completed = batches().complete(anna_, a.id, std::nullopt);
  ASSERT_TRUE(completed.ok()) << completed.error().to_string();
  for (const char* code : {"GRA-201", "GRA-202"}) {
    SCOPED_TRACE(code);
    const RoomStatus r = room(code);
    EXPECT_FALSE(r.state.cleared);
    EXPECT_EQ(r.state.cleared_since, completed_at);
    EXPECT_TRUE(r.state.cleared_batch_id.empty());
  }
  EXPECT_EQ(room("GRA-201").state.clearance_entry, clearance.id);
  // Before the completion, GRA-201 was cleared for the batch.
  auto earlier = logbooks().room_status("GRA-201", completed_at - std::chrono::microseconds(1));
  ASSERT_TRUE(earlier.ok());
  EXPECT_TRUE(earlier->state.cleared);
  EXPECT_EQ(earlier->state.cleared_batch_number, a.number);
  EXPECT_EQ(audit_of("logbook.line_clearance_ended").size(), 2u);
  EXPECT_EQ(entries_of("usage", {.batch = a.number}).size(), 4u);
}

// An aborted batch releases the equipment it holds (dirty) and ends its room's line clearance.
TEST_P(BatchEquipmentTest, AbortedBatchReleasesItsEquipment) {
  clean("GRAN-01", "major");
  const batch::BatchHeader c = new_batch();
  const Entry clearance = clear("GRA-201", c.number);
  ASSERT_TRUE(bind(c.id, "bind_granulator", "GRAN-01").ok());
  EXPECT_EQ(status("GRAN-01").view.status, Status::kInUse);
  clock_.advance(minutes(15));
  const Timestamp aborted_at = clock_.now();
  auto aborted = batches().abort(carla_, c.id, "granulator fault", sign(carla_));
  ASSERT_TRUE(aborted.ok()) << aborted.error().to_string();

  const EquipmentStatus s = status("GRAN-01");
  EXPECT_EQ(s.view.status, Status::kDirty);
  EXPECT_EQ(s.view.since, aborted_at);
  const auto uses = entries_of("usage", {.equipment = "GRAN-01"});
  ASSERT_EQ(uses.size(), 2u);
  EXPECT_EQ(activity(uses[0]), "use_end");
  EXPECT_TRUE(uses[0].automatic);
  EXPECT_EQ(uses[0].recorded_by, carla_.user_id);  // who aborted
  EXPECT_EQ(uses[0].batch_id, c.id);
  EXPECT_TRUE(contains(uses[0].comment, "is over")) << uses[0].comment;
  const RoomStatus r = room("GRA-201");
  EXPECT_FALSE(r.state.cleared);
  EXPECT_EQ(r.state.cleared_since, aborted_at);
  EXPECT_EQ(r.state.clearance_entry, clearance.id);
  EXPECT_EQ(numbers(r.entries), std::vector<std::string>{clearance.number});
  auto before = logbooks().room_status("GRA-201", aborted_at - std::chrono::microseconds(1));
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->state.cleared);
  EXPECT_EQ(before->state.cleared_batch_id, c.id);
  // The room of BLEND-01 was never cleared for it: nothing ends there.
  EXPECT_EQ(room("GRA-202").state, equipment::RoomState{});
  EXPECT_EQ(audit_of("logbook.line_clearance_ended").size(), 1u);
}

// A correction of the equipment step moves the use: the equipment named before is released
// (dirty), the one named now is in use, both recorded in the same unit of work. The new one
// passes the interlock like a first scan.
TEST_P(BatchEquipmentTest, CorrectedEquipmentStepMovesTheUse) {
  clean("GRAN-01", "major");
  const batch::BatchHeader a = new_batch();
  clear("GRA-201", a.number);
  ASSERT_TRUE(bind(a.id, "bind_granulator", "GRAN-01").ok());
  batch::ValueInput gran02;
  gran02.text = "GRAN-02";
  clock_.advance(minutes(5));
  auto dirty = batches().correct_step(anna_, a.id, "bind_granulator", 1, std::nullopt, gran02,
                                      "scanned the wrong granulator", sign(anna_));
  ASSERT_FALSE(dirty.ok());
  EXPECT_EQ(dirty.error().details.at("reason").as_string(), "dirty") << dirty.error().to_string();
  EXPECT_EQ(status("GRAN-01").view.state.batch_id, a.id);

  clean("GRAN-02", "major");
  clock_.advance(minutes(5));
  const Timestamp corrected_at = clock_.now();
  auto corrected = batches().correct_step(anna_, a.id, "bind_granulator", 1, std::nullopt, gran02,
                                          "scanned the wrong granulator", sign(anna_));
  ASSERT_TRUE(corrected.ok()) << corrected.error().to_string();
  const EquipmentStatus released = status("GRAN-01");
  EXPECT_EQ(released.view.status, Status::kDirty);
  EXPECT_EQ(released.view.since, corrected_at);
  const EquipmentStatus used = status("GRAN-02");
  EXPECT_EQ(used.view.status, Status::kInUse);
  EXPECT_EQ(used.view.since, corrected_at);
  EXPECT_EQ(used.view.state.batch_id, a.id);
  std::vector<std::string> seen;
  for (const Entry& e : entries_of("usage", {.batch = a.id})) {
    seen.push_back(activity(e) + " " + logbooks().find_equipment(e.equipment_id)->code);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"use_start GRAN-02", "use_end GRAN-01",
                                            "use_start GRAN-01"}));
  // Finishing the unit procedure releases the corrected one.
  ASSERT_TRUE(enter_minutes(a.id, "granulation_time", 12).ok());
  EXPECT_EQ(status("GRAN-02").view.status, Status::kDirty);
  EXPECT_EQ(status("GRAN-01").view.since, corrected_at);
}

// The interlock refuses equipment that is dirty, of another class, unknown, being cleaned, in use
// by another batch, or in a room not cleared for the batch: the step stays Ready and nothing is
// recorded.
TEST_P(BatchEquipmentTest, InterlockRefusals) {
  clean("GRAN-01", "major");
  const batch::BatchHeader other = new_batch();
  const struct {
    const char* label;
    std::function<void(const batch::BatchHeader&)> prepare;
    std::string code;
    std::string reason;
    bool overridable;
  } table[] = {
      {"dirty", [&](const batch::BatchHeader& b) { clear("GRA-201", b.number); }, "GRAN-02",
       "dirty", true},
      {"another class", [&](const batch::BatchHeader& b) { clear("GRA-201", b.number); },
       "BLEND-01", "wrong_class", false},
      {"unknown", [&](const batch::BatchHeader& b) { clear("GRA-201", b.number); }, "GRAN-99",
       "unknown_equipment", false},
      {"no line clearance for this batch",
       [&](const batch::BatchHeader&) { clear("GRA-201", other.number); }, "GRAN-01",
       "no_line_clearance", true},
      {"in use by another batch",
       [&](const batch::BatchHeader& b) {
         ASSERT_TRUE(bind(other.id, "bind_granulator", "GRAN-01").ok());
         clear("GRA-201", b.number);
       },
       "GRAN-01", "in_use", false},
      {"being cleaned",
       [&](const batch::BatchHeader& b) {
         record("cleaning", cleaning_input("GRAN-02", "major"));
         clear("GRA-201", b.number);
       },
       "GRAN-02", "cleaning", false},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.label);
    clock_.advance(minutes(1));
    const batch::BatchHeader b = new_batch();
    row.prepare(b);
    if (HasFatalFailure()) return;
    std::optional<EquipmentStatus> before;
    if (row.code != "GRAN-99") before = status(row.code);
    const std::size_t usage_before = entries_of("usage").size();

    auto r = bind(b.id, "bind_granulator", row.code);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition) << r.error().to_string();
    EXPECT_EQ(r.error().details.at("reason").as_string(), row.reason) << r.error().to_string();
    EXPECT_EQ(r.error().details.at("overridable").as_bool(), row.overridable);
    EXPECT_EQ(run_of(*batch_now(b.id), "bind_granulator").state, batch::StepState::kReady);
    EXPECT_EQ(entries_of("usage").size(), usage_before);
    if (before) {
      EXPECT_EQ(status(row.code).view, before->view);
    }
  }
}

// A supervisor (equipment.override_interlock) may use equipment an overridable interlock refuses,
// signed and with a reason: the batch records an interlock_override exception and the equipment
// is in use by the batch.
TEST_P(BatchEquipmentTest, SupervisorOverridesTheInterlock) {
  const batch::BatchHeader b = new_batch();
  clear("GRA-201", b.number);
  batch::CompleteInput in;
  in.key = "bind_granulator";
  in.value.text = "GRAN-02";
  in.manual_override = true;
  in.comment = "cleaned on paper while the logbook was down";
  auto by_operator = batches().complete_step(anna_, b.id, in, sign(anna_));
  ASSERT_FALSE(by_operator.ok());
  EXPECT_EQ(by_operator.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(status("GRAN-02").view.status, Status::kDirty);

  auto overridden = batches().complete_step(carla_, b.id, in, sign(carla_));
  ASSERT_TRUE(overridden.ok()) << overridden.error().to_string();
  std::vector<const batch::BatchException*> found;
  for (const auto& x : overridden->batch->exceptions) {
    if (x.kind == batch::ExceptionKind::kInterlockOverride) found.push_back(&x);
  }
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, batch::Severity::kMajor);
  EXPECT_TRUE(contains(found[0]->message, "GRAN-02 used although the interlock refused it"))
      << found[0]->message;
  EXPECT_TRUE(contains(found[0]->message, "cleaned on paper")) << found[0]->message;
  const EquipmentStatus s = status("GRAN-02");
  EXPECT_EQ(s.view.status, Status::kInUse);
  EXPECT_EQ(s.view.state.batch_id, b.id);
  const auto uses = entries_of("usage", {.equipment = "GRAN-02"});
  ASSERT_EQ(uses.size(), 1u);
  EXPECT_EQ(activity(uses[0]), "use_start");
  EXPECT_EQ(uses[0].recorded_by, carla_.user_id);
  // Not overridable: in use by another batch.
  const batch::BatchHeader c = new_batch();
  clear("GRA-201", c.number);
  auto refused = batches().complete_step(carla_, c.id, in, sign(carla_));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(contains(refused.error().message, "cannot be overridden"))
      << refused.error().to_string();
}

// Two batch services racing for GRAN-01 (the second's logbook service has not seen the first's
// use yet, as if both checked the interlock at once): the second's persist hook finds GRAN-01 in
// use and fails, and its whole action rolls back — the step stays Ready, no usage entry, no audit
// entry, GRAN-01 still in use by the first.
TEST_P(BatchEquipmentTest, FailingPersistHookRollsTheBatchActionBack) {
  clean("GRAN-01", "major");
  const batch::BatchHeader first = new_batch();
  const batch::BatchHeader second = new_batch();
  clear("GRA-201", second.number);
  // The second stack sees GRAN-01 clean and the room cleared for the second batch.
  material::MaterialChecks lots(db());
  PlantChecks checks(lots);
  batch::NoTagSource tags;
  batch::BatchService batches2(db(), clock_, ids_, audit(), signatures(), recipes(), nullptr, tags,
                               checks);
  auto opened = LogbookService::open(db(), clock_, ids_, audit(), signatures(), &batches2);
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  std::unique_ptr<LogbookService> logbooks2 = std::move(opened).value();
  checks.set_logbooks(logbooks2.get());

  clear("GRA-201", first.number);
  clock_.advance(minutes(1));
  ASSERT_TRUE(bind(first.id, "bind_granulator", "GRAN-01").ok());
  const EquipmentStatus held = status("GRAN-01");
  ASSERT_EQ(held.view.status, Status::kInUse);
  const std::size_t step_audits = audit_of("batch.step_completed").size();

  clock_.advance(minutes(1));
  batch::CompleteInput in;
  in.key = "bind_granulator";
  in.value.text = "GRAN-01";
  auto lost = batches2.complete_step(anna_, second.id, in, std::nullopt);
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code, ErrorCode::kFailedPrecondition) << lost.error().to_string();
  EXPECT_EQ(lost.error().details.at("reason").as_string(), "in_use");
  EXPECT_TRUE(contains(lost.error().message, first.number)) << lost.error().message;

  for (batch::BatchService* service : {&batches(), &batches2}) {
    auto b = service->get(second.id);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(run_of(**b, "bind_granulator").state, batch::StepState::kReady);
    EXPECT_EQ((*b)->header.version, second.version);
  }
  EXPECT_TRUE(entries_of("usage", {.batch = second.id}).empty());
  EXPECT_EQ(audit_of("batch.step_completed").size(), step_audits);
  const EquipmentStatus after = status("GRAN-01");
  EXPECT_EQ(after.view, held.view);
  EXPECT_EQ(after.view.state.batch_id, first.id);
  // The rolled-back use took no entry number: #1 cleaning, #2 and #3 clearances, #4 the first's
  // use, then the next entry.
  EXPECT_EQ(after.entries.front().number, "LB-2026-000004");
  EXPECT_EQ(usage("GRAN-02", "maintenance_start").number, "LB-2026-000005");
  logbooks2.reset();
}

// The persist hook asks the interlock again on the state its unit of work reads: a room cleared
// for another batch after another service instance last looked refuses the use (apply() alone
// would accept it).
TEST_P(BatchEquipmentTest, PersistHookChecksTheInterlockAgain) {
  clean("GRAN-01", "major");
  const batch::BatchHeader b = new_batch();
  clear("GRA-201", b.number);
  material::MaterialChecks lots(db());
  PlantChecks checks(lots);
  batch::NoTagSource tags;
  batch::BatchService batches2(db(), clock_, ids_, audit(), signatures(), recipes(), nullptr, tags,
                               checks);
  auto opened = LogbookService::open(db(), clock_, ids_, audit(), signatures(), &batches2);
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  std::unique_ptr<LogbookService> logbooks2 = std::move(opened).value();
  checks.set_logbooks(logbooks2.get());

  // Through the first instance: the second's memory still shows the room cleared for b.
  clock_.advance(minutes(1));
  const batch::BatchHeader other = new_batch();
  clear("GRA-201", other.number);
  clock_.advance(minutes(1));
  batch::CompleteInput in;
  in.key = "bind_granulator";
  in.value.text = "GRAN-01";
  auto refused = batches2.complete_step(anna_, b.id, in, std::nullopt);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition) << refused.error().to_string();
  EXPECT_EQ(refused.error().details.at("reason").as_string(), "no_line_clearance");
  auto after = batches2.get(b.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(run_of(**after, "bind_granulator").state, batch::StepState::kReady);
  EXPECT_EQ(status("GRAN-01").view.status, Status::kClean);
  EXPECT_TRUE(entries_of("usage", {.batch = b.id}).empty());
  logbooks2.reset();
}

}  // namespace
}  // namespace gemba::logbook
