#include "gemba/cli/config.h"

#include <toml++/toml.h>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace gemba::cli {
namespace {

Error setting_error(const std::string& source, const std::string& key, const std::string& why) {
  return Error::invalid_argument(source + ": " + key + " " + why, {{"setting", key}});
}

template <typename T>
Result<void> read_into(const toml::table& table, const std::string& path, T& out,
                       const std::string& source) {
  const toml::node* node = table.at_path(path).node();
  if (!node) return ok();
  if constexpr (std::is_same_v<T, std::string>) {
    if (!node->is_string()) return setting_error(source, path, "must be a string");
    out = **node->as_string();
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!node->is_boolean()) return setting_error(source, path, "must be true or false");
    out = **node->as_boolean();
  } else {
    if (!node->is_integer()) return setting_error(source, path, "must be an integer");
    const std::int64_t v = **node->as_integer();
    if (v < 0 || v > std::int64_t(1) << 40) return setting_error(source, path, "is out of range");
    out = static_cast<T>(v);
  }
  return ok();
}

// Every key the file may hold; anything else is refused.
const std::set<std::string>& known_keys() {
  static const std::set<std::string> keys = {"server.listen",
                                             "server.static_dir",
                                             "server.io_threads",
                                             "server.worker_threads",
                                             "server.body_limit_bytes",
                                             "server.read_timeout_seconds",
                                             "server.tls.cert",
                                             "server.tls.key",
                                             "server.tls.redirect_port",
                                             "database.url",
                                             "database.pool_size",
                                             "log.format",
                                             "log.level",
                                             "site.timezone",
                                             "security.session_idle_minutes",
                                             "security.session_absolute_hours",
                                             "security.lockout_attempts",
                                             "security.password_max_age_days",
                                             "security.argon2_opslimit",
                                             "security.argon2_memlimit_mib",
                                             "security.signature_always_both",
                                             "audit.key_file",
                                             "audit.checkpoint_every"};
  return keys;
}

void collect_keys(const toml::table& t, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& [k, v] : t) {
    const std::string key =
        prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = v.as_table()) {
      collect_keys(*sub, key, out);
    } else {
      out.push_back(key);
    }
  }
}

Result<int> parse_int_env(const char* name, const std::string& v) {
  int out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out < 0) {
    return Error::invalid_argument(std::string(name) + "='" + v + "' is not a non-negative integer",
                                   {{"setting", name}});
  }
  return out;
}

}  // namespace

std::optional<std::string> process_env(const char* name) {
  const char* v = std::getenv(name);
  if (!v) return std::nullopt;
  return std::string(v);
}

