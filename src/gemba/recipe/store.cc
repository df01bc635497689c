#include "gemba/recipe/store.h"

namespace gemba::recipe::recipe_store {
namespace {

constexpr const char* kRecipeColumns =
    "id, product_code, product_name, site, created_at_us, created_by";

// Without content (lists), and with it.
constexpr const char* kVersionColumns =
    "id, recipe_id, number, state, site, content_sha256, step_count, problem_count, based_on, "
    "version, review_round, created_at_us, created_by, updated_at_us, updated_by";
constexpr const char* kVersionColumnsWithContent =
    "id, recipe_id, number, state, site, content_sha256, step_count, problem_count, based_on, "
    "version, review_round, created_at_us, created_by, updated_at_us, updated_by, content";

StoredRecipe recipe_from_row(const store::Row& r) {
  return {r.text(0), r.text(1), r.text(2), r.text(3), r.int64(4), r.text(5)};
}

Result<StoredVersion> version_from_row(const store::Row& r) {
  StoredVersion v;
  v.id = r.text(0);
  v.recipe_id = r.text(1);
  v.number = static_cast<int>(r.int64(2));
  auto state = parse_version_state(r.text(3));
  if (!state) {
    return Error::internal("recipe version " + v.id + " has an unknown state");
  }
  v.state = *state;
  v.site = r.text(4);
  v.content_sha256 = r.text(5);
  v.step_count = static_cast<int>(r.int64(6));
  v.problem_count = static_cast<int>(r.int64(7));
  if (auto b = r.opt_int64(8)) v.based_on = static_cast<int>(*b);
  v.version = r.int64(9);
  v.review_round = static_cast<int>(r.int64(10));
  v.created_at_us = r.int64(11);
  v.created_by = r.text(12);
  v.updated_at_us = r.int64(13);
  v.updated_by = r.text(14);
  if (r.size() > 15) v.content = r.text(15);
  return v;
}

Result<std::optional<StoredVersion>> one_version(const store::Rows& rows) {
  if (rows.empty()) return std::optional<StoredVersion>{};
  GEMBA_TRY(v, version_from_row(rows[0]));
  return std::optional<StoredVersion>(std::move(v));
}

}  // namespace

Result<void> insert_recipe(store::Tx& tx, const StoredRecipe& r) {
  auto done =
      tx.exec(std::string("INSERT INTO recipe (") + kRecipeColumns + ") VALUES (?, ?, ?, ?, ?, ?)",
              r.id, r.product_code, r.product_name, r.site, r.created_at_us, r.created_by);
  if (!done.ok() && done.error().code == ErrorCode::kConflict) {
    return Error::conflict("a recipe for product " + r.product_code + " at site " + r.site +
                               " already exists; import the document to add a version to it",
                           {{"field", "product_code"}});
  }
  if (!done.ok()) return std::move(done).error();
  return ok();
}

Result<std::optional<StoredRecipe>> find_recipe(store::Tx& tx, const std::string& id) {
  GEMBA_TRY(rows,
            tx.query(std::string("SELECT ") + kRecipeColumns + " FROM recipe WHERE id = ?", id));
  if (rows.empty()) return std::optional<StoredRecipe>{};
  return std::optional<StoredRecipe>(recipe_from_row(rows[0]));
}

Result<std::optional<StoredRecipe>> find_recipe_by_product(store::Tx& tx,
                                                           const std::string& product_code,
                                                           const std::string& site) {
  GEMBA_TRY(rows, tx.query(std::string("SELECT ") + kRecipeColumns +
                               " FROM recipe WHERE product_code = ? AND site = ?",
                           product_code, site));
  if (rows.empty()) return std::optional<StoredRecipe>{};
  return std::optional<StoredRecipe>(recipe_from_row(rows[0]));
}

Result<void> update_product_name(store::Tx& tx, const std::string& id, const std::string& name) {
  GEMBA_TRY(n, tx.exec("UPDATE recipe SET product_name = ? WHERE id = ?", name, id));
  (void)n;
  return ok();
}

Result<std::vector<StoredRecipe>> list_recipes(store::Tx& tx, const std::string& after_id,
                                               int limit) {
  GEMBA_TRY(rows, tx.query(std::string("SELECT ") + kRecipeColumns +
                               " FROM recipe WHERE id > ? ORDER BY id LIMIT ?",
                           after_id, limit));
  std::vector<StoredRecipe> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(recipe_from_row(r));
  return out;
}

Result<void> insert_version(store::Tx& tx, const StoredVersion& v) {
  auto done =
      tx.exec(std::string("INSERT INTO recipe_version (") + kVersionColumnsWithContent +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              v.id, v.recipe_id, v.number, version_state_name(v.state), v.site, v.content_sha256,
              v.step_count, v.problem_count, v.based_on, v.version, v.review_round, v.created_at_us,
              v.created_by, v.updated_at_us, v.updated_by, v.content);
  if (!done.ok() && done.error().code == ErrorCode::kConflict) {
    return Error::conflict("version " + std::to_string(v.number) +
                               " was created at the same time by someone else; try again",
                           {{"version", v.number}});
  }
  if (!done.ok()) return std::move(done).error();
  return ok();
}

Result<std::optional<StoredVersion>> find_version(store::Tx& tx, const std::string& recipe_id,
                                                  int number) {
  GEMBA_TRY(rows, tx.query(std::string("SELECT ") + kVersionColumnsWithContent +
                               " FROM recipe_version WHERE recipe_id = ? AND number = ?",
                           recipe_id, number));
  return one_version(rows);
}

Result<std::optional<StoredVersion>> find_version_by_id(store::Tx& tx, const std::string& id) {
  GEMBA_TRY(rows, tx.query(std::string("SELECT ") + kVersionColumnsWithContent +
                               " FROM recipe_version WHERE id = ?",
                           id));
  return one_version(rows);
}

Result<std::vector<StoredVersion>> list_versions(store::Tx& tx, const std::string& recipe_id) {
  GEMBA_TRY(rows, tx.query(std::string("SELECT ") + kVersionColumns +
                               " FROM recipe_version WHERE recipe_id = ? ORDER BY number",
                           recipe_id));
  std::vector<StoredVersion> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    GEMBA_TRY(v, version_from_row(r));
    out.push_back(std::move(v));
  }
  return out;
}

