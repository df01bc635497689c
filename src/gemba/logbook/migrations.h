#pragma once
// The logbook capability's migrations (logbook/migrations/), embedded by CMake.

#include <vector>

#include "gemba/store/migrations.h"

namespace gemba {
const std::vector<store::Migration>& logbook_migrations();
}  // namespace gemba
