#pragma once
// Small helpers shared by the RecipeService's translation units (service.cc,
// service_lifecycle.cc). Internal to the recipe capability.

#include <boost/json/object.hpp>
#include <string>

#include "gemba/core/clock.h"
#include "gemba/core/error.h"
#include "gemba/core/result.h"
#include "gemba/recipe/store.h"

namespace gemba::recipe::detail {

inline std::int64_t micros(Timestamp t) { return t.time_since_epoch().count(); }

// What a 409 carries about the version as it is now (API.md: "409 with the current state").
boost::json::object current_state(const recipe_store::StoredVersion& v);

// conflict: `expected` is not the row's version any more.
Error stale_version(const recipe_store::StoredVersion& v, std::int64_t expected);

Error recipe_not_found(const std::string& recipe_id);
Error version_not_found(const std::string& recipe_id, int number);

// invalid_argument {"field": "reason"} for a blank or over-long reason.
Result<void> require_reason(const std::string& reason, std::string_view what);

// The canonical content's SHA-256 (hex): what signatures bind to.
std::string content_digest(const std::string& canonical_content);

}  // namespace gemba::recipe::detail
