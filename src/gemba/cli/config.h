#pragma once
// Gemba's configuration: defaults, overridden by a TOML file, overridden by GEMBA_* environment
// variables, overridden by command-line flags (applied by the caller). Pure: the file's text and
// the environment are passed in, so the precedence is testable.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "gemba/core/result.h"

namespace gemba::cli {

struct Config {
  // [server]
  std::string listen = "127.0.0.1:8080";  // ADDR:PORT
  std::string static_dir = "web/dist";
  int io_threads = 2;
  int worker_threads = 64;
  std::size_t body_limit_bytes = 2 * 1024 * 1024;
  int read_timeout_seconds = 15;
  // [server.tls] — TLS is on when both are set.
  std::string tls_cert_file;
  std::string tls_key_file;
  int tls_redirect_port = 0;  // plain-HTTP port answering with a redirect; 0 = none
  // [database]
  std::string database_url = "sqlite:var/gemba.db";
  int database_pool_size = 8;
  // [log]
  std::string log_format = "text";  // text | json
  std::string log_level = "info";   // trace | debug | info | warn | error
  // [site]
  std::string site_timezone = "UTC";  // IANA zone for local times shown beside UTC
  // [security] (docs/compliance/part11.md)
  int session_idle_minutes = 15;
  int session_absolute_hours = 12;
  int lockout_attempts = 5;            // failed attempts that lock an account
  int password_max_age_days = 90;      // 0 = passwords never expire
  int argon2_opslimit = 3;             // Argon2id passes
  int argon2_memlimit_mib = 64;        // Argon2id memory per hash
  bool signature_always_both = false;  // every e-signature asks for user name and password
  // [audit]
  std::string audit_key_file;        // "" = gemba-audit.key beside the SQLite file (var/ otherwise)
  int audit_checkpoint_every = 100;  // sign a checkpoint of the audit chain every N entries
};

// The audit checkpoint key file `config` names, or its default.
std::string audit_key_path(const Config& config);

// Looks an environment variable up; returns nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// The process environment.
std::optional<std::string> process_env(const char* name);

// Applies `toml_text` (may be empty) then the environment to the defaults. Unknown keys in the
// file are refused (a typo must not silently fall back to a default); `source` names the file in
// messages.
Result<Config> load_config(const std::string& toml_text, const std::string& source,
                           const EnvLookup& env);

// Reads the file (if `path` is set) and calls load_config. A missing file given explicitly is an
// error; no file given means defaults and environment only.
Result<Config> load_config_file(const std::optional<std::string>& path, const EnvLookup& env);

// Splits "ADDR:PORT" ("[::1]:8080" for IPv6).
struct ListenAddress {
  std::string address;
  std::uint16_t port = 0;
};
Result<ListenAddress> parse_listen(const std::string& listen);

// Checks values (ranges, enumerations); the message names the setting.
Result<void> validate_config(const Config& config);

}  // namespace gemba::cli
