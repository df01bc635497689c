// Sequence rules (engine.h "Sequence"): readiness, conditions, recurrences, hold times and the
// automatic steps.

#include <algorithm>
#include <set>

#include "gemba/batch/model/engine_internal.h"
#include "gemba/batch/model/values.h"
#include "gemba/core/time.h"
#include "gemba/recipe/model/format.h"

namespace gemba::batch::detail {
namespace {

using recipe::StepType;

// Ordinals [first, last) of consecutive steps: an operation, a unit procedure.
struct Ordinals {
  std::size_t first = 0;
  std::size_t last = 0;
};

Ordinals unit_procedure_ordinals(const BatchIndex& index, std::size_t u) {
  return {index.first_ordinal(u), index.first_ordinal(u + 1)};
}

// The operation of the step at `ordinal`.
Ordinals operation_ordinals(const Batch& b, const BatchIndex& index, std::size_t ordinal) {
  const recipe::StepRef& ref = index.steps()[ordinal];
  const std::size_t first = ordinal - ref.index;
  return {
      first,
      first + b.recipe->unit_procedures[ref.unit_procedure].operations[ref.operation].steps.size()};
}

// The first run of the steps that is not finished, or nullptr.
const StepRun* first_open_run(const Batch& b, const BatchIndex& index, Ordinals steps) {
  for (std::size_t o = steps.first; o < steps.last; ++o) {
    for (const std::size_t i : index.runs(o)) {
      if (!is_finished(b.steps[i].state)) return &b.steps[i];
    }
  }
  return nullptr;
}

// Every run of the operation other than later occurrences of every-only series is finished: those
// series end.
bool series_should_end(const Batch& b, const BatchIndex& index, Ordinals op) {
  for (std::size_t o = op.first; o < op.last; ++o) {
    const bool every_only = is_every_only(*index.steps()[o].step);
    for (const std::size_t i : index.runs(o)) {
      if (every_only && b.steps[i].occurrence > 1) continue;
      if (!is_finished(b.steps[i].state)) return false;
    }
  }
  return true;
}

bool end_series(Tx& tx, const recipe::Operation& op, Ordinals ordinals) {
  bool changed = false;
  for (std::size_t o = ordinals.first; o < ordinals.last; ++o) {
    if (!is_every_only(*tx.index.steps()[o].step)) continue;
    // Removing a run rebuilds the index: its run list is read afresh each time.
    for (std::size_t k = 0; k < tx.index.runs(o).size();) {
      const std::size_t i = tx.index.runs(o)[k];
      StepRun& r = tx.b.steps[i];
      const bool open = r.state == StepState::kPending || r.state == StepState::kReady;
      if (r.occurrence == 1 || !open) {
        ++k;
        continue;
      }
      changed = true;
      if (r.state == StepState::kReady || (r.due_at && *r.due_at <= tx.now)) {
        r.state = StepState::kNotApplicable;
        r.not_applicable_reason = "operation " + op.key + " ended before this occurrence was done";
        r.done_at = tx.now;
        tx.touch(r.key, r.occurrence);
        const std::string label = run_id(r.key, r.occurrence);
        tx.raise(
            {ExceptionKind::kAbortedOccurrence,
             Severity::kMinor,
             label + " was due" + (r.due_at ? " at " + format_rfc3339(*r.due_at) : std::string()) +
                 " and not done when operation " + op.key + " ended",
             {}},
            r.key, r.occurrence, system_person());
        ++k;
      } else {
        tx.remove_run(i);
      }
    }
  }
  return changed;
}

bool has_exception(const Batch& b, ExceptionKind kind, std::string_view key, int occurrence) {
  for (const auto& e : b.exceptions) {
    if (e.kind == kind && e.step_key == key && e.occurrence == occurrence) return true;
  }
  return false;
}

std::string values_text(const recipe::ExpressionValues& values) {
  std::string s;
  for (const auto& [name, v] : values) {
    s += (s.empty() ? "" : ", ") + name + " = " + recipe::format_number(v);
  }
  return s;
}

enum class ConditionOutcome { kApplies, kNotApplicable, kUnresolved };
struct ConditionResult {
  ConditionOutcome outcome = ConditionOutcome::kApplies;
  recipe::ExpressionValues used;
  std::string why;
};

ConditionResult evaluate_condition(const Batch& b, const BatchIndex& index,
                                   const recipe::Step& step) {
  ConditionResult out;
  auto expr = recipe::Expression::compile(step.condition);
  if (!expr.ok()) return {ConditionOutcome::kUnresolved, {}, expr.error().message};
  const recipe::ExpressionValues all = expression_values(b, index, expr->variables());
  for (const auto& v : expr->variables()) {
    if (const auto it = all.find(v); it != all.end()) out.used[v] = it->second;
  }
  auto r = expr->evaluate(all);
  if (!r.ok()) {
    out.outcome = ConditionOutcome::kUnresolved;
    out.why = r.error().message;
  } else if (*r == 0) {
    out.outcome = ConditionOutcome::kNotApplicable;
  }
  return out;
}

const StepRun* last_done(const Batch& b, const BatchIndex& index, std::string_view key) {
  const std::size_t o = index.ordinal(key);
  if (o == BatchIndex::kNone) return nullptr;
  const StepRun* out = nullptr;
  for (const std::size_t i : index.runs(o)) {
    const StepRun& r = b.steps[i];
    if (r.state == StepState::kDone && r.done_at && (!out || r.occurrence > out->occurrence)) {
      out = &r;
    }
  }
  return out;
}

Result<double> calculate(const Batch& b, const BatchIndex& index,
                         const recipe::CalculationSpec& spec) {
  GEMBA_TRY(expr, recipe::Expression::compile(spec.expression));
  return expr.evaluate(expression_values(b, index, expr.variables()));
}

// Completes a Ready calculation, or says why it cannot. True when anything changed.
bool try_calculate(Tx& tx, const recipe::Step& step, int occurrence) {
  const auto& spec = std::get<recipe::CalculationSpec>(step.spec);
  const std::string label = run_label(step, occurrence);
  auto value = calculate(tx.b, tx.index, spec);
  Result<CheckedValue> checked =
      value.ok() ? check_number(label, spec, *value, spec.unit,
                                {.entered = false, .refuse_outside_limits = false})
                 : Result<CheckedValue>(value.error());
  StepRun& r = *tx.find(step.key, occurrence);
  if (!checked.ok()) {
    std::string reason = label + " cannot be calculated: " + checked.error().message;
    if (r.blocked_reason == reason) return false;
    r.blocked_reason = std::move(reason);
    tx.touch(r.key, r.occurrence);
    return true;
  }
  for (auto& d : checked->exceptions) tx.raise(std::move(d), step.key, occurrence, system_person());
  record_entry(tx, step, occurrence,
               Entry{checked->value, ValueSource::kCalculated, system_person(), tx.now, "", {}});
  return true;
}

bool probe_tag(Tx& tx, const recipe::Step& step, int occurrence, const TagReader& tags) {
  const auto& spec = std::get<recipe::ProcessParameterSpec>(step.spec);
  auto reading = read_good_tag(tx.b, step, spec, tags, tx.now);
  std::string reason = reading.ok() ? "" : reading.error().message;
  StepRun& r = *tx.find(step.key, occurrence);
  if (r.blocked_reason == reason) return false;
  r.blocked_reason = std::move(reason);
  tx.touch(r.key, r.occurrence);
  return true;
}

void make_ready(Tx& tx, StepRun& r, Timestamp ready_at) {
  r.state = StepState::kReady;
  r.ready_at = ready_at;
  tx.touch(r.key, r.occurrence);
  tx.note(run_id(r.key, r.occurrence) + " ready");
}

// The first occurrence's turn has come. True when anything changed.
bool take_turn(Tx& tx, const recipe::Step& step, std::size_t index) {
  bool changed = false;
  if (!step.condition.empty()) {
    ConditionResult c = evaluate_condition(tx.b, tx.index, step);
    if (c.outcome == ConditionOutcome::kNotApplicable) {
      StepRun& r = tx.b.steps[index];
      r.state = StepState::kNotApplicable;
      r.not_applicable_reason = "condition \"" + step.condition + "\" is false" +
                                (c.used.empty() ? "" : " (" + values_text(c.used) + ")");
      r.decided_by = c.used;
      r.done_at = tx.now;
      tx.touch(r.key, r.occurrence);
      tx.raise({ExceptionKind::kNotApplicable, Severity::kMinor,
                step.key + " not applicable: " + r.not_applicable_reason, c.used},
               step.key, 1, system_person());
      return true;
    }
    if (c.outcome == ConditionOutcome::kUnresolved &&
        !has_exception(tx.b, ExceptionKind::kConditionUnresolved, step.key, 1)) {
      tx.raise({ExceptionKind::kConditionUnresolved, Severity::kMajor,
                "the condition of " + step.key + " (\"" + step.condition +
                    "\") could not be evaluated (" + c.why + "); the step applies",
                c.used},
               step.key, 1, system_person());
      changed = true;
    }
  }
  if (const auto* hold = std::get_if<recipe::HoldTimeSpec>(&step.spec)) {
    const StepRun* from = last_done(tx.b, tx.index, hold->from_step);
    const StepRun* from_first = tx.find(hold->from_step, 1);
    if (!from && from_first && from_first->state != StepState::kNotApplicable) return changed;
    if (!hold->to_step.empty()) {
      make_ready(tx, tx.b.steps[index], tx.now);
      record_entry(tx, step, 1,
                   Entry{{}, ValueSource::kCalculated, system_person(), tx.now, "", {}});
      return true;
    }
    if (from && hold->min) {
      const Timestamp not_before = *from->done_at + *hold->min;
      StepRun& r = tx.b.steps[index];
      if (r.not_before != not_before) {
        r.not_before = not_before;
        tx.touch(r.key, r.occurrence);
        changed = true;
      }
      if (tx.now < not_before) return changed;
      make_ready(tx, r, not_before);
      return true;
    }
  }
  make_ready(tx, tx.b.steps[index], tx.now);
  return true;
}

// Later occurrences falling due, and the automatic work of Ready runs (those the step had when
// called: an occurrence created meanwhile waits for the next pass).
bool advance_runs(Tx& tx, const recipe::Step& step, std::size_t ordinal, const TagReader* tags) {
  bool changed = false;
  const StepType type = recipe::step_type(step);
  // Completing a run may add an occurrence after the step's last run (never removes one): the
  // first `count` entries of the run list stay the same runs.
  const std::size_t count = tx.index.runs(ordinal).size();
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t i = tx.index.runs(ordinal)[k];
    StepRun& r = tx.b.steps[i];
    const int occ = r.occurrence;
    if (occ > 1 && r.state == StepState::kPending && (!r.due_at || *r.due_at <= tx.now)) {
      make_ready(tx, r, r.due_at ? *r.due_at : tx.now);
      changed = true;
    }
    if (tx.b.steps[i].state != StepState::kReady) continue;
    if (type == StepType::kCalculation) {
      changed |= try_calculate(tx, step, occ);
    } else if (type == StepType::kProcessParameter && tags) {
      changed |= probe_tag(tx, step, occ, *tags);
    }
  }
  return changed;
}

bool advance_unit_procedure(Tx& tx, std::size_t u, const TagReader* tags) {
  bool changed = false;
  bool prefix_done = true;  // every earlier step (first occurrences) and operation finished
  std::size_t o = tx.index.first_ordinal(u);
  for (const auto& op : tx.b.recipe->unit_procedures[u].operations) {
    const Ordinals op_ordinals{o, o + op.steps.size()};
    for (; o < op_ordinals.last; ++o) {
      const recipe::Step& step = *tx.index.steps()[o].step;
      auto i = tx.index.run_at(tx.b, o, 1);
      if (i < 0) {
        prefix_done = false;
        continue;
      }
      if (prefix_done && tx.b.steps[i].state == StepState::kPending) {
        changed |= take_turn(tx, step, static_cast<std::size_t>(i));
      }
      changed |= advance_runs(tx, step, o, tags);
      i = tx.index.run_at(tx.b, o, 1);
      if (!is_finished(tx.b.steps[i].state)) prefix_done = false;
    }
    if (prefix_done && series_should_end(tx.b, tx.index, op_ordinals)) {
      changed |= end_series(tx, op, op_ordinals);
    }
    if (first_open_run(tx.b, tx.index, op_ordinals)) prefix_done = false;
  }
  return changed;
}

std::string duration_text(Duration d) {
  return format_iso8601_duration(std::chrono::floor<std::chrono::minutes>(d));
}

}  // namespace

