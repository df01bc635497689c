#pragma once
// A schema of its own in the throwaway PostgreSQL cluster that scripts/with-postgres starts
// (GEMBA_TEST_POSTGRES_URL), for a test that runs the server on PostgreSQL: created empty on
// construction, dropped on destruction.

#include <string>

namespace gemba::testing {

class PostgresSchema {
 public:
  // "" when the cluster is there; otherwise why the test should skip ("run under
  // scripts/with-postgres"), or fail when GEMBA_REQUIRE_POSTGRES=1 (CI).
  static std::string unavailable_reason(bool* must_fail);

  // REQUIRES: unavailable_reason() is "". `name` is a plain identifier.
  explicit PostgresSchema(std::string name);
  ~PostgresSchema();
  PostgresSchema(const PostgresSchema&) = delete;
  PostgresSchema& operator=(const PostgresSchema&) = delete;

  // The database URL with search_path set to the schema; "" if it could not be created.
  const std::string& url() const { return url_; }
  const std::string& error() const { return error_; }

 private:
  std::string name_;
  std::string url_;
  std::string error_;
};

}  // namespace gemba::testing
