// The equipment and room status rules, one table per rule: the state × event table, the product
// history and cleaning levels, the hold times and calibration against a ManualClock, the status at
// any instant of a recorded history, the use interlock and the line clearance interlock.
#include "gemba/equipment/model/status.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "gemba/core/time.h"

namespace gemba::equipment {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kName = "GRAN-01";
constexpr const char* kProduct = "PCM500-FCT";

constexpr Timestamp at(int y, unsigned m, unsigned d, int hour = 0, int minute = 0) {
  return Timestamp{std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} /
                                         std::chrono::day{d}}} +
         std::chrono::hours(hour) + std::chrono::minutes(minute);
}

std::string show(std::optional<Timestamp> t) { return t ? format_rfc3339(*t) : "-"; }

// Everything a StatusView says, one line, for readable failures.
std::string show(const StatusView& v) {
  return std::string(status_name(v.status)) + " since " + show(v.since) +
         " clean_expires_at=" + show(v.clean_expires_at) + " clean_by=" + show(v.clean_by) +
         (v.clean_hold_expired ? " clean_hold_expired" : "") +
         (v.dirty_hold_exceeded ? " dirty_hold_exceeded" : "") +
         (v.calibration_overdue ? " calibration_overdue" : "");
}

std::string reasons(const std::vector<Refusal>& refusals) {
  std::string out;
  for (const Refusal& r : refusals) out += (out.empty() ? "" : ",") + r.reason;
  return out;
}

CleaningRules rules(int campaign_batches = 3) {
  return {.clean_hold = 72h, .dirty_hold = 24h, .campaign_batches = campaign_batches};
}

Event event(EventKind kind, Timestamp t, std::string entry) {
  Event e;
  e.kind = kind;
  e.at = t;
  e.entry_id = std::move(entry);
  return e;
}
Event use(EventKind kind, Timestamp t, std::string entry, std::string batch_id,
          std::string batch_number, std::string product = kProduct) {
  Event e = event(kind, t, std::move(entry));
  e.batch_id = std::move(batch_id);
  e.batch_number = std::move(batch_number);
  e.product = std::move(product);
  return e;
}
Event cleaned(Timestamp t, std::string entry, CleaningLevel level) {
  Event e = event(EventKind::kCleaned, t, std::move(entry));
  e.level = level;
  return e;
}
Event calibrated(Timestamp t, std::string entry, Timestamp due) {
  Event e = event(EventKind::kCalibrated, t, std::move(entry));
  e.calibration_due = due;
  return e;
}

constexpr Timestamp kT0 = at(2026, 11, 20, 8);

// Equipment in `state` since kT0; in use by batch b-4 (B-2026-0004) of kProduct.
EquipmentState in(State state) {
  EquipmentState s;
  s.state = state;
  s.since = kT0;
  s.state_entry = "E-state";
  s.clean_level = CleaningLevel::kMajor;
  s.last_product = kProduct;
  s.batches_since_major = 1;
  s.cleaning_entry = "E-clean";
  s.calibration_due = at(2027, 5, 1);
  s.calibration_entry = "E-cal";
  if (state == State::kInUse) {
    s.batch_id = "b-4";
    s.batch_number = "B-2026-0004";
    s.product = kProduct;
  }
  return s;
}

// ---- Names ---------------------------------------------------------------------------------

TEST(EquipmentNames, RoundTrip) {
  const std::pair<State, const char*> states[] = {{State::kClean, "clean"},
                                                  {State::kInUse, "in_use"},
                                                  {State::kDirty, "dirty"},
                                                  {State::kCleaning, "cleaning"},
                                                  {State::kMaintenance, "maintenance"},
                                                  {State::kOutOfService, "out_of_service"}};
  for (const auto& [s, name] : states) {
    EXPECT_EQ(state_name(s), name);
    EXPECT_EQ(parse_state(name), s) << name;
  }
  const std::pair<EventKind, const char*> kinds[] = {
      {EventKind::kUseStart, "use_start"},
      {EventKind::kUseEnd, "use_end"},
      {EventKind::kCleaningStart, "cleaning_start"},
      {EventKind::kCleaned, "cleaned"},
      {EventKind::kMaintenanceStart, "maintenance_start"},
      {EventKind::kMaintenanceEnd, "maintenance_end"},
      {EventKind::kOutOfService, "out_of_service"},
      {EventKind::kReturnToService, "return_to_service"},
      {EventKind::kCalibrated, "calibrated"}};
  static_assert(std::size(kinds) == kEventKindCount);
  for (const auto& [k, name] : kinds) {
    EXPECT_EQ(event_kind_name(k), name);
    EXPECT_EQ(parse_event_kind(name), k) << name;
  }
  EXPECT_EQ(cleaning_level_name(CleaningLevel::kMinor), "minor");
  EXPECT_EQ(cleaning_level_name(CleaningLevel::kMajor), "major");
  EXPECT_EQ(parse_cleaning_level("minor"), CleaningLevel::kMinor);
  EXPECT_EQ(parse_cleaning_level("major"), CleaningLevel::kMajor);
  EXPECT_EQ(status_name(Status::kClean), "clean");
  EXPECT_EQ(status_name(Status::kOutOfService), "out_of_service");
  EXPECT_EQ(status_name(Status::kCalibrationOverdue), "calibration_overdue");
  EXPECT_EQ(environment_name(Environment::kNoData), "no_data");
  EXPECT_EQ(environment_name(Environment::kInLimits), "in_limits");
  EXPECT_EQ(environment_name(Environment::kOutOfLimits), "out_of_limits");
  EXPECT_EQ(room_event_kind_name(RoomEventKind::kCleared), "cleared");
  EXPECT_EQ(room_event_kind_name(RoomEventKind::kClearanceEnded), "clearance_ended");
  EXPECT_EQ(room_event_kind_name(RoomEventKind::kCleaned), "cleaned");
  EXPECT_EQ(room_event_kind_name(RoomEventKind::kMonitored), "monitored");
}

TEST(EquipmentNames, UnknownNamesAreRejected) {
  for (const char* bad : {"", "Clean", "in-use", "in use", "calibration_overdue", "cleaned "}) {
    EXPECT_EQ(parse_state(bad), std::nullopt) << bad;
  }
  for (const char* bad : {"", "start", "USE_START", "cleaning", "clean"}) {
    EXPECT_EQ(parse_event_kind(bad), std::nullopt) << bad;
  }
  for (const char* bad : {"", "Minor", "full"}) {
    EXPECT_EQ(parse_cleaning_level(bad), std::nullopt) << bad;
  }
}

// ---- The state × event table ---------------------------------------------------------------

