#include "gemba/cli/commands.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "gemba/cli/app.h"
#include "gemba/cli/logging.h"
#include "gemba/store/migrations.h"

namespace gemba::cli {

const char* gemba_version() { return "0.1.0"; }

int command_version() {
  std::cout << "gemba " << gemba_version() << "\n";
  return 0;
}

int command_migrate(const Config& config, bool check_only) {
  if (auto r = setup_logging(config.log_format, config.log_level); !r.ok()) {
    std::cerr << "gemba: " << r.error().message << "\n";
    return 2;
  }
  auto db = open_app_database(config, nullptr);
  if (!db.ok()) {
    std::cerr << "gemba: " << db.error().message << "\n";
    return 1;
  }
  const auto migrations = all_migrations();
  auto pending = store::pending_migrations(**db, migrations);
  if (!pending.ok()) {
    std::cerr << "gemba: " << pending.error().message << "\n";
    return 1;
  }
  if (check_only) {
    for (const auto& id : *pending) std::cout << "pending " << id << "\n";
    std::cout << pending->size() << " pending migration(s)\n";
    return pending->empty() ? 0 : 1;
  }
  auto applied = store::apply_migrations(**db, migrations);
  if (!applied.ok()) {
    std::cerr << "gemba: " << applied.error().message << "\n";
    return 1;
  }
  std::cout << "applied " << *applied << " migration(s); the database is up to date\n";
  return 0;
}

int command_backup(const Config& config, const std::string& to) {
  if (std::filesystem::exists(to)) {
    std::cerr << "gemba: " << to << " already exists; choose a new file for the backup\n";
    return 1;
  }
  auto db = open_app_database(config, nullptr);
  if (!db.ok()) {
    std::cerr << "gemba: " << db.error().message << "\n";
    return 1;
  }
  if (auto r = (*db)->backup_to(to); !r.ok()) {
    std::cerr << "gemba: " << r.error().message << "\n";
    return 1;
  }
  std::cout << "backup written to " << to << "\n";
  return 0;
}

int command_serve(const Config& config, ServeMode mode) {
  if (auto r = setup_logging(config.log_format, config.log_level); !r.ok()) {
    std::cerr << "gemba: " << r.error().message << "\n";
    return 2;
  }
  auto app = App::create(config, mode);
  if (!app.ok()) {
    spdlog::error("{}", app.error().message);
    std::cerr << "gemba: " << app.error().message << "\n";
    return 1;
  }
  return (*app)->run();
}

}  // namespace gemba::cli
