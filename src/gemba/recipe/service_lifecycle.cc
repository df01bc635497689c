// RecipeService::transition: the signed lifecycle of a version (submit, approve, reject, make
// effective, retire). See service.h for the phases.

#include <algorithm>

#include "gemba/recipe/service.h"
#include "gemba/recipe/service_support.h"

namespace gemba::recipe {
namespace json = boost::json;
using recipe_store::StoredVersion;

namespace {

// What the read phase found.
struct Loaded {
  VersionView view;
  std::vector<recipe_store::SignatureLink> links;
  std::vector<VersionSummary> summaries;  // every version of the recipe
};

std::vector<std::string> approvers_of_round(const std::vector<recipe_store::SignatureLink>& links,
                                            int round) {
  std::vector<std::string> out;
  for (const auto& l : links) {
    if (l.action == lifecycle_action_name(LifecycleAction::kApprove) && l.review_round == round) {
      out.push_back(l.signer_id);
    }
  }
  return out;
}

Result<void> check_meaning(const SignatureInput& s, SignatureMeaning expected) {
  if (!s.meaning) return ok();
  if (*s.meaning == signature_meaning_name(expected) ||
      *s.meaning == trust::meaning_name(trust_meaning(expected))) {
    return ok();
  }
  return Error::invalid_argument("this action is signed with the meaning \"" +
                                     std::string(signature_meaning_name(expected)) + "\"",
                                 {{"field", "signature.meaning"}});
}

std::string default_comment(LifecycleAction a, const VersionView& v) {
  const std::string what = "version " + std::to_string(v.version.number) + " of " +
                           v.recipe.product_code + " (" + v.recipe.site + ")";
  switch (a) {
    case LifecycleAction::kSubmit: return "submitted " + what + " for review";
    case LifecycleAction::kApprove: return "approved " + what;
    case LifecycleAction::kReject: return "rejected " + what;
    case LifecycleAction::kMakeEffective: return "made " + what + " effective";
    case LifecycleAction::kRetire: return "retired " + what;
    default: return what;
  }
}

std::string event_type(LifecycleAction a, VersionState next) {
  switch (a) {
    case LifecycleAction::kSubmit: return "recipe.version_submitted";
    case LifecycleAction::kApprove:
      return next == VersionState::kApproved ? "recipe.version_approved"
                                             : "recipe.version_approval_recorded";
    case LifecycleAction::kReject: return "recipe.version_rejected";
    case LifecycleAction::kMakeEffective: return "recipe.version_made_effective";
    case LifecycleAction::kRetire: return "recipe.version_retired";
    default: return "recipe.version_updated";
  }
}

}  // namespace

Result<TransitionResult> RecipeService::transition(const trust::Principal& p,
                                                   const std::string& recipe_id, int number,
                                                   LifecycleAction action,
                                                   std::optional<std::int64_t> expected_version,
                                                   const SignatureInput& signature,
                                                   const std::string& reason) {
  if (action == LifecycleAction::kEdit || action == LifecycleAction::kNewVersion) {
    return Error::internal("transition() is for submit, approve, reject, make-effective, retire");
  }
  // Phase 1: read and decide.
  GEMBA_TRY(loaded, db_.read([&](store::Tx& tx) -> Result<Loaded> {
    Loaded l;
    GEMBA_TRY(view, load_view(tx, recipe_id, number, false));
    l.view = std::move(view);
    GEMBA_TRY(links, recipe_store::signature_links(tx, l.view.version.id));
    l.links = std::move(links);
    GEMBA_TRY(versions, recipe_store::list_versions(tx, recipe_id));
    for (const auto& v : versions) l.summaries.push_back({v.number, v.state, v.site});
    return l;
  }));
  const StoredVersion& v = loaded.view.version;
  if (expected_version && *expected_version != v.version) {
    return detail::stale_version(v, *expected_version);
  }
  VersionFacts facts;
  facts.state = v.state;
  facts.author_ids = loaded.view.author_ids;
  facts.approver_ids = approvers_of_round(loaded.links, v.review_round);
  GEMBA_TRY(t, decide(facts, action, recipe_actor(p), options_.approval));
  if (action == LifecycleAction::kSubmit) {
    GEMBA_TRY(content, parse_recipe(v.content));
    const auto problems = validate_content(content);
    if (!problems.empty()) return problems_to_error(problems);
  }
  if (action == LifecycleAction::kMakeEffective) {
    GEMBA_RETURN_IF_ERROR(plan_make_effective(loaded.summaries, number));
  }
  if (action == LifecycleAction::kReject)
    GEMBA_RETURN_IF_ERROR(detail::require_reason(reason, "rejecting it"));
  if (action == LifecycleAction::kRetire)
    GEMBA_RETURN_IF_ERROR(detail::require_reason(reason, "retiring it"));

  // Phase 2: the signature's password check, outside any unit of work.
  std::optional<trust::VerifiedSigner> signer;
  if (t.signature) {
    GEMBA_RETURN_IF_ERROR(check_meaning(signature, *t.signature));
    GEMBA_TRY(verified, signatures_.authenticate(p, {signature.username, signature.password}));
    if (verified.user_id() != p.user_id) {
      return Error::permission_denied("sign with your own user name and password: the person who " +
                                          std::string(lifecycle_action_name(action)) +
                                          "s the version signs it",
                                      {{"field", "signature.username"}});
    }
    signer.emplace(std::move(verified));
  }

  // Phase 3: the change, its signature and audit entries, in one unit of work.
  TransitionResult result;
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    GEMBA_TRY(current, load_view(tx, recipe_id, number, false));
    StoredVersion& cur = current.version;
    if (cur.version != v.version) return detail::stale_version(cur, v.version);
    const std::int64_t now = detail::micros(clock_.now());
    const std::string why = reason.empty() ? default_comment(action, current) : reason;

    if (action == LifecycleAction::kMakeEffective) {
      // Decide again on what this unit sees, then supersede first: the unique index allows one
      // effective version per recipe and site at every moment.
      GEMBA_TRY(versions, recipe_store::list_versions(tx, recipe_id));
      std::vector<VersionSummary> summaries;
      for (const auto& s : versions) summaries.push_back({s.number, s.state, s.site});
      GEMBA_TRY(plan, plan_make_effective(summaries, number));
      if (plan.supersede) {
        auto old = std::find_if(versions.begin(), versions.end(), [&](const StoredVersion& s) {
          return s.number == *plan.supersede;
        });
        GEMBA_TRY(full, recipe_store::find_version_by_id(tx, old->id));
        StoredVersion prev = std::move(*full);
        prev.state = VersionState::kSuperseded;
        prev.updated_at_us = now;
        prev.updated_by = p.user_id;
        GEMBA_TRY(done, recipe_store::update_version(tx, prev));
        if (!done) return detail::stale_version(prev, prev.version);
        ++prev.version;
        GEMBA_RETURN_IF_ERROR(
            atx.append({"recipe.version_superseded",
                        std::string(kVersionRecordType),
                        prev.id,
                        {{"state", version_state_name(VersionState::kEffective),
                          version_state_name(VersionState::kSuperseded)}},
                        "superseded by version " + std::to_string(number) + ": " + why}));
        publish(tx, "recipe.version_superseded", prev, {{"superseded_by", number}});
        result.superseded = prev.number;
      }
    }

    const VersionState old_state = cur.state;
    if (action == LifecycleAction::kSubmit) ++cur.review_round;
    cur.state = t.next_state;
    cur.updated_at_us = now;
    cur.updated_by = p.user_id;
    GEMBA_TRY(done, recipe_store::update_version(tx, cur));
    if (!done) return detail::stale_version(cur, v.version);
    ++cur.version;

    std::vector<trust::Change> changes;
    if (old_state != cur.state) {
      changes.push_back({"state", version_state_name(old_state), version_state_name(cur.state)});
    }
    if (t.records_approval) {
      const int approvals = static_cast<int>(facts.approver_ids.size()) + 1;
      changes.push_back({"approvals", static_cast<int>(facts.approver_ids.size()), approvals});
      result.approvals_left = std::max(0, options_.approval.approvals_required - approvals);
    }
    if (signer) {
      GEMBA_TRY(sig, signatures_.sign(tx, *signer, trust_meaning(*t.signature), kVersionRecordType,
                                      cur.id, detail::content_digest(cur.content),
                                      signature.comment.empty() ? default_comment(action, current)
                                                                : signature.comment));
      GEMBA_RETURN_IF_ERROR(recipe_store::insert_signature_link(
          tx, {sig.id, cur.id, std::string(lifecycle_action_name(action)), cur.review_round,
               sig.signer_id, sig.signed_at_us}));
      changes.push_back({"signature", nullptr, sig.id});
      result.signature = trust::manifestation(sig, trust::SignatureValidity{});
    }
    GEMBA_RETURN_IF_ERROR(
        atx.append({"recipe.version_" + std::string(lifecycle_action_name(action)),
                    std::string(kVersionRecordType), cur.id, changes, why}));
    json::object data;
    if (!reason.empty()) data["reason"] = reason;
    publish(tx, event_type(action, cur.state), cur, std::move(data));
    result.version = std::move(current);
    return ok();
  }));
  return result;
}

}  // namespace gemba::recipe
