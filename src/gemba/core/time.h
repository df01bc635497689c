#pragma once
// RFC 3339 timestamps in UTC with microseconds ("2026-11-25T13:52:40.123456Z"), as every API and
// record shows them.

#include <string>
#include <string_view>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"

namespace gemba {

std::string format_rfc3339(Timestamp t);

// Accepts "YYYY-MM-DDTHH:MM:SS[.f{1,6}](Z|±HH:MM)"; converts offsets to UTC.
Result<Timestamp> parse_rfc3339(std::string_view s);

// "PT30M", "PT1H30M", "P1D", "PT45S": the subset of ISO 8601 durations Gemba uses.
std::string format_iso8601_duration(Duration d);
Result<Duration> parse_iso8601_duration(std::string_view s);

}  // namespace gemba
