#pragma once
// Installation-wide tables (system_settings), owned by the wiring.

#include <vector>

#include "gemba/store/migrations.h"

namespace gemba::cli {
const std::vector<store::Migration>& system_migrations();
}
