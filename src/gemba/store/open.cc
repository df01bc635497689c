#include "gemba/store/postgres/postgres_database.h"
#include "gemba/store/sqlite/sqlite_database.h"

namespace gemba::store {

Result<std::unique_ptr<Database>> open_database(const std::string& url,
                                                const DatabaseOptions& options) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return postgres::PostgresDatabase::open(url, options);
  }
  std::string path = url;
  if (path.starts_with("sqlite://")) {
    path.erase(0, 9);  // sqlite:///var/lib/gemba.db → /var/lib/gemba.db
  } else if (path.starts_with("sqlite:")) {
    path.erase(0, 7);
  } else if (const auto scheme = path.find("://"); scheme != std::string::npos) {
    // Name only the scheme: the rest of a URL may hold a password.
    return Error::invalid_argument("unsupported database URL scheme '" + path.substr(0, scheme) +
                                   "': use sqlite:PATH, a file path or postgresql://...");
  }
  if (path.empty()) {
    return Error::invalid_argument("the database URL names no SQLite file");
  }
  return sqlite::SqliteDatabase::open(path, options);
}

}  // namespace gemba::store
