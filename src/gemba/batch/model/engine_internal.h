#pragma once
// Internal to the engine (engine_*.cc, values.cc): the working transaction every operation runs
// in, and the helpers the rule files share. Not part of the public API.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/batch/model/batch.h"
#include "gemba/batch/model/batch_index.h"
#include "gemba/batch/model/engine.h"

namespace gemba::batch::detail {

// An exception a rule wants raised, before it has an id, a step and a person.
struct ExceptionDraft {
  ExceptionKind kind = ExceptionKind::kAlarmExcursion;
  Severity severity = Severity::kMinor;
  std::string message;
  recipe::ExpressionValues values;
};

// One operation on a batch, changing it in place. An operation checks everything that can refuse
// it before it changes the batch, so a refused operation leaves the batch untouched; one whose
// rules can still refuse after changes (complete: the sequence advances first) works on a copy and
// assigns it back on success. finish() bumps the version of every run touched (once) and of the
// header, and returns what changed. The Tx keeps an index of the batch's runs (batch_index.h) in
// step with the runs it inserts and removes: change Batch::steps only through it.
class Tx {
 public:
  Tx(Batch& batch, Timestamp at, const IdSource* ids)
      : b(batch), now(at), index(batch), ids_(ids) {}

  Batch& b;
  const Timestamp now;
  BatchIndex index;

  // The run of (key, occurrence), or nullptr.
  StepRun* find(std::string_view key, int occurrence);
  void touch(std::string_view key, int occurrence);
  // A run this operation created (it keeps version 1).
  void created(std::string_view key, int occurrence);
  void insert_run(std::size_t position, std::size_t ordinal, StepRun run);
  void remove_run(std::size_t index);
  void header_changed() { header_ = true; }
  void note(std::string line) { ch_.summary.push_back(std::move(line)); }
  // Raises an exception on (key, occurrence); key empty for batch-level ones.
  void raise(ExceptionDraft d, std::string_view key, int occurrence, const Person& by);
  // Records a disposition or other change of an existing exception.
  void exception_changed(const std::string& id) { ch_.exceptions.push_back(id); }
  bool changed() const;
  Changes finish();

 private:
  const IdSource* ids_;
  Changes ch_;
  std::vector<std::string> touched_;
  std::vector<std::string> created_;
  bool header_ = false;
};

inline bool is_finished(StepState s) {
  return s == StepState::kDone || s == StepState::kNotApplicable;
}
// A series that repeats every interval with no fixed count: ends with its operation.
bool is_every_only(const recipe::Step& step);
bool needs_witness(const recipe::Step& step, int occurrence);

// "612 mg", "1.5 %", "3" (numbers as the recipe format writes them).
std::string quantity_text(double value, std::string_view unit);
// "tablet_weight" for occurrence 1 of a non-repeating step, else "tablet_weight#2".
std::string run_label(const recipe::Step& step, int occurrence);

// The values an expression reading `variables` sees: the reserved variables and the latest
// recorded number of each of those steps that yields one (booleans as 1 / 0).
recipe::ExpressionValues expression_values(const Batch& b, const BatchIndex& index,
                                           const std::vector<std::string>& variables);

// The reading of a process parameter, or why there is none (no equipment bound, reader error,
// quality not Good, older than kMaxTagAge).
Result<TagReading> read_good_tag(const Batch& b, const recipe::Step& step,
                                 const recipe::ProcessParameterSpec& spec, const TagReader& tags,
                                 Timestamp now);

Result<void> check_expected_version(const Batch& b, const StepRun& run,
                                    std::optional<std::int64_t> expected);
Result<void> check_signer(const Actor& a, const SignatureRef& s, std::string_view meaning);

// ---- Sequence (engine_sequence.cc) ----

// Makes steps Ready, evaluates conditions, ends series, runs automatic steps, until nothing
// changes. `tags`: probe Ready process parameters (blocked_reason); may be null.
void advance(Tx& tx, const TagReader* tags);
// Stores `entry` as the run's value: In progress when a witness is needed, otherwise Done (next
// occurrence created).
void record_entry(Tx& tx, const recipe::Step& step, int occurrence, Entry entry);
// Marks a run Done (after its value or its verification) and creates the next occurrence.
void mark_done(Tx& tx, const recipe::Step& step, int occurrence);
// Why a run that is not Ready cannot be completed, for the operator.
std::string why_not_ready(const Batch& b, const StepRun& run, Timestamp now);
// Hold-time rules when `step` (the hold step itself or a to_step) is completed now: refusal
// before a minimum; drafts of violations of a maximum.
Result<std::vector<ExceptionDraft>> hold_time_checks(const Batch& b, const BatchIndex& index,
                                                     const recipe::Step& step, Timestamp now);
// The calculation step batch_yield reads (the last one in % with a value), or nullptr.
const StepRun* yield_run(const Batch& b, const BatchIndex& index);
// Late entry of a recurring occurrence, if it is.
std::optional<ExceptionDraft> late_entry_check(const recipe::Step& step, const StepRun& run,
                                               Timestamp now);
// Recalculates done calculations that depend on `key` (transitively).
void recalculate_dependents(Tx& tx, const std::string& key);

}  // namespace gemba::batch::detail