void advance(Tx& tx, const TagReader* tags) {
  if (tx.b.header.state != BatchState::kInProgress || !tx.b.recipe) return;
  const auto& ups = tx.b.recipe->unit_procedures;
  // Each pass either changes something or ends the loop; every change moves a run forward, so
  // the number of passes is bounded by the number of runs (and the guard).
  for (std::size_t guard = 0; guard < 4 * tx.b.steps.size() + 16; ++guard) {
    bool changed = false;
    bool open_previous = true;
    bool earlier_finished = true;
    for (std::size_t u = 0; u < ups.size(); ++u) {
      const bool open = u == 0 || (ups[u].parallel ? open_previous : earlier_finished);
      open_previous = open;
      if (open) changed |= advance_unit_procedure(tx, u, tags);
      earlier_finished =
          earlier_finished && !first_open_run(tx.b, tx.index, unit_procedure_ordinals(tx.index, u));
    }
    if (!changed) return;
  }
}

void record_entry(Tx& tx, const recipe::Step& step, int occurrence, Entry entry) {
  StepRun& r = *tx.find(step.key, occurrence);
  r.entry = std::move(entry);
  r.blocked_reason.clear();
  tx.touch(r.key, r.occurrence);
  if (needs_witness(step, occurrence)) {
    r.state = StepState::kInProgress;
    tx.note(run_id(r.key, r.occurrence) + " recorded, awaiting verification");
    return;
  }
  mark_done(tx, step, occurrence);
}