Result<Config> load_config(const std::string& toml_text, const std::string& source,
                           const EnvLookup& env) {
  Config c;
  if (!toml_text.empty()) {
    toml::table table;
    try {
      table = toml::parse(toml_text, source);
    } catch (const toml::parse_error& e) {
      std::ostringstream msg;
      msg << source << ":" << e.source().begin.line << ":" << e.source().begin.column << ": "
          << e.description();
      return Error::invalid_argument(msg.str(), {{"line", e.source().begin.line}});
    }
    std::vector<std::string> keys;
    collect_keys(table, "", keys);
    for (const auto& k : keys) {
      if (!known_keys().count(k)) {
        return setting_error(source, k, "is not a known setting (see docs/admin.md)");
      }
    }
    GEMBA_RETURN_IF_ERROR(read_into(table, "server.listen", c.listen, source));
    GEMBA_RETURN_IF_ERROR(read_into(table, "server.static_dir", c.static_dir, source));
    GEMBA_RETURN_IF_ERROR(read_into(table, "server.io_threads", c.io_threads, source));
    GEMBA_RETURN_IF_ERROR(read_into(table, "server.worker_threads", c.worker_threads, source));
    GEMBA_RETURN_IF_ERROR(read_into(table, "server.body_limit_bytes", c.body_limit_bytes, source));
    GEMBA_RETURN_IF_ERROR(
        read_into(table, "server.read_timeout_seconds", c.read_timeout_seconds, source));
    GEMBA_RETURN_IF_ERROR(read_into(table, "server.tls.cert", c.tls_cert_file, source));
    GEMBA_RETURN_IF_ERROR(read_into(table, "server.tls.key", c.tls_key_file, source));
    GEMBA_RETURN_IF_ERROR(
        read_into(table, "server.tls.redirect_port", c.tls_redirect_port, source));
    GEMBA_RETURN_IF_ERROR(read_into(table, "database.url", c.database_url, source));
    GEMBA_RETURN_IF_ERROR(read_into(table, "database.pool_size", c.database_pool_size, source));
    GEMBA_RETURN_IF_ERROR(read_into(table, "log.format", c.log_format, source));
    GEMBA_RETURN_IF_ERROR(read_into(table, "log.level", c.log_level, source));
    GEMBA_RETURN_IF_ERROR(read_into(table, "site.timezone", c.site_timezone, source));
    struct IntKey {
      const char* key;
      int* target;
    };
    for (const IntKey& k : {IntKey{"security.session_idle_minutes", &c.session_idle_minutes},
                            IntKey{"security.session_absolute_hours", &c.session_absolute_hours},
                            IntKey{"security.lockout_attempts", &c.lockout_attempts},
                            IntKey{"security.password_max_age_days", &c.password_max_age_days},
                            IntKey{"security.argon2_opslimit", &c.argon2_opslimit},
                            IntKey{"security.argon2_memlimit_mib", &c.argon2_memlimit_mib},
                            IntKey{"audit.checkpoint_every", &c.audit_checkpoint_every}}) {
      GEMBA_RETURN_IF_ERROR(read_into(table, k.key, *k.target, source));
    }
    GEMBA_RETURN_IF_ERROR(
        read_into(table, "security.signature_always_both", c.signature_always_both, source));
    GEMBA_RETURN_IF_ERROR(read_into(table, "audit.key_file", c.audit_key_file, source));
  }
  struct StringEnv {
    const char* name;
    std::string* target;
  };
  const StringEnv strings[] = {
      {"GEMBA_LISTEN", &c.listen},
      {"GEMBA_STATIC_DIR", &c.static_dir},
      {"GEMBA_TLS_CERT", &c.tls_cert_file},
      {"GEMBA_TLS_KEY", &c.tls_key_file},
      {"GEMBA_DATABASE_URL", &c.database_url},
      {"GEMBA_LOG_FORMAT", &c.log_format},
      {"GEMBA_LOG_LEVEL", &c.log_level},
      {"GEMBA_SITE_TIMEZONE", &c.site_timezone},
      {"GEMBA_AUDIT_KEY_FILE", &c.audit_key_file},
  };
  for (const auto& s : strings) {
    if (auto v = env(s.name)) *s.target = *v;
  }
  struct IntEnv {
    const char* name;
    int* target;
  };
  const IntEnv ints[] = {{"GEMBA_WORKER_THREADS", &c.worker_threads},
                         {"GEMBA_IO_THREADS", &c.io_threads},
                         {"GEMBA_DATABASE_POOL_SIZE", &c.database_pool_size},
                         {"GEMBA_TLS_REDIRECT_PORT", &c.tls_redirect_port},
                         {"GEMBA_READ_TIMEOUT_SECONDS", &c.read_timeout_seconds}};
  for (const auto& i : ints) {
    if (auto v = env(i.name)) {
      GEMBA_TRY(n, parse_int_env(i.name, *v));
      *i.target = n;
    }
  }
  return c;
}