TEST(EquipmentTransitions, EveryStateAndEvent) {
  using S = State;
  using K = EventKind;
  struct Case {
    S from;
    K event;
    std::optional<S> to;  // nullopt: refused
    const char* reason;   // refused: details.reason
  };
  const std::optional<S> refused;
  const Case cases[] = {
      {S::kClean, K::kUseStart, S::kInUse, ""},
      {S::kClean, K::kUseEnd, refused, "not_in_use"},
      {S::kClean, K::kCleaningStart, S::kCleaning, ""},
      {S::kClean, K::kCleaned, S::kClean, ""},
      {S::kClean, K::kMaintenanceStart, S::kMaintenance, ""},
      {S::kClean, K::kMaintenanceEnd, refused, "not_in_maintenance"},
      {S::kClean, K::kOutOfService, S::kOutOfService, ""},
      {S::kClean, K::kReturnToService, refused, "not_out_of_service"},
      {S::kClean, K::kCalibrated, S::kClean, ""},

      {S::kInUse, K::kUseStart, S::kInUse, ""},  // the same batch: unchanged
      {S::kInUse, K::kUseEnd, S::kDirty, ""},    // the same batch
      {S::kInUse, K::kCleaningStart, refused, "in_use"},
      {S::kInUse, K::kCleaned, refused, "in_use"},
      {S::kInUse, K::kMaintenanceStart, refused, "in_use"},
      {S::kInUse, K::kMaintenanceEnd, refused, "not_in_maintenance"},
      {S::kInUse, K::kOutOfService, S::kOutOfService, ""},
      {S::kInUse, K::kReturnToService, refused, "not_out_of_service"},
      {S::kInUse, K::kCalibrated, refused, "in_use"},

      {S::kDirty, K::kUseStart, S::kInUse, ""},  // the interlock was overridden
      {S::kDirty, K::kUseEnd, refused, "not_in_use"},
      {S::kDirty, K::kCleaningStart, S::kCleaning, ""},
      {S::kDirty, K::kCleaned, S::kClean, ""},
      {S::kDirty, K::kMaintenanceStart, S::kMaintenance, ""},
      {S::kDirty, K::kMaintenanceEnd, refused, "not_in_maintenance"},
      {S::kDirty, K::kOutOfService, S::kOutOfService, ""},
      {S::kDirty, K::kReturnToService, refused, "not_out_of_service"},
      {S::kDirty, K::kCalibrated, S::kDirty, ""},

      {S::kCleaning, K::kUseStart, refused, "cleaning"},
      {S::kCleaning, K::kUseEnd, refused, "not_in_use"},
      {S::kCleaning, K::kCleaningStart, refused, "cleaning"},
      {S::kCleaning, K::kCleaned, S::kClean, ""},
      {S::kCleaning, K::kMaintenanceStart, refused, "cleaning"},
      {S::kCleaning, K::kMaintenanceEnd, refused, "not_in_maintenance"},
      {S::kCleaning, K::kOutOfService, S::kOutOfService, ""},
      {S::kCleaning, K::kReturnToService, refused, "not_out_of_service"},
      {S::kCleaning, K::kCalibrated, refused, "cleaning"},

      {S::kMaintenance, K::kUseStart, refused, "maintenance"},
      {S::kMaintenance, K::kUseEnd, refused, "not_in_use"},
      {S::kMaintenance, K::kCleaningStart, refused, "maintenance"},
      {S::kMaintenance, K::kCleaned, refused, "maintenance"},
      {S::kMaintenance, K::kMaintenanceStart, refused, "maintenance"},
      {S::kMaintenance, K::kMaintenanceEnd, S::kDirty, ""},
      {S::kMaintenance, K::kOutOfService, S::kOutOfService, ""},
      {S::kMaintenance, K::kReturnToService, refused, "not_out_of_service"},
      {S::kMaintenance, K::kCalibrated, S::kMaintenance, ""},

      {S::kOutOfService, K::kUseStart, refused, "out_of_service"},
      {S::kOutOfService, K::kUseEnd, refused, "not_in_use"},
      {S::kOutOfService, K::kCleaningStart, refused, "out_of_service"},
      {S::kOutOfService, K::kCleaned, refused, "out_of_service"},
      {S::kOutOfService, K::kMaintenanceStart, S::kMaintenance, ""},
      {S::kOutOfService, K::kMaintenanceEnd, refused, "not_in_maintenance"},
      {S::kOutOfService, K::kOutOfService, refused, "out_of_service"},
      {S::kOutOfService, K::kReturnToService, S::kDirty, ""},
      {S::kOutOfService, K::kCalibrated, S::kOutOfService, ""},
  };
  std::set<std::pair<S, K>> covered;
  for (const Case& c : cases) covered.insert({c.from, c.event});
  ASSERT_EQ(covered.size(), 6u * kEventKindCount) << "every (state, event) pair, once";
  ASSERT_EQ(std::size(cases), covered.size());

  const Timestamp t1 = kT0 + 1h;
  for (const Case& c : cases) {
    const std::string name =
        std::string(state_name(c.from)) + " + " + std::string(event_kind_name(c.event));
    const EquipmentState s = in(c.from);
    // The batch using in-use equipment sends its own events.
    Event e = use(c.event, t1, "E-new", "b-4", "B-2026-0004");
    e.calibration_due = at(2027, 11, 1);
    auto r = apply(s, e, rules(), kName);
    if (!c.to) {
      ASSERT_FALSE(r.ok()) << name;
      EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition) << name;
      EXPECT_EQ(r.error().details.at("reason").as_string(), c.reason) << name;
      EXPECT_EQ(r.error().details.at("state").as_string(), state_name(c.from)) << name;
      EXPECT_EQ(r.error().message.rfind("GRAN-01 is ", 0), 0u) << name << ": " << r.error().message;
      continue;
    }
    ASSERT_TRUE(r.ok()) << name << ": " << r.error().to_string();
    EXPECT_EQ(r->state, *c.to) << name;
    const bool begins = *c.to != c.from || c.event == K::kCleaned;
    EXPECT_EQ(r->since, begins ? t1 : kT0) << name;
    EXPECT_EQ(r->state_entry, begins ? "E-new" : "E-state") << name;
    const bool calibration = c.event == K::kCalibrated;
    EXPECT_EQ(r->calibration_due, calibration ? at(2027, 11, 1) : at(2027, 5, 1)) << name;
    EXPECT_EQ(r->calibration_entry, calibration ? "E-new" : "E-cal") << name;
    EXPECT_EQ(r->cleaning_entry, c.event == K::kCleaned ? "E-new" : "E-clean") << name;
    EXPECT_EQ(r->batch_id.empty(), r->state != S::kInUse) << name;
  }
}

TEST(EquipmentTransitions, InUseBySameOrAnotherBatch) {
  const EquipmentState s = in(State::kInUse);
  const Timestamp t1 = kT0 + 2h;
  struct Case {
    const char* name;
    Event e;
    const char* error;  // nullptr: accepted
  };
  const Case cases[] = {
      {"use_start, same batch", use(EventKind::kUseStart, t1, "E-9", "b-4", "B-2026-0004"),
       nullptr},
      {"use_start, another batch", use(EventKind::kUseStart, t1, "E-9", "b-5", "B-2026-0005"),
       "GRAN-01 is in use by batch B-2026-0004: end that use first"},
      {"use_end, another batch", use(EventKind::kUseEnd, t1, "E-9", "b-5", "B-2026-0005"),
       "GRAN-01 is in use by batch B-2026-0004, not by batch B-2026-0005: only that batch can "
       "end its use"},
  };
  for (const Case& c : cases) {
    auto r = apply(s, c.e, rules(), kName);
    if (c.error == nullptr) {
      ASSERT_TRUE(r.ok()) << c.name << ": " << r.error().to_string();
      EXPECT_EQ(*r, s) << c.name << ": unchanged, the use goes on";
    } else {
      ASSERT_FALSE(r.ok()) << c.name;
      EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition) << c.name;
      EXPECT_EQ(r.error().message, c.error) << c.name;
      EXPECT_EQ(r.error().details.at("reason").as_string(), "in_use") << c.name;
      EXPECT_EQ(r.error().details.at("state").as_string(), "in_use") << c.name;
    }
  }
}

