#pragma once
// Internal to the recipe format: reading one step (format_step.cc) for format.cc.

#include <boost/json/value.hpp>
#include <string>

#include "gemba/recipe/model/field_reader.h"
#include "gemba/recipe/model/format.h"

namespace gemba::recipe {

// Reads the step at `path`; on failure records it in `state` and returns a partial step.
Step read_step(ParseState& state, const boost::json::value& v, std::string path,
               const FormatLimits& limits);

}  // namespace gemba::recipe
