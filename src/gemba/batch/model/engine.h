#pragma once
// The execution engine (21 CFR 11.10(f), enforced sequence): every rule of executing a batch,
// as pure functions over a Batch in memory. The service loads a batch, calls one of these with the
// server time and the acting person, persists what the returned Changes name, audits and signs,
// all in one unit of work. Nothing here reads a clock, a database or a network.
//
// Sequence:
//   - Only a batch in progress executes; only Ready steps can be completed.
//   - Unit procedures run in order; a `parallel` one may start as soon as the previous one may
//     (open(0) = true; open(i) = parallel(i) ? open(i-1) : every earlier unit procedure finished).
//   - Within a unit procedure, operations and their steps run strictly in order: a step is Ready
//     when every earlier step of its unit procedure is Done or Not applicable (for a repeating
//     step, its first occurrence counts).
//   - Conditions are evaluated when a step's turn comes: false → Not applicable (with the values
//     that decided it, and a minor kNotApplicable exception); not evaluable (a value missing) →
//     the step applies and a kConditionUnresolved exception is raised.
//   - Repeating steps: occurrence 1 runs in sequence. With `every`, occurrence n+1 is created
//     (Pending, due_at = done of n + every) when n is done and becomes Ready at due_at (refresh());
//     completed later than due_at + late_grace(every) → kLateEntry. With `times`, there are
//     exactly `times` occurrences and all are required before the operation finishes. When the
//     other steps of the operation are finished, an `every`-only series ends: an occurrence already
//     due and not done becomes Not applicable with a kAbortedOccurrence exception; one not yet due
//     is removed.
//   - Hold time steps: with no to_step, the hold step itself is not Ready before from_step done +
//     min (not_before) and completing it after from_step done + max raises kHoldTimeViolation
//     (major). With a to_step, the hold step completes automatically (system) when its turn comes,
//     and the same rules apply to to_step: completing to_step before the minimum is refused
//     (failed_precondition naming the time it becomes allowed), after the maximum → exception.
//   - Calculations complete automatically (source calculated, performer = system) as soon as
//     they are Ready, from the current values of earlier steps and the reserved variables
//     (batch_size, theoretical_yield). A result outside alarm/hard limits raises the matching
//     exception (there is nobody to refuse). An evaluation error (division by zero, missing
//     input) leaves the step Ready with blocked_reason; it can then be completed by hand only as
//     an override (below).
//   - Process parameters are not completed automatically (the operator chooses the moment of
//     capture), but refresh() asks the TagReader for each Ready one and sets blocked_reason when
//     no good value is available (cleared when one is).
//   - Done values can be corrected (reason + signature); calculations depending on them are
//     recalculated (a Correction by the system with reason "recalculated after correction of k").
//
// Values (complete_step):
//   - The input must match the step type (value.h table in batch.h), be finite, use a unit of the
//     spec's dimension (converted to the spec's unit, then rounded to its decimals; an entry with
//     more decimals than the spec allows is refused).
//   - Numeric: outside hard limits → refused (invalid_argument, with the limits in details) unless
//     the step allows an override and the input carries a comment: then kept with a major
//     kHardLimitOverride exception. Outside alarm limits → kept with a minor kAlarmExcursion.
//   - Dispense/charge: against the scaled formula line (target, low, high from the tolerance),
//     the same way as hard limits.
//   - Process parameters read the TagReader. A Good reading is recorded (source equipment) and
//     checked like a numeric entry. Otherwise (no source, stale, bad, uncertain) the step is
//     refused with the reader's reason, unless the input is a manual override: then the actor
//     needs `may_override`, the input a reason (comment) and a signature; recorded with source
//     manual and a major kManualOverride exception.
//   - Text: max_length and the whole-value pattern; choice: one of the options (an unexpected one
//     → minor kUnexpectedValue); boolean: expected mismatch → major kUnexpectedValue.
//   - Equipment use and dispense lots are checked by the CapabilityChecks port.
//   - Sign-off steps need a signature (meaning = the step's meaning).
//   - Witness: a step with witness always (or first, on occurrence 1) goes to In progress when
//     its value is recorded and is Done only once verified by a different person with may_verify,
//     who signs "verified".
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/batch/model/batch.h"
#include "gemba/core/result.h"

