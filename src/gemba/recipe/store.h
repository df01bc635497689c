#pragma once
// SQL access to the recipe tables (recipe/migrations/0001_recipes.sql), one function per
// statement, each run inside the caller's unit of work (store::Tx). No rules here: the service
// decides (recipe/model/lifecycle.h), this only reads and writes rows. SQL is the subset SQLite and
// PostgreSQL share, every value bound.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gemba/core/result.h"
#include "gemba/recipe/model/lifecycle.h"
#include "gemba/store/database.h"
#include "gemba/store/migrations.h"

// The recipe schema, embedded from recipe/migrations/ (gemba_embed_migrations). Apply after
// trust_migrations(): lifecycle signatures live in trust's signatures table.
namespace gemba {
const std::vector<store::Migration>& recipe_migrations();
}

namespace gemba::recipe::recipe_store {

struct StoredRecipe {
  std::string id;
  std::string product_code;
  std::string product_name;
  std::string site;
  std::int64_t created_at_us = 0;
  std::string created_by;
};

// A version row. `content` is left empty by the loaders that say so (lists).
struct StoredVersion {
  std::string id;
  std::string recipe_id;
  int number = 0;
  VersionState state = VersionState::kDraft;
  std::string site;
  std::string content;  // canonical JSON
  std::string content_sha256;
  int step_count = 0;
  int problem_count = 0;
  std::optional<int> based_on;
  std::int64_t version = 1;
  int review_round = 0;
  std::int64_t created_at_us = 0;
  std::string created_by;
  std::int64_t updated_at_us = 0;
  std::string updated_by;
};

struct SignatureLink {
  std::string signature_id;
  std::string version_id;
  std::string action;  // lifecycle_action_name()
  int review_round = 0;
  std::string signer_id;
  std::int64_t signed_at_us = 0;
};

// Recipes. insert_recipe: conflict when product code and site already have a recipe.
Result<void> insert_recipe(store::Tx& tx, const StoredRecipe& r);
Result<std::optional<StoredRecipe>> find_recipe(store::Tx& tx, const std::string& id);
Result<std::optional<StoredRecipe>> find_recipe_by_product(store::Tx& tx,
                                                           const std::string& product_code,
                                                           const std::string& site);
Result<void> update_product_name(store::Tx& tx, const std::string& id, const std::string& name);
// Recipes in id order (creation order) after `after_id` ("" = from the start), at most `limit`.
Result<std::vector<StoredRecipe>> list_recipes(store::Tx& tx, const std::string& after_id,
                                               int limit);

// Versions. insert_version: conflict when the number is taken (a concurrent new version).
Result<void> insert_version(store::Tx& tx, const StoredVersion& v);
Result<std::optional<StoredVersion>> find_version(store::Tx& tx, const std::string& recipe_id,
                                                  int number);
Result<std::optional<StoredVersion>> find_version_by_id(store::Tx& tx, const std::string& id);
// Every version of a recipe, by number, without content.
Result<std::vector<StoredVersion>> list_versions(store::Tx& tx, const std::string& recipe_id);
Result<int> next_version_number(store::Tx& tx, const std::string& recipe_id);

// Writes content, content_sha256, step_count, problem_count, state, review_round, updated_*,
// and version + 1, where the row still has `v.version`. Returns false when it did not (stale).
Result<bool> update_version(store::Tx& tx, const StoredVersion& v);

// Authors and lifecycle signatures.
Result<void> add_author(store::Tx& tx, const std::string& version_id, const std::string& user_id,
                        std::int64_t at_us);
Result<std::vector<std::string>> authors_of(store::Tx& tx, const std::string& version_id);
// The printed names of the users `ids` name (user id → printed name; unknown ids left out).
Result<std::map<std::string, std::string>> printed_names(store::Tx& tx,
                                                         const std::set<std::string>& ids);
Result<void> insert_signature_link(store::Tx& tx, const SignatureLink& link);
Result<std::vector<SignatureLink>> signature_links(store::Tx& tx, const std::string& version_id);

}  // namespace gemba::recipe::recipe_store
