#include "gemba/cli/app.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <optional>

#include "gemba/batch/migrations.h"
#include "gemba/batch/routes.h"
#include "gemba/batch/service.h"
#include "gemba/batch/service_demo.h"
#include "gemba/cli/system_migrations.h"
#include "gemba/core/time.h"
#include "gemba/http/router.h"
#include "gemba/http/server.h"
#include "gemba/http/system_routes.h"
#include "gemba/logbook/migrations.h"
#include "gemba/logbook/routes.h"
#include "gemba/logbook/service.h"
#include "gemba/logbook/service_demo.h"
#include "gemba/material/migrations.h"
#include "gemba/material/routes.h"
#include "gemba/material/service.h"
#include "gemba/material/service_demo.h"
#include "gemba/recipe/routes.h"
#include "gemba/recipe/service.h"
#include "gemba/recipe/service_demo.h"
#include "gemba/recipe/store.h"
#include "gemba/trust/admin_commands.h"
#include "gemba/trust/audit_trail.h"
#include "gemba/trust/authorizer.h"
#include "gemba/trust/idempotency_store.h"
#include "gemba/trust/migrations.h"
#include "gemba/trust/routes.h"
#include "gemba/trust/trust.h"

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
  for (const auto* set : {&system_migrations(), &trust_migrations(), &recipe_migrations(),
                          &batch_migrations(), &material_migrations(), &logbook_migrations()}) {
    all.insert(all.end(), set->begin(), set->end());
  }
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

trust::TrustSetup trust_setup(const Config& config) {
  trust::TrustSetup s;
  trust::TrustOptions& o = s.options;
  o.session.idle_timeout = std::chrono::minutes(config.session_idle_minutes);
  o.session.absolute_lifetime = std::chrono::hours(config.session_absolute_hours);
  o.lockout.max_failed_attempts = config.lockout_attempts;
  o.password.max_age = std::chrono::days(config.password_max_age_days);
  o.argon2.opslimit = static_cast<unsigned long long>(config.argon2_opslimit);
  o.argon2.memlimit = static_cast<std::size_t>(config.argon2_memlimit_mib) << 20;
  o.signing.always_both = config.signature_always_both;
  o.site_timezone = config.site_timezone;
  o.secure_cookies = !config.tls_cert_file.empty();
  s.audit_key_file = audit_key_path(config);
  s.audit.checkpoint_every = config.audit_checkpoint_every;
  return s;
}

TrustTools::~TrustTools() {
  if (trust && db) (void)trust->audit().checkpoint_now(*db);
  trust.reset();
  if (db) db->close();
}

Result<std::unique_ptr<TrustTools>> open_trust_tools(const Config& config) {
  auto tools = std::make_unique<TrustTools>();
  GEMBA_TRY(db, open_app_database(config, nullptr));
  tools->db = std::move(db);
  GEMBA_TRY(pending, store::pending_migrations(*tools->db, all_migrations()));
  if (!pending.empty()) {
    return Error::failed_precondition("the " + describe_database(config.database_url) +
                                      " needs migrating; run `gemba migrate` first");
  }
  GEMBA_TRY(trust, trust::TrustCore::create(*tools->db, tools->clock, tools->ids, nullptr,
                                            trust_setup(config)));
  tools->trust = std::move(trust);
  return tools;
}

int command_audit_verify(const Config& config) {
  auto db = open_app_database(config, nullptr);
  if (!db.ok()) {
    std::cerr << "gemba: " << db.error().message << "\n";
    return 1;
  }
  const std::string key_path = audit_key_path(config);
  trust::VerifyOptions options;
  std::optional<trust::CheckpointKey> key;
  if (std::filesystem::exists(key_path)) {
    auto loaded = trust::CheckpointKey::load(key_path, false);
    if (!loaded.ok()) {
      std::cerr << "gemba: " << loaded.error().message << "\n";
      return 1;
    }
    key.emplace(std::move(loaded).value());
    options.key = &*key;
  }
  options.checkpoint_file = key_path + ".checkpoint";
  auto report = trust::verify_audit_trail(**db, options);
  (*db)->close();
  if (!report.ok()) {
    std::cerr << "gemba: " << report.error().message << "\n";
    return 1;
  }
  (report->intact ? std::cout : std::cerr) << report->to_text();
  return report->intact ? 0 : 3;
}

