#include "gemba/recipe/service.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>
#include <utility>

#include "gemba/core/time.h"
#include "gemba/recipe/service_support.h"
#include "gemba/trust/sha256.h"

namespace gemba::recipe {
namespace json = boost::json;
using recipe_store::StoredRecipe;
using recipe_store::StoredVersion;

namespace detail {

json::object current_state(const StoredVersion& v) {
  return {{"number", v.number},
          {"state", version_state_name(v.state)},
          {"version", v.version},
          {"content_sha256", v.content_sha256},
          {"updated_by", v.updated_by},
          {"updated_at", format_rfc3339(Timestamp(std::chrono::microseconds(v.updated_at_us)))}};
}

Error stale_version(const StoredVersion& v, std::int64_t expected) {
  return Error::conflict(
      "version " + std::to_string(v.number) +
          " of the recipe was changed since you read it (you sent v" + std::to_string(expected) +
          ", it is now v" + std::to_string(v.version) + ", " +
          std::string(version_state_name(v.state)) + "); reload it and apply your change again",
      {{"current", current_state(v)}});
}

Error recipe_not_found(const std::string& recipe_id) {
  return Error::not_found("there is no recipe " + quoted(recipe_id.substr(0, 64)),
                          {{"recipe", recipe_id.substr(0, 64)}});
}

Error version_not_found(const std::string& recipe_id, int number) {
  return Error::not_found("the recipe has no version " + std::to_string(number),
                          {{"recipe", recipe_id.substr(0, 64)}, {"version", number}});
}

std::string content_digest(const std::string& canonical_content) {
  return trust::sha256_hex(canonical_content);
}

Result<void> require_reason(const std::string& reason, std::string_view what) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::invalid_argument("give a reason for " + std::string(what) + " (\"reason\": …)",
                                   {{"field", "reason"}});
  }
  if (reason.size() > 4000) {
    return Error::invalid_argument("the reason has at most 4000 characters", {{"field", "reason"}});
  }
  return ok();
}

}  // namespace detail

namespace {

// Diffs larger than this are audited as their summary only (the versions keep both contents).
constexpr std::size_t kMaxAuditedDiffBytes = 256 * 1024;

json::value audited_diff(const MasterRecipe& from, const MasterRecipe& to) {
  json::value d = diff_to_json(diff_recipes(from, to));
  if (json::serialize(d).size() <= kMaxAuditedDiffBytes) return d;
  json::object summary;
  if (d.is_object()) {
    if (const auto* s = d.as_object().if_contains("summary")) summary["summary"] = *s;
  }
  summary["truncated"] = true;
  return summary;
}

}  // namespace

Actor recipe_actor(const trust::Principal& p) {
  Actor a;
  a.user_id = p.user_id;
  for (const auto& perm : p.permissions) a.permissions.insert(perm);
  return a;
}

trust::SignatureMeaning trust_meaning(SignatureMeaning m) {
  switch (m) {
    case SignatureMeaning::kAuthored: return trust::SignatureMeaning::kAuthored;
    case SignatureMeaning::kApproved: return trust::SignatureMeaning::kApproved;
    case SignatureMeaning::kRejected: return trust::SignatureMeaning::kRejected;
    case SignatureMeaning::kMadeEffective: return trust::SignatureMeaning::kReleased;
    case SignatureMeaning::kRetired: return trust::SignatureMeaning::kApproved;
  }
  return trust::SignatureMeaning::kApproved;
}

RecipeService::RecipeService(store::Database& db, Clock& clock, IdGenerator& ids,
                             const trust::AuditTrail& audit, trust::Signatures& signatures,
                             EventBus* events, const ReferenceChecker* references,
                             RecipeServiceOptions options)
    : db_(db),
      clock_(clock),
      ids_(ids),
      audit_(audit),
      signatures_(signatures),
      events_(events),
      references_(references),
      options_(std::move(options)) {
  signatures_.register_content_source(
      std::string(kVersionRecordType),
      [](store::Tx& tx, const std::string& id) -> Result<std::optional<std::string>> {
        GEMBA_TRY(v, recipe_store::find_version_by_id(tx, id));
        if (!v) return std::optional<std::string>();
        return std::optional<std::string>(detail::content_digest(v->content));
      });
}