Result<int> next_version_number(store::Tx& tx, const std::string& recipe_id) {
  GEMBA_TRY(rows,
            tx.query("SELECT MAX(number) FROM recipe_version WHERE recipe_id = ?", recipe_id));
  if (rows.empty() || rows[0].is_null(0)) return 1;
  return static_cast<int>(rows[0].int64(0)) + 1;
}

Result<bool> update_version(store::Tx& tx, const StoredVersion& v) {
  GEMBA_TRY(n, tx.exec("UPDATE recipe_version SET content = ?, content_sha256 = ?, step_count = ?, "
                       "problem_count = ?, state = ?, review_round = ?, updated_at_us = ?, "
                       "updated_by = ?, version = version + 1 WHERE id = ? AND version = ?",
                       v.content, v.content_sha256, v.step_count, v.problem_count,
                       version_state_name(v.state), v.review_round, v.updated_at_us, v.updated_by,
                       v.id, v.version));
  return n == 1;
}

Result<void> add_author(store::Tx& tx, const std::string& version_id, const std::string& user_id,
                        std::int64_t at_us) {
  GEMBA_TRY(n, tx.exec("INSERT INTO recipe_version_author (version_id, user_id, first_at_us) "
                       "VALUES (?, ?, ?) ON CONFLICT (version_id, user_id) DO NOTHING",
                       version_id, user_id, at_us));
  (void)n;
  return ok();
}

Result<std::vector<std::string>> authors_of(store::Tx& tx, const std::string& version_id) {
  GEMBA_TRY(rows, tx.query("SELECT user_id FROM recipe_version_author WHERE version_id = ? "
                           "ORDER BY first_at_us, user_id",
                           version_id));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.text(0));
  return out;
}

Result<std::map<std::string, std::string>> printed_names(store::Tx& tx,
                                                         const std::set<std::string>& ids) {
  std::map<std::string, std::string> out;
  for (const std::string& id : ids) {
    GEMBA_TRY(rows, tx.query("SELECT printed_name FROM users WHERE id = ?", id));
    if (!rows.empty()) out[id] = rows[0].text(0);
  }
  return out;
}

Result<void> insert_signature_link(store::Tx& tx, const SignatureLink& l) {
  GEMBA_TRY(n, tx.exec("INSERT INTO recipe_version_signature (signature_id, version_id, action, "
                       "review_round, signer_id, signed_at_us) VALUES (?, ?, ?, ?, ?, ?)",
                       l.signature_id, l.version_id, l.action, l.review_round, l.signer_id,
                       l.signed_at_us));
  (void)n;
  return ok();
}

Result<std::vector<SignatureLink>> signature_links(store::Tx& tx, const std::string& version_id) {
  GEMBA_TRY(rows, tx.query("SELECT signature_id, version_id, action, review_round, signer_id, "
                           "signed_at_us FROM recipe_version_signature WHERE version_id = ? "
                           "ORDER BY signed_at_us, signature_id",
                           version_id));
  std::vector<SignatureLink> out;
  for (const auto& r : rows) {
    out.push_back(
        {r.text(0), r.text(1), r.text(2), static_cast<int>(r.int64(3)), r.text(4), r.int64(5)});
  }
  return out;
}

}  // namespace gemba::recipe::recipe_store
