#pragma once
// The status of equipment and rooms, computed from the record (ISA-88 physical model). Pure: the
// logbook service folds the events its entries and batches produce through apply(), stores the
// state after each one, and evaluates the time-based rules (hold times, calibration) against the
// Clock with evaluate(). Nothing here reads a clock or a database.
//
// Stored equipment states and the events that move between them ("—" = refused, the state is
// unchanged and the message says why):
//
//   state \ event   start    end      clean_s   cleaned  mnt_s   mnt_e   oos   rts    calib
//   clean           in_use   —        cleaning  clean    maint.  —       out   —      clean
//   in_use          =²       dirty³   —         —        —       —       out   —      —
//   dirty           in_use¹  —        cleaning  clean    maint.  —       out   —      dirty
//   cleaning        —        —        —         clean    —       —       out   —      —
//   maintenance     —        —        —         —        —       dirty   out   —      maint.
//   out_of_service  —        —        —         —        maint.  —       —     dirty  out
//
//   (start, end = use_start, use_end; clean_s = cleaning_start; mnt_s, mnt_e = maintenance_start,
//   maintenance_end; oos = out_of_service; rts = return_to_service; calib = calibrated)
//   ² by the same batch: unchanged; by another batch: refused. ³ by the batch using it.
//   ¹ only when the interlock was overridden (the record keeps what happened). apply() does not
//     judge the interlock: the caller runs check_use() first and records the override with the
//     use_start, so apply() accepts use_start on clean and dirty equipment alike.
//
// New equipment starts dirty (it is cleaned before its first use). `calibrated` only moves the
// calibration due date (it must carry the next due instant: invalid_argument otherwise). Every
// other accepted event that changes the state begins a new one (since = its time, state_entry =
// its entry); `cleaned` always does, also on clean equipment (a re-cleaning restarts the clean
// hold). Events are applied in time order: one earlier than `since` is invalid_argument. A
// refusal is failed_precondition with details {"reason", "state"}; reason is the blocking state
// ("in_use", "cleaning", "maintenance", "out_of_service"; "in_use" also for a use_start or
// use_end by another batch than the one using it) or "not_in_use", "not_in_maintenance",
// "not_out_of_service" for an end without its beginning.
//
// The product history decides the cleaning a next batch needs:
//   - use_end of a batch of the same product as the last one increments batches_since_major;
//     of another product, it restarts the count at 1 for that product. out_of_service while in
//     use ends the use the same way (the product touched the equipment).
//   - cleaned(major) sets batches_since_major to 0 and major_required to false; cleaned(minor)
//     keeps the count and sets major_required when the dirty hold time had been exceeded when the
//     cleaning began (the dirty hold runs to the start of cleaning: judged at cleaning_start, or
//     at `cleaned` when no cleaning_start was recorded). major_required stays until a major
//     cleaning.
//
// Time-based rules (evaluate at an instant):
//   - clean and at ≥ since + clean_hold → dirty (clean hold expired), dirty since that instant.
//   - dirty and at ≥ dirty since + dirty_hold → dirty hold exceeded: only a major cleaning is
//     accepted for use afterwards.
//   - calibration_due set and at ≥ calibration_due → calibration overdue, shown as the status
//     (since = calibration_due) when the equipment is clean or dirty (also after its clean hold
//     expired); in use, cleaning, maintenance and out of service stay shown, with the
//     calibration_overdue flag set.
//
// The interlock (check_use): equipment may be used by a batch of `product` only when the record
// shows it clean (a minor cleaning only counts for the same product while batches_since_major <
// campaign_batches and no major cleaning is required), not in use by another batch, not in
// cleaning, maintenance or out of service, and calibrated. Every failing rule is reported; the
// cleanliness rules (dirty, clean hold expired, major cleaning required: at most one) only when
// the record shows the equipment clean or dirty.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"