TEST(EquipmentTransitions, RefusalMessagesSayWhatToDo) {
  struct Case {
    State from;
    Event e;
    const char* message;
  };
  const Timestamp t1 = kT0 + 1h;
  const Case cases[] = {
      {State::kInUse, event(EventKind::kCleaningStart, t1, "E-9"),
       "GRAN-01 is in use by batch B-2026-0004: end that use first"},
      {State::kCleaning, use(EventKind::kUseStart, t1, "E-9", "b-5", "B-2026-0005"),
       "GRAN-01 is being cleaned: record the end of the cleaning first"},
      {State::kMaintenance, cleaned(t1, "E-9", CleaningLevel::kMajor),
       "GRAN-01 is in maintenance: record the end of the maintenance first"},
      {State::kOutOfService, use(EventKind::kUseStart, t1, "E-9", "b-5", "B-2026-0005"),
       "GRAN-01 is out of service: return it to service first"},
      {State::kCleaning, event(EventKind::kCleaningStart, t1, "E-9"),
       "GRAN-01 is being cleaned already"},
      {State::kOutOfService, event(EventKind::kOutOfService, t1, "E-9"),
       "GRAN-01 is out of service already"},
      {State::kClean, use(EventKind::kUseEnd, t1, "E-9", "b-4", "B-2026-0004"),
       "GRAN-01 is clean and not in use: there is no use to end"},
      {State::kDirty, event(EventKind::kMaintenanceEnd, t1, "E-9"),
       "GRAN-01 is dirty and not in maintenance: there is no maintenance to end"},
      {State::kClean, event(EventKind::kReturnToService, t1, "E-9"),
       "GRAN-01 is clean and not out of service: there is nothing to return to service"},
  };
  for (const Case& c : cases) {
    auto r = apply(in(c.from), c.e, rules(), kName);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.error().message, c.message);
  }
}

TEST(EquipmentTransitions, EventsAreAppliedInTimeOrder) {
  const EquipmentState s = in(State::kDirty);
  auto early = apply(s, cleaned(kT0 - 1us, "E-9", CleaningLevel::kMajor), rules(), kName);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(early.error().message.find("events are applied in time order"), std::string::npos)
      << early.error().message;
  EXPECT_NE(early.error().message.find("GRAN-01"), std::string::npos);
  // Also an event that would not change the state.
  auto cal = apply(s, calibrated(kT0 - 1h, "E-9", at(2027, 1, 1)), rules(), kName);
  ASSERT_FALSE(cal.ok());
  EXPECT_EQ(cal.error().code, ErrorCode::kInvalidArgument);
  // At the same instant is in order.
  auto same = apply(s, cleaned(kT0, "E-9", CleaningLevel::kMajor), rules(), kName);
  ASSERT_TRUE(same.ok()) << same.error().to_string();
  EXPECT_EQ(same->since, kT0);
}

TEST(EquipmentTransitions, CalibrationNeedsItsNextDueDate) {
  auto r = apply(in(State::kClean), event(EventKind::kCalibrated, kT0 + 1h, "E-9"), rules(), kName);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().details.at("reason").as_string(), "calibration_due_required");
}

TEST(EquipmentTransitions, WhatEachTransitionRecords) {
  const CleaningRules r = rules();
  EquipmentState clean = in(State::kClean);
  clean.clean_level = CleaningLevel::kMinor;

  // use_start records the batch.
  auto used =
      apply(clean, use(EventKind::kUseStart, kT0 + 1h, "E-1", "b-5", "B-2026-0005"), r, kName);
  ASSERT_TRUE(used.ok());
  EquipmentState want = clean;
  want.state = State::kInUse;
  want.since = kT0 + 1h;
  want.state_entry = "E-1";
  want.batch_id = "b-5";
  want.batch_number = "B-2026-0005";
  want.product = kProduct;
  EXPECT_EQ(*used, want);

  // use_end clears it and counts the batch for its product.
  auto ended =
      apply(*used, use(EventKind::kUseEnd, kT0 + 5h, "E-2", "b-5", "B-2026-0005", ""), r, kName);
  ASSERT_TRUE(ended.ok());
  want.state = State::kDirty;
  want.since = kT0 + 5h;
  want.state_entry = "E-2";
  want.batch_id = want.batch_number = want.product = "";
  want.batches_since_major = 2;
  EXPECT_EQ(*ended, want);

  // cleaned records the cleaning and its level; major restarts the count.
  auto major = apply(*ended, cleaned(kT0 + 6h, "E-3", CleaningLevel::kMajor), r, kName);
  ASSERT_TRUE(major.ok());
  want.state = State::kClean;
  want.since = kT0 + 6h;
  want.state_entry = want.cleaning_entry = "E-3";
  want.clean_level = CleaningLevel::kMajor;
  want.batches_since_major = 0;
  EXPECT_EQ(*major, want);

  // A re-cleaning of clean equipment restarts its clean hold.
  auto again = apply(*major, cleaned(kT0 + 50h, "E-4", CleaningLevel::kMinor), r, kName);
  ASSERT_TRUE(again.ok());
  want.since = kT0 + 50h;
  want.state_entry = want.cleaning_entry = "E-4";
  want.clean_level = CleaningLevel::kMinor;
  EXPECT_EQ(*again, want);

  // calibrated moves the due date only.
  auto cal = apply(*again, calibrated(kT0 + 51h, "E-5", at(2027, 6, 1)), r, kName);
  ASSERT_TRUE(cal.ok());
  want.calibration_due = at(2027, 6, 1);
  want.calibration_entry = "E-5";
  EXPECT_EQ(*cal, want);

  // Out of service while in use ends the use: the product touched the equipment.
  EquipmentState other = in(State::kInUse);
  other.product = "IBU400-TAB";
  auto broken = apply(other, event(EventKind::kOutOfService, kT0 + 1h, "E-6"), r, kName);
  ASSERT_TRUE(broken.ok());
  EXPECT_EQ(broken->state, State::kOutOfService);
  EXPECT_EQ(broken->batch_id, "");
  EXPECT_EQ(broken->batch_number, "");
  EXPECT_EQ(broken->product, "");
  EXPECT_EQ(broken->last_product, "IBU400-TAB");
  EXPECT_EQ(broken->batches_since_major, 1);
  auto back = apply(*broken, event(EventKind::kReturnToService, kT0 + 9h, "E-7"), r, kName);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->state, State::kDirty);
  EXPECT_EQ(back->since, kT0 + 9h);
  EXPECT_EQ(back->state_entry, "E-7");
}

// ---- Product history and cleaning levels ----------------------------------------------------

// Folds events for one piece of equipment; every event must be accepted.
class Equipment {
 public:
  explicit Equipment(CleaningRules rules, Timestamp commissioned) : rules_(rules) {
    s_.since = commissioned;
  }
  void apply_ok(const Event& e) {
    auto r = apply(s_, e, rules_, kName);
    ASSERT_TRUE(r.ok()) << event_kind_name(e.kind) << ": " << r.error().to_string();
    s_ = *r;
  }
  // One batch: used from t for 6 hours, then a cleaning of `level` an hour later.
  void batch(Timestamp t, const std::string& n, const std::string& product, CleaningLevel level) {
    apply_ok(use(EventKind::kUseStart, t, "E-use-" + n, "b-" + n, "B-2026-000" + n, product));
    apply_ok(use(EventKind::kUseEnd, t + 6h, "E-end-" + n, "b-" + n, "B-2026-000" + n, product));
    apply_ok(cleaned(t + 7h, "E-clean-" + n, level));
  }
  std::vector<Refusal> check(Timestamp t, std::string_view product) const {
    return check_use(evaluate(s_, rules_, t), rules_, "b-next", product, kName);
  }
  const EquipmentState& state() const { return s_; }