void mark_done(Tx& tx, const recipe::Step& step, int occurrence) {
  StepRun& r = *tx.find(step.key, occurrence);
  r.state = StepState::kDone;
  r.done_at = tx.now;
  tx.touch(r.key, r.occurrence);
  tx.note(run_id(r.key, r.occurrence) + " done");
  if (!step.repeat) return;
  const std::size_t ordinal = tx.index.ordinal(step.key);
  if (tx.index.run_at(tx.b, ordinal, occurrence + 1) >= 0) return;
  const recipe::Repeat& rep = *step.repeat;
  bool next = false;
  if (rep.times) {
    next = occurrence < *rep.times;
  } else if (rep.every) {
    next = !series_should_end(tx.b, tx.index, operation_ordinals(tx.b, tx.index, ordinal));
  }
  if (!next) return;
  StepRun run;
  run.key = step.key;
  run.occurrence = occurrence + 1;
  if (rep.every) run.due_at = tx.now + *rep.every;
  // After the step's last run (it has one: the run just done).
  const std::size_t pos = tx.index.runs(ordinal).back() + 1;
  tx.insert_run(pos, ordinal, std::move(run));
  tx.created(step.key, occurrence + 1);
  tx.note(run_id(step.key, occurrence + 1) + " created" +
          (rep.every ? ", due at " + format_rfc3339(tx.now + *rep.every) : std::string()));
}

