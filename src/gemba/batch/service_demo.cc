#include "gemba/batch/service_demo.h"

#include <map>

#include "gemba/core/time.h"

namespace gemba::batch {
namespace {

// What the floor measured where the recipe gives no target (a good batch of 100 kg).
const std::map<std::string, double, std::less<>>& measured() {
  static const std::map<std::string, double, std::less<>> kValues = {
      {"dried_granules_weight", 97.4}, {"final_blend_weight", 96.8}, {"friability", 0.18},
      {"disintegration", 5.5},         {"core_tablets_net", 101.7},  {"compression_rejects", 0.45},
      {"coated_tablets_net", 102.3},   {"qc_samples", 0.42},
  };
  return kValues;
}

double numeric_value(const recipe::Step& step, const recipe::NumericSpec& spec) {
  if (auto it = measured().find(step.key); it != measured().end()) return it->second;
  if (spec.target) return *spec.target;
  if (spec.limits.low && spec.limits.high) return (*spec.limits.low + *spec.limits.high) / 2;
  if (spec.limits.high) return *spec.limits.high / 2;
  if (spec.limits.low) return *spec.limits.low + 1;
  return 1;
}

// A valid completion of `run` as the demo's operator would enter it.
CompleteInput input_for(const Batch& b, const recipe::Step& step, const StepRun& run, Timestamp now,
                        bool weighed) {
  CompleteInput in;
  in.key = run.key;
  in.occurrence = run.occurrence;
  ValueInput& v = in.value;
  std::visit(
      [&](const auto& spec) {
        using S = std::decay_t<decltype(spec)>;
        if constexpr (std::is_same_v<S, recipe::NumericEntrySpec>) {
          v.number = numeric_value(step, spec);
        } else if constexpr (std::is_same_v<S, recipe::ProcessParameterSpec>) {
          v.number = numeric_value(step, spec);
          in.manual_override = true;
          in.comment = "Read from the equipment display: no equipment connection yet";
        } else if constexpr (std::is_same_v<S, recipe::DispenseSpec>) {
          v.source = ValueSource::kScanned;
          if (weighed) return;  // the step records what was weighed
          for (const recipe::ScaledLine& line : b.formula.lines) {
            if (line.key != spec.formula_line) continue;
            v.number = line.target;
            v.unit = line.unit;
            v.lot = line.material_code + "-2611-07";
          }
        } else if constexpr (std::is_same_v<S, recipe::ChargeSpec>) {
          v.source = ValueSource::kScanned;
          for (const recipe::ScaledLine& line : b.formula.lines) {
            if (line.key != spec.formula_line) continue;
            v.number = line.target;
            v.unit = line.unit;
            v.lot = line.material_code + "-2611-07";
          }
          // The charge names the lots the line was dispensed from.
          for (const StepRun& r : b.steps) {
            const recipe::Step* s = find_step(b, r.key);
            const auto* d = s ? std::get_if<recipe::DispenseSpec>(&s->spec) : nullptr;
            if (d && d->formula_line == spec.formula_line && r.entry &&
                !r.entry->value.lot.empty()) {
              v.lot = r.entry->value.lot;
              if (r.entry->value.number) v.number = *r.entry->value.number;
            }
          }
        } else if constexpr (std::is_same_v<S, recipe::ChoiceEntrySpec>) {
          v.text = spec.expected ? *spec.expected : spec.options.front();
        } else if constexpr (std::is_same_v<S, recipe::BooleanEntrySpec>) {
          v.boolean = spec.expected.value_or(true);
        } else if constexpr (std::is_same_v<S, recipe::DateTimeEntrySpec>) {
          v.time = now + std::chrono::hours(24 * 365 * 3);
        } else if constexpr (std::is_same_v<S, recipe::TextEntrySpec>) {
          v.text = "DEV-2026-00042";
        } else if constexpr (std::is_same_v<S, recipe::EquipmentUseSpec>) {
          v.text = spec.equipment_class + "-01";
          v.source = ValueSource::kScanned;
        } else if constexpr (std::is_same_v<S, recipe::SamplingSpec>) {
          v.text = spec.sample_label + "-" + b.header.number;
        }
      },
      step.spec);
  return in;
}

bool is_process_parameter(const recipe::Step& step) {
  return std::holds_alternative<recipe::ProcessParameterSpec>(step.spec);
}
bool is_sign_off(const recipe::Step& step) {
  return std::holds_alternative<recipe::SignOffSpec>(step.spec);
}

// Executes Ready steps (witnessing where asked) until `stop` says so or nothing is Ready.
Result<void> execute(BatchService& service, const std::string& id, const DemoCrew& crew,
                     const std::function<bool(const Batch&, const StepRun&)>& stop) {
  for (int guard = 0; guard < 2000; ++guard) {
    GEMBA_TRY(b, service.get(id));
    const StepRun* witness_due = nullptr;
    for (const StepRun& r : b->steps) {
      if (r.state == StepState::kInProgress && r.entry && !r.witness) witness_due = &r;
    }
    if (witness_due) {
      SignatureInput sig;
      sig.verified = crew.witness_signer;
      GEMBA_RETURN_IF_ERROR(service.verify_step(*crew.operator_, id, witness_due->key,
                                                witness_due->occurrence, std::nullopt, sig));
      continue;
    }
    const auto ready = ready_runs(*b);
    if (ready.empty()) return ok();
    const StepRun& run = *ready.front();
    const recipe::Step* step = find_step(*b, run.key);
    if (!step) return Error::internal("the demo batch has a run without a step: " + run.key);
    if (stop(*b, run)) return ok();
    const bool weigh = crew.weigh && std::holds_alternative<recipe::DispenseSpec>(step->spec);
    if (weigh) GEMBA_RETURN_IF_ERROR(crew.weigh(*b, run));
    CompleteInput in =
        input_for(*b, *step, run,
                  Timestamp(std::chrono::floor<Duration>(std::chrono::system_clock::now())), weigh);
    if (crew.prepare_equipment && std::holds_alternative<recipe::EquipmentUseSpec>(step->spec)) {
      GEMBA_RETURN_IF_ERROR(crew.prepare_equipment(*b, run, *in.value.text));
    }
    std::optional<SignatureInput> sig;
    const trust::Principal* who = crew.operator_;
    if (is_process_parameter(*step)) {
      sig = SignatureInput{};
      sig->verified = crew.supervisor_signer;
      who = crew.supervisor;
    } else if (is_sign_off(*step)) {
      sig = SignatureInput{};
      sig->verified = crew.operator_signer;
    }
    GEMBA_RETURN_IF_ERROR(service.complete_step(*who, id, std::move(in), sig));
  }
  return Error::internal("the demo batch did not finish");
}

Result<std::string> new_batch(BatchService& service, const std::string& recipe_id,
                              const DemoCrew& crew) {
  CreateBatchInput in;
  in.recipe_id = recipe_id;
  GEMBA_TRY(created, service.create(*crew.supervisor, in));
  const std::string id = created.batch->header.id;
  GEMBA_RETURN_IF_ERROR(service.start(*crew.supervisor, id, std::nullopt));
  return id;
}

const auto kNeverStop = [](const Batch&, const StepRun&) { return false; };

Result<void> finish(BatchService& service, const std::string& id, const DemoCrew& crew) {
  GEMBA_RETURN_IF_ERROR(execute(service, id, crew, kNeverStop));
  SignatureInput sig;
  sig.verified = crew.operator_signer;
  GEMBA_RETURN_IF_ERROR(service.complete(*crew.operator_, id, sig));
  return ok();
}

// Accepts every open exception except those `keep_open` names.
Result<void> review(BatchService& service, const std::string& id, const DemoCrew& crew,
                    const std::function<bool(const BatchException&)>& keep_open) {
  GEMBA_TRY(b, service.get(id));
  SignatureInput sig;
  sig.verified = crew.reviewer_signer;
  for (const BatchException& e : b->exceptions) {
    if (e.disposition || keep_open(e)) continue;
    GEMBA_RETURN_IF_ERROR(service.disposition(
        *crew.reviewer, id, e.id, DispositionOutcome::kAccepted,
        e.kind == ExceptionKind::kManualOverride
            ? "Manual entry checked against the equipment's printout; within limits"
            : "Reviewed; no impact on product quality",
        "", sig));
  }
  return ok();
}

}  // namespace

Result<DemoBatches> seed_demo_batches(BatchService& service, const std::string& recipe_id,
                                      const DemoCrew& crew) {
  DemoBatches out;
  // 1. Executed, reviewed and released.
  GEMBA_TRY(released, new_batch(service, recipe_id, crew));
  GEMBA_RETURN_IF_ERROR(finish(service, released, crew));
  GEMBA_RETURN_IF_ERROR(
      review(service, released, crew, [](const BatchException&) { return false; }));
  SignatureInput release_sig;
  release_sig.verified = crew.approver_signer;
  GEMBA_RETURN_IF_ERROR(service.release(*crew.approver, released, release_sig));
  out.released = released;

  // 2. In review with three exceptions open: a tablet weight above its alarm limit, a corrected
  //    LOD, and a comment the operator flagged.
  GEMBA_TRY(in_review, new_batch(service, recipe_id, crew));
  GEMBA_RETURN_IF_ERROR(execute(service, in_review, crew, [](const Batch&, const StepRun& r) {
    return r.key == "tablet_weight";
  }));
  {
    GEMBA_TRY(b, service.get(in_review));
    const StepRun* r = find_run(*b, "tablet_weight", 1);
    const recipe::Step* step = find_step(*b, "tablet_weight");
    if (r && step) {
      CompleteInput in = input_for(*b, *step, *r, b->header.created_at, false);
      if (const auto* spec = std::get_if<recipe::NumericEntrySpec>(&step->spec);
          spec && spec->alarm.high &&
          (!spec->limits.high || *spec->limits.high > *spec->alarm.high)) {
        const double above = *spec->alarm.high +
                             (spec->limits.high ? (*spec->limits.high - *spec->alarm.high) / 2 : 1);
        in.value.number = std::round(above * 10) / 10;
      }
      GEMBA_RETURN_IF_ERROR(service.complete_step(*crew.operator_, in_review, std::move(in), {}));
    }
  }
  GEMBA_RETURN_IF_ERROR(finish(service, in_review, crew));
  {
    ValueInput lod;
    lod.number = 1.42;
    SignatureInput sig;
    sig.verified = crew.operator_signer;
    GEMBA_RETURN_IF_ERROR(service.correct_step(*crew.operator_, in_review, "lod", 1, std::nullopt,
                                               lod,
                                               "Transcription error: the balance printout "
                                               "reads 1.42 %",
                                               sig));
    GEMBA_RETURN_IF_ERROR(service.add_comment(
        *crew.operator_, in_review, "coated_appearance", 1,
        "Two tablets with a small edge chip found in the sample; set aside for QA", true));
  }
  GEMBA_RETURN_IF_ERROR(review(service, in_review, crew, [](const BatchException& e) {
    return e.kind == ExceptionKind::kAlarmExcursion || e.kind == ExceptionKind::kCorrection ||
           e.kind == ExceptionKind::kFlaggedComment;
  }));
  out.in_review = in_review;

  // 3. In progress: dispensed, binder made, dry-mixed; granulation is next.
  GEMBA_TRY(in_progress, new_batch(service, recipe_id, crew));
  GEMBA_RETURN_IF_ERROR(execute(service, in_progress, crew, [](const Batch&, const StepRun& r) {
    return r.key == "add_binder";
  }));
  out.in_progress = in_progress;
  return out;
}

}  // namespace gemba::batch