 private:
  CleaningRules rules_;
  EquipmentState s_;
};

TEST(ProductHistory, CampaignOfThreeBatchesThenAMajorCleaning) {
  Equipment eq(rules(3), at(2026, 11, 1));
  eq.apply_ok(cleaned(at(2026, 11, 2, 8), "E-clean-0", CleaningLevel::kMajor));
  EXPECT_EQ(reasons(eq.check(at(2026, 11, 2, 9), kProduct)), "");
  EXPECT_EQ(reasons(eq.check(at(2026, 11, 2, 9), "XYZ")), "") << "major: any product";

  struct Step {
    int day;
    int batches_since_major;
    const char* same_product;   // check_use reasons for the next batch of kProduct
    const char* other_product;  // and of XYZ
  };
  const Step steps[] = {
      {3, 1, "", "major_cleaning_required"},
      {4, 2, "", "major_cleaning_required"},
      {5, 3, "major_cleaning_required", "major_cleaning_required"},
  };
  for (const Step& st : steps) {
    const std::string n = std::to_string(st.day - 2);
    eq.batch(at(2026, 11, st.day, 6), n, kProduct, CleaningLevel::kMinor);
    EXPECT_EQ(eq.state().last_product, kProduct);
    EXPECT_EQ(eq.state().batches_since_major, st.batches_since_major) << "batch " << n;
    const Timestamp next = at(2026, 11, st.day, 14);
    EXPECT_EQ(reasons(eq.check(next, kProduct)), st.same_product) << "batch " << n;
    EXPECT_EQ(reasons(eq.check(next, "XYZ")), st.other_product) << "batch " << n;
  }
  auto refused = eq.check(at(2026, 11, 5, 14), kProduct);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].message,
            "GRAN-01 was cleaned (minor) for product PCM500-FCT; it has been used for 3 batches "
            "of PCM500-FCT since its last major cleaning (campaign limit 3): record a major "
            "cleaning in the cleaning logbook and have it verified");
  EXPECT_TRUE(refused[0].overridable);
  EXPECT_EQ(refused[0].entry_id, "E-clean-3");

  // Another minor cleaning does not help; a major one does.
  eq.apply_ok(cleaned(at(2026, 11, 5, 15), "E-clean-4", CleaningLevel::kMinor));
  EXPECT_EQ(reasons(eq.check(at(2026, 11, 5, 16), kProduct)), "major_cleaning_required");
  EXPECT_EQ(eq.state().batches_since_major, 3);
  eq.apply_ok(cleaned(at(2026, 11, 5, 17), "E-clean-5", CleaningLevel::kMajor));
  EXPECT_EQ(eq.state().batches_since_major, 0);
  EXPECT_EQ(reasons(eq.check(at(2026, 11, 5, 18), kProduct)), "");
  EXPECT_EQ(reasons(eq.check(at(2026, 11, 5, 18), "XYZ")), "");

  // A product change restarts the count at 1 for the new product.
  eq.batch(at(2026, 11, 6, 6), "6", "XYZ", CleaningLevel::kMinor);
  EXPECT_EQ(eq.state().last_product, "XYZ");
  EXPECT_EQ(eq.state().batches_since_major, 1);
  EXPECT_EQ(reasons(eq.check(at(2026, 11, 6, 14), "XYZ")), "");
  EXPECT_EQ(reasons(eq.check(at(2026, 11, 6, 14), kProduct)), "major_cleaning_required");
}

TEST(ProductHistory, ProductChangeAfterAMinorCleaning) {
  Equipment eq(rules(3), at(2026, 11, 1));
  eq.apply_ok(cleaned(at(2026, 11, 2, 8), "E-clean-0", CleaningLevel::kMajor));
  eq.batch(at(2026, 11, 3, 6), "1", kProduct, CleaningLevel::kMinor);
  auto refused = eq.check(at(2026, 11, 3, 14), "XYZ");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].reason, "major_cleaning_required");
  EXPECT_EQ(refused[0].message,
            "GRAN-01 was cleaned (minor) for product PCM500-FCT; product XYZ needs a major "
            "cleaning: record a major cleaning in the cleaning logbook and have it verified");
  EXPECT_EQ(refused[0].entry_id, "E-clean-1");
}

TEST(ProductHistory, CampaignOfOneNeedsAMajorCleaningAfterEveryBatch) {
  Equipment eq(rules(1), at(2026, 11, 1));
  eq.apply_ok(cleaned(at(2026, 11, 2, 8), "E-clean-0", CleaningLevel::kMajor));
  eq.batch(at(2026, 11, 3, 6), "1", kProduct, CleaningLevel::kMinor);
  EXPECT_EQ(reasons(eq.check(at(2026, 11, 3, 14), kProduct)), "major_cleaning_required");
  eq.apply_ok(cleaned(at(2026, 11, 3, 15), "E-clean-2", CleaningLevel::kMajor));
  EXPECT_EQ(reasons(eq.check(at(2026, 11, 3, 16), kProduct)), "");
}

TEST(ProductHistory, NewEquipmentNeedsAMajorCleaning) {
  Equipment eq(rules(3), at(2026, 11, 1));
  EXPECT_EQ(eq.state().state, State::kDirty);
  eq.apply_ok(cleaned(at(2026, 11, 1, 6), "E-clean-0", CleaningLevel::kMinor));
  auto refused = eq.check(at(2026, 11, 1, 7), kProduct);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].reason, "major_cleaning_required");
  EXPECT_EQ(refused[0].message,
            "GRAN-01 was cleaned (minor) with no product history; product PCM500-FCT needs a "
            "major cleaning: record a major cleaning in the cleaning logbook and have it verified");
}

TEST(ProductHistory, DirtyHoldExceededThenOnlyAMajorCleaningCounts) {
  // Used until U; the dirty hold (24 h) ends at U + 24 h. The hold runs to the start of cleaning.
  const Timestamp u = at(2026, 11, 3, 14);
  struct Case {
    const char* name;
    std::vector<Event> cleaning;  // after the use ended at u
    bool major_required;
    const char* reasons;  // for the next batch of kProduct, an hour after the last event
  };
  const Case cases[] = {
      {"minor, 1 µs before the hold ends",
       {cleaned(u + 24h - 1us, "C", CleaningLevel::kMinor)},
       false,
       ""},
      {"minor, as the hold ends",
       {cleaned(u + 24h, "C", CleaningLevel::kMinor)},
       true,
       "major_cleaning_required"},
      {"major, after the hold", {cleaned(u + 30h, "C", CleaningLevel::kMajor)}, false, ""},
      {"cleaning started within the hold, done after it",
       {event(EventKind::kCleaningStart, u + 23h, "S"),
        cleaned(u + 25h, "C", CleaningLevel::kMinor)},
       false,
       ""},
      {"cleaning started as the hold ends",
       {event(EventKind::kCleaningStart, u + 24h, "S"),
        cleaned(u + 25h, "C", CleaningLevel::kMinor)},
       true,
       "major_cleaning_required"},
      {"minor after the hold, then another minor",
       {cleaned(u + 30h, "C1", CleaningLevel::kMinor),
        cleaned(u + 31h, "C", CleaningLevel::kMinor)},
       true,
       "major_cleaning_required"},
      {"minor after the hold, then a major",
       {cleaned(u + 30h, "C1", CleaningLevel::kMinor),
        cleaned(u + 31h, "C", CleaningLevel::kMajor)},
       false,
       ""},
  };
  for (const Case& c : cases) {
    Equipment eq(rules(3), at(2026, 11, 1));
    eq.apply_ok(cleaned(at(2026, 11, 2, 8), "E-clean-0", CleaningLevel::kMajor));
    eq.apply_ok(use(EventKind::kUseStart, u - 6h, "U1", "b-1", "B-2026-0001"));
    eq.apply_ok(use(EventKind::kUseEnd, u, "U2", "b-1", "B-2026-0001"));
    for (const Event& e : c.cleaning) eq.apply_ok(e);
    EXPECT_EQ(eq.state().major_required, c.major_required) << c.name;
    EXPECT_EQ(eq.state().cleaning_entry, "C") << c.name;
    const auto refusals = eq.check(c.cleaning.back().at + 1h, kProduct);
    EXPECT_EQ(reasons(refusals), c.reasons) << c.name;
    if (c.major_required && !refusals.empty()) {
      EXPECT_EQ(refusals[0].message,
                "GRAN-01 was cleaned (minor) after its dirty hold time was exceeded; only a "
                "major cleaning makes it usable: record a major cleaning in the cleaning logbook "
                "and have it verified")
          << c.name;
    }
  }
}

