#pragma once
// The materials capability's migrations (material/migrations/), embedded by CMake.

#include <vector>

#include "gemba/store/migrations.h"

namespace gemba {
const std::vector<store::Migration>& material_migrations();
}  // namespace gemba
