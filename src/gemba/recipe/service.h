#pragma once
// RecipeService: the use cases of master batch records — create, import, edit drafts, new
// versions, the signed lifecycle (submit, approve, reject, make effective, retire), export, diff
// and validation. The rules are the pure model's (recipe/model/lifecycle.h, validate.h); this
// loads, asks the model, persists, audits and signs, each change in one unit of work:
//
//   read unit   load the version, its authors and approvals; validate; decide (the model)
//   (outside)   authenticate the signer (Argon2id: never inside a unit of work)
//   write unit  re-check the row's version (optimistic concurrency), change it, sign it, audit it
//   on commit   publish the event (recipe.version_submitted, ...)
//
// Every change leaves an audit entry in its own unit of work (trust::AuditTrail::write refuses to
// commit otherwise); edits carry a reason and the structural diff (old and new values). A version's
// signatures bind the SHA-256 of its canonical content (record type "recipe_version").
//
// Thread-safe: any number of threads may call it at once (it holds no mutable state). Every
// reference given to the constructor must outlive the service; construct it during wiring (it
// registers the "recipe_version" signature content source).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/event_bus.h"
#include "gemba/core/ids.h"
#include "gemba/core/result.h"
#include "gemba/recipe/model/diff.h"
#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/lifecycle.h"
#include "gemba/recipe/model/problem.h"
#include "gemba/recipe/model/validate.h"
#include "gemba/recipe/store.h"
#include "gemba/store/database.h"
#include "gemba/trust/audit_trail.h"
#include "gemba/trust/principal.h"
#include "gemba/trust/signatures.h"

namespace gemba::recipe {

// The record type of recipe version signatures and audit entries.
inline constexpr std::string_view kVersionRecordType = "recipe_version";

struct RecipeServiceOptions {
  ApprovalPolicy approval;  // approvals_required: 1 (default) or 2
  FormatLimits format;      // for import
};

// An e-signature as the API receives it (API.md "Writes"). `meaning`, when given, must be the
// action's (recipe meaning "made_effective" or the trust meaning it is recorded as, "released").
struct SignatureInput {
  std::optional<std::string> username;
  std::string password;
  std::optional<std::string> meaning;
  std::string comment;
};

// A version as the API shows it.
struct VersionView {
  recipe_store::StoredRecipe recipe;
  recipe_store::StoredVersion version;  // with content (canonical JSON)
  std::vector<std::string> author_ids;
  std::vector<Problem> problems;  // of the content, validated now (drafts may have some)
  boost::json::array signatures;  // manifestations, oldest first
  std::map<std::string, std::string> people;  // user id → printed name, of the ids above
};

struct TransitionResult {
  VersionView version;                // after the transition
  boost::json::object signature;      // manifestation of the signature applied; empty if none
  std::optional<int> superseded;      // make-effective: the version it superseded
  std::optional<int> approvals_left;  // approve: approvals still needed (0 once approved)
};

struct RecipeSummary {
  recipe_store::StoredRecipe recipe;
  std::vector<recipe_store::StoredVersion> versions;  // by number, without content
  std::map<std::string, std::string> people;          // user id → printed name, of the ids above
};

struct RecipePage {
  std::vector<RecipeSummary> items;
  std::optional<std::string> next_cursor;
};

class RecipeService {
 public:
  // `events` and `references` may be null (no events; material codes and equipment classes not
  // checked); `references` is called from any number of threads at once, so it must be
  // thread-safe. REQUIRES: trust and recipe migrations applied.
  RecipeService(store::Database& db, Clock& clock, IdGenerator& ids, const trust::AuditTrail& audit,
                trust::Signatures& signatures, EventBus* events,
                const ReferenceChecker* references = nullptr, RecipeServiceOptions options = {});
  RecipeService(const RecipeService&) = delete;
  RecipeService& operator=(const RecipeService&) = delete;

  // A new recipe with `content` as version 1 (a draft, stored even with validation problems;
  // they are returned). conflict when the product already has a recipe at the site.
  Result<VersionView> create_recipe(const trust::Principal& p, const MasterRecipe& content);

  // Parses a recipe document (format.h errors: located invalid_argument, payload_too_large) and
  // stores it as a draft: version 1 of a new recipe, or the next version of the recipe of the same
  // product and site.
  Result<VersionView> import_recipe(const trust::Principal& p, std::string_view document);

  // Recipes in creation order; `cursor` is a previous page's next_cursor ("" = first page).
  // invalid_argument for limit outside 1..500.
  Result<RecipePage> list_recipes(int limit, const std::string& cursor);
  Result<RecipeSummary> get_recipe(const std::string& recipe_id);
  Result<VersionView> get_version(const std::string& recipe_id, int number);

  // Replaces a draft's (or a rejected version's, which returns to draft) content. conflict (with
  // details {"state", "version"}) when `expected_version` is stale; failed_precondition for any
  // other state; invalid_argument when the product code or site differ from the recipe's or the
  // reason is missing. The author joins the version's authors.
  Result<VersionView> update_draft(const trust::Principal& p, const std::string& recipe_id,
                                   int number, std::int64_t expected_version,
                                   const MasterRecipe& content, const std::string& reason);

  // A new draft copied from version `from` (any state).
  Result<VersionView> new_version(const trust::Principal& p, const std::string& recipe_id,
                                  int from);

  // submit | approve | reject | make_effective | retire (not edit / new_version). Signed as the
  // lifecycle says; the signer must be the caller. Submit validates fully and refuses with every
  // located problem (invalid_argument). Reject and retire need a reason. `expected_version`, when
  // given, must be current (conflict otherwise).
  Result<TransitionResult> transition(const trust::Principal& p, const std::string& recipe_id,
                                      int number, LifecycleAction action,
                                      std::optional<std::int64_t> expected_version,
                                      const SignatureInput& signature, const std::string& reason);

  // The stored canonical JSON, byte for byte what was written (and what import reads back).
  Result<std::string> export_version(const std::string& recipe_id, int number);
  Result<RecipeDiff> diff_versions(const std::string& recipe_id, int from, int to);

  // Validation without storing (the references checker included).
  std::vector<Problem> validate_content(const MasterRecipe& content) const;

  const RecipeServiceOptions& options() const { return options_; }

 private:
  // A version's content made ready to store: its problems, canonical text and SHA-256.
  struct PreparedContent {
    std::vector<Problem> problems;
    std::string text;
    std::string sha256;
  };
  PreparedContent prepare(const MasterRecipe& content) const;
  Result<VersionView> add_draft(const trust::Principal& p, const MasterRecipe& content,
                                bool must_be_new, std::string_view action);
  Result<VersionView> load_view(store::Tx& tx, const std::string& recipe_id, int number,
                                bool with_signatures) const;
  void publish(store::Tx& tx, std::string type, const recipe_store::StoredVersion& v,
               boost::json::object data = {});

  store::Database& db_;
  Clock& clock_;
  IdGenerator& ids_;
  const trust::AuditTrail& audit_;
  trust::Signatures& signatures_;
  EventBus* const events_;
  const ReferenceChecker* const references_;
  const RecipeServiceOptions options_;
};

// The recipe Actor (lifecycle.h) of an authenticated principal.
Actor recipe_actor(const trust::Principal& p);

// The trust signature meaning a lifecycle meaning is recorded with (made_effective → released,
// retired → approved: trust has no meanings of their own yet; the comment names the action).
trust::SignatureMeaning trust_meaning(SignatureMeaning m);

}  // namespace gemba::recipe