TEST(ProductHistory, ExpiredCleanHoldStartsTheDirtyHold) {
  // Cleaned at C; the clean hold (72 h) ends at C + 72 h, the dirty hold 24 h later.
  const Timestamp c = at(2026, 11, 2, 8);
  struct Case {
    Timestamp cleaned_again;
    bool major_required;
  };
  const Case cases[] = {
      {c + 96h - 1us, false},
      {c + 96h, true},
  };
  for (const Case& k : cases) {
    Equipment eq(rules(3), at(2026, 11, 1));
    eq.apply_ok(cleaned(c, "E-1", CleaningLevel::kMajor));
    eq.apply_ok(cleaned(k.cleaned_again, "E-2", CleaningLevel::kMinor));
    EXPECT_EQ(eq.state().major_required, k.major_required) << format_rfc3339(k.cleaned_again);
  }
}

// ---- Hold times and calibration against the clock -------------------------------------------

TEST(EquipmentTime, CleanHoldDirtyHoldAndCalibrationExpireAtTheirInstant) {
  const CleaningRules r = rules();
  EquipmentState s = in(State::kClean);  // cleaned (major) at kT0 = 2026-11-20 08:00
  s.calibration_due = at(2026, 11, 24, 12);
  ManualClock clock(kT0);
  auto now = [&] { return evaluate(s, r, clock.now()); };
  auto advance_to = [&](Timestamp t) { clock.advance(t - clock.now()); };

  const Timestamp expires = at(2026, 11, 23, 8);   // kT0 + 72 h
  const Timestamp clean_by = at(2026, 11, 24, 8);  // expiry + 24 h
  const Timestamp due = at(2026, 11, 24, 12);
  struct Case {
    Timestamp t;
    const char* view;
    const char* reasons;  // for the next batch of kProduct
  };
  const Case cases[] = {
      {kT0,
       "clean since 2026-11-20T08:00:00.000000Z clean_expires_at=2026-11-23T08:00:00.000000Z "
       "clean_by=-",
       ""},
      {expires - 1us,
       "clean since 2026-11-20T08:00:00.000000Z clean_expires_at=2026-11-23T08:00:00.000000Z "
       "clean_by=-",
       ""},
      {expires,
       "dirty since 2026-11-23T08:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-24T08:00:00.000000Z clean_hold_expired",
       "clean_hold_expired"},
      {clean_by - 1us,
       "dirty since 2026-11-23T08:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-24T08:00:00.000000Z clean_hold_expired",
       "clean_hold_expired"},
      {clean_by,
       "dirty since 2026-11-23T08:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-24T08:00:00.000000Z clean_hold_expired dirty_hold_exceeded",
       "clean_hold_expired"},
      {due - 1us,
       "dirty since 2026-11-23T08:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-24T08:00:00.000000Z clean_hold_expired dirty_hold_exceeded",
       "clean_hold_expired"},
      {due,
       "calibration_overdue since 2026-11-24T12:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-24T08:00:00.000000Z clean_hold_expired dirty_hold_exceeded "
       "calibration_overdue",
       "clean_hold_expired,calibration_overdue"},
  };
  for (const Case& c : cases) {
    advance_to(c.t);
    const StatusView v = now();
    EXPECT_EQ(show(v), c.view) << format_rfc3339(c.t);
    EXPECT_EQ(v.state, s) << "the stored state is shown as it is";
    EXPECT_EQ(reasons(check_use(v, r, "b-5", kProduct, kName)), c.reasons) << format_rfc3339(c.t);
  }
  // The messages a user reads at the end.
  const auto refusals = check_use(now(), r, "b-5", kProduct, kName);
  ASSERT_EQ(refusals.size(), 2u);
  EXPECT_EQ(refusals[0].message,
            "GRAN-01's clean hold time expired at 2026-11-23 08:00 UTC (cleaned 2026-11-20 08:00 "
            "UTC; last product PCM500-FCT) and its dirty hold time was exceeded at 2026-11-24 "
            "08:00 UTC: record a major cleaning in the cleaning logbook and have it verified");
  EXPECT_EQ(refusals[0].entry_id, "E-clean");
  EXPECT_EQ(refusals[1].message,
            "GRAN-01's calibration was due 2026-11-24 12:00 UTC: record a calibration in the "
            "equipment usage logbook");
  EXPECT_EQ(refusals[1].entry_id, "E-cal");
}

TEST(EquipmentTime, StoredDirtyCountsItsDirtyHoldFromItsSince) {
  const CleaningRules r = rules();
  const EquipmentState s = in(State::kDirty);
  ManualClock clock(kT0);
  EXPECT_EQ(show(evaluate(s, r, clock.now())),
            "dirty since 2026-11-20T08:00:00.000000Z clean_expires_at=- "
            "clean_by=2026-11-21T08:00:00.000000Z");
  clock.advance(24h - 1us);
  EXPECT_FALSE(evaluate(s, r, clock.now()).dirty_hold_exceeded);
  clock.advance(1us);
  EXPECT_TRUE(evaluate(s, r, clock.now()).dirty_hold_exceeded);
  EXPECT_EQ(evaluate(s, r, clock.now()).status, Status::kDirty);
}

TEST(EquipmentTime, NoHoldTimesNoExpiry) {
  const CleaningRules none{};
  ManualClock clock(kT0);
  clock.advance(24h * 3650);
  const StatusView clean = evaluate(in(State::kClean), none, clock.now());
  EXPECT_EQ(clean.status, Status::kCalibrationOverdue);  // 2027-05-01 has passed
  EXPECT_FALSE(clean.clean_hold_expired);
  EXPECT_EQ(clean.clean_expires_at, std::nullopt);
  const StatusView dirty = evaluate(in(State::kDirty), none, clock.now());
  EXPECT_EQ(dirty.clean_by, std::nullopt);
  EXPECT_FALSE(dirty.dirty_hold_exceeded);
  EquipmentState never = in(State::kClean);
  never.calibration_due.reset();
  EXPECT_EQ(evaluate(never, none, clock.now()).status, Status::kClean);
}

