#pragma once
// The electronic batch record as data (21 CFR 211.188): a batch made from an immutable snapshot
// of one recipe version, the runs of its steps (one per occurrence of a repeating step), the
// values recorded, their corrections, signatures and comments, and the exceptions raised for
// review. Plain value types; the rules that change them live in engine.h, their JSON form in
// batch_json.h. No I/O, no clock, no trust: the service gives the engine the time and the people.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/recipe/model/expression.h"
#include "gemba/recipe/model/recipe.h"
#include "gemba/recipe/model/scaling.h"

namespace gemba::batch {

enum class BatchState {
  kCreated,
  kInProgress,
  kOnHold,
  kCompleted,
  kInReview,
  kReleased,
  kRejected,
  kAborted,
};
std::string_view batch_state_name(BatchState s);  // "created", "in_progress", "on_hold", ...
std::optional<BatchState> parse_batch_state(std::string_view name);

enum class StepState { kPending, kReady, kInProgress, kDone, kNotApplicable };
std::string_view step_state_name(StepState s);  // "pending", "ready", "in_progress", "done",
                                                // "not_applicable"
std::optional<StepState> parse_step_state(std::string_view name);

// Where a value came from (ALCOA+ "attributable", "original").
enum class ValueSource { kManual, kScanned, kEquipment, kCalculated };
std::string_view value_source_name(ValueSource s);  // "manual", "scanned", "equipment",
                                                    // "calculated"
std::optional<ValueSource> parse_value_source(std::string_view name);

// A person acting on the record. `user_id` empty = the system (automatic calculations, marker
// steps), printed as "Gemba (automatic)".
struct Person {
  std::string user_id;
  std::string printed_name;
  bool is_system() const { return user_id.empty(); }
  bool operator==(const Person&) const = default;
};
// The system as a performer: {"", "Gemba (automatic)"}.
Person system_person();

// A signature applied to the record, by reference: the trust core stores it (bound to the SHA-256
// of what was signed); the record keeps enough to print the manifestation (11.50).
struct SignatureRef {
  std::string signature_id;
  std::string user_id;
  std::string printed_name;
  std::string meaning;  // trust meaning name: "performed", "verified", "released", ...
  Timestamp signed_at{};
  bool operator==(const SignatureRef&) const = default;
};

// A tag quality as equipment reports it (OPC UA StatusCode / Sparkplug quality, simplified).
enum class TagQuality { kGood, kUncertain, kBad };
std::string_view tag_quality_name(TagQuality q);  // "good", "uncertain", "bad"
std::optional<TagQuality> parse_tag_quality(std::string_view name);

// The value a step recorded. Which member is set follows the step type:
//   numeric_entry, calculation, process_parameter  number (+ unit = the spec's unit)
//   dispense, charge                               number (+ unit = the formula line's unit), lot
//   text_entry, choice_entry                       text
//   boolean_entry                                  boolean
//   datetime_entry                                 time (date_only: midnight UTC of the date)
//   equipment_use                                  text = the equipment id scanned
//   sampling                                       text = the sample id (label), number optional
//   instruction, hold_time, sign_off               nothing (acknowledged / signed)
struct Value {
  std::optional<double> number;  // in `unit`, rounded to the spec's decimals
  std::string unit;
  std::optional<std::string> text;
  std::optional<bool> boolean;
  std::optional<Timestamp> time;
  std::string lot;  // dispense/charge: the material lot (the materials capability checks it)
  // What the person entered before conversion ("600 g" against a line in kg), when it differs.
  std::optional<double> entered_number;
  std::string entered_unit;
  // Equipment values: where and when the tag was read and its quality.
  std::string tag;
  std::optional<Timestamp> tag_time;
  std::optional<TagQuality> tag_quality;
  bool operator==(const Value&) const = default;
};

// One recorded value with who, when and how (ALCOA+: attributable, contemporaneous, original).
struct Entry {
  Value value;
  ValueSource source = ValueSource::kManual;
  Person performer;
  Timestamp recorded_at{};
  std::string comment;                    // required when the value overrides a hard limit or a tag
  std::optional<SignatureRef> signature;  // "performed" (sign-off steps: the step's meaning)
  bool operator==(const Entry&) const = default;
};

// A correction of a done value: the original stays visible; the correction is an exception.
struct Correction {
  Entry previous;  // the entry this correction replaced
  std::string reason;
  Person corrected_by;
  Timestamp corrected_at{};
  std::optional<SignatureRef> signature;  // absent for automatic recalculations
  bool operator==(const Correction&) const = default;
};

struct Comment {
  std::string id;
  std::string text;
  Person author;
  Timestamp at{};
  bool flagged = false;  // the operator asks review to look at it (raises an exception)
  bool operator==(const Comment&) const = default;
};

// One occurrence of one step of the recipe.
struct StepRun {
  std::string key;     // the recipe step's key
  int occurrence = 1;  // 1.. for repeating steps
  StepState state = StepState::kPending;
  std::int64_t version = 1;  // +1 on every change (optimistic concurrency)
  // Repeating steps: when this occurrence falls due (absent for the first).
  std::optional<Timestamp> due_at;
  // Hold-time minimum: not Ready before this time.
  std::optional<Timestamp> not_before;
  std::optional<Timestamp> ready_at;
  std::optional<Timestamp> done_at;
  std::optional<Entry> entry;           // current value (after corrections); set once recorded
  std::vector<Correction> corrections;  // oldest first
  std::optional<SignatureRef> witness;  // "verified"
  std::optional<Person> witnessed_by;   // set with witness
  std::optional<Timestamp> witnessed_at;
  // Not applicable: why, and the values that decided it.
  std::string not_applicable_reason;
  recipe::ExpressionValues decided_by;
  // Why the step cannot be completed automatically (calculation error, tag unavailable), shown
  // to the operator; empty when none.
  std::string blocked_reason;
  std::vector<Comment> comments;
  bool operator==(const StepRun&) const = default;
};

enum class ExceptionKind {
  kAlarmExcursion,       // value outside alarm limits, inside hard limits
  kHardLimitOverride,    // value outside hard limits kept with a comment (allow_override)
  kUnexpectedValue,      // choice/boolean other than the expected one
  kCorrection,           // a done value corrected
  kHoldTimeViolation,    // maximum hold time exceeded
  kManualOverride,       // equipment value entered by hand (tag unavailable), or calculation
  kLateEntry,            // a recurring occurrence completed late
  kNotApplicable,        // a step skipped because its condition was false
  kAbortedOccurrence,    // a due occurrence never performed (its operation ended)
  kFlaggedComment,       // a comment the operator flagged for review
  kConditionUnresolved,  // a condition could not be evaluated; the step was applied
  kInterlockOverride     // equipment used although an interlock refused it (signed override)
};
std::string_view exception_kind_name(ExceptionKind k);  // "alarm_excursion", ...
std::optional<ExceptionKind> parse_exception_kind(std::string_view name);

enum class Severity { kMinor, kMajor, kCritical };
std::string_view severity_name(Severity s);  // "minor", "major", "critical"
std::optional<Severity> parse_severity(std::string_view name);

enum class DispositionOutcome { kAccepted, kEscalated };
std::string_view disposition_outcome_name(DispositionOutcome d);  // "accepted", "escalated"
std::optional<DispositionOutcome> parse_disposition_outcome(std::string_view name);

// QA's decision on an exception (review by exception), signed "reviewed" by the reviewer; the
// signature binds the exception and this disposition (BatchService::exception_content_hash).
struct Disposition {
  DispositionOutcome outcome = DispositionOutcome::kAccepted;
  std::string comment;        // required
  std::string deviation_ref;  // required when escalated ("DEV-2026-0042")
  Person by;
  Timestamp at{};
  // "reviewed", by `by`. Absent only on dispositions recorded before they were signed.
  std::optional<SignatureRef> signature;
  bool operator==(const Disposition&) const = default;
};

struct BatchException {
  std::string id;  // from the IdGenerator given to the engine
  ExceptionKind kind = ExceptionKind::kAlarmExcursion;
  Severity severity = Severity::kMinor;
  std::string step_key;  // empty for batch-level exceptions
  int occurrence = 0;
  std::string message;              // "tablet_weight 612 mg is above the alarm limit 610 mg"
  recipe::ExpressionValues values;  // the values concerned (entered, limits, ...)
  Person raised_by;
  Timestamp raised_at{};
  std::optional<Disposition> disposition;
  bool operator==(const BatchException&) const = default;
};

struct BatchHeader {
  std::string id;
  std::string number;  // "PCM-2026-0042"
  std::string recipe_id;
  int recipe_version = 0;
  std::string recipe_content_sha256;  // of the snapshot's canonical JSON
  std::string product_code;
  std::string product_name;
  std::string site;
  recipe::Quantity batch_size;
  std::optional<Timestamp> planned_start;
  BatchState state = BatchState::kCreated;
  std::int64_t version = 1;  // +1 on every change to the batch or any of its steps
  Person created_by;
  Timestamp created_at{};
  std::optional<Timestamp> started_at;
  std::optional<Timestamp> completed_at;
  std::optional<Timestamp> review_started_at;
  std::optional<Timestamp> closed_at;  // released, rejected or aborted
  std::string hold_reason;             // while on hold
  std::string abort_reason;
  std::string reject_reason;
  std::vector<SignatureRef> signatures;  // batch-level: aborted, completed, released, rejected
  bool operator==(const BatchHeader&) const = default;
};

// The whole batch record in memory. `recipe` is the immutable snapshot (shared: batches of one
// version share it, and it never changes once the batch exists).
struct Batch {
  BatchHeader header;
  std::shared_ptr<const recipe::MasterRecipe> recipe;
  recipe::ScaledFormula formula;
  std::vector<StepRun> steps;  // procedure order; occurrences of one step together, in order
  std::vector<BatchException> exceptions;  // in the order raised
};

// The run of (key, occurrence), or nullptr.
const StepRun* find_run(const Batch& b, std::string_view key, int occurrence);
StepRun* find_run(Batch& b, std::string_view key, int occurrence);
// The latest occurrence of a step, or nullptr.
const StepRun* latest_run(const Batch& b, std::string_view key);
// The recipe step of a key, or nullptr.
const recipe::Step* find_step(const Batch& b, std::string_view key);

}  // namespace gemba::batch
