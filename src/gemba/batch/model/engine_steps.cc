// Recording values (engine.h "Values"): complete, verify, correct, comment.

#include "gemba/batch/model/engine_internal.h"
#include "gemba/batch/model/values.h"

namespace gemba::batch {
namespace {

using detail::CheckedValue;
using detail::ExceptionDraft;
using detail::Tx;
using recipe::StepType;

Result<void> require_state(const Batch& b, BatchState wanted, std::string_view action) {
  if (b.header.state == wanted) return ok();
  return Error::failed_precondition(
      "batch " + b.header.number + " is " + std::string(batch_state_name(b.header.state)) +
          ": only a batch " + std::string(batch_state_name(wanted)) + " can " + std::string(action),
      {{"state", batch_state_name(b.header.state)}});
}

bool closed(BatchState s) {
  return s == BatchState::kReleased || s == BatchState::kRejected || s == BatchState::kAborted;
}

Result<const recipe::Step*> step_of(const Batch& b, std::string_view key) {
  const recipe::Step* step = find_step(b, key);
  if (!step) {
    return Error::not_found("this batch's recipe has no step " + std::string(key),
                            {{"field", "key"}});
  }
  return step;
}

Result<const StepRun*> run_of(const Batch& b, std::string_view key, int occurrence) {
  const StepRun* run = find_run(b, key, occurrence);
  if (!run) {
    return Error::not_found(
        "step " + std::string(key) + " has no occurrence " + std::to_string(occurrence),
        {{"field", "occurrence"}});
  }
  return run;
}

// The run an input without an occurrence means: the first in `state`, else the first not
// finished, else the latest.
const StepRun* default_run(const Batch& b, std::string_view key, StepState state) {
  const StepRun* open = nullptr;
  for (const StepRun& r : b.steps) {
    if (r.key != key) continue;
    if (r.state == state) return &r;
    if (!open && !detail::is_finished(r.state)) open = &r;
  }
  return open ? open : latest_run(b, key);
}

Result<void> check_comment(const std::string& text, std::string_view field) {
  if (text.size() > kMaxCommentBytes) {
    return Error::invalid_argument("a comment may have at most " +
                                       std::to_string(kMaxCommentBytes) + " bytes; this one has " +
                                       std::to_string(text.size()),
                                   {{"field", field}});
  }
  return ok();
}

bool value_given(const ValueInput& v) {
  return v.number || !v.unit.empty() || v.text || v.boolean || v.time || !v.lot.empty();
}

// The value of a process parameter read from equipment (no manual override).
Result<CheckedValue> equipment_value(const Batch& b, const recipe::Step& step, int occurrence,
                                     const CompleteInput& in, const TagReader& tags,
                                     Timestamp now) {
  const std::string label = detail::run_label(step, occurrence);
  if (value_given(in.value)) {
    return Error::invalid_argument(label +
                                       " is read from equipment: give no value, or enter one by "
                                       "hand as a manual override",
                                   {{"field", "value"}});
  }
  const auto& spec = std::get<recipe::ProcessParameterSpec>(step.spec);
  auto reading = detail::read_good_tag(b, step, spec, tags, now);
  if (!reading.ok()) {
    return Error::failed_precondition(
        label + ": no value from equipment (" + reading.error().message +
            "); enter it by hand as a manual override (needs the batch.hold permission, a reason " +
            "and a signature)",
        {{"blocked_reason", reading.error().message}});
  }
  GEMBA_TRY(checked,
            detail::check_number(
                label, spec, reading->value, reading->unit,
                {.entered = false, .allow_override = step.allow_override, .comment = in.comment}));
  checked.value.tag = reading->source.empty() ? spec.tag : reading->source;
  checked.value.tag_time = reading->at;
  checked.value.tag_quality = reading->quality;
  return checked;
}

EquipmentUse equipment_use_of(const Batch& b, const recipe::Step& step, std::string_view id,
                              Timestamp now) {
  return {.batch_id = b.header.id,
          .batch_number = b.header.number,
          .product = b.header.product_code,
          .step_key = step.key,
          .equipment_class = std::get<recipe::EquipmentUseSpec>(step.spec).equipment_class,
          .equipment_id = id,
          .now = now};
}

bool overridable(const Error& e) {
  const auto* o = e.details.if_contains("overridable");
  return o && o->is_bool() && o->get_bool();
}

// The equipment interlock: the capability's refusal, as the engine reports it.
Result<void> check_equipment(const Batch& b, const recipe::Step& step, std::string_view id,
                             Timestamp now, const CapabilityChecks& checks) {
  auto usable = checks.check_equipment(equipment_use_of(b, step, id, now));
  if (usable.ok()) return ok();
  Error e = std::move(usable).error();
  if (e.code != ErrorCode::kFailedPrecondition) return e;
  std::string message = std::move(e.message);
  if (overridable(e)) {
    message +=
        "; or override the interlock (manual_override with a reason and a signature; needs the "
        "equipment.override_interlock permission)";
  }
  return Error::failed_precondition(std::move(message), std::move(e.details));
}

// Equipment used although its interlock refuses it: a signed override with a reason.
Result<CheckedValue> interlock_override_value(const Batch& b, const Actor& a,
                                              const recipe::Step& step, const StepRun& run,
                                              const CompleteInput& in,
                                              const CapabilityChecks& checks, Timestamp now) {
  const std::string label = detail::run_label(step, run.occurrence);
  if (!a.may_override_interlock) {
    return Error::permission_denied("overriding the equipment interlock of " + label +
                                    " needs the equipment.override_interlock permission");
  }
  if (in.comment.empty()) {
    return Error::invalid_argument(
        "an interlock override of " + label + " needs a reason (comment)", {{"field", "comment"}});
  }
  if (!in.signature) {
    return Error::invalid_argument("an interlock override of " + label + " needs your signature",
                                   {{"field", "signature"}});
  }
  GEMBA_TRY(checked,
            detail::check_input(b, step, run.occurrence, in.value, in.comment, true, checks));
  auto usable = checks.check_equipment(equipment_use_of(b, step, *checked.value.text, now));
  if (usable.ok()) {
    return Error::invalid_argument(*checked.value.text + " passes every interlock for " + label +
                                       ": record it without manual_override",
                                   {{"field", "manual_override"}});
  }
  Error e = std::move(usable).error();
  if (e.code != ErrorCode::kFailedPrecondition || !overridable(e)) {
    if (e.code == ErrorCode::kFailedPrecondition) e.message += " (this cannot be overridden)";
    return e;
  }
  recipe::ExpressionValues values;
  checked.exceptions.push_back({ExceptionKind::kInterlockOverride, Severity::kMajor,
                                label + ": " + *checked.value.text +
                                    " used although the interlock refused it (" + e.message +
                                    "); override: " + in.comment,
                                std::move(values)});
  return checked;
}

// A process parameter or calculation entered by hand.
Result<CheckedValue> manual_override_value(const Batch& b, const Actor& a, const recipe::Step& step,
                                           const StepRun& run, const CompleteInput& in,
                                           const TagReader& tags, const CapabilityChecks& checks,
                                           Timestamp now) {
  const StepType type = recipe::step_type(step);
  const std::string label = detail::run_label(step, run.occurrence);
  if (type != StepType::kProcessParameter && type != StepType::kCalculation) {
    return Error::invalid_argument(label + " is " + recipe::step_type_phrase(type) +
                                       "; only process parameters and calculations can be " +
                                       "entered as a manual override",
                                   {{"field", "manual_override"}});
  }
  if (!a.may_override) {
    return Error::permission_denied("entering " + label +
                                    " by hand is a manual override: it needs the batch.hold "
                                    "permission");
  }
  if (in.comment.empty()) {
    return Error::invalid_argument("a manual override of " + label + " needs a reason (comment)",
                                   {{"field", "comment"}});
  }
  if (!in.signature) {
    return Error::invalid_argument("a manual override of " + label + " needs your signature",
                                   {{"field", "signature"}});
  }
  GEMBA_TRY(checked,
            detail::check_input(b, step, run.occurrence, in.value, in.comment, true, checks));
  std::string why = run.blocked_reason;
  if (type == StepType::kProcessParameter) {
    auto reading = detail::read_good_tag(b, step, std::get<recipe::ProcessParameterSpec>(step.spec),
                                         tags, now);
    why = reading.ok() ? "the equipment had a good value" : reading.error().message;
  }
  checked.exceptions.push_back(
      {ExceptionKind::kManualOverride,
       Severity::kMajor,
       label + " " + detail::quantity_text(*checked.value.number, checked.value.unit) +
           " entered by hand (" + (why.empty() ? "manual override" : why) + "): " + in.comment,
       {{"value", *checked.value.number}}});
  return checked;
}

}  // namespace

Result<Changes> complete_step(Batch& b, const Actor& a, const CompleteInput& in, Timestamp now,
                              const TagReader& tags, const CapabilityChecks& checks,
                              const IdSource& ids) {
  if (!a.may_execute) {
    return Error::permission_denied("recording values needs the batch.execute permission");
  }
  GEMBA_RETURN_IF_ERROR(require_state(b, BatchState::kInProgress, "record values"));
  GEMBA_TRY(step, step_of(b, in.key));
  const StepRun* run = nullptr;
  if (in.occurrence) {
    GEMBA_TRY(r, run_of(b, in.key, *in.occurrence));
    run = r;
  } else {
    run = default_run(b, in.key, StepState::kReady);
  }
  GEMBA_RETURN_IF_ERROR(detail::check_expected_version(b, *run, in.expected_version));
  if (run->state != StepState::kReady) {
    return Error::failed_precondition(detail::why_not_ready(b, *run, now),
                                      {{"state", step_state_name(run->state)}});
  }
  GEMBA_RETURN_IF_ERROR(check_comment(in.comment, "comment"));
  if (in.signature) GEMBA_RETURN_IF_ERROR(detail::check_signer(a, *in.signature, ""));
  const StepType type = recipe::step_type(*step);
  const std::string label = detail::run_label(*step, run->occurrence);
  CheckedValue checked;
  ValueSource source = in.value.source;
  if (in.manual_override && type == StepType::kEquipmentUse) {
    GEMBA_TRY(v, interlock_override_value(b, a, *step, *run, in, checks, now));
    checked = std::move(v);
  } else if (in.manual_override) {
    GEMBA_TRY(v, manual_override_value(b, a, *step, *run, in, tags, checks, now));
    checked = std::move(v);
    source = ValueSource::kManual;
  } else if (type == StepType::kCalculation) {
    return Error::failed_precondition(
        label + " is calculated by the system" +
            (run->blocked_reason.empty() ? std::string()
                                         : " and cannot be now (" + run->blocked_reason +
                                               "); enter it by hand as a manual override"),
        {{"blocked_reason", run->blocked_reason}});
  } else if (type == StepType::kProcessParameter) {
    GEMBA_TRY(v, equipment_value(b, *step, run->occurrence, in, tags, now));
    checked = std::move(v);
    source = ValueSource::kEquipment;
  } else {
    GEMBA_TRY(v,
              detail::check_input(b, *step, run->occurrence, in.value, in.comment, false, checks));
    checked = std::move(v);
    if (type == StepType::kEquipmentUse) {
      GEMBA_RETURN_IF_ERROR(check_equipment(b, *step, *checked.value.text, now, checks));
    }
  }
  if (const auto* sign_off = std::get_if<recipe::SignOffSpec>(&step->spec)) {
    if (!in.signature) {
      return Error::invalid_argument(
          label + " is signed: it needs your signature (" + sign_off->meaning + ")",
          {{"field", "signature"}});
    }
    GEMBA_RETURN_IF_ERROR(detail::check_signer(a, *in.signature, sign_off->meaning));
  }
  GEMBA_TRY(hold_drafts, detail::hold_time_checks(b, detail::BatchIndex(b), *step, now));
  for (auto& d : hold_drafts) checked.exceptions.push_back(std::move(d));
  if (auto late = detail::late_entry_check(*step, *run, now)) {
    checked.exceptions.push_back(std::move(*late));
  }

  // Nothing below can refuse: the batch changes in place.
  const int occurrence = run->occurrence;
  Tx tx(b, now, &ids);
  for (auto& d : checked.exceptions) tx.raise(std::move(d), step->key, occurrence, a.person);
  detail::record_entry(
      tx, *step, occurrence,
      Entry{std::move(checked.value), source, a.person, now, in.comment, in.signature});
  detail::advance(tx, &tags);
  return tx.finish();
}

Result<Changes> verify_step(Batch& b, const Actor& a, std::string_view key,
                            std::optional<int> occurrence,
                            std::optional<std::int64_t> expected_version,
                            const SignatureRef& signature, Timestamp now) {
  if (!a.may_verify) {
    return Error::permission_denied("verifying a step needs the batch.verify permission");
  }
  GEMBA_RETURN_IF_ERROR(require_state(b, BatchState::kInProgress, "have steps verified"));
  GEMBA_TRY(step, step_of(b, key));
  const StepRun* run = nullptr;
  if (occurrence) {
    GEMBA_TRY(r, run_of(b, key, *occurrence));
    run = r;
  } else {
    run = default_run(b, key, StepState::kInProgress);
  }
  GEMBA_RETURN_IF_ERROR(detail::check_expected_version(b, *run, expected_version));
  const std::string label = detail::run_label(*step, run->occurrence);
  if (run->state != StepState::kInProgress || !run->entry) {
    return Error::failed_precondition("step " + label + " is not awaiting verification (it is " +
                                          std::string(step_state_name(run->state)) + ")",
                                      {{"state", step_state_name(run->state)}});
  }
  if (run->entry->performer.user_id == a.person.user_id) {
    return Error::permission_denied("the witness of " + label +
                                    " must be a different person from the one who performed it (" +
                                    run->entry->performer.printed_name + ")");
  }
  GEMBA_RETURN_IF_ERROR(detail::check_signer(a, signature, "verified"));
  // Nothing below can refuse: the batch changes in place.
  const int occ = run->occurrence;
  Tx tx(b, now, nullptr);
  StepRun& r = *tx.find(key, occ);
  r.witness = signature;
  r.witnessed_by = a.person;
  r.witnessed_at = now;
  tx.note(label + " verified by " + a.person.printed_name);
  detail::mark_done(tx, *step, occ);
  detail::advance(tx, nullptr);
  return tx.finish();
}

Result<Changes> correct_step(Batch& b, const Actor& a, std::string_view key, int occurrence,
                             std::optional<std::int64_t> expected_version, const ValueInput& value,
                             const std::string& reason, const SignatureRef& signature,
                             Timestamp now, const CapabilityChecks& checks, const IdSource& ids) {
  if (!a.may_execute) {
    return Error::permission_denied("correcting values needs the batch.execute permission");
  }
  if (closed(b.header.state) || b.header.state == BatchState::kCreated) {
    return Error::failed_precondition("batch " + b.header.number + " is " +
                                          std::string(batch_state_name(b.header.state)) +
                                          ": its values can no longer be corrected",
                                      {{"state", batch_state_name(b.header.state)}});
  }
  GEMBA_TRY(step, step_of(b, key));
  GEMBA_TRY(run, run_of(b, key, occurrence));
  GEMBA_RETURN_IF_ERROR(detail::check_expected_version(b, *run, expected_version));
  const std::string label = detail::run_label(*step, occurrence);
  if (run->state != StepState::kDone || !run->entry) {
    return Error::failed_precondition("only a done value can be corrected; step " + label + " is " +
                                          std::string(step_state_name(run->state)),
                                      {{"state", step_state_name(run->state)}});
  }
  const StepType type = recipe::step_type(*step);
  if (type == StepType::kCalculation) {
    return Error::failed_precondition(label +
                                      " is calculated: correct the values it is calculated from");
  }
  if (type == StepType::kInstruction || type == StepType::kHoldTime || type == StepType::kSignOff) {
    return Error::failed_precondition(label + " has no value to correct");
  }
  if (reason.empty()) {
    return Error::invalid_argument("a correction needs a reason", {{"field", "reason"}});
  }
  GEMBA_RETURN_IF_ERROR(check_comment(reason, "reason"));
  GEMBA_RETURN_IF_ERROR(detail::check_signer(a, signature, ""));
  GEMBA_TRY(checked, detail::check_input(b, *step, occurrence, value, reason,
                                         type == StepType::kProcessParameter, checks));
  if (type == StepType::kEquipmentUse) {
    GEMBA_RETURN_IF_ERROR(check_equipment(b, *step, *checked.value.text, now, checks));
  }

  // Nothing below can refuse: the batch changes in place.
  Tx tx(b, now, &ids);
  StepRun& r = *tx.find(key, occurrence);
  const Entry previous = *r.entry;
  ExceptionDraft correction{ExceptionKind::kCorrection,
                            Severity::kMinor,
                            label + " corrected by " + a.person.printed_name + ": " + reason,
                            {}};
  if (previous.value.number && checked.value.number) {
    correction.message = label + " corrected from " +
                         detail::quantity_text(*previous.value.number, previous.value.unit) +
                         " to " + detail::quantity_text(*checked.value.number, checked.value.unit) +
                         ": " + reason;
    correction.values = {{"previous", *previous.value.number}, {"value", *checked.value.number}};
  }
  r.corrections.push_back(Correction{previous, reason, a.person, now, signature});
  const ValueSource source = value.source;
  r.entry = Entry{std::move(checked.value), source, a.person, now, reason, signature};
  tx.touch(key, occurrence);
  tx.note(label + " corrected");
  tx.raise(std::move(correction), key, occurrence, a.person);
  for (auto& d : checked.exceptions) tx.raise(std::move(d), key, occurrence, a.person);
  detail::recalculate_dependents(tx, std::string(key));
  detail::advance(tx, nullptr);
  return tx.finish();
}

Result<Changes> add_comment(Batch& b, const Actor& a, std::string_view key, int occurrence,
                            const std::string& text, bool flagged, Timestamp now,
                            const IdSource& ids) {
  if (closed(b.header.state)) {
    return Error::failed_precondition("batch " + b.header.number + " is " +
                                          std::string(batch_state_name(b.header.state)) +
                                          ": its record is closed",
                                      {{"state", batch_state_name(b.header.state)}});
  }
  GEMBA_TRY(run, run_of(b, key, occurrence));
  (void)run;
  if (text.empty()) {
    return Error::invalid_argument("a comment needs a text", {{"field", "text"}});
  }
  GEMBA_RETURN_IF_ERROR(check_comment(text, "text"));
  // Nothing below can refuse: the batch changes in place.
  Tx tx(b, now, &ids);
  StepRun& r = *tx.find(key, occurrence);
  Comment c{ids ? ids() : std::to_string(r.comments.size() + 1), text, a.person, now, flagged};
  r.comments.push_back(c);
  tx.touch(key, occurrence);
  tx.note("comment on " + run_id(key, occurrence) + (flagged ? " (flagged)" : ""));
  if (flagged) {
    constexpr std::size_t kQuoted = 200;
    std::size_t cut = std::min(text.size(), kQuoted);
    while (cut < text.size() && cut > 0 && (text[cut] & 0xC0) == 0x80) --cut;  // whole UTF-8
    const std::string quoted = cut < text.size() ? text.substr(0, cut) + "…" : text;
    tx.raise(
        {ExceptionKind::kFlaggedComment,
         Severity::kMinor,
         a.person.printed_name + " flagged a comment on " + run_id(key, occurrence) + ": " + quoted,
         {}},
        key, occurrence, a.person);
  }
  return tx.finish();
}

bool needs_signature(const Batch& b, const StepRun& run, const CompleteInput& in) {
  if (in.manual_override) return true;
  const recipe::Step* step = find_step(b, run.key);
  return step && std::holds_alternative<recipe::SignOffSpec>(step->spec);
}

}  // namespace gemba::batch