std::vector<Problem> RecipeService::validate_content(const MasterRecipe& content) const {
  return validate(content, references_);
}

RecipeService::PreparedContent RecipeService::prepare(const MasterRecipe& content) const {
  // Sequential on purpose: writing the text on a second thread while validating was measured
  // slower (87 ms against 29 ms for 5,000 steps): the two threads' allocations contend.
  PreparedContent out;
  out.problems = validate_content(content);
  out.text = write_recipe(content);
  out.sha256 = detail::content_digest(out.text);
  return out;
}

void RecipeService::publish(store::Tx& tx, std::string type, const StoredVersion& v,
                            json::object data) {
  if (!events_) return;
  Event e;
  e.type = std::move(type);
  e.subject_type = "recipe";
  e.subject_id = v.recipe_id;
  data["version"] = v.number;
  data["version_id"] = v.id;
  data["state"] = version_state_name(v.state);
  e.data = std::move(data);
  e.required_permission = "recipe.read";
  tx.on_commit([events = events_, e = std::move(e)] { events->publish(e); });
}

Result<VersionView> RecipeService::load_view(store::Tx& tx, const std::string& recipe_id,
                                             int number, bool with_signatures) const {
  GEMBA_TRY(recipe, recipe_store::find_recipe(tx, recipe_id));
  if (!recipe) return detail::recipe_not_found(recipe_id);
  GEMBA_TRY(version, recipe_store::find_version(tx, recipe_id, number));
  if (!version) return detail::version_not_found(recipe_id, number);
  VersionView view;
  view.recipe = std::move(*recipe);
  view.version = std::move(*version);
  GEMBA_TRY(authors, recipe_store::authors_of(tx, view.version.id));
  view.author_ids = std::move(authors);
  std::set<std::string> ids(view.author_ids.begin(), view.author_ids.end());
  ids.insert({view.recipe.created_by, view.version.created_by, view.version.updated_by});
  GEMBA_TRY(people, recipe_store::printed_names(tx, ids));
  view.people = std::move(people);
  if (with_signatures) {
    GEMBA_TRY(sigs, signatures_.manifestations_for(tx, kVersionRecordType, view.version.id));
    view.signatures = std::move(sigs);
  }
  return view;
}

Result<VersionView> RecipeService::create_recipe(const trust::Principal& p,
                                                 const MasterRecipe& content) {
  return add_draft(p, content, true, "recipe.created");
}

Result<VersionView> RecipeService::import_recipe(const trust::Principal& p,
                                                 std::string_view document) {
  GEMBA_TRY(content, parse_recipe(document, options_.format));
  return add_draft(p, content, false, "recipe.imported");
}

