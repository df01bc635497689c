#include "gemba/store/migrations.h"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "gemba/core/time.h"

namespace gemba::store {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "id TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)";
// Serialises migrators on PostgreSQL (pg_advisory_xact_lock key: "gemba" in ASCII).
constexpr std::int64_t kAdvisoryLockKey = 0x67656d6261;

Result<void> lock_migrations(Tx& tx) {
  if (tx.dialect() != Dialect::kPostgres) return ok();  // SQLite has one writer anyway
  GEMBA_RETURN_IF_ERROR(tx.query("SELECT pg_advisory_xact_lock(?)", kAdvisoryLockKey));
  return ok();
}

// Applied migrations by id → checksum; empty when the table does not exist yet.
Result<std::map<std::string, std::string>> applied_migrations(Tx& tx) {
  const char* exists_sql =
      tx.dialect() == Dialect::kSqlite
          ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
          : "SELECT 1 FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_name = 'schema_migrations'";
  GEMBA_TRY(exists, tx.query(exists_sql));
  std::map<std::string, std::string> applied;
  if (exists.empty()) return applied;
  GEMBA_TRY(rows, tx.query("SELECT id, checksum FROM schema_migrations"));
  for (const Row& row : rows) applied.emplace(row.text(0), row.text(1));
  return applied;
}

Error changed_error(const std::string& id, const std::string& was, const std::string& is) {
  return Error::failed_precondition(
      "migration " + id + " was changed after it was applied to this database (checksum " +
          was.substr(0, 12) + "… became " + is.substr(0, 12) +
          "…): restore the original SQL and put the change in a new migration",
      {{"migration", id}, {"applied_checksum", was}, {"checksum", is}});
}

Result<std::vector<std::string>> pending_in(Tx& tx, std::span<const Migration> migrations) {
  GEMBA_TRY(applied, applied_migrations(tx));
  std::vector<std::string> pending;
  std::set<std::string_view> known;
  for (const Migration& m : migrations) {
    if (!known.insert(m.id).second) {
      return Error::invalid_argument("migration " + m.id + " is listed twice",
                                     {{"migration", m.id}});
    }
    auto it = applied.find(m.id);
    if (it == applied.end()) {
      pending.push_back(m.id);
      continue;
    }
    const std::string checksum = migration_checksum(m.sql(tx.dialect()));
    if (it->second != checksum) return changed_error(m.id, it->second, checksum);
  }
  for (const auto& [id, checksum] : applied) {
    if (!known.contains(id)) {
      return Error::failed_precondition(
          "the database has migration " + id +
              " applied, which this gemba binary does not know: it was migrated by another "
              "(newer?) version; run that version or a newer one",
          {{"migration", id}});
    }
  }
  return pending;
}

}  // namespace

std::string migration_checksum(std::string_view sql) {
  [[maybe_unused]] static const int initialised = sodium_init();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(sql.data()), sql.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * sizeof digest);
  for (unsigned char b : digest) {
    hex += kHex[b >> 4];
    hex += kHex[b & 0xf];
  }
  return hex;
}

Result<std::vector<std::string>> pending_migrations(Database& db,
                                                    std::span<const Migration> migrations) {
  return db.read([&](Tx& tx) { return pending_in(tx, migrations); });
}

Result<int> apply_migrations(Database& db, std::span<const Migration> migrations, Clock& clock) {
  GEMBA_RETURN_IF_ERROR(db.write([&](Tx& tx) -> Result<void> {
    GEMBA_RETURN_IF_ERROR(lock_migrations(tx));
    GEMBA_RETURN_IF_ERROR(tx.exec(kCreateTable));
    return ok();
  }));
  GEMBA_TRY(pending, pending_migrations(db, migrations));
  int applied = 0;
  for (const std::string& id : pending) {
    const Migration& m = *std::find_if(migrations.begin(), migrations.end(),
                                       [&](const Migration& x) { return x.id == id; });
    GEMBA_RETURN_IF_ERROR(db.write([&](Tx& tx) -> Result<void> {
      GEMBA_RETURN_IF_ERROR(lock_migrations(tx));
      const std::string& sql = m.sql(tx.dialect());
      const std::string checksum = migration_checksum(sql);
      GEMBA_TRY(done, tx.query("SELECT checksum FROM schema_migrations WHERE id = ?", m.id));
      if (!done.empty()) {  // another migrator got here first
        if (done[0].text(0) != checksum) return changed_error(m.id, done[0].text(0), checksum);
        return ok();
      }
      if (!sql.empty()) {
        if (auto r = tx.exec_script(sql); !r.ok()) {
          Error e = std::move(r).error();
          e.message = "migration " + m.id + " failed: " + e.message;
          e.details["migration"] = m.id;
          return e;
        }
      }
      GEMBA_RETURN_IF_ERROR(
          tx.exec("INSERT INTO schema_migrations (id, checksum, applied_at) VALUES (?, ?, ?)", m.id,
                  checksum, format_rfc3339(clock.now())));
      ++applied;
      return ok();
    }));
  }
  return applied;
}

Result<int> apply_migrations(Database& db, std::span<const Migration> migrations) {
  SystemClock clock;
  return apply_migrations(db, migrations, clock);
}

}  // namespace gemba::store
