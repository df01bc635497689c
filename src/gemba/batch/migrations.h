#pragma once
// The batch capability's migrations (batch/migrations/), embedded by CMake.

#include <vector>

#include "gemba/store/migrations.h"

namespace gemba {
const std::vector<store::Migration>& batch_migrations();
}  // namespace gemba
