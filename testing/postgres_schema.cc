#include "testing/postgres_schema.h"

#include <cstdlib>

#include "gemba/store/database.h"

namespace gemba::testing {
namespace {

std::string admin_url() {
  const char* url = std::getenv("GEMBA_TEST_POSTGRES_URL");
  return url ? url : "";
}

Result<void> run(const std::string& sql) {
  auto db = store::open_database(admin_url(), {.pool_size = 1});
  if (!db.ok()) return db.error();
  auto r = (*db)->write([&](store::Tx& tx) { return tx.exec_script(sql); });
  (*db)->close();
  return r;
}

}  // namespace

std::string PostgresSchema::unavailable_reason(bool* must_fail) {
  if (!admin_url().empty()) return "";
  const char* required = std::getenv("GEMBA_REQUIRE_POSTGRES");
  *must_fail = required && std::string(required) == "1";
  return *must_fail ? "GEMBA_REQUIRE_POSTGRES=1 but GEMBA_TEST_POSTGRES_URL is not set"
                    : "PostgreSQL: run under scripts/with-postgres";
}

PostgresSchema::PostgresSchema(std::string name) : name_(std::move(name)) {
  auto created = run("DROP SCHEMA IF EXISTS " + name_ + " CASCADE; CREATE SCHEMA " + name_);
  if (!created.ok()) {
    error_ = created.error().to_string();
    return;
  }
  const std::string admin = admin_url();
  url_ = admin + (admin.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         name_;
}

PostgresSchema::~PostgresSchema() {
  if (!url_.empty()) (void)run("DROP SCHEMA " + name_ + " CASCADE");
}

}  // namespace gemba::testing
