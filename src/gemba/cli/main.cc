// gemba: the one binary. Subcommands: serve, demo, migrate, backup, user, audit, version.

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>
#include <string>

#include "gemba/cli/app.h"
#include "gemba/cli/commands.h"
#include "gemba/cli/config.h"
#include "gemba/cli/logging.h"
#include "gemba/trust/admin_commands.h"

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

  // gemba user add|disable|unlock|reset-password (trust/admin_commands.h)
  auto* user = app.add_subcommand("user", "Manage user accounts (audited as the console user)");
  user->require_subcommand(1);
  gemba::trust::UserAddArgs user_add;
  std::vector<std::string> user_roles;
  auto* user_add_cmd = user->add_subcommand("add", "Create a user (prints a temporary password)");
  user_add_cmd->add_option("--username", user_add.username, "Unique user name")->required();
  user_add_cmd->add_option("--name", user_add.printed_name, "Printed (full) name")->required();
  user_add_cmd->add_option("--email", user_add.email, "E-mail address");
  user_add_cmd->add_option("--site", user_add.site, "Site (default: main)");
  user_add_cmd->add_option("--role", user_roles, "Role (repeatable): operator, qa_approver, ...");
  user_add_cmd->add_flag("--admin", user_add.admin, "Make the user an administrator");
  user_add_cmd->add_option("--identity-evidence", user_add.identity_evidence,
                           "How you verified the person's identity");
  user_add_cmd->add_flag("--password-stdin", user_add.password_stdin,
                         "Read the initial password from standard input");
  std::string user_name, user_reason;
  auto* user_disable = user->add_subcommand("disable", "Disable a user and end their sessions");
  auto* user_unlock = user->add_subcommand("unlock", "Unlock a user locked by failed attempts");
  auto* user_reset = user->add_subcommand(
      "reset-password", "Give a user a temporary password (changed at the next login)");
  for (auto* cmd : {user_disable, user_unlock, user_reset}) {
    cmd->add_option("username", user_name, "User name")->required();
    cmd->add_option("--reason", user_reason, "Why (recorded in the audit trail)")->required();
  }
  for (auto* cmd : {user_add_cmd, user_disable, user_unlock, user_reset}) {
    add_config_flag(cmd, flags);
    add_database_flag(cmd, flags);
  }

  auto* audit = app.add_subcommand("audit", "The audit trail");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand(
      "verify", "Verify the hash chain and signed checkpoints; exit 3 on a break");
  add_config_flag(audit_verify, flags);
  add_database_flag(audit_verify, flags);

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
  if (audit_verify->parsed()) return gemba::cli::command_audit_verify(*config);
  if (user->parsed()) {
    if (auto r = gemba::cli::setup_logging(config->log_format, "warn"); !r.ok()) {
      std::cerr << "gemba: " << r.error().message << "\n";
      return 2;
    }
    auto tools = gemba::cli::open_trust_tools(*config);
    if (!tools.ok()) {
      std::cerr << "gemba: " << tools.error().message << "\n";
      return 1;
    }
    auto& trust = *(*tools)->trust;
    if (user_add_cmd->parsed()) {
      user_add.roles.insert(user_roles.begin(), user_roles.end());
      return gemba::trust::run_user_add(trust, user_add, std::cin, std::cout, std::cerr);
    }
    if (user_disable->parsed()) {
      return gemba::trust::run_user_disable(trust, user_name, user_reason, std::cout, std::cerr);
    }
    if (user_unlock->parsed()) {
      return gemba::trust::run_user_unlock(trust, user_name, user_reason, std::cout, std::cerr);
    }
    return gemba::trust::run_user_reset_password(trust, user_name, user_reason, std::cout,
                                                 std::cerr);
  }
  if (migrate->parsed()) return gemba::cli::command_migrate(*config, migrate_check);
  if (backup->parsed()) return gemba::cli::command_backup(*config, backup_to);
  if (demo->parsed()) return gemba::cli::command_serve(*config, gemba::cli::ServeMode::kDemo);
  return gemba::cli::command_serve(
      *config, migrate_on_start ? gemba::cli::ServeMode::kMigrate : gemba::cli::ServeMode::kStrict);
}