TEST(EquipmentTime, CalibrationOverdueIsShownOnlyOverCleanAndDirty) {
  const Timestamp due = at(2026, 11, 21, 0);
  struct Case {
    State state;
    Status before;  // 1 µs before due
    Status at_due;
  };
  const Case cases[] = {
      {State::kClean, Status::kClean, Status::kCalibrationOverdue},
      {State::kDirty, Status::kDirty, Status::kCalibrationOverdue},
      {State::kInUse, Status::kInUse, Status::kInUse},
      {State::kCleaning, Status::kCleaning, Status::kCleaning},
      {State::kMaintenance, Status::kMaintenance, Status::kMaintenance},
      {State::kOutOfService, Status::kOutOfService, Status::kOutOfService},
  };
  for (const Case& c : cases) {
    EquipmentState s = in(c.state);
    s.calibration_due = due;
    ManualClock clock(due - 1us);
    const StatusView before = evaluate(s, rules(), clock.now());
    EXPECT_EQ(before.status, c.before) << state_name(c.state);
    EXPECT_FALSE(before.calibration_overdue) << state_name(c.state);
    EXPECT_EQ(before.since, kT0) << state_name(c.state);
    clock.advance(1us);
    const StatusView after = evaluate(s, rules(), clock.now());
    EXPECT_EQ(after.status, c.at_due) << state_name(c.state);
    EXPECT_TRUE(after.calibration_overdue) << state_name(c.state);
    EXPECT_EQ(after.since, c.at_due == Status::kCalibrationOverdue ? due : kT0)
        << state_name(c.state);
  }
}

// ---- The status at any instant of a recorded history ----------------------------------------

TEST(EquipmentHistory, StatusAtAnyInstant) {
  // GRAN-01, November 2026: clean hold 72 h, dirty hold 24 h, campaigns of 2 batches.
  const CleaningRules r = rules(2);
  EquipmentState initial;  // commissioned dirty, its calibration due on the 2nd
  initial.since = at(2026, 11, 1);
  initial.state_entry = "E-00";
  initial.calibration_due = at(2026, 11, 2);
  initial.calibration_entry = "CAL-0";
  const Event history[] = {
      calibrated(at(2026, 11, 2, 8), "E-01", at(2026, 11, 14, 12)),
      event(EventKind::kCleaningStart, at(2026, 11, 2, 9), "E-02"),
      cleaned(at(2026, 11, 2, 11), "E-03", CleaningLevel::kMajor),
      use(EventKind::kUseStart, at(2026, 11, 3, 7), "E-04", "b-1", "B-2026-0001"),
      use(EventKind::kUseEnd, at(2026, 11, 3, 15), "E-05", "b-1", "B-2026-0001"),
      cleaned(at(2026, 11, 3, 16), "E-06", CleaningLevel::kMinor),
      use(EventKind::kUseStart, at(2026, 11, 4, 7), "E-07", "b-2", "B-2026-0002"),
      use(EventKind::kUseEnd, at(2026, 11, 4, 15), "E-08", "b-2", "B-2026-0002"),
      event(EventKind::kMaintenanceStart, at(2026, 11, 6, 8), "E-09"),
      event(EventKind::kMaintenanceEnd, at(2026, 11, 6, 12), "E-10"),
      cleaned(at(2026, 11, 6, 13), "E-11", CleaningLevel::kMajor),
      event(EventKind::kCleaningStart, at(2026, 11, 10, 9), "E-12"),
      cleaned(at(2026, 11, 10, 10), "E-13", CleaningLevel::kMinor),
      event(EventKind::kOutOfService, at(2026, 11, 11, 8), "E-14"),
      event(EventKind::kReturnToService, at(2026, 11, 12, 10), "E-15"),
  };
  // The state after each event, as the logbook service stores it.
  std::vector<std::pair<Timestamp, EquipmentState>> stored;
  EquipmentState s = initial;
  for (const Event& e : history) {
    auto next = apply(s, e, r, kName);
    ASSERT_TRUE(next.ok()) << e.entry_id << ": " << next.error().to_string();
    s = *next;
    stored.emplace_back(e.at, s);
  }
  auto state_at = [&](Timestamp t) {
    EquipmentState found = initial;
    for (const auto& [when, state] : stored) {
      if (when <= t) found = state;
    }
    return found;
  };

  struct Case {
    Timestamp t;
    const char* view;
    const char* entries;  // state_entry cleaning_entry calibration_entry
    bool major_required;
    const char* reasons;  // for batch b-9 of kProduct
  };
  const Case cases[] = {
      {at(2026, 11, 1, 12),
       "dirty since 2026-11-01T00:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-02T00:00:00.000000Z",
       "E-00 - CAL-0", false, "dirty"},
      {at(2026, 11, 2, 6),  // dirty hold exceeded, calibration due at midnight
       "calibration_overdue since 2026-11-02T00:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-02T00:00:00.000000Z dirty_hold_exceeded calibration_overdue",
       "E-00 - CAL-0", false, "dirty,calibration_overdue"},
      {at(2026, 11, 2, 8),  // calibrated: due 2026-11-14 12:00
       "dirty since 2026-11-01T00:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-02T00:00:00.000000Z dirty_hold_exceeded",
       "E-00 - E-01", false, "dirty"},
      {at(2026, 11, 2, 10),  // cleaning began after the dirty hold
       "cleaning since 2026-11-02T09:00:00.000000Z clean_expires_at=- clean_by=-", "E-02 - E-01",
       true, "cleaning"},
      {at(2026, 11, 2, 11),
       "clean since 2026-11-02T11:00:00.000000Z clean_expires_at=2026-11-05T11:00:00.000000Z "
       "clean_by=-",
       "E-03 E-03 E-01", false, ""},
      {at(2026, 11, 3, 12),
       "in_use since 2026-11-03T07:00:00.000000Z clean_expires_at=- clean_by=-", "E-04 E-03 E-01",
       false, "in_use"},
      {at(2026, 11, 3, 15, 30),
       "dirty since 2026-11-03T15:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-04T15:00:00.000000Z",
       "E-05 E-03 E-01", false, "dirty"},
      {at(2026, 11, 3, 18),  // minor, 1 batch of 2
       "clean since 2026-11-03T16:00:00.000000Z clean_expires_at=2026-11-06T16:00:00.000000Z "
       "clean_by=-",
       "E-06 E-06 E-01", false, ""},
      {at(2026, 11, 4, 15),
       "dirty since 2026-11-04T15:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-05T15:00:00.000000Z",
       "E-08 E-06 E-01", false, "dirty"},
      {at(2026, 11, 5, 15),  // no event: the dirty hold ends
       "dirty since 2026-11-04T15:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-05T15:00:00.000000Z dirty_hold_exceeded",
       "E-08 E-06 E-01", false, "dirty"},
      {at(2026, 11, 6, 10),
       "maintenance since 2026-11-06T08:00:00.000000Z clean_expires_at=- clean_by=-",
       "E-09 E-06 E-01", false, "maintenance"},
      {at(2026, 11, 6, 12, 30),  // dirty again: a new dirty hold
       "dirty since 2026-11-06T12:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-07T12:00:00.000000Z",
       "E-10 E-06 E-01", false, "dirty"},
      {at(2026, 11, 9, 13) - 1us,
       "clean since 2026-11-06T13:00:00.000000Z clean_expires_at=2026-11-09T13:00:00.000000Z "
       "clean_by=-",
       "E-11 E-11 E-01", false, ""},
      {at(2026, 11, 9, 13),
       "dirty since 2026-11-09T13:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-10T13:00:00.000000Z clean_hold_expired",
       "E-11 E-11 E-01", false, "clean_hold_expired"},
      {at(2026, 11, 10, 9, 30),  // cleaning began within the dirty hold
       "cleaning since 2026-11-10T09:00:00.000000Z clean_expires_at=- clean_by=-", "E-12 E-11 E-01",
       false, "cleaning"},
      {at(2026, 11, 10, 10),  // minor after a major: 0 batches of the campaign used
       "clean since 2026-11-10T10:00:00.000000Z clean_expires_at=2026-11-13T10:00:00.000000Z "
       "clean_by=-",
       "E-13 E-13 E-01", false, ""},
      {at(2026, 11, 11, 20),
       "out_of_service since 2026-11-11T08:00:00.000000Z clean_expires_at=- clean_by=-",
       "E-14 E-13 E-01", false, "out_of_service"},
      {at(2026, 11, 12, 10),
       "dirty since 2026-11-12T10:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-13T10:00:00.000000Z",
       "E-15 E-13 E-01", false, "dirty"},
      {at(2026, 11, 14, 12) - 1us,
       "dirty since 2026-11-12T10:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-13T10:00:00.000000Z dirty_hold_exceeded",
       "E-15 E-13 E-01", false, "dirty"},
      {at(2026, 11, 14, 12),
       "calibration_overdue since 2026-11-14T12:00:00.000000Z clean_expires_at=- "
       "clean_by=2026-11-13T10:00:00.000000Z dirty_hold_exceeded calibration_overdue",
       "E-15 E-13 E-01", false, "dirty,calibration_overdue"},
  };
  for (const Case& c : cases) {
    const StatusView v = evaluate(state_at(c.t), r, c.t);
    const std::string label = format_rfc3339(c.t);
    EXPECT_EQ(show(v), c.view) << label;
    auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
    EXPECT_EQ(or_dash(v.state.state_entry) + " " + or_dash(v.state.cleaning_entry) + " " +
                  or_dash(v.state.calibration_entry),
              c.entries)
        << label;
    EXPECT_EQ(v.state.major_required, c.major_required) << label;
    EXPECT_EQ(reasons(check_use(v, r, "b-9", kProduct, kName)), c.reasons) << label;
  }
  // The product history at the end: two batches, then a major cleaning.
  EXPECT_EQ(s.last_product, kProduct);
  EXPECT_EQ(s.batches_since_major, 0);
  EXPECT_EQ(s.clean_level, CleaningLevel::kMinor);
}

