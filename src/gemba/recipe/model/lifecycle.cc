#include "gemba/recipe/model/lifecycle.h"

#include <algorithm>
#include <map>

namespace gemba::recipe {
namespace {

using S = VersionState;
using A = LifecycleAction;

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// "in review" (as a person reads it).
std::string shown(VersionState s) {
  std::string name(version_state_name(s));
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

std::string_view permission_for(LifecycleAction a) {
  switch (a) {
    case A::kSubmit:
    case A::kEdit:
    case A::kNewVersion: return kPermAuthor;
    case A::kApprove:
    case A::kReject: return kPermApprove;
    case A::kMakeEffective: return kPermMakeEffective;
    case A::kRetire: return kPermRetire;
  }
  return kPermAuthor;
}

Error wrong_state(LifecycleAction a, VersionState s, std::string_view what_to_do) {
  return Error::failed_precondition(
      "cannot " + std::string(lifecycle_action_name(a)) + " a version that is " + shown(s) + "; " +
          std::string(what_to_do),
      {{"state", version_state_name(s)}, {"action", lifecycle_action_name(a)}});
}

Transition to(VersionState next, std::optional<SignatureMeaning> signature = std::nullopt) {
  Transition t{};
  t.next_state = next;
  t.signature = signature;
  return t;
}

}  // namespace

std::string_view version_state_name(VersionState s) {
  switch (s) {
    case S::kDraft: return "draft";
    case S::kInReview: return "in_review";
    case S::kApproved: return "approved";
    case S::kEffective: return "effective";
    case S::kSuperseded: return "superseded";
    case S::kRetired: return "retired";
    case S::kRejected: return "rejected";
  }
  return "draft";
}

std::optional<VersionState> parse_version_state(std::string_view name) {
  for (auto s : kAllVersionStates) {
    if (version_state_name(s) == name) return s;
  }
  return std::nullopt;
}

std::string_view lifecycle_action_name(LifecycleAction a) {
  switch (a) {
    case A::kSubmit: return "submit";
    case A::kApprove: return "approve";
    case A::kReject: return "reject";
    case A::kMakeEffective: return "make_effective";
    case A::kRetire: return "retire";
    case A::kEdit: return "edit";
    case A::kNewVersion: return "new_version";
  }
  return "edit";
}

std::string_view signature_meaning_name(SignatureMeaning m) {
  switch (m) {
    case SignatureMeaning::kAuthored: return "authored";
    case SignatureMeaning::kApproved: return "approved";
    case SignatureMeaning::kRejected: return "rejected";
    case SignatureMeaning::kMadeEffective: return "made_effective";
    case SignatureMeaning::kRetired: return "retired";
  }
  return "approved";
}

Result<Transition> decide(const VersionFacts& v, LifecycleAction action, const Actor& actor,
                          const ApprovalPolicy& policy) {
  const std::string_view permission = permission_for(action);
  if (!actor.has(permission)) {
    return Error::permission_denied("you need the permission " + std::string(permission) + " to " +
                                        std::string(lifecycle_action_name(action)) +
                                        " a recipe version",
                                    {{"permission", permission}});
  }
  const bool is_author = contains(v.author_ids, actor.user_id);
  switch (action) {
    case A::kSubmit:
      if (v.state != S::kDraft) {
        return wrong_state(action, v.state,
                           v.state == S::kRejected
                               ? "edit it first (it returns to draft), then submit it again"
                               : "only a draft can be submitted for review");
      }
      if (v.validation_problems > 0) {
        return Error::failed_precondition(
            "the version has " + std::to_string(v.validation_problems) +
                " validation problem(s); fix them, then submit it again",
            {{"problems", v.validation_problems}});
      }
      return to(S::kInReview, SignatureMeaning::kAuthored);

    case A::kApprove: {
      if (v.state != S::kInReview) {
        return wrong_state(action, v.state, "only a version in review can be approved");
      }
      if (is_author) {
        return Error::permission_denied(
            "you authored or edited this version, so you cannot approve it; another person with " +
            std::string(kPermApprove) + " must approve it");
      }
      if (contains(v.approver_ids, actor.user_id)) {
        return Error::permission_denied(
            "you have already approved this version; the next approval must come from another "
            "person");
      }
      const std::size_t required = static_cast<std::size_t>(std::max(1, policy.approvals_required));
      Transition t = to(v.approver_ids.size() + 1 >= required ? S::kApproved : S::kInReview,
                        SignatureMeaning::kApproved);
      t.records_approval = true;
      return t;
    }

    case A::kReject: {
      if (v.state != S::kInReview) {
        return wrong_state(action, v.state, "only a version in review can be rejected");
      }
      if (is_author) {
        return Error::permission_denied(
            "you authored or edited this version, so you cannot review it; another person with " +
            std::string(kPermApprove) + " must approve or reject it");
      }
      Transition t = to(S::kRejected, SignatureMeaning::kRejected);
      t.clears_approvals = true;
      return t;
    }

    case A::kMakeEffective:
      if (v.state != S::kApproved) {
        return wrong_state(action, v.state, "only an approved version can be made effective");
      }
      return to(S::kEffective, SignatureMeaning::kMadeEffective);

    case A::kRetire:
      if (v.state != S::kApproved && v.state != S::kEffective) {
        return wrong_state(action, v.state, "only an approved or effective version can be retired");
      }
      return to(S::kRetired, SignatureMeaning::kRetired);

    case A::kEdit:
      if (v.state == S::kDraft || v.state == S::kRejected) {
        return to(S::kDraft);  // audited with old and new values; not signed
      }
      if (v.state == S::kInReview) {
        return wrong_state(
            action, v.state,
            "it can change again once a reviewer rejects it, or create a new version");
      }
      return wrong_state(action, v.state,
                         "an approved version never changes; create a new version (a draft copy) "
                         "and edit that");

    case A::kNewVersion: {
      Transition t = to(v.state);
      t.creates_draft = true;
      return t;
    }
  }
  return Error::internal("unknown lifecycle action");
}

Result<void> check_single_effective(const std::vector<VersionSummary>& versions) {
  std::map<std::string, int> effective_by_site;
  for (const auto& v : versions) {
    if (v.state != S::kEffective) continue;
    auto [it, inserted] = effective_by_site.emplace(v.site, v.number);
    if (!inserted) {
      return Error::internal("versions " + std::to_string(it->second) + " and " +
                                 std::to_string(v.number) + " are both effective at site " + v.site,
                             {{"site", v.site}});
    }
  }
  return ok();
}

Result<EffectivePlan> plan_make_effective(const std::vector<VersionSummary>& versions, int number) {
  GEMBA_RETURN_IF_ERROR(check_single_effective(versions));
  auto target = std::find_if(versions.begin(), versions.end(),
                             [&](const VersionSummary& v) { return v.number == number; });
  if (target == versions.end()) {
    return Error::not_found("version " + std::to_string(number) + " does not exist",
                            {{"version", number}});
  }
  if (target->state != S::kApproved) {
    return wrong_state(A::kMakeEffective, target->state,
                       "only an approved version can be made effective");
  }
  EffectivePlan plan;
  for (const auto& v : versions) {
    if (v.state != S::kEffective || v.site != target->site) continue;
    if (v.number > number) {
      return Error::failed_precondition(
          "version " + std::to_string(number) + " is older than the effective version " +
              std::to_string(v.number) + "; create a new version from it instead",
          {{"effective_version", v.number}});
    }
    plan.supersede = v.number;
  }
  return plan;
}

}  // namespace gemba::recipe
