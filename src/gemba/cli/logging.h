#pragma once
// Process-wide logging setup (spdlog): text for people, JSON lines for log shippers.

#include <string>

#include "gemba/core/result.h"

namespace gemba::cli {

// format: "text" | "json"; level: trace | debug | info | warn | error. Logs go to stderr.
Result<void> setup_logging(const std::string& format, const std::string& level);

}  // namespace gemba::cli