Result<Config> load_config_file(const std::optional<std::string>& path, const EnvLookup& env) {
  std::string text;
  std::string source = "(defaults)";
  if (path) {
    std::ifstream in(*path, std::ios::binary);
    if (!in) {
      return Error::not_found("cannot read the configuration file " + *path, {{"path", *path}});
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
    source = *path;
  }
  return load_config(text, source, env);
}

Result<ListenAddress> parse_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    return Error::invalid_argument(
        "listen address '" + listen + "' must be ADDR:PORT, e.g. 127.0.0.1:8080",
        {{"setting", "server.listen"}});
  }
  ListenAddress a;
  a.address = listen.substr(0, colon);
  if (a.address.size() > 2 && a.address.front() == '[' && a.address.back() == ']') {
    a.address = a.address.substr(1, a.address.size() - 2);
  }
  const std::string port = listen.substr(colon + 1);
  unsigned v = 0;
  auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
  if (ec != std::errc() || p != port.data() + port.size() || v > 65535) {
    return Error::invalid_argument("listen port '" + port + "' must be a number from 0 to 65535",
                                   {{"setting", "server.listen"}});
  }
  a.port = static_cast<std::uint16_t>(v);
  return a;
}

Result<void> validate_config(const Config& c) {
  auto bad = [](const char* key, const std::string& why) {
    return Error::invalid_argument(std::string(key) + " " + why, {{"setting", key}});
  };
  GEMBA_RETURN_IF_ERROR(parse_listen(c.listen));
  if (c.io_threads < 1 || c.io_threads > 64) return bad("server.io_threads", "must be 1..64");
  if (c.worker_threads < 1 || c.worker_threads > 1024)
    return bad("server.worker_threads", "must be 1..1024");
  if (c.body_limit_bytes < 1024) return bad("server.body_limit_bytes", "must be at least 1024");
  if (c.read_timeout_seconds < 1) return bad("server.read_timeout_seconds", "must be at least 1");
  if (c.tls_cert_file.empty() != c.tls_key_file.empty())
    return bad("server.tls", "needs both cert and key, or neither");
  if (c.tls_redirect_port < 0 || c.tls_redirect_port > 65535)
    return bad("server.tls.redirect_port", "must be 0..65535");
  if (c.database_url.empty()) return bad("database.url", "must be set");
  if (c.database_pool_size < 1 || c.database_pool_size > 256)
    return bad("database.pool_size", "must be 1..256");
  if (c.log_format != "text" && c.log_format != "json")
    return bad("log.format", "must be text or json, not '" + c.log_format + "'");
  static const std::set<std::string> levels = {"trace", "debug", "info", "warn", "error"};
  if (!levels.count(c.log_level))
    return bad("log.level", "must be trace, debug, info, warn or error, not '" + c.log_level + "'");
  if (c.session_idle_minutes < 1 || c.session_idle_minutes > 24 * 60)
    return bad("security.session_idle_minutes", "must be 1..1440");
  if (c.session_absolute_hours < 1 || c.session_absolute_hours > 24 * 7)
    return bad("security.session_absolute_hours", "must be 1..168");
  if (c.lockout_attempts < 1 || c.lockout_attempts > 100)
    return bad("security.lockout_attempts", "must be 1..100");
  if (c.password_max_age_days > 3650)
    return bad("security.password_max_age_days", "must be 0 (never) ..3650");
  if (c.argon2_opslimit < 1 || c.argon2_opslimit > 100)
    return bad("security.argon2_opslimit", "must be 1..100");
  if (c.argon2_memlimit_mib < 1 || c.argon2_memlimit_mib > 4096)
    return bad("security.argon2_memlimit_mib", "must be 1..4096");
  if (c.audit_checkpoint_every < 1 || c.audit_checkpoint_every > 1000000)
    return bad("audit.checkpoint_every", "must be 1..1000000");
  return ok();
}

std::string audit_key_path(const Config& c) {
  if (!c.audit_key_file.empty()) return c.audit_key_file;
  const std::string& url = c.database_url;
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) {
    return "var/gemba-audit.key";
  }
  const std::filesystem::path db(url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url);
  return (db.parent_path() / "gemba-audit.key").string();
}

}  // namespace gemba::cli