// ---- The use interlock ---------------------------------------------------------------------

TEST(UseInterlock, EveryReason) {
  const CleaningRules r = rules();
  const Timestamp now = kT0 + 2h;
  const char* const p = kProduct;
  auto overdue = [](EquipmentState s) {
    s.calibration_due = at(2026, 11, 1);
    return s;
  };
  auto minor = [](EquipmentState s) {
    s.clean_level = CleaningLevel::kMinor;
    return s;
  };
  const EquipmentState clean = in(State::kClean), in_use = in(State::kInUse),
                       dirty = in(State::kDirty), cleaning = in(State::kCleaning),
                       maintenance = in(State::kMaintenance), oos = in(State::kOutOfService);
  struct Want {
    const char* reason;
    bool overridable;
    const char* entry_id;
  };
  const Want kInUse{"in_use", false, "E-state"}, kDirty{"dirty", true, "E-state"},
      kExpired{"clean_hold_expired", true, "E-clean"},
      kMajor{"major_cleaning_required", true, "E-clean"}, kCleaning{"cleaning", false, "E-state"},
      kMaintenance{"maintenance", false, "E-state"},
      kOutOfService{"out_of_service", false, "E-state"},
      kOverdue{"calibration_overdue", true, "E-cal"};
  struct Case {
    const char* name;
    EquipmentState s;
    Timestamp t;
    const char* batch_id;
    const char* product;
    std::vector<Want> refusals;  // in this order
  };
  const Case cases[] = {
      {"clean (major), any product", clean, now, "b-5", "XYZ", {}},
      {"clean (minor), same product", minor(clean), now, "b-5", p, {}},
      {"in use by the same batch", in_use, now, "b-4", p, {}},
      {"in use by another batch", in_use, now, "b-5", p, {kInUse}},
      {"dirty", dirty, now, "b-5", p, {kDirty}},
      {"clean hold expired", clean, kT0 + 72h, "b-5", p, {kExpired}},
      {"clean (minor), another product", minor(clean), now, "b-5", "XYZ", {kMajor}},
      {"cleaning", cleaning, now, "b-5", p, {kCleaning}},
      {"maintenance", maintenance, now, "b-5", p, {kMaintenance}},
      {"out of service", oos, now, "b-5", p, {kOutOfService}},
      {"calibration overdue", overdue(clean), now, "b-5", p, {kOverdue}},
      {"in use by the same batch, overdue", overdue(in_use), now, "b-4", p, {kOverdue}},
      {"in use by another batch, overdue", overdue(in_use), now, "b-5", p, {kInUse, kOverdue}},
      {"dirty, overdue", overdue(dirty), now, "b-5", p, {kDirty, kOverdue}},
      {"cleaning, overdue", overdue(cleaning), now, "b-5", p, {kCleaning, kOverdue}},
      {"maintenance, overdue", overdue(maintenance), now, "b-5", p, {kMaintenance, kOverdue}},
      {"out of service, overdue", overdue(oos), now, "b-5", p, {kOutOfService, kOverdue}},
      // Expired, and minor for another product: one cleanliness reason only.
      {"expired, another product, overdue",
       overdue(minor(clean)),
       kT0 + 100h,
       "b-5",
       "XYZ",
       {kExpired, kOverdue}},
  };
  for (const Case& c : cases) {
    const auto got = check_use(evaluate(c.s, r, c.t), r, c.batch_id, c.product, kName);
    ASSERT_EQ(got.size(), c.refusals.size()) << c.name << ": " << reasons(got);
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].reason, c.refusals[i].reason) << c.name << " #" << i;
      EXPECT_EQ(got[i].overridable, c.refusals[i].overridable) << c.name << " #" << i;
      EXPECT_EQ(got[i].entry_id, c.refusals[i].entry_id) << c.name << " #" << i;
      EXPECT_EQ(got[i].message.rfind("GRAN-01", 0), 0u) << c.name << ": " << got[i].message;
    }
  }
}

