// gemba: the one binary. Subcommands: serve, demo, migrate, backup, version.

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>
#include <string>

#include "gemba/cli/commands.h"
#include "gemba/cli/config.h"

namespace {

// Flags shared by the commands that talk to a database or serve.
struct CommonFlags {
  std::optional<std::string> config_file;
  std::optional<std::string> database;
  std::optional<std::string> listen;
};

void add_config_flag(CLI::App* cmd, CommonFlags& f) {
  cmd->add_option("--config", f.config_file, "TOML configuration file (see docs/admin.md)");
}
void add_database_flag(CLI::App* cmd, CommonFlags& f) {
  cmd->add_option("--database", f.database,
                  "Database URL: sqlite:PATH or postgresql://USER@HOST:PORT/DB");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Gemba — manufacturing execution for regulated (GMP) manufacturing", "gemba"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  CommonFlags flags;

  auto* serve = app.add_subcommand("serve", "Run the HTTP API, web app and live events");
  add_config_flag(serve, flags);
  add_database_flag(serve, flags);
  serve->add_option("--listen", flags.listen, "ADDR:PORT to listen on (default 127.0.0.1:8080)");
  bool migrate_on_start = false;
  serve->add_flag("--migrate", migrate_on_start,
                  "Apply pending database migrations before serving");

  auto* demo = app.add_subcommand(
      "demo", "Serve the demo plant on an embedded database (var/demo.db, seeded on first start)");
  add_config_flag(demo, flags);
  add_database_flag(demo, flags);
  demo->add_option("--listen", flags.listen, "ADDR:PORT to listen on (default 127.0.0.1:8080)");

  auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations");
  add_config_flag(migrate, flags);
  add_database_flag(migrate, flags);
  bool migrate_check = false;
  migrate->add_flag("--check", migrate_check,
                    "Only report pending migrations; exit 1 if there are any");

  auto* backup = app.add_subcommand(
      "backup", "Write a consistent copy of a SQLite database (safe while the server runs)");
  add_config_flag(backup, flags);
  add_database_flag(backup, flags);
  std::string backup_to;
  backup->add_option("--to", backup_to, "File to write the copy to (must not exist)")->required();

  auto* version = app.add_subcommand("version", "Print the version");

  CLI11_PARSE(app, argc, argv);

  auto config = gemba::cli::load_config_file(flags.config_file, gemba::cli::process_env);
  if (!config.ok()) {
    std::cerr << "gemba: " << config.error().message << "\n";
    return 2;
  }
  if (flags.database) config->database_url = *flags.database;
  if (flags.listen) config->listen = *flags.listen;
  if (demo->parsed() && !flags.database &&
      !gemba::cli::process_env("GEMBA_DATABASE_URL").has_value()) {
    config->database_url = "sqlite:var/demo.db";
  }
  if (auto v = gemba::cli::validate_config(*config); !v.ok()) {
    std::cerr << "gemba: " << v.error().message << "\n";
    return 2;
  }

  if (version->parsed()) return gemba::cli::command_version();
  if (migrate->parsed()) return gemba::cli::command_migrate(*config, migrate_check);
  if (backup->parsed()) return gemba::cli::command_backup(*config, backup_to);
  if (demo->parsed()) return gemba::cli::command_serve(*config, gemba::cli::ServeMode::kDemo);
  return gemba::cli::command_serve(
      *config, migrate_on_start ? gemba::cli::ServeMode::kMigrate : gemba::cli::ServeMode::kStrict);
}