Result<VersionView> RecipeService::add_draft(const trust::Principal& p, const MasterRecipe& content,
                                             bool must_be_new, std::string_view action) {
  GEMBA_RETURN_IF_ERROR(decide({}, LifecycleAction::kEdit, recipe_actor(p)));
  // The slow parts before the unit of work: validation and the canonical text.
  PreparedContent prepared = prepare(content);
  std::vector<Problem> problems = std::move(prepared.problems);
  StoredVersion v;
  v.content = std::move(prepared.text);
  v.content_sha256 = std::move(prepared.sha256);
  v.step_count = static_cast<int>(step_count(content));
  v.problem_count = static_cast<int>(problems.size());
  v.site = content.site;
  v.state = VersionState::kDraft;
  v.created_by = v.updated_by = p.user_id;

  GEMBA_TRY(view, audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<VersionView> {
    store::Tx& tx = atx.tx();
    const std::int64_t now = detail::micros(clock_.now());
    GEMBA_TRY(existing,
              recipe_store::find_recipe_by_product(tx, content.product_code, content.site));
    StoredRecipe recipe;
    if (existing && must_be_new) {
      return Error::conflict("a recipe for product " + content.product_code + " at site " +
                                 content.site + " already exists; create a new version of it",
                             {{"field", "product_code"}, {"recipe", existing->id}});
    }
    if (existing) {
      recipe = std::move(*existing);
      GEMBA_RETURN_IF_ERROR(recipe_store::update_product_name(tx, recipe.id, content.product_name));
    } else {
      recipe = {ids_.new_id(), content.product_code, content.product_name, content.site, now,
                p.user_id};
      GEMBA_RETURN_IF_ERROR(recipe_store::insert_recipe(tx, recipe));
      GEMBA_RETURN_IF_ERROR(atx.append({"recipe.created",
                                        "recipe",
                                        recipe.id,
                                        {{"product_code", nullptr, recipe.product_code},
                                         {"product_name", nullptr, recipe.product_name},
                                         {"site", nullptr, recipe.site}},
                                        ""}));
    }
    v.id = ids_.new_id();
    v.recipe_id = recipe.id;
    GEMBA_TRY(number, recipe_store::next_version_number(tx, recipe.id));
    v.number = number;
    v.created_at_us = v.updated_at_us = now;
    GEMBA_RETURN_IF_ERROR(recipe_store::insert_version(tx, v));
    GEMBA_RETURN_IF_ERROR(recipe_store::add_author(tx, v.id, p.user_id, now));
    GEMBA_RETURN_IF_ERROR(
        atx.append({std::string(action == "recipe.created" ? "recipe.version_created"
                                                           : "recipe.version_imported"),
                    std::string(kVersionRecordType),
                    v.id,
                    {{"recipe_id", nullptr, recipe.id},
                     {"number", nullptr, v.number},
                     {"state", nullptr, version_state_name(v.state)},
                     {"content_sha256", nullptr, v.content_sha256},
                     {"step_count", nullptr, v.step_count},
                     {"problem_count", nullptr, v.problem_count}},
                    ""}));
    publish(tx, "recipe.version_created", v, {{"origin", action}});
    VersionView out;
    out.recipe = std::move(recipe);
    out.version = v;
    out.author_ids = {p.user_id};
    return out;
  }));
  view.problems = std::move(problems);
  return view;
}

namespace {
// Who created the recipe and created or last changed each version, by name.
Result<std::map<std::string, std::string>> people_of(
    store::Tx& tx, const recipe_store::StoredRecipe& r,
    const std::vector<recipe_store::StoredVersion>& versions) {
  std::set<std::string> ids{r.created_by};
  for (const auto& v : versions) ids.insert({v.created_by, v.updated_by});
  return recipe_store::printed_names(tx, ids);
}
}  // namespace

Result<RecipePage> RecipeService::list_recipes(int limit, const std::string& cursor) {
  if (limit < 1 || limit > 500) {
    return Error::invalid_argument("limit must be a number from 1 to 500", {{"field", "limit"}});
  }
  return db_.read([&](store::Tx& tx) -> Result<RecipePage> {
    GEMBA_TRY(recipes, recipe_store::list_recipes(tx, cursor, limit + 1));
    RecipePage page;
    for (auto& r : recipes) {
      if (static_cast<int>(page.items.size()) == limit) {
        page.next_cursor = page.items.back().recipe.id;
        break;
      }
      GEMBA_TRY(versions, recipe_store::list_versions(tx, r.id));
      GEMBA_TRY(people, people_of(tx, r, versions));
      page.items.push_back({std::move(r), std::move(versions), std::move(people)});
    }
    return page;
  });
}