TEST(UseInterlock, MessagesNameTheEquipmentAndWhatToRecord) {
  const CleaningRules r = rules();
  const Timestamp now = kT0 + 2h;
  auto message = [&](const EquipmentState& s, Timestamp t, std::string_view product) {
    const auto got = check_use(evaluate(s, r, t), r, "b-5", product, kName);
    return got.empty() ? std::string() : got.front().message;
  };
  EXPECT_EQ(message(in(State::kDirty), now, kProduct),
            "GRAN-01 is dirty since 2026-11-20 08:00 UTC (last product PCM500-FCT): record a "
            "cleaning in the cleaning logbook and have it verified");
  EXPECT_EQ(message(in(State::kDirty), kT0 + 24h, kProduct),
            "GRAN-01 is dirty since 2026-11-20 08:00 UTC (last product PCM500-FCT) and its dirty "
            "hold time was exceeded at 2026-11-21 08:00 UTC: record a major cleaning in the "
            "cleaning logbook and have it verified");
  EXPECT_EQ(message(in(State::kDirty), now, "XYZ"),
            "GRAN-01 is dirty since 2026-11-20 08:00 UTC (last product PCM500-FCT) and product "
            "XYZ follows product PCM500-FCT and needs a major cleaning: record a major cleaning "
            "in the cleaning logbook and have it verified");
  EXPECT_EQ(message(in(State::kClean), kT0 + 72h, kProduct),
            "GRAN-01's clean hold time expired at 2026-11-23 08:00 UTC (cleaned 2026-11-20 08:00 "
            "UTC; last product PCM500-FCT): record a cleaning in the cleaning logbook and have it "
            "verified");
  EXPECT_EQ(message(in(State::kInUse), now, kProduct),
            "GRAN-01 is in use by batch B-2026-0004 since 2026-11-20 08:00 UTC: record the end of "
            "that use in the equipment usage logbook first");
  EXPECT_EQ(message(in(State::kCleaning), now, kProduct),
            "GRAN-01 is being cleaned since 2026-11-20 08:00 UTC: record the cleaning as done in "
            "the cleaning logbook and have it verified");
  EXPECT_EQ(message(in(State::kMaintenance), now, kProduct),
            "GRAN-01 is in maintenance since 2026-11-20 08:00 UTC: record the end of the "
            "maintenance in the equipment usage logbook, then clean it");
  EXPECT_EQ(message(in(State::kOutOfService), now, kProduct),
            "GRAN-01 is out of service since 2026-11-20 08:00 UTC: record its return to service "
            "in the equipment usage logbook, then clean it");
  EquipmentState overdue = in(State::kClean);
  overdue.calibration_due = at(2026, 11, 1);
  EXPECT_EQ(message(overdue, now, kProduct),
            "GRAN-01's calibration was due 2026-11-01 00:00 UTC: record a calibration in the "
            "equipment usage logbook");
}

// ---- Rooms ---------------------------------------------------------------------------------

RoomEvent room_event(RoomEventKind kind, Timestamp t, std::string entry, std::string batch_id = "",
                     std::string batch_number = "") {
  RoomEvent e;
  e.kind = kind;
  e.at = t;
  e.entry_id = std::move(entry);
  e.batch_id = std::move(batch_id);
  e.batch_number = std::move(batch_number);
  return e;
}

TEST(RoomStatus, Events) {
  using K = RoomEventKind;
  RoomState s;
  EXPECT_EQ(s.environment, Environment::kNoData);

  s = apply_room(s, room_event(K::kCleared, kT0, "R-1", "b-4", "B-2026-0004"));
  RoomState want;
  want.cleared = true;
  want.cleared_batch_id = "b-4";
  want.cleared_batch_number = "B-2026-0004";
  want.cleared_since = kT0;
  want.clearance_entry = "R-1";
  EXPECT_EQ(s, want);

  // Cleaning and monitoring leave the clearance alone.
  s = apply_room(s, room_event(K::kCleaned, kT0 + 1h, "R-2"));
  want.cleaned_at = kT0 + 1h;
  want.cleaning_entry = "R-2";
  EXPECT_EQ(s, want);
  RoomEvent out_of_limits = room_event(K::kMonitored, kT0 + 2h, "R-3");
  out_of_limits.excursions = {"particles_05um 4100000 /m³ is above the alarm limit 3520000 /m³"};
  s = apply_room(s, out_of_limits);
  want.environment = Environment::kOutOfLimits;
  want.monitored_at = kT0 + 2h;
  want.monitoring_entry = "R-3";
  want.excursions = out_of_limits.excursions;
  EXPECT_EQ(s, want);
  s = apply_room(s, room_event(K::kMonitored, kT0 + 3h, "R-4"));
  want.environment = Environment::kInLimits;
  want.monitored_at = kT0 + 3h;
  want.monitoring_entry = "R-4";
  want.excursions.clear();
  EXPECT_EQ(s, want);

  // A clearance for another batch replaces it.
  s = apply_room(s, room_event(K::kCleared, kT0 + 4h, "R-5", "b-5", "B-2026-0005"));
  want.cleared_batch_id = "b-5";
  want.cleared_batch_number = "B-2026-0005";
  want.cleared_since = kT0 + 4h;
  want.clearance_entry = "R-5";
  EXPECT_EQ(s, want);

  // Ending another batch's clearance is a no-op.
  EXPECT_EQ(apply_room(s, room_event(K::kClearanceEnded, kT0 + 5h, "R-6", "b-4", "B-2026-0004")),
            want);
  s = apply_room(s, room_event(K::kClearanceEnded, kT0 + 6h, "R-7", "b-5", "B-2026-0005"));
  want.cleared = false;
  want.cleared_batch_id = "";
  want.cleared_batch_number = "";
  want.cleared_since = kT0 + 6h;
  want.clearance_entry = "R-7";
  EXPECT_EQ(s, want);
  // And once ended, ending it again is a no-op too.
  EXPECT_EQ(apply_room(s, room_event(K::kClearanceEnded, kT0 + 7h, "R-8", "b-5")), want);
}

TEST(RoomStatus, LineClearanceInterlock) {
  using K = RoomEventKind;
  const RoomState none;
  const RoomState cleared =
      apply_room(none, room_event(K::kCleared, kT0, "R-1", "b-4", "B-2026-0004"));
  const RoomState ended =
      apply_room(cleared, room_event(K::kClearanceEnded, kT0 + 8h, "R-2", "b-4", "B-2026-0004"));
  const RoomState no_number = apply_room(none, room_event(K::kCleared, kT0, "R-3", "b-4"));
  struct Case {
    const char* name;
    const RoomState& s;
    const char* batch_id;
    const char* batch_number;
    const char* message;  // nullptr: cleared for it
    const char* entry_id;
  };
  const Case cases[] = {
      {"cleared for the batch", cleared, "b-4", "B-2026-0004", nullptr, ""},
      {"cleared for another batch", cleared, "b-5", "B-2026-0005",
       "room GRAN-101 is not cleared for batch B-2026-0005 (cleared for B-2026-0004): record a "
       "line clearance in the area/line clearance logbook and have it verified",
       "R-1"},
      {"never cleared", none, "b-5", "B-2026-0005",
       "room GRAN-101 has no line clearance in force for batch B-2026-0005: record a line "
       "clearance in the area/line clearance logbook and have it verified",
       ""},
      {"clearance ended", ended, "b-4", "B-2026-0004",
       "room GRAN-101 has no line clearance in force for batch B-2026-0004: record a line "
       "clearance in the area/line clearance logbook and have it verified",
       "R-2"},
      {"cleared without a batch number", no_number, "b-5", "",
       "room GRAN-101 is not cleared for batch b-5 (cleared for b-4): record a line clearance "
       "in the area/line clearance logbook and have it verified",
       "R-3"},
  };
  for (const Case& c : cases) {
    const auto refusal = check_clearance(c.s, c.batch_id, c.batch_number, "GRAN-101");
    if (c.message == nullptr) {
      EXPECT_EQ(refusal.has_value(), false) << c.name;
      continue;
    }
    ASSERT_TRUE(refusal.has_value()) << c.name;
    EXPECT_EQ(refusal->reason, "no_line_clearance") << c.name;
    EXPECT_TRUE(refusal->overridable) << c.name;
    EXPECT_EQ(refusal->message, c.message) << c.name;
    EXPECT_EQ(refusal->entry_id, c.entry_id) << c.name;
  }
}

}  // namespace
}  // namespace gemba::equipment
