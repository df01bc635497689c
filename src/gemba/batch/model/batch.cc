#include "gemba/batch/model/batch.h"

#include <array>
#include <utility>

namespace gemba::batch {
namespace {

// Names in enum order; parse_* searches the same table.
template <typename E, std::size_t N>
std::optional<E> parse_name(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<E>(i);
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 8> kBatchStateNames{"created",   "in_progress", "on_hold",
                                                           "completed", "in_review",   "released",
                                                           "rejected",  "aborted"};
constexpr std::array<std::string_view, 5> kStepStateNames{"pending", "ready", "in_progress", "done",
                                                          "not_applicable"};
constexpr std::array<std::string_view, 4> kValueSourceNames{"manual", "scanned", "equipment",
                                                            "calculated"};
constexpr std::array<std::string_view, 3> kTagQualityNames{"good", "uncertain", "bad"};
constexpr std::array<std::string_view, 12> kExceptionKindNames{
    "alarm_excursion",     "hard_limit_override", "unexpected_value",     "correction",
    "hold_time_violation", "manual_override",     "late_entry",           "not_applicable",
    "aborted_occurrence",  "flagged_comment",     "condition_unresolved", "interlock_override"};
constexpr std::array<std::string_view, 3> kSeverityNames{"minor", "major", "critical"};
constexpr std::array<std::string_view, 2> kDispositionOutcomeNames{"accepted", "escalated"};

}  // namespace

Person system_person() { return {"", "Gemba (automatic)"}; }

std::string_view batch_state_name(BatchState s) { return kBatchStateNames[int(s)]; }
std::optional<BatchState> parse_batch_state(std::string_view name) {
  return parse_name<BatchState>(kBatchStateNames, name);
}

std::string_view step_state_name(StepState s) { return kStepStateNames[int(s)]; }
std::optional<StepState> parse_step_state(std::string_view name) {
  return parse_name<StepState>(kStepStateNames, name);
}

std::string_view value_source_name(ValueSource s) { return kValueSourceNames[int(s)]; }
std::optional<ValueSource> parse_value_source(std::string_view name) {
  return parse_name<ValueSource>(kValueSourceNames, name);
}

std::string_view tag_quality_name(TagQuality q) { return kTagQualityNames[int(q)]; }
std::optional<TagQuality> parse_tag_quality(std::string_view name) {
  return parse_name<TagQuality>(kTagQualityNames, name);
}

std::string_view exception_kind_name(ExceptionKind k) { return kExceptionKindNames[int(k)]; }
std::optional<ExceptionKind> parse_exception_kind(std::string_view name) {
  return parse_name<ExceptionKind>(kExceptionKindNames, name);
}

std::string_view severity_name(Severity s) { return kSeverityNames[int(s)]; }
std::optional<Severity> parse_severity(std::string_view name) {
  return parse_name<Severity>(kSeverityNames, name);
}

std::string_view disposition_outcome_name(DispositionOutcome d) {
  return kDispositionOutcomeNames[int(d)];
}
std::optional<DispositionOutcome> parse_disposition_outcome(std::string_view name) {
  return parse_name<DispositionOutcome>(kDispositionOutcomeNames, name);
}

const StepRun* find_run(const Batch& b, std::string_view key, int occurrence) {
  for (const StepRun& r : b.steps) {
    if (r.key == key && r.occurrence == occurrence) return &r;
  }
  return nullptr;
}

StepRun* find_run(Batch& b, std::string_view key, int occurrence) {
  return const_cast<StepRun*>(find_run(std::as_const(b), key, occurrence));
}

const StepRun* latest_run(const Batch& b, std::string_view key) {
  const StepRun* latest = nullptr;
  for (const StepRun& r : b.steps) {
    if (r.key == key && (!latest || r.occurrence > latest->occurrence)) latest = &r;
  }
  return latest;
}

const recipe::Step* find_step(const Batch& b, std::string_view key) {
  if (!b.recipe) return nullptr;
  for (const auto& up : b.recipe->unit_procedures) {
    for (const auto& op : up.operations) {
      for (const auto& step : op.steps) {
        if (step.key == key) return &step;
      }
    }
  }
  return nullptr;
}

}  // namespace gemba::batch
