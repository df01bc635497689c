#include "gemba/cli/app.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "gemba/cli/system_migrations.h"
#include "gemba/core/time.h"
#include "gemba/http/router.h"
#include "gemba/http/server.h"
#include "gemba/http/system_routes.h"

namespace gemba::cli {
namespace {

bool is_sqlite_url(const std::string& url) {
  return url.rfind("postgres://", 0) != 0 && url.rfind("postgresql://", 0) != 0;
}

std::string sqlite_path(const std::string& url) {
  return url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
}

// Names the database for messages without its password.
std::string describe_database(const std::string& url) {
  if (is_sqlite_url(url)) return "SQLite database " + sqlite_path(url);
  const auto at = url.find('@');
  const auto scheme_end = url.find("://");
  if (at == std::string::npos || scheme_end == std::string::npos) return "PostgreSQL database";
  return "PostgreSQL database " + url.substr(0, scheme_end + 3) + "…" + url.substr(at);
}

}  // namespace

std::vector<store::Migration> all_migrations() {
  std::vector<store::Migration> all;
  for (const auto* set : {&system_migrations()}) all.insert(all.end(), set->begin(), set->end());
  return all;
}

Result<std::unique_ptr<store::Database>> open_app_database(const Config& config, Metrics* metrics) {
  if (is_sqlite_url(config.database_url)) {
    const std::filesystem::path path(sqlite_path(config.database_url));
    if (path.has_parent_path()) {
      std::error_code ec;
      std::filesystem::create_directories(path.parent_path(), ec);
      if (ec) {
        return Error::unavailable("cannot create the directory " + path.parent_path().string() +
                                  " for the database: " + ec.message());
      }
    }
  }
  store::DatabaseOptions options;
  options.pool_size = config.database_pool_size;
  options.metrics = metrics;
  auto db = store::open_database(config.database_url, options);
  if (!db.ok()) {
    return Error(db.error().code, "cannot open the " + describe_database(config.database_url) +
                                      ": " + db.error().message);
  }
  return db;
}

App::App(const Config& config) : config_(config) {}

App::~App() {
  if (server_) server_->stop();
  if (db_) db_->close();
}

Result<std::unique_ptr<App>> App::create(const Config& config, ServeMode mode) {
  std::unique_ptr<App> app(new App(config));
  GEMBA_TRY(db, open_app_database(config, &app->metrics_));
  app->db_ = std::move(db);
  GEMBA_RETURN_IF_ERROR(app->prepare_database(mode));
  app->build_routes();
  return app;
}

Result<void> App::prepare_database(ServeMode mode) {
  const auto migrations = all_migrations();
  GEMBA_TRY(pending, store::pending_migrations(*db_, migrations));
  if (!pending.empty()) {
    if (mode == ServeMode::kStrict) {
      std::string list;
      for (const auto& id : pending) list += (list.empty() ? "" : ", ") + id;
      return Error::failed_precondition(
          "the " + describe_database(config_.database_url) + " needs " +
          std::to_string(pending.size()) + " migration(s) (" + list +
          "); run `gemba migrate` first, or start with `gemba serve --migrate`");
    }
    GEMBA_TRY(applied, store::apply_migrations(*db_, migrations));
    spdlog::info("applied {} migration(s) to the {}", applied,
                 describe_database(config_.database_url));
  }
  if (mode == ServeMode::kDemo) GEMBA_RETURN_IF_ERROR(seed_demo());
  return ok();
}

Result<void> App::seed_demo() {
  // Each capability adds its demo data here as it lands; the marker makes seeding happen once.
  return db_->write([&](store::Tx& tx) -> Result<void> {
    GEMBA_TRY(seeded, tx.query("SELECT value FROM system_settings WHERE key = ?", "demo.seeded"));
    if (!seeded.empty()) return ok();
    GEMBA_RETURN_IF_ERROR(
        tx.exec("INSERT INTO system_settings (key, value, updated_at) VALUES (?, ?, ?)",
                "demo.seeded", "true", format_rfc3339(clock_.now())));
    tx.on_commit([] { spdlog::info("demo plant seeded"); });
    return ok();
  });
}

void App::build_routes() {
  router_ = std::make_unique<http::Router>();
  http::SystemInfo info;
  info.version = gemba_version();
  info.database_kind = [this] { return std::string(db_->kind()); };
  info.database_ping = [this]() -> Result<void> {
    return db_->read([](store::Tx& tx) -> Result<void> {
      GEMBA_RETURN_IF_ERROR(tx.query("SELECT 1"));
      return ok();
    });
  };
  info.metrics = &metrics_;
  info.events = &events_;
  http::register_system_routes(*router_, info);
}

int App::run() {
  auto listen = parse_listen(config_.listen);
  if (!listen.ok()) {
    spdlog::error("{}", listen.error().message);
    return 2;
  }
  http::ServerOptions options;
  options.address = listen->address;
  options.port = listen->port;
  options.io_threads = config_.io_threads;
  options.worker_threads = config_.worker_threads;
  options.body_limit = config_.body_limit_bytes;
  options.read_timeout = std::chrono::seconds(config_.read_timeout_seconds);
  options.static_dir = config_.static_dir;
  if (!config_.tls_cert_file.empty()) {
    http::TlsOptions tls;
    tls.cert_file = config_.tls_cert_file;
    tls.key_file = config_.tls_key_file;
    if (config_.tls_redirect_port > 0) {
      tls.redirect_port = static_cast<std::uint16_t>(config_.tls_redirect_port);
    }
    options.tls = tls;
  }
  server_ = std::make_unique<http::Server>(options, *router_, metrics_);
  if (auto started = server_->start(); !started.ok()) {
    spdlog::error("cannot start the server: {}", started.error().message);
    return 1;
  }
  spdlog::info("gemba {} serving on {}://{}:{} with the {}", gemba_version(),
               options.tls ? "https" : "http", options.address, server_->port(),
               describe_database(config_.database_url));
  if (auto served = server_->run_until_signal(); !served.ok()) {
    spdlog::error("{}", served.error().message);
    return 1;
  }
  spdlog::info("stopped");
  db_->close();
  return 0;
}

}  // namespace gemba::cli
