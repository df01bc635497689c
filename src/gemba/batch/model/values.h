#pragma once
// Internal to the engine: checking a value against its step (type, units, decimals, limits,
// options, pattern, capabilities) before it is recorded. Pure; the caller raises the exceptions
// and stores the value.

#include <string_view>
#include <vector>

#include "gemba/batch/model/engine_internal.h"

namespace gemba::batch::detail {

struct CheckedValue {
  Value value;
  std::vector<ExceptionDraft> exceptions;
};

// How a number is checked.
struct NumberRules {
  bool entered = true;  // typed by a person: more decimals than allowed is refused; otherwise
                        // (equipment, calculated) rounded
  bool refuse_outside_limits = true;  // false: calculated, nobody to refuse; an exception instead
  bool allow_override = false;        // the step allows keeping a value outside the hard limits
  std::string_view comment;           // the override's comment
};

// A number against a NumericSpec: converted to its unit, rounded, checked against limits and alarm
// limits. `label` names the run in messages.
Result<CheckedValue> check_number(std::string_view label, const recipe::NumericSpec& spec,
                                  double number, std::string_view unit, const NumberRules& rules);

// A person's input for `step` (every type; process parameters and calculations only as manual
// overrides, `manual` true). `comment` is the override comment.
Result<CheckedValue> check_input(const Batch& b, const recipe::Step& step, int occurrence,
                                 const ValueInput& in, std::string_view comment, bool manual,
                                 const CapabilityChecks& checks);

}  // namespace gemba::batch::detail
