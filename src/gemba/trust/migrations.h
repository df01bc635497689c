#pragma once
// The trust core's schema: users, roles, sessions, the audit trail, checkpoints, signatures.
// Files in trust/migrations/, embedded by CMake (gemba_embed_migrations).

#include <vector>

#include "gemba/store/migrations.h"

namespace gemba {
const std::vector<store::Migration>& trust_migrations();
}