Result<RecipeSummary> RecipeService::get_recipe(const std::string& recipe_id) {
  return db_.read([&](store::Tx& tx) -> Result<RecipeSummary> {
    GEMBA_TRY(recipe, recipe_store::find_recipe(tx, recipe_id));
    if (!recipe) return detail::recipe_not_found(recipe_id);
    GEMBA_TRY(versions, recipe_store::list_versions(tx, recipe_id));
    GEMBA_TRY(people, people_of(tx, *recipe, versions));
    return RecipeSummary{std::move(*recipe), std::move(versions), std::move(people)};
  });
}

Result<VersionView> RecipeService::get_version(const std::string& recipe_id, int number) {
  GEMBA_TRY(view, db_.read([&](store::Tx& tx) { return load_view(tx, recipe_id, number, true); }));
  GEMBA_TRY(content, parse_recipe(view.version.content));
  view.problems = validate_content(content);
  return view;
}

Result<VersionView> RecipeService::update_draft(const trust::Principal& p,
                                                const std::string& recipe_id, int number,
                                                std::int64_t expected_version,
                                                const MasterRecipe& content,
                                                const std::string& reason) {
  PreparedContent prepared = prepare(content);
  std::vector<Problem> problems = std::move(prepared.problems);
  const std::string& text = prepared.text;
  const std::string& digest = prepared.sha256;
  // The structural diff for the audit entry, computed outside the writer from the version as it
  // is now; the unit of work below refuses the edit if the version changed meanwhile.
  GEMBA_TRY(before_edit,
            db_.read([&](store::Tx& tx) { return load_view(tx, recipe_id, number, false); }));
  GEMBA_TRY(old_content, parse_recipe(before_edit.version.content));
  const json::value diff = audited_diff(old_content, content);
  GEMBA_TRY(view, audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<VersionView> {
    store::Tx& tx = atx.tx();
    GEMBA_TRY(current, load_view(tx, recipe_id, number, false));
    StoredVersion& v = current.version;
    if (v.version != expected_version) return detail::stale_version(v, expected_version);
    VersionFacts facts;
    facts.state = v.state;
    facts.author_ids = current.author_ids;
    GEMBA_TRY(t, decide(facts, LifecycleAction::kEdit, recipe_actor(p)));
    if (content.product_code != current.recipe.product_code) {
      return field_error("product_code", "a recipe's product code is the same in every version (" +
                                             quoted(current.recipe.product_code) +
                                             "); import the document as a new recipe instead");
    }
    if (content.site != current.recipe.site) {
      return field_error("site", "a recipe's site is the same in every version (" +
                                     quoted(current.recipe.site) +
                                     "); import the document as a new recipe instead");
    }
    GEMBA_RETURN_IF_ERROR(detail::require_reason(reason, "changing the draft"));
    if (v.version != before_edit.version.version) {  // changed since the diff was made
      return detail::stale_version(v, expected_version);
    }
    std::vector<trust::Change> changes = {{"content_sha256", v.content_sha256, digest},
                                          {"diff", nullptr, diff},
                                          {"problem_count", v.problem_count, problems.size()}};
    if (t.next_state != v.state) {
      changes.push_back({"state", version_state_name(v.state), version_state_name(t.next_state)});
    }
    const StoredVersion before = v;
    v.content = text;
    v.content_sha256 = digest;
    v.step_count = static_cast<int>(step_count(content));
    v.problem_count = static_cast<int>(problems.size());
    v.state = t.next_state;
    v.updated_at_us = detail::micros(clock_.now());
    v.updated_by = p.user_id;
    GEMBA_TRY(updated, recipe_store::update_version(tx, v));
    if (!updated) return detail::stale_version(before, expected_version);
    ++v.version;
    GEMBA_RETURN_IF_ERROR(recipe_store::add_author(tx, v.id, p.user_id, v.updated_at_us));
    if (content.product_name != current.recipe.product_name) {
      GEMBA_RETURN_IF_ERROR(recipe_store::update_product_name(tx, recipe_id, content.product_name));
      current.recipe.product_name = content.product_name;
    }
    GEMBA_RETURN_IF_ERROR(atx.append(
        {"recipe.version_edited", std::string(kVersionRecordType), v.id, changes, reason}));
    GEMBA_TRY(authors, recipe_store::authors_of(tx, v.id));
    current.author_ids = std::move(authors);
    publish(tx, "recipe.version_updated", v);
    return current;
  }));
  view.problems = std::move(problems);
  return view;
}

