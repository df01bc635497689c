#pragma once
// The wiring: the one place where Gemba's parts are constructed and connected. An App owns the
// clock, ids, metrics, event bus, database, router and server for one `gemba serve`/`demo` process.

#include <memory>
#include <vector>

#include "gemba/cli/commands.h"
#include "gemba/cli/config.h"
#include "gemba/core/clock.h"
#include "gemba/core/event_bus.h"
#include "gemba/core/ids.h"
#include "gemba/core/metrics.h"
#include "gemba/core/result.h"
#include "gemba/store/database.h"
#include "gemba/store/migrations.h"

namespace gemba::http {
class Router;
class Server;
}  // namespace gemba::http

namespace gemba::cli {

// Every capability's migrations, in dependency order.
std::vector<store::Migration> all_migrations();

// Opens config.database_url (creating the directory of a SQLite file if needed).
Result<std::unique_ptr<store::Database>> open_app_database(const Config& config, Metrics* metrics);

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
  void build_routes();

  const Config config_;
  SystemClock clock_;
  UuidV7Generator ids_{clock_};
  Metrics metrics_;
  EventBus events_{clock_};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace gemba::cli
