// The batch lifecycle: instantiate, start, hold, resume, abort, complete, review, release, reject.

#include "gemba/batch/model/engine_internal.h"
#include "gemba/recipe/model/format.h"

namespace gemba::batch {
namespace {

using detail::Tx;

Error wrong_state(const Batch& b, std::string_view action, std::string_view allowed) {
  return Error::failed_precondition(
      "batch " + b.header.number + " is " + std::string(batch_state_name(b.header.state)) +
          ": it can be " + std::string(action) + " only when " + std::string(allowed),
      {{"state", batch_state_name(b.header.state)}});
}

Result<void> require_reason(const std::string& reason, std::string_view what) {
  if (reason.empty()) {
    return Error::invalid_argument(std::string(what) + " needs a reason", {{"field", "reason"}});
  }
  if (reason.size() > kMaxCommentBytes) {
    return Error::invalid_argument(
        "a reason may have at most " + std::to_string(kMaxCommentBytes) + " bytes",
        {{"field", "reason"}});
  }
  return ok();
}

bool in_review(BatchState s) { return s == BatchState::kCompleted || s == BatchState::kInReview; }

// Runs op on b in place: for operations whose every refusal is checked before op.
template <typename Op>
Changes apply(Batch& b, Timestamp now, const IdSource* ids, Op op) {
  Tx tx(b, now, ids);
  op(tx);
  return tx.finish();
}

// Runs op on a copy of b; assigns it back when op succeeds (op may refuse after changes).
template <typename Op>
Result<Changes> transact(Batch& b, Timestamp now, const IdSource* ids, Op op) {
  Batch work = b;
  Tx tx(work, now, ids);
  GEMBA_RETURN_IF_ERROR(op(tx));
  Changes ch = tx.finish();
  b = std::move(work);
  return ch;
}

bool executed_by(const StepRun& r, const Person& p) {
  if (r.entry && r.entry->performer.user_id == p.user_id) return true;
  if (r.witnessed_by && r.witnessed_by->user_id == p.user_id) return true;
  for (const Correction& c : r.corrections) {
    if (c.corrected_by.user_id == p.user_id || c.previous.performer.user_id == p.user_id) {
      return true;
    }
  }
  return false;
}

}  // namespace

namespace detail {

const StepRun* yield_run(const Batch& b, const BatchIndex& index) {
  const StepRun* out = nullptr;
  for (const recipe::StepRef& ref : index.steps()) {
    const auto* calc = std::get_if<recipe::CalculationSpec>(&ref.step->spec);
    if (!calc || calc->unit != "%") continue;
    const StepRun* latest = nullptr;
    for (const std::size_t i : index.runs(ref.ordinal)) {
      const StepRun& r = b.steps[i];
      if (r.entry && r.entry->value.number && (!latest || r.occurrence > latest->occurrence)) {
        latest = &r;
      }
    }
    if (latest) out = latest;
  }
  return out;
}

}  // namespace detail

Result<Batch> instantiate(std::shared_ptr<const recipe::MasterRecipe> recipe, const NewBatch& spec,
                          const Person& creator, Timestamp now) {
  if (!recipe) return Error::invalid_argument("a batch needs a recipe", {{"field", "recipe_id"}});
  GEMBA_TRY(formula, recipe::scale_formula(*recipe, spec.batch_size));
  Batch b;
  BatchHeader& h = b.header;
  h.id = spec.id;
  h.number = spec.number;
  h.recipe_id = spec.recipe_id;
  h.recipe_version = spec.recipe_version;
  h.recipe_content_sha256 = spec.recipe_content_sha256;
  h.product_code = recipe->product_code;
  h.product_name = recipe->product_name;
  h.site = recipe->site;
  h.batch_size = spec.batch_size;
  h.planned_start = spec.planned_start;
  h.created_by = creator;
  h.created_at = now;
  for (const recipe::StepRef& ref : recipe::all_steps(*recipe)) {
    StepRun run;
    run.key = ref.step->key;
    b.steps.push_back(std::move(run));
  }
  b.formula = std::move(formula);
  b.recipe = std::move(recipe);
  return b;
}

Result<Changes> start(Batch& b, const Actor& a, Timestamp now, const IdSource& ids) {
  if (!a.may_execute) return Error::permission_denied("starting a batch needs batch.execute");
  if (b.header.state != BatchState::kCreated) return wrong_state(b, "started", "created");
  return apply(b, now, &ids, [&](Tx& tx) {
    tx.b.header.state = BatchState::kInProgress;
    tx.b.header.started_at = now;
    tx.header_changed();
    tx.note("batch started by " + a.person.printed_name);
    detail::advance(tx, nullptr);
  });
}

Result<Changes> hold(Batch& b, const Actor& a, const std::string& reason, Timestamp now) {
  if (!a.may_override) return Error::permission_denied("putting a batch on hold needs batch.hold");
  if (b.header.state != BatchState::kInProgress) {
    return wrong_state(b, "put on hold", "in progress");
  }
  GEMBA_RETURN_IF_ERROR(require_reason(reason, "putting a batch on hold"));
  return apply(b, now, nullptr, [&](Tx& tx) {
    tx.b.header.state = BatchState::kOnHold;
    tx.b.header.hold_reason = reason;
    tx.header_changed();
    tx.note("batch put on hold by " + a.person.printed_name + ": " + reason);
  });
}

Result<Changes> resume(Batch& b, const Actor& a, Timestamp now, const IdSource& ids) {
  if (!a.may_override) return Error::permission_denied("resuming a batch needs batch.hold");
  if (b.header.state != BatchState::kOnHold) return wrong_state(b, "resumed", "on hold");
  return apply(b, now, &ids, [&](Tx& tx) {
    tx.b.header.state = BatchState::kInProgress;
    tx.b.header.hold_reason.clear();
    tx.header_changed();
    tx.note("batch resumed by " + a.person.printed_name);
    detail::advance(tx, nullptr);
  });
}

Result<Changes> abort(Batch& b, const Actor& a, const std::string& reason,
                      const SignatureRef& signature, Timestamp now) {
  if (!a.may_override) return Error::permission_denied("aborting a batch needs batch.hold");
  const BatchState s = b.header.state;
  if (s != BatchState::kCreated && s != BatchState::kInProgress && s != BatchState::kOnHold) {
    return wrong_state(b, "aborted", "created, in progress or on hold");
  }
  GEMBA_RETURN_IF_ERROR(require_reason(reason, "aborting a batch"));
  GEMBA_RETURN_IF_ERROR(detail::check_signer(a, signature, ""));
  return apply(b, now, nullptr, [&](Tx& tx) {
    BatchHeader& h = tx.b.header;
    h.state = BatchState::kAborted;
    h.abort_reason = reason;
    h.hold_reason.clear();
    h.closed_at = now;
    h.signatures.push_back(signature);
    tx.header_changed();
    tx.note("batch aborted by " + a.person.printed_name + ": " + reason);
  });
}

Result<Changes> complete(Batch& b, const Actor& a, std::optional<SignatureRef> signature,
                         Timestamp now, const IdSource& ids) {
  if (!a.may_execute) return Error::permission_denied("completing a batch needs batch.execute");
  if (b.header.state != BatchState::kInProgress) return wrong_state(b, "completed", "in progress");
  if (signature) GEMBA_RETURN_IF_ERROR(detail::check_signer(a, *signature, ""));
  return transact(b, now, &ids, [&](Tx& tx) -> Result<void> {
    detail::advance(tx, nullptr);
    std::string open;
    boost::json::array refs;
    for (const StepRun& r : tx.b.steps) {
      if (detail::is_finished(r.state)) continue;
      const std::string id = run_id(r.key, r.occurrence);
      if (refs.size() < 10) {
        open +=
            (open.empty() ? "" : ", ") + id + " (" + std::string(step_state_name(r.state)) + ")";
      }
      refs.emplace_back(id);
    }
    if (!refs.empty()) {
      const std::string message =
          "batch " + tx.b.header.number + " cannot be completed: " + std::to_string(refs.size()) +
          " step(s) are not finished: " + open + (refs.size() > 10 ? ", …" : "");
      return Error::failed_precondition(message, {{"runs", std::move(refs)}});
    }
    BatchHeader& h = tx.b.header;
    h.state = BatchState::kCompleted;
    h.completed_at = now;
    if (signature) h.signatures.push_back(*signature);
    tx.header_changed();
    tx.note("batch completed by " + a.person.printed_name);
    return ok();
  });
}

Changes refresh(Batch& b, Timestamp now, const TagReader& tags, const IdSource& ids) {
  Tx tx(b, now, &ids);
  detail::advance(tx, &tags);
  return tx.finish();
}

Result<Changes> begin_review(Batch& b, const Actor& a, Timestamp now) {
  if (!a.may_review) return Error::permission_denied("reviewing a batch needs batch.review");
  if (b.header.state != BatchState::kCompleted) return wrong_state(b, "reviewed", "completed");
  return apply(b, now, nullptr, [&](Tx& tx) {
    tx.b.header.state = BatchState::kInReview;
    tx.b.header.review_started_at = now;
    tx.header_changed();
    tx.note("review started by " + a.person.printed_name);
  });
}

Result<Changes> disposition(Batch& b, const Actor& a, std::string_view exception_id,
                            DispositionOutcome outcome, const std::string& comment,
                            const std::string& deviation_ref, const SignatureRef& signature,
                            Timestamp now) {
  if (!a.may_review) return Error::permission_denied("dispositioning needs batch.review");
  if (!in_review(b.header.state)) {
    return wrong_state(b, "dispositioned", "completed or in review");
  }
  const auto it = std::find_if(b.exceptions.begin(), b.exceptions.end(),
                               [&](const BatchException& e) { return e.id == exception_id; });
  if (it == b.exceptions.end()) {
    return Error::not_found(
        "batch " + b.header.number + " has no exception " + std::string(exception_id),
        {{"field", "exception_id"}});
  }
  if (it->disposition) {
    return Error::failed_precondition(
        "exception " + it->id + " already has a disposition (" +
        std::string(disposition_outcome_name(it->disposition->outcome)) + " by " +
        it->disposition->by.printed_name + ")");
  }
  if (comment.empty()) {
    return Error::invalid_argument("a disposition needs a comment", {{"field", "comment"}});
  }
  if (comment.size() > kMaxCommentBytes) {
    return Error::invalid_argument(
        "a comment may have at most " + std::to_string(kMaxCommentBytes) + " bytes",
        {{"field", "comment"}});
  }
  if (outcome == DispositionOutcome::kEscalated && deviation_ref.empty()) {
    return Error::invalid_argument("an escalated exception needs the deviation's reference",
                                   {{"field", "deviation_ref"}});
  }
  GEMBA_RETURN_IF_ERROR(detail::check_signer(a, signature, "reviewed"));
  const std::size_t index = static_cast<std::size_t>(it - b.exceptions.begin());
  return apply(b, now, nullptr, [&](Tx& tx) {
    BatchHeader& h = tx.b.header;
    if (h.state == BatchState::kCompleted) {
      h.state = BatchState::kInReview;
      h.review_started_at = now;
      tx.header_changed();
    }
    BatchException& e = tx.b.exceptions[index];
    e.disposition = Disposition{outcome, comment, deviation_ref, a.person, now, signature};
    tx.exception_changed(e.id);
    tx.note("exception " + e.id + " " + std::string(disposition_outcome_name(outcome)) + " by " +
            a.person.printed_name);
  });
}

std::vector<Blocker> release_blockers(const Batch& b, const Person& approver) {
  std::vector<Blocker> out;
  if (!in_review(b.header.state)) {
    out.push_back({"state",
                   "batch " + b.header.number + " is " +
                       std::string(batch_state_name(b.header.state)) +
                       ": only a completed batch can be released",
                   {}});
  }
  Blocker steps{"steps_open", "", {}};
  Blocker executed{"executed_batch", "", {}};
  for (const StepRun& r : b.steps) {
    if (!detail::is_finished(r.state)) steps.refs.push_back(run_id(r.key, r.occurrence));
    if (!approver.user_id.empty() && executed_by(r, approver)) {
      executed.refs.push_back(run_id(r.key, r.occurrence));
    }
  }
  if (!steps.refs.empty()) {
    steps.message = std::to_string(steps.refs.size()) + " step(s) are not finished";
    out.push_back(std::move(steps));
  }
  Blocker open{"exceptions_open", "", {}};
  for (const BatchException& e : b.exceptions) {
    if (!e.disposition) open.refs.push_back(e.id);
  }
  if (!open.refs.empty()) {
    open.message = std::to_string(open.refs.size()) + " exception(s) have no disposition";
    out.push_back(std::move(open));
  }
  const recipe::Limits& limits = b.recipe->header.yield_limits;
  if (const StepRun* y = detail::yield_run(b, detail::BatchIndex(b))) {
    const double v = *y->entry->value.number;
    if ((limits.low && v < *limits.low) || (limits.high && v > *limits.high)) {
      bool justified = false;
      for (const BatchException& e : b.exceptions) {
        justified = justified || (e.step_key == y->key && e.disposition);
      }
      if (!justified) {
        out.push_back({"yield_unjustified",
                       "the yield " + detail::quantity_text(v, "%") +
                           " is outside the recipe's limits (" +
                           (limits.low ? recipe::format_number(*limits.low) : "…") + " to " +
                           (limits.high ? recipe::format_number(*limits.high) : "…") +
                           " %) and no exception on " + y->key + " has a disposition",
                       {run_id(y->key, y->occurrence)}});
      }
    }
  }
  if (!executed.refs.empty()) {
    executed.message = approver.printed_name +
                       " performed, witnessed or corrected steps of this batch and cannot " +
                       "release it";
    out.push_back(std::move(executed));
  }
  return out;
}

Result<Changes> release(Batch& b, const Actor& a, const SignatureRef& signature, Timestamp now) {
  if (!a.may_release) return Error::permission_denied("releasing a batch needs batch.release");
  if (!in_review(b.header.state)) return wrong_state(b, "released", "completed or in review");
  GEMBA_RETURN_IF_ERROR(detail::check_signer(a, signature, "released"));
  const std::vector<Blocker> blockers = release_blockers(b, a.person);
  if (!blockers.empty()) {
    std::string message = "batch " + b.header.number + " cannot be released: ";
    boost::json::array details;
    for (std::size_t i = 0; i < blockers.size(); ++i) {
      message += (i ? "; " : "") + blockers[i].message;
      boost::json::array refs;
      for (const auto& r : blockers[i].refs) refs.emplace_back(r);
      details.push_back(boost::json::object{
          {"code", blockers[i].code}, {"message", blockers[i].message}, {"refs", refs}});
    }
    const ErrorCode code = blockers.front().code == "executed_batch" && blockers.size() == 1
                               ? ErrorCode::kPermissionDenied
                               : ErrorCode::kFailedPrecondition;
    return Error(code, message, {{"blockers", std::move(details)}});
  }
  return apply(b, now, nullptr, [&](Tx& tx) {
    BatchHeader& h = tx.b.header;
    h.state = BatchState::kReleased;
    h.closed_at = now;
    h.signatures.push_back(signature);
    tx.header_changed();
    tx.note("batch released by " + a.person.printed_name);
  });
}

Result<Changes> reject(Batch& b, const Actor& a, const std::string& reason,
                       const SignatureRef& signature, Timestamp now) {
  if (!a.may_release) return Error::permission_denied("rejecting a batch needs batch.release");
  if (!in_review(b.header.state)) return wrong_state(b, "rejected", "completed or in review");
  GEMBA_RETURN_IF_ERROR(require_reason(reason, "rejecting a batch"));
  GEMBA_RETURN_IF_ERROR(detail::check_signer(a, signature, "rejected"));
  return apply(b, now, nullptr, [&](Tx& tx) {
    BatchHeader& h = tx.b.header;
    h.state = BatchState::kRejected;
    h.reject_reason = reason;
    h.closed_at = now;
    h.signatures.push_back(signature);
    tx.header_changed();
    tx.note("batch rejected by " + a.person.printed_name + ": " + reason);
  });
}

std::optional<double> batch_yield(const Batch& b) {
  if (!b.recipe) return std::nullopt;
  const StepRun* y = detail::yield_run(b, detail::BatchIndex(b));
  if (!y) return std::nullopt;
  return *y->entry->value.number;
}

std::vector<const StepRun*> ready_runs(const Batch& b) {
  std::vector<const StepRun*> out;
  for (const StepRun& r : b.steps) {
    if (r.state == StepState::kReady) out.push_back(&r);
  }
  return out;
}

}  // namespace gemba::batch
