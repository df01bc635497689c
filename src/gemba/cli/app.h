#pragma once
// The wiring: the one place where Gemba's parts are constructed and connected. An App owns the
// clock, ids, metrics, event bus, database, router and server for one `gemba serve`/`demo` process.

#include <memory>
#include <vector>

#include "gemba/batch/model/engine.h"
#include "gemba/cli/commands.h"
#include "gemba/cli/config.h"
#include "gemba/core/clock.h"
#include "gemba/core/event_bus.h"
#include "gemba/core/ids.h"
#include "gemba/core/metrics.h"
#include "gemba/core/result.h"
#include "gemba/store/database.h"
#include "gemba/store/migrations.h"

namespace gemba::batch {
class BatchService;
}  // namespace gemba::batch
namespace gemba::material {
class MaterialService;
}  // namespace gemba::material
namespace gemba::logbook {
class LogbookService;
class PlantChecks;
}  // namespace gemba::logbook

namespace gemba::recipe {
class RecipeService;
}

namespace gemba::http {
class Router;
class Server;
}  // namespace gemba::http

namespace gemba::trust {
class TrustCore;
class SqlIdempotencyStore;
struct TrustSetup;
struct Principal;
}  // namespace gemba::trust

namespace gemba::cli {

// Every capability's migrations, in dependency order.
std::vector<store::Migration> all_migrations();

// Opens config.database_url (creating the directory of a SQLite file if needed).
Result<std::unique_ptr<store::Database>> open_app_database(const Config& config, Metrics* metrics);

// The trust core's settings from the configuration (Argon2id, sessions, lockout, audit key).
trust::TrustSetup trust_setup(const Config& config);

// What the `user` commands need: the (migrated) database and the trust core, without a server.
struct TrustTools {
  SystemClock clock;
  UuidV7Generator ids{clock};
  std::unique_ptr<store::Database> db;
  std::unique_ptr<trust::TrustCore> trust;  // destroyed before db
  ~TrustTools();
};
// failed_precondition when the database needs migrating.
Result<std::unique_ptr<TrustTools>> open_trust_tools(const Config& config);

// `gemba audit verify`: walks the chain read-only (never migrates or writes); exit code 0 intact,
// 3 broken, 1 when it cannot run.
int command_audit_verify(const Config& config);

class App {
 public:
  // Opens and checks the database (migrating or seeding as `mode` says) and builds the routes.
  static Result<std::unique_ptr<App>> create(const Config& config, ServeMode mode);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Serves until SIGINT/SIGTERM, then shuts down gracefully. Returns the exit code.
  int run();

 private:
  App(const Config& config);
  Result<void> prepare_database(ServeMode mode);
  Result<void> seed_demo();
  Result<void> seed_demo_users();
  Result<void> seed_demo_recipes();
  Result<void> seed_demo_batches();
  void build_routes();
  Result<void> seed_demo_plant();
  Result<trust::Principal> demo_login(const char* username);

  const Config config_;
  SystemClock clock_;
  UuidV7Generator ids_{clock_};
  Metrics metrics_;
  EventBus events_{clock_};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<trust::TrustCore> trust_;
  std::unique_ptr<recipe::RecipeService> recipes_;  // destroyed before trust_
  // No equipment connectivity yet: process values are entered by hand, as overrides.
  batch::NoTagSource tag_source_;
  std::unique_ptr<batch::CapabilityChecks> lot_checks_;      // materials' lot checks
  std::unique_ptr<logbook::PlantChecks> capability_checks_;  // lots and the equipment interlock
  std::unique_ptr<batch::BatchService> batches_;             // destroyed before recipes_
  std::unique_ptr<material::MaterialService> materials_;     // destroyed before batches_
  std::unique_ptr<logbook::LogbookService> logbooks_;        // destroyed before batches_
  std::unique_ptr<trust::SqlIdempotencyStore> idempotency_;  // used by router_
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace gemba::cli