std::string why_not_ready(const Batch& b, const StepRun& run, Timestamp now) {
  const BatchIndex index(b);
  const recipe::Step* step = index.step(run.key);
  const std::string label = step ? run_label(*step, run.occurrence) : run.key;
  switch (run.state) {
    case StepState::kReady: return "";
    case StepState::kDone: return "step " + label + " is already done";
    case StepState::kNotApplicable:
      return "step " + label + " is not applicable (" + run.not_applicable_reason + ")";
    case StepState::kInProgress:
      return "step " + label + " is awaiting verification by a second person";
    case StepState::kPending: break;
  }
  if (run.due_at && now < *run.due_at) {
    return "step " + label + " is not due yet: it falls due at " + format_rfc3339(*run.due_at);
  }
  if (run.not_before && now < *run.not_before) {
    return "step " + label + " may be completed from " + format_rfc3339(*run.not_before) +
           " (minimum hold time)";
  }
  if (!step) return "step " + label + " is pending";
  const recipe::StepRef& place = index.steps()[index.ordinal(run.key)];
  const auto& ups = b.recipe->unit_procedures;
  // An earlier unit procedure not finished (the first one blocks, parallel or not).
  bool open_previous = true, earlier_finished = true;
  for (std::size_t u = 0; u <= place.unit_procedure; ++u) {
    const bool open = u == 0 || (ups[u].parallel ? open_previous : earlier_finished);
    if (u == place.unit_procedure && !open) {
      for (std::size_t j = 0; j < u; ++j) {
        if (const StepRun* r = first_open_run(b, index, unit_procedure_ordinals(index, j))) {
          return "step " + label + " is pending: unit procedure " + ups[j].key +
                 " must be finished first (" + run_id(r->key, r->occurrence) + " is not done)";
        }
      }
    }
    open_previous = open;
    earlier_finished =
        earlier_finished && !first_open_run(b, index, unit_procedure_ordinals(index, u));
  }
  const auto& up = ups[place.unit_procedure];
  std::size_t ordinal = index.first_ordinal(place.unit_procedure);
  for (std::size_t o = 0; o <= place.operation; ++o) {
    for (const auto& s : up.operations[o].steps) {
      const std::size_t s_ordinal = ordinal++;
      if (o == place.operation && s.key == run.key) break;
      for (const auto i : index.runs(s_ordinal)) {
        const StepRun& r = b.steps[i];
        // Within the operation only first occurrences count; earlier operations must finish.
        if (o == place.operation && r.occurrence > 1) continue;
        if (!is_finished(r.state)) {
          return "step " + label + " is pending: " + run_label(s, r.occurrence) +
                 " must be done first";
        }
      }
    }
  }
  if (const auto* hold = std::get_if<recipe::HoldTimeSpec>(&step->spec)) {
    return "step " + label + " is pending: " + hold->from_step + " must be done first";
  }
  return "step " + label + " is pending";
}