App::App(const Config& config) : config_(config) {}

App::~App() {
  if (server_) server_->stop();
  recipes_.reset();
  trust_.reset();
  if (db_) db_->close();
}

Result<std::unique_ptr<App>> App::create(const Config& config, ServeMode mode) {
  std::unique_ptr<App> app(new App(config));
  GEMBA_TRY(db, open_app_database(config, &app->metrics_));
  app->db_ = std::move(db);
  GEMBA_RETURN_IF_ERROR(app->prepare_database(mode));
  GEMBA_TRY(has_admin, app->trust_->users().has_active_administrator());
  if (!has_admin) {
    return Error::failed_precondition(
        "the " + describe_database(config.database_url) +
        " has no active administrator; create one first with `gemba user add --admin "
        "--username NAME --name \"PRINTED NAME\"` (it prints a temporary password)");
  }
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
  GEMBA_TRY(trust, trust::TrustCore::create(*db_, clock_, ids_, &events_, trust_setup(config_)));
  trust_ = std::move(trust);
  recipes_ = std::make_unique<recipe::RecipeService>(*db_, clock_, ids_, trust_->audit(),
                                                     trust_->signatures(), &events_);
  lot_checks_ = std::make_unique<material::MaterialChecks>(*db_);
  capability_checks_ = std::make_unique<logbook::PlantChecks>(*lot_checks_);
  batches_ = std::make_unique<batch::BatchService>(*db_, clock_, ids_, trust_->audit(),
                                                   trust_->signatures(), *recipes_, &events_,
                                                   tag_source_, *capability_checks_);
  GEMBA_TRY(materials, material::MaterialService::open(*db_, clock_, ids_, trust_->audit(),
                                                       trust_->signatures(), *batches_));
  materials_ = std::move(materials);
  if (mode == ServeMode::kDemo) GEMBA_RETURN_IF_ERROR(seed_demo_plant());
  GEMBA_TRY(logbooks, logbook::LogbookService::open(*db_, clock_, ids_, trust_->audit(),
                                                    trust_->signatures(), batches_.get()));
  logbooks_ = std::move(logbooks);
  capability_checks_->set_logbooks(logbooks_.get());
  if (mode == ServeMode::kDemo) GEMBA_RETURN_IF_ERROR(seed_demo());
  // After the demo's history: live screens start from now.
  logbooks_->set_events(&events_);
  materials_->set_events(&events_);
  return ok();
}

namespace {
constexpr const char* kDemoPassword = "gemba-demo-2026";
}  // namespace

// One user per default role (two operators, so witnessing can be shown), with printed
// credentials and no forced first-login change. Users that exist already are left alone.
Result<void> App::seed_demo_users() {
  struct DemoUser {
    const char* username;
    const char* printed_name;
    const char* role;
  };
  static constexpr DemoUser kUsers[] = {
      {"op.anna", "Anna Keller", "operator"},
      {"op.ben", "Ben Okafor", "operator"},
      {"sup.carla", "Carla Reyes", "supervisor"},
      {"qa.david", "David Nowak", "qa_reviewer"},
      {"qp.eva", "Eva Lindqvist", "qa_approver"},
      {"eng.farid", "Farid Haddad", "process_engineer"},
      {"admin.gina", "Gina Rossi", "administrator"},
      {"audit.hugo", "Hugo Martin", "auditor"},
  };
  std::string printed;
  for (const auto& d : kUsers) {
    printed += std::string("\n  ") + d.username + " (" + d.role + ")";
    if (trust_->users().find_by_name(d.username).ok()) continue;
    trust::NewUser u;
    u.username = d.username;
    u.printed_name = d.printed_name;
    u.roles = {d.role};
    u.identity_evidence = "demo user";
    u.password = kDemoPassword;
    u.must_change_password = false;
    u.password_never_expires = true;
    GEMBA_RETURN_IF_ERROR(trust_->users().create(trust::Actor::system("demo"), u));
  }
  spdlog::info("demo users, all with the password {}:{}", kDemoPassword, printed);
  return ok();
}