namespace gemba::equipment {

// The cleaning rules of an equipment class.
struct CleaningRules {
  std::optional<Duration> clean_hold;  // clean → dirty when exceeded; absent = no limit
  std::optional<Duration> dirty_hold;  // cleaned within this, or only a major cleaning counts
  int campaign_batches = 1;            // batches of one product between major cleanings (≥ 1);
                                       // 1 = a major cleaning after every batch
  bool operator==(const CleaningRules&) const = default;
};

enum class CleaningLevel { kMinor, kMajor };
std::string_view cleaning_level_name(CleaningLevel l);  // "minor", "major"
std::optional<CleaningLevel> parse_cleaning_level(std::string_view name);

// Stored states.
enum class State { kClean, kInUse, kDirty, kCleaning, kMaintenance, kOutOfService };
std::string_view state_name(State s);  // "clean", "in_use", "dirty", "cleaning", "maintenance",
                                       // "out_of_service"
std::optional<State> parse_state(std::string_view name);

// What the record says about one piece of equipment after its events so far.
struct EquipmentState {
  State state = State::kDirty;
  Timestamp since{};                                  // when the current state began
  CleaningLevel clean_level = CleaningLevel::kMajor;  // clean: the last cleaning's level
  bool major_required = false;                        // a minor cleaning does not make it usable
  std::string batch_id;                               // in use: by this batch
  std::string batch_number;
  std::string product;       // in use: that batch's product
  std::string last_product;  // product of the last batch that used it
  int batches_since_major = 0;
  std::optional<Timestamp> calibration_due;
  // The entries that made it so.
  std::string state_entry;        // the event that began the current state
  std::string cleaning_entry;     // the last cleaning
  std::string calibration_entry;  // the last calibration
  bool operator==(const EquipmentState&) const = default;
};

enum class EventKind {
  kUseStart,
  kUseEnd,
  kCleaningStart,
  kCleaned,
  kMaintenanceStart,
  kMaintenanceEnd,
  kOutOfService,
  kReturnToService,
  kCalibrated,
};
inline constexpr int kEventKindCount = 9;
std::string_view event_kind_name(EventKind k);  // "use_start", ..., "calibrated"
std::optional<EventKind> parse_event_kind(std::string_view name);

struct Event {
  EventKind kind = EventKind::kUseStart;
  Timestamp at{};
  std::string entry_id;  // the logbook entry that records it
  // use_start, use_end
  std::string batch_id;
  std::string batch_number;
  std::string product;
  // cleaned
  CleaningLevel level = CleaningLevel::kMajor;
  // calibrated: the new due instant
  std::optional<Timestamp> calibration_due;
};

// The state after `e`. failed_precondition when the table refuses it ("PRESS-01 is in use by
// batch B-2026-0004: end that use first"); `name` names the equipment in messages.
Result<EquipmentState> apply(const EquipmentState& s, const Event& e, const CleaningRules& rules,
                             std::string_view name);

// Shown statuses: the stored states plus calibration overdue.
enum class Status {
  kClean,
  kInUse,
  kDirty,
  kCleaning,
  kMaintenance,
  kOutOfService,
  kCalibrationOverdue
};
std::string_view status_name(Status s);  // the state names, "calibration_overdue"

struct StatusView {
  Status status = Status::kDirty;
  EquipmentState state;                       // as stored (after the last event)
  Timestamp since{};                          // when the shown state began (expiry instant for
                                              // a clean hold that expired; calibration_due for
                                              // calibration overdue)
  std::optional<Timestamp> clean_expires_at;  // clean: since + clean_hold
  std::optional<Timestamp> clean_by;          // dirty: dirty since + dirty_hold
  bool clean_hold_expired = false;
  bool dirty_hold_exceeded = false;
  bool calibration_overdue = false;
  bool operator==(const StatusView&) const = default;
};

// The status at `at` (at ≥ state.since).
StatusView evaluate(const EquipmentState& s, const CleaningRules& rules, Timestamp at);

// Why equipment may not be used: the reason code the API reports in details.reason, the message
// naming what to do, and whether a supervisor may override it (signed, with a reason).
struct Refusal {
  std::string reason;  // "dirty", "clean_hold_expired", "major_cleaning_required", "in_use",
                       // "cleaning", "maintenance", "out_of_service", "calibration_overdue"
  std::string message;
  bool overridable = false;  // dirty, clean_hold_expired, major_cleaning_required,
                             // calibration_overdue
  std::string entry_id;      // the entry behind it, when there is one
};

// Every rule that forbids using the equipment for a batch (`batch_id`, of `product`) at the
// evaluated instant; empty = usable. In use by the same batch is not a refusal. In this order:
// out_of_service, maintenance, cleaning, in_use, one of dirty / clean_hold_expired /
// major_cleaning_required, calibration_overdue. REQUIRES: `rules` are those `v` was evaluated with.
std::vector<Refusal> check_use(const StatusView& v, const CleaningRules& rules,
                               std::string_view batch_id, std::string_view product,
                               std::string_view name);

// ---- Rooms --------------------------------------------------------------------------------

enum class Environment { kNoData, kInLimits, kOutOfLimits };
std::string_view environment_name(Environment e);  // "no_data", "in_limits", "out_of_limits"

struct RoomState {
  bool cleared = false;  // line clearance in force
  std::string cleared_batch_id;
  std::string cleared_batch_number;
  Timestamp cleared_since{};
  std::string clearance_entry;
  std::optional<Timestamp> cleaned_at;  // the last room cleaning
  std::string cleaning_entry;
  Environment environment = Environment::kNoData;
  std::optional<Timestamp> monitored_at;  // the last environmental monitoring
  std::string monitoring_entry;
  std::vector<std::string> excursions;  // of the last monitoring: "particles_05um 4100000 /m³
                                        // is above the alarm limit 3520000 /m³"
  bool operator==(const RoomState&) const = default;
};

enum class RoomEventKind { kCleared, kClearanceEnded, kCleaned, kMonitored };
std::string_view room_event_kind_name(RoomEventKind k);  // "cleared", "clearance_ended", ...

struct RoomEvent {
  RoomEventKind kind = RoomEventKind::kCleared;
  Timestamp at{};
  std::string entry_id;
  std::string batch_id;  // cleared, clearance_ended
  std::string batch_number;
  std::vector<std::string> excursions;  // monitored: empty = in limits
};

// The room after `e`. A clearance for a batch replaces any earlier one; clearance_ended only ends
// the clearance of its batch (otherwise the state is unchanged: a no-op, not an error), and then
// cleared_since and clearance_entry name the end. Cleaning and monitoring leave the clearance as
// it is; monitored replaces the excursions (none = in limits).
RoomState apply_room(const RoomState& s, const RoomEvent& e);

// The line clearance interlock: nullopt when the room is cleared for `batch_id`; otherwise reason
// "no_line_clearance", overridable, entry_id = clearance_entry.
std::optional<Refusal> check_clearance(const RoomState& s, std::string_view batch_id,
                                       std::string_view batch_number, std::string_view room_name);

}  // namespace gemba::equipment
