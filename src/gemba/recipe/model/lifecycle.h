#pragma once
// The lifecycle of a recipe version, as pure decisions (segregation of duties included):
//
//   Draft ──submit──> In review ──approve (×N)──> Approved ──make-effective──> Effective
//     ^                  │                           │                           │
//     └──edit── Rejected <┘ reject                   └──────retire──────> Retired <┘
//   Effective ──(another version made effective)──> Superseded
//
// `decide` says whether an action is allowed and what follows; the service verifies the
// signature, persists and audits. "At most one effective version per recipe and site" is a rule
// over the set of versions: `plan_make_effective`.

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/result.h"

namespace gemba::recipe {

enum class VersionState {
  kDraft,
  kInReview,
  kApproved,
  kEffective,
  kSuperseded,
  kRetired,
  kRejected
};
inline constexpr VersionState kAllVersionStates[] = {
    VersionState::kDraft,     VersionState::kInReview,   VersionState::kApproved,
    VersionState::kEffective, VersionState::kSuperseded, VersionState::kRetired,
    VersionState::kRejected};

enum class LifecycleAction {
  kSubmit,
  kApprove,
  kReject,
  kMakeEffective,
  kRetire,
  kEdit,
  kNewVersion
};
inline constexpr LifecycleAction kAllLifecycleActions[] = {
    LifecycleAction::kSubmit,        LifecycleAction::kApprove, LifecycleAction::kReject,
    LifecycleAction::kMakeEffective, LifecycleAction::kRetire,  LifecycleAction::kEdit,
    LifecycleAction::kNewVersion};

std::string_view version_state_name(VersionState s);  // "draft", "in_review", ...
std::optional<VersionState> parse_version_state(std::string_view name);
std::string_view lifecycle_action_name(LifecycleAction a);  // "submit", "make_effective", ...

// The meaning of the e-signature a transition needs (21 CFR 11.50).
enum class SignatureMeaning { kAuthored, kApproved, kRejected, kMadeEffective, kRetired };
std::string_view signature_meaning_name(SignatureMeaning m);  // "authored", "made_effective", ...

// Permissions (checked here as well as at the HTTP edge).
inline constexpr std::string_view kPermAuthor = "recipe.author";    // edit, submit, new version
inline constexpr std::string_view kPermApprove = "recipe.approve";  // approve, reject
inline constexpr std::string_view kPermMakeEffective = "recipe.make_effective";
inline constexpr std::string_view kPermRetire = "recipe.retire";

struct Actor {
  std::string user_id;
  std::set<std::string, std::less<>> permissions;
  bool has(std::string_view permission) const { return permissions.contains(permission); }
};

// What the service knows about the version acted on.
struct VersionFacts {
  VersionState state = VersionState::kDraft;
  // The creator and everyone who edited the content: none of them may approve or reject it.
  std::vector<std::string> author_ids;
  // Users who approved it in the current review round (cleared when it returns to draft).
  std::vector<std::string> approver_ids;
  // Problems validate() found in the content; submit requires none.
  std::size_t validation_problems = 0;
};

struct ApprovalPolicy {
  int approvals_required = 1;  // 1 (default) or 2; approvers are distinct and not authors
};

struct Transition {
  VersionState next_state;                    // of the version acted on (unchanged for new_version)
  std::optional<SignatureMeaning> signature;  // the signature the action needs; none = audited only
  bool records_approval = false;              // approve: add the actor to approver_ids
  bool clears_approvals = false;              // reject: the next review round starts from none
  bool creates_draft = false;                 // new_version: a new draft copied from this version
};

// Decides `action` by `actor` on a version. Checks, in this order: the permission
// (permission_denied), the state (failed_precondition), then the rules of the action — submit
// needs a valid version; an author may not approve or reject their own version and an approver
// may not approve twice (permission_denied). Messages say what to do instead.
Result<Transition> decide(const VersionFacts& version, LifecycleAction action, const Actor& actor,
                          const ApprovalPolicy& policy = {});

// One version of a recipe, as the make-effective rule needs it.
struct VersionSummary {
  int number = 0;
  VersionState state = VersionState::kDraft;
  std::string site;
};

struct EffectivePlan {
  std::optional<int> supersede;  // the version that becomes Superseded, if any
};

// Making `number` effective among `versions` (all versions of one recipe): it must be Approved and
// newer than the effective version of its site, which it supersedes. Errors: not_found (no such
// version), failed_precondition (wrong state, older than the effective one), internal (the set
// already breaks the rule: two effective versions for one site).
Result<EffectivePlan> plan_make_effective(const std::vector<VersionSummary>& versions, int number);

// Whether `versions` obey "at most one effective version per site" (internal error otherwise).
Result<void> check_single_effective(const std::vector<VersionSummary>& versions);

}  // namespace gemba::recipe