Result<void> App::seed_demo() {
  GEMBA_RETURN_IF_ERROR(seed_demo_users());
  GEMBA_RETURN_IF_ERROR(seed_demo_recipes());
  GEMBA_RETURN_IF_ERROR(seed_demo_batches());
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

// A demo user's session, logged in with the demo password.
Result<trust::Principal> App::demo_login(const char* username) {
  trust::LoginRequest request;
  request.username = username;
  request.password = kDemoPassword;
  request.client_address = "demo seed";
  GEMBA_TRY(session, trust_->sessions().login(request));
  return session.principal;
}

// The demo plant (site, areas, rooms, equipment) and its four weeks of logbook history, once:
// written by a logbook service on a clock that walks through those weeks (service_demo.h).
Result<void> App::seed_demo_plant() {
  GEMBA_RETURN_IF_ERROR(seed_demo_users());
  const Timestamp now = clock_.now();
  ManualClock past_clock(now - std::chrono::days(29));
  GEMBA_TRY(past, logbook::LogbookService::open(*db_, past_clock, ids_, trust_->audit(),
                                                trust_->signatures(), nullptr));
  if (!past->sites().empty()) return ok();
  GEMBA_TRY(farid, demo_login("eng.farid"));
  GEMBA_TRY(anna, demo_login("op.anna"));
  GEMBA_TRY(anna_signs, trust_->signatures().authenticate(
                            anna, trust::SignatureCredentials{"op.anna", kDemoPassword}));
  GEMBA_TRY(ben_signs, trust_->signatures().authenticate(
                           anna, trust::SignatureCredentials{"op.ben", kDemoPassword}));
  logbook::DemoPlantCrew crew{&farid, &anna, &anna_signs, &ben_signs};
  GEMBA_RETURN_IF_ERROR(logbook::seed_demo_plant(*past, past_clock, now, crew));
  for (const auto* p : {&farid, &anna}) (void)trust_->sessions().logout(*p);
  spdlog::info("demo plant: {} pieces of equipment, four weeks of logbook history",
               past->board().size());
  return ok();
}

// Three batches of the demo recipe (released, in review, in progress), executed through the
// service by the demo crew, once: a plant that has batches already is left alone.
Result<void> App::seed_demo_batches() {
  GEMBA_TRY(existing, batches_->list("", "", 1, ""));
  if (!existing.items.empty()) return ok();
  GEMBA_TRY(recipes, recipes_->list_recipes(500, ""));
  std::string recipe_id;
  for (const auto& r : recipes.items) {
    if (r.recipe.product_code == "PCM500-FCT") recipe_id = r.recipe.id;
  }
  if (recipe_id.empty()) return ok();
  auto signer = [&](const trust::Principal& session, std::optional<std::string> username) {
    return trust_->signatures().authenticate(session,
                                             trust::SignatureCredentials{username, kDemoPassword});
  };
  GEMBA_TRY(anna, demo_login("op.anna"));
  GEMBA_TRY(carla, demo_login("sup.carla"));
  GEMBA_TRY(david, demo_login("qa.david"));
  GEMBA_TRY(eva, demo_login("qp.eva"));
  GEMBA_TRY(eva_releases, signer(eva, "qp.eva"));
  material::DemoMaterialsCrew stores;
  stores.store_keeper = &carla;
  stores.qc = &eva;
  stores.qc_signer = &eva_releases;
  stores.operator_ = &anna;
  GEMBA_TRY(items, materials_->list_items());
  if (items.empty()) GEMBA_RETURN_IF_ERROR(material::seed_demo_materials(*materials_, stores));
  GEMBA_TRY(anna_signs, signer(anna, "op.anna"));
  GEMBA_TRY(ben_signs, signer(anna, "op.ben"));
  GEMBA_TRY(carla_signs, signer(carla, "sup.carla"));
  GEMBA_TRY(david_signs, signer(david, "qa.david"));
  GEMBA_TRY(eva_signs, signer(eva, "qp.eva"));
  batch::DemoCrew crew;
  crew.operator_ = &anna;
  crew.operator_signer = &anna_signs;
  crew.witness_signer = &ben_signs;
  crew.supervisor = &carla;
  crew.supervisor_signer = &carla_signs;
  crew.reviewer = &david;
  crew.reviewer_signer = &david_signs;
  crew.approver = &eva;
  crew.approver_signer = &eva_signs;
  crew.weigh = material::demo_weigher(*materials_, stores);
  const logbook::DemoPlantCrew floor{&carla, &anna, &anna_signs, &ben_signs};
  crew.prepare_equipment = logbook::demo_equipment_preparer(*logbooks_, floor);
  GEMBA_TRY(seeded, batch::seed_demo_batches(*batches_, recipe_id, crew));
  GEMBA_RETURN_IF_ERROR(logbook::seed_demo_aftermath(*logbooks_, floor, seeded.in_progress));
  GEMBA_RETURN_IF_ERROR(material::seed_demo_outputs(*materials_, stores, seeded));
  for (const auto* p : {&anna, &carla, &david, &eva}) (void)trust_->sessions().logout(*p);
  auto number = [&](const std::string& id) {
    auto b = batches_->get(id);
    return b.ok() ? (*b)->header.number : id;
  };
  spdlog::info("demo batches: {} released, {} in review, {} in progress at granulation",
               number(seeded.released), number(seeded.in_review), number(seeded.in_progress));
  return ok();
}

// The Paracetamol 500 mg recipe, authored by the process engineer and approved and made
// effective by the qualified person, through the same service (and signatures) as a user would.
Result<void> App::seed_demo_recipes() {
  GEMBA_TRY(author_session, demo_login("eng.farid"));
  GEMBA_TRY(approver_session, demo_login("qp.eva"));
  const recipe::DemoSigner author{std::move(author_session), kDemoPassword};
  const recipe::DemoSigner approver{std::move(approver_session), kDemoPassword};
  GEMBA_TRY(seeded, recipe::seed_demo_recipes(*recipes_, author, approver));
  spdlog::info("demo recipe Paracetamol 500 mg tablets: version {} effective",
               seeded.paracetamol_version);
  (void)trust_->sessions().logout(author.principal);
  (void)trust_->sessions().logout(approver.principal);
  return ok();
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
  http::register_system_routes(*router_, info);
  // The event stream needs a session and filters events by permission (trust/routes.h).
  trust::register_event_stream(*router_, events_);
  trust::register_trust_routes(*router_, *trust_);
  recipe::register_recipe_routes(*router_, *recipes_);
  batch::register_batch_routes(*router_, *batches_);
  material::register_material_routes(*router_, *materials_);
  logbook::register_logbook_routes(*router_, *logbooks_);
  router_->set_authorizer(trust::make_authorizer(trust_->sessions()));
  idempotency_ = std::make_unique<trust::SqlIdempotencyStore>(*db_, clock_);
  router_->set_idempotency(idempotency_.get(), [](const http::Request& req) {
    const trust::Principal* p = trust::find_principal(req);
    return p ? p->user_id : std::string();
  });
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
  if (auto c = trust_->audit().checkpoint_now(*db_); !c.ok()) {
    spdlog::error("cannot sign the closing audit checkpoint: {}", c.error().message);
  }
  spdlog::info("stopped");
  db_->close();
  return 0;
}

}  // namespace gemba::cli