namespace gemba::batch {

// ---- Ports ----------------------------------------------------------------------------------

// What a process-parameter step asks its equipment for.
struct TagRequest {
  std::string equipment_id;  // bound by the spec's equipment_step (its entry's text)
  std::string tag;
  recipe::CaptureRule capture = recipe::CaptureRule::kValueNow;
  std::optional<Duration> window;
  Timestamp now{};
};

struct TagReading {
  double value = 0;
  std::string unit;
  Timestamp at{};
  TagQuality quality = TagQuality::kGood;
  std::string source;  // "opcua://press-01/ns=2;s=Force", for the record
};

// Reads equipment values. Errors say why no value is available (unavailable: "no equipment
// connection is configured for tag main_compression.force of PRESS-01"); a reading whose
// quality is not Good, or older than kMaxTagAge, is treated the same way by the engine.
class TagReader {
 public:
  virtual ~TagReader() = default;
  virtual Result<TagReading> read(const TagRequest& request) const = 0;
};

// The reader used until equipment connectivity exists: never has a value.
class NoTagSource final : public TagReader {
 public:
  Result<TagReading> read(const TagRequest& request) const override;
};

inline constexpr Duration kMaxTagAge = std::chrono::minutes(5);

// How late a recurring occurrence may be completed after its due time before it is a late entry:
// a tenth of the interval, at least one minute.
Duration late_grace(Duration every);

// A formula line as a dispense or charge step of a batch uses it.
struct LotUse {
  std::string_view batch_id;
  std::string_view step_key;
  int occurrence = 1;
  bool dispense = true;  // false: a charge step
  const recipe::ScaledLine& line;
};

// What was weighed for a dispense step through the materials capability (scanned containers,
// tare and gross): the step records this total and these lots, not a number typed in.
struct Weighed {
  double total = 0;  // in the line's unit; potency-equivalent for potency-adjusted items
  std::string lots;  // lot numbers, comma-separated, in weighing order
};

// Equipment scanned for an equipment_use step.
struct EquipmentUse {
  std::string_view batch_id;
  std::string_view batch_number;
  std::string_view product;  // the recipe's product code
  std::string_view step_key;
  std::string_view equipment_class;
  std::string_view equipment_id;  // as scanned
  Timestamp now{};
};

// Checks a step asks of other capabilities (materials: lots; logbooks: equipment status). The
// engine does not know lots or equipment; it asks here and records. Errors refuse the step
// (failed_precondition with the capability's message). Defaults accept everything and weigh
// nothing (the quantity and lot are entered).
//
// An equipment refusal may be overridden (the interlock override) when its details carry
// "overridable": true: the actor needs may_override_interlock, a reason (comment) and a
// signature; the use is recorded with a major kInterlockOverride exception.
class CapabilityChecks {
 public:
  virtual ~CapabilityChecks() = default;
  virtual Result<void> check_equipment(const EquipmentUse& use) const;
  // A lot entered (dispense without weighing) or charged.
  virtual Result<void> check_lot(const LotUse& use, std::string_view lot) const;
  // For dispense steps: what was weighed; nullopt = nothing weighed through materials (enter the
  // quantity and lot). An error refuses the step ("weigh the containers first").
  virtual Result<std::optional<Weighed>> weighed(const LotUse& use) const;
};

// Exception ids and comment ids.
using IdSource = std::function<std::string()>;

// ---- Inputs ---------------------------------------------------------------------------------

// Who acts, and what the service's RBAC allowed them (the engine enforces the rules that depend
// on the record: performer ≠ witness, overrides, release by someone who did not execute). The
// engine also refuses (permission_denied) an operation whose flag is false: start, complete,
// complete_step, correct_step need may_execute; verify_step may_verify; hold, resume, abort and
// manual overrides may_override; begin_review and disposition may_review; release and reject
// may_release. Signatures must be the actor's own (signature.user_id == person.user_id).
struct Actor {
  Person person;
  bool may_execute = false;             // batch.execute
  bool may_verify = false;              // batch.verify
  bool may_override = false;            // batch.hold (approves overrides)
  bool may_review = false;              // batch.review
  bool may_release = false;             // batch.release
  bool may_override_interlock = false;  // equipment.override_interlock
};

// A value as entered. Exactly the members the step type needs (batch.h); anything else is an
// invalid_argument naming the field.
struct ValueInput {
  std::optional<double> number;
  std::string unit;  // empty = the spec's unit
  std::optional<std::string> text;
  std::optional<bool> boolean;
  std::optional<Timestamp> time;
  std::string lot;
  ValueSource source = ValueSource::kManual;  // manual or scanned (equipment/calculated refused)
};

struct CompleteInput {
  std::string key;
  std::optional<int> occurrence;                 // default: the Ready occurrence
  std::optional<std::int64_t> expected_version;  // of the step run; stale → conflict
  ValueInput value;
  std::string comment;
  bool manual_override = false;  // process parameter without a good tag value; calculation error;
                                 // equipment refused by an overridable interlock
  // Set by the service after authenticating the signer (who must be the actor).
  std::optional<SignatureRef> signature;
};

// ---- Results --------------------------------------------------------------------------------

// What an operation changed, so the service writes exactly that (and audits and publishes it).
struct Changes {
  bool header = false;                  // the batch header (state, version, ...)
  std::vector<std::string> runs;        // "key#occurrence" of runs changed or created
  std::vector<std::string> removed;     // "key#occurrence" of runs removed (future occurrences)
  std::vector<std::string> exceptions;  // ids of exceptions raised or dispositioned
  std::vector<std::string> summary;     // human lines for the audit entry ("tablet_weight#2 done")
};

std::string run_id(std::string_view key, int occurrence);  // "key#occurrence"

// ---- Operations -------------------------------------------------------------------------------

struct NewBatch {
  std::string id;
  std::string number;
  std::string recipe_id;
  int recipe_version = 0;
  std::string recipe_content_sha256;
  recipe::Quantity batch_size;  // scaled from the nominal size (recipe batch_size_range applies)
  std::optional<Timestamp> planned_start;
};

// A Created batch with every step's first occurrence Pending. invalid_argument for a size outside
// the recipe's range or of another dimension.
Result<Batch> instantiate(std::shared_ptr<const recipe::MasterRecipe> recipe, const NewBatch& spec,
                          const Person& creator, Timestamp now);

// Created → In progress; computes what is Ready.
Result<Changes> start(Batch& b, const Actor& a, Timestamp now, const IdSource& ids);
// In progress → On hold (reason required); On hold → In progress.
Result<Changes> hold(Batch& b, const Actor& a, const std::string& reason, Timestamp now);
Result<Changes> resume(Batch& b, const Actor& a, Timestamp now, const IdSource& ids);
// Created / In progress / On hold → Aborted (reason and signature required).
Result<Changes> abort(Batch& b, const Actor& a, const std::string& reason,
                      const SignatureRef& signature, Timestamp now);
// In progress → Completed: every step Done or Not applicable (failed_precondition listing what is
// not, otherwise). Ends open recurring series first.
Result<Changes> complete(Batch& b, const Actor& a, std::optional<SignatureRef> signature,
                         Timestamp now, const IdSource& ids);

// Due occurrences become Ready, hold-time minimums that passed make steps Ready, automatic steps
// run. Called by the service before any read it shows and before any operation.
Changes refresh(Batch& b, Timestamp now, const TagReader& tags, const IdSource& ids);

Result<Changes> complete_step(Batch& b, const Actor& a, const CompleteInput& in, Timestamp now,
                              const TagReader& tags, const CapabilityChecks& checks,
                              const IdSource& ids);
// The witness signs a step awaiting verification.
Result<Changes> verify_step(Batch& b, const Actor& a, std::string_view key,
                            std::optional<int> occurrence,
                            std::optional<std::int64_t> expected_version,
                            const SignatureRef& signature, Timestamp now);
// A done step's value replaced; reason and signature required; the batch must not be closed
// (released/rejected/aborted). Calculations are not corrected (their inputs are, and they are
// recalculated); instructions, hold times and sign-offs have no value to correct.
Result<Changes> correct_step(Batch& b, const Actor& a, std::string_view key, int occurrence,
                             std::optional<std::int64_t> expected_version, const ValueInput& value,
                             const std::string& reason, const SignatureRef& signature,
                             Timestamp now, const CapabilityChecks& checks, const IdSource& ids);
// A comment on any run (≤ kMaxCommentBytes); flagged → kFlaggedComment exception.
Result<Changes> add_comment(Batch& b, const Actor& a, std::string_view key, int occurrence,
                            const std::string& text, bool flagged, Timestamp now,
                            const IdSource& ids);
inline constexpr std::size_t kMaxCommentBytes = 4000;

// Review: Completed → In review on the first disposition (or begin_review).
Result<Changes> begin_review(Batch& b, const Actor& a, Timestamp now);
// QA's disposition of an exception without one: a comment, a deviation reference when escalated,
// and the reviewer's signature (meaning "reviewed"), kept on the disposition.
Result<Changes> disposition(Batch& b, const Actor& a, std::string_view exception_id,
                            DispositionOutcome outcome, const std::string& comment,
                            const std::string& deviation_ref, const SignatureRef& signature,
                            Timestamp now);

// Why the batch cannot be released now (empty = it can): steps not finished, exceptions without
// disposition, yield outside the recipe's limits without a dispositioned exception, the approver
// having performed or witnessed any step.
struct Blocker {
  std::string code;     // "steps_open", "exceptions_open", "yield_unjustified", "executed_batch",
                        // "state"
  std::string message;  // for people
  std::vector<std::string> refs;  // run ids or exception ids concerned
};
std::vector<Blocker> release_blockers(const Batch& b, const Person& approver);

// Completed / In review → Released (signature "released"); → Rejected (reason, "rejected").
// Release is refused while release_blockers() is not empty: failed_precondition with details
// {"blockers": [{"code", "message", "refs"}]} (permission_denied when the only blocker is
// executed_batch).
Result<Changes> release(Batch& b, const Actor& a, const SignatureRef& signature, Timestamp now);
Result<Changes> reject(Batch& b, const Actor& a, const std::string& reason,
                       const SignatureRef& signature, Timestamp now);

// The batch yield in % (the last calculation step whose unit is "%" with a value), if any.
std::optional<double> batch_yield(const Batch& b);

// Ready runs now (what GET /steps shows first).
std::vector<const StepRun*> ready_runs(const Batch& b);

// True when completing this run needs a performer signature (sign-off steps, overrides).
bool needs_signature(const Batch& b, const StepRun& run, const CompleteInput& in);

}  // namespace gemba::batch
