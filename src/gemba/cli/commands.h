#pragma once
// The subcommands, each returning the process exit code. They print what a person needs to act
// on to stderr (errors) or stdout (results).

#include <string>

#include "gemba/cli/config.h"

namespace gemba::cli {

enum class ServeMode {
  kStrict,   // refuse to start on a database that needs migrating
  kMigrate,  // apply pending migrations first
  kDemo,     // migrate, seed the demo plant on first start
};

int command_serve(const Config& config, ServeMode mode);
int command_migrate(const Config& config, bool check_only);
int command_backup(const Config& config, const std::string& to);
int command_version();

// "0.1.0"
const char* gemba_version();

}  // namespace gemba::cli
