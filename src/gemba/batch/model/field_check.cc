#include "gemba/batch/model/field_check.h"

#include "gemba/batch/model/values.h"

namespace gemba::batch {

bool is_standalone_field_type(recipe::StepType t) {
  switch (t) {
    case recipe::StepType::kNumericEntry:
    case recipe::StepType::kTextEntry:
    case recipe::StepType::kChoiceEntry:
    case recipe::StepType::kBooleanEntry:
    case recipe::StepType::kDateTimeEntry: return true;
    default: return false;
  }
}

Result<CheckedField> check_field(const recipe::Step& field, const ValueInput& in,
                                 std::string_view comment) {
  const recipe::StepType type = recipe::step_type(field);
  if (!is_standalone_field_type(type)) {
    return Error::invalid_argument(
        field.key + " is " + recipe::step_type_phrase(type) +
            "; a standalone field is a numeric_entry, text_entry, choice_entry, boolean_entry or "
            "datetime_entry",
        {{"type", recipe::step_type_name(type)}});
  }
  // None of these types reads the batch (formula, runs) or asks another capability.
  const Batch no_batch;
  const CapabilityChecks accept_all;
  GEMBA_TRY(checked,
            detail::check_input(no_batch, field, 1, in, comment, /*manual=*/false, accept_all));
  CheckedField out{std::move(checked.value), {}};
  out.exceptions.reserve(checked.exceptions.size());
  for (detail::ExceptionDraft& d : checked.exceptions) {
    out.exceptions.push_back({d.kind, d.severity, std::move(d.message), std::move(d.values)});
  }
  return out;
}

}  // namespace gemba::batch