Result<std::vector<ExceptionDraft>> hold_time_checks(const Batch& b, const BatchIndex& index,
                                                     const recipe::Step& step, Timestamp now) {
  std::vector<ExceptionDraft> out;
  for (const recipe::StepRef& ref : index.steps()) {
    const auto* hold = std::get_if<recipe::HoldTimeSpec>(&ref.step->spec);
    if (!hold) continue;
    const bool itself = ref.step->key == step.key && hold->to_step.empty();
    if (!itself && hold->to_step != step.key) continue;
    const std::ptrdiff_t hold_index = index.run_at(b, ref.ordinal, 1);
    const StepRun* hold_run =
        hold_index < 0 ? nullptr : &b.steps[static_cast<std::size_t>(hold_index)];
    if (!itself && (!hold_run || hold_run->state == StepState::kNotApplicable)) continue;
    const StepRun* from = last_done(b, index, hold->from_step);
    if (!from) continue;
    const Duration elapsed = now - *from->done_at;
    if (hold->min && elapsed < *hold->min) {
      const Timestamp allowed = *from->done_at + *hold->min;
      return Error::failed_precondition(
          "step " + step.key + " may be completed from " + format_rfc3339(allowed) +
              ": the minimum hold time after " + hold->from_step + " is " +
              format_iso8601_duration(*hold->min) + " (" + ref.step->key + ")",
          {{"not_before", format_rfc3339(allowed)}});
    }
    if (hold->max && elapsed > *hold->max) {
      out.push_back(
          {ExceptionKind::kHoldTimeViolation,
           Severity::kMajor,
           ref.step->key + ": " + step.key + " completed " + duration_text(elapsed) + " after " +
               hold->from_step + " was done, more than the maximum hold " + "time of " +
               format_iso8601_duration(*hold->max),
           {{"elapsed_minutes", double(std::chrono::floor<std::chrono::minutes>(elapsed).count())},
            {"max_minutes",
             double(std::chrono::floor<std::chrono::minutes>(*hold->max).count())}}});
    }
  }
  return out;
}

