#pragma once
// The batch value checks for a standalone field: a data-entry step spec used outside a batch
// (logbook templates, gemba/logbook/model/template.h) is checked by exactly the rules a batch step
// is (values.h): units and their conversion, decimals, hard limits (override with a comment),
// alarm limits, text length and pattern, choice options, expected choices and booleans. Pure and
// stateless; safe for concurrent use.

#include <string>
#include <string_view>
#include <vector>

#include "gemba/batch/model/batch.h"
#include "gemba/batch/model/engine.h"
#include "gemba/core/result.h"
#include "gemba/recipe/model/step.h"

namespace gemba::batch {

// Something a value is accepted with but a reviewer must see (review by exception): an alarm
// excursion, an unexpected choice or boolean, a hard limit kept with a comment.
struct FieldException {
  ExceptionKind kind = ExceptionKind::kAlarmExcursion;
  Severity severity = Severity::kMinor;
  std::string message;              // "temperature 26.1 °C is above the alarm limit 25 °C"
  recipe::ExpressionValues values;  // the values concerned (value, low, high, alarm_low, ...)
  bool operator==(const FieldException&) const = default;
};

struct CheckedField {
  Value value;  // as batch.h describes it for the step type (number in the spec's unit, ...)
  std::vector<FieldException> exceptions;
};

// Whether check_field takes fields of this type: numeric_entry, text_entry, choice_entry,
// boolean_entry and datetime_entry.
bool is_standalone_field_type(recipe::StepType t);

// Checks `in` against `field` as a batch checks a manual entry of that step (occurrence 1, no
// batch context). `comment` keeps a value outside the hard limits when field.allow_override.
// Messages name the field by its key ("temperature 55 °C is above the upper limit 50 °C"; a
// repeating field as key#1).
// Errors: invalid_argument for a value the spec refuses, with details.field naming the input
// member ("value.number", "value.unit", "value.text", "value.boolean", "value.time") and, for
// limits, the limits; invalid_argument (details.type) for a field of another type;
// failed_precondition when the field's own pattern does not compile (a spec never validated).
Result<CheckedField> check_field(const recipe::Step& field, const ValueInput& in,
                                 std::string_view comment);

}  // namespace gemba::batch