Result<VersionView> RecipeService::new_version(const trust::Principal& p,
                                               const std::string& recipe_id, int from) {
  return audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<VersionView> {
    store::Tx& tx = atx.tx();
    GEMBA_TRY(source, load_view(tx, recipe_id, from, false));
    VersionFacts facts;
    facts.state = source.version.state;
    GEMBA_RETURN_IF_ERROR(decide(facts, LifecycleAction::kNewVersion, recipe_actor(p)));
    const std::int64_t now = detail::micros(clock_.now());
    StoredVersion v = source.version;
    v.id = ids_.new_id();
    GEMBA_TRY(number, recipe_store::next_version_number(tx, recipe_id));
    v.number = number;
    v.state = VersionState::kDraft;
    v.based_on = from;
    v.version = 1;
    v.review_round = 0;
    v.created_at_us = v.updated_at_us = now;
    v.created_by = v.updated_by = p.user_id;
    GEMBA_RETURN_IF_ERROR(recipe_store::insert_version(tx, v));
    GEMBA_RETURN_IF_ERROR(recipe_store::add_author(tx, v.id, p.user_id, now));
    GEMBA_RETURN_IF_ERROR(atx.append({"recipe.version_created",
                                      std::string(kVersionRecordType),
                                      v.id,
                                      {{"recipe_id", nullptr, recipe_id},
                                       {"number", nullptr, v.number},
                                       {"based_on", nullptr, from},
                                       {"state", nullptr, version_state_name(v.state)},
                                       {"content_sha256", nullptr, v.content_sha256}},
                                      ""}));
    publish(tx, "recipe.version_created", v, {{"based_on", from}});
    VersionView out;
    out.recipe = std::move(source.recipe);
    out.version = std::move(v);
    out.author_ids = {p.user_id};
    return out;
  });
}

Result<std::string> RecipeService::export_version(const std::string& recipe_id, int number) {
  return db_.read([&](store::Tx& tx) -> Result<std::string> {
    GEMBA_TRY(v, recipe_store::find_version(tx, recipe_id, number));
    if (!v) {
      GEMBA_TRY(recipe, recipe_store::find_recipe(tx, recipe_id));
      if (!recipe) return detail::recipe_not_found(recipe_id);
      return detail::version_not_found(recipe_id, number);
    }
    return std::move(v->content);
  });
}

Result<RecipeDiff> RecipeService::diff_versions(const std::string& recipe_id, int from, int to) {
  GEMBA_TRY(texts, db_.read([&](store::Tx& tx) -> Result<std::pair<std::string, std::string>> {
    GEMBA_TRY(recipe, recipe_store::find_recipe(tx, recipe_id));
    if (!recipe) return detail::recipe_not_found(recipe_id);
    GEMBA_TRY(a, recipe_store::find_version(tx, recipe_id, from));
    if (!a) return detail::version_not_found(recipe_id, from);
    GEMBA_TRY(b, recipe_store::find_version(tx, recipe_id, to));
    if (!b) return detail::version_not_found(recipe_id, to);
    return std::pair{std::move(a->content), std::move(b->content)};
  }));
  GEMBA_TRY(a, parse_recipe(texts.first));
  GEMBA_TRY(b, parse_recipe(texts.second));
  return diff_recipes(a, b);
}

}  // namespace gemba::recipe