std::optional<ExceptionDraft> late_entry_check(const recipe::Step& step, const StepRun& run,
                                               Timestamp now) {
  if (run.occurrence <= 1 || !run.due_at || !step.repeat || !step.repeat->every) return {};
  if (now <= *run.due_at + late_grace(*step.repeat->every)) return {};
  const Duration late = now - *run.due_at;
  return ExceptionDraft{
      ExceptionKind::kLateEntry,
      Severity::kMinor,
      run_id(run.key, run.occurrence) + " was done " + duration_text(late) +
          " after it fell due (" + format_rfc3339(*run.due_at) + ")",
      {{"minutes_late", double(std::chrono::floor<std::chrono::minutes>(late).count())}}};
}

void recalculate_dependents(Tx& tx, const std::string& key) {
  std::set<std::string, std::less<>> changed{key};
  for (const recipe::StepRef& ref : tx.index.steps()) {
    const auto* spec = std::get_if<recipe::CalculationSpec>(&ref.step->spec);
    if (!spec) continue;
    // An expression reads a key only if its text contains it: most need no compiling.
    if (std::none_of(changed.begin(), changed.end(), [&](const std::string& k) {
          return spec->expression.find(k) != std::string::npos;
        })) {
      continue;
    }
    auto expr = recipe::Expression::compile(spec->expression);
    if (!expr.ok()) continue;
    std::string cause;
    for (const auto& v : expr->variables()) {
      if (changed.contains(v)) cause = v;
    }
    if (cause.empty()) continue;
    for (const std::size_t i : tx.index.runs(ref.ordinal)) {
      if (!tx.b.steps[i].entry) continue;
      const int occ = tx.b.steps[i].occurrence;
      const std::string label = run_label(*ref.step, occ);
      auto value = expr->evaluate(expression_values(tx.b, tx.index, expr->variables()));
      Result<CheckedValue> checked =
          value.ok() ? check_number(label, *spec, *value, spec->unit,
                                    {.entered = false, .refuse_outside_limits = false})
                     : Result<CheckedValue>(value.error());
      StepRun& r = tx.b.steps[i];
      if (!checked.ok()) {
        r.blocked_reason = label + " cannot be recalculated after the correction of " + cause +
                           ": " + checked.error().message;
        tx.touch(r.key, occ);
        continue;
      }
      if (checked->value == r.entry->value) continue;
      r.corrections.push_back(Correction{*r.entry, "recalculated after correction of " + cause,
                                         system_person(), tx.now, std::nullopt});
      r.entry = Entry{checked->value, ValueSource::kCalculated, system_person(), tx.now, "", {}};
      r.blocked_reason.clear();
      tx.touch(r.key, occ);
      tx.note(label + " recalculated after correction of " + cause);
      for (auto& d : checked->exceptions) tx.raise(std::move(d), r.key, occ, system_person());
      changed.insert(ref.step->key);
    }
  }
}

}  // namespace gemba::batch::detail
