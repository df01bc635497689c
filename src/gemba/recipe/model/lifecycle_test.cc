#include "gemba/recipe/model/lifecycle.h"

#include <gtest/gtest.h>

#include <array>
#include <map>

namespace gemba::recipe {
namespace {

using S = VersionState;
using A = LifecycleAction;

// The roles of the table: who acts, with which permissions, and whether they authored the version.
enum Role { kAuthor, kCoAuthor, kApprover, kAuthorApprover, kReleaser, kViewer, kRoleCount };

Actor actor(Role role) {
  switch (role) {
    case kAuthor: return {"alice", {"recipe.author"}};
    case kCoAuthor: return {"bob", {"recipe.author"}};
    case kApprover: return {"quinn", {"recipe.approve"}};
    case kAuthorApprover: return {"ava", {"recipe.author", "recipe.approve"}};
    case kReleaser: return {"rita", {"recipe.make_effective", "recipe.retire"}};
    default: return {"victor", {}};
  }
}

VersionFacts facts(S state) {
  VersionFacts v;
  v.state = state;
  v.author_ids = {"alice", "ava"};  // alice created it, ava edited it
  return v;
}

// "next_state[/signature][+new]" or the error code name.
std::string outcome(const Result<Transition>& r) {
  if (!r.ok()) return std::string(error_code_name(r.error().code));
  std::string s(version_state_name(r->next_state));
  if (r->signature) s += "/" + std::string(signature_meaning_name(*r->signature));
  if (r->creates_draft) s += "+new";
  return s;
}

constexpr const char* P = "permission_denied";
constexpr const char* F = "failed_precondition";

struct Row {
  S state;
  A action;
  std::array<const char*, kRoleCount> expected;  // author, co-author, approver, author+approver,
                                                 // releaser, viewer
};

// Every (state, action, role): the whole lifecycle in one table (one approval required).
const Row kTable[] = {
    // submit: authors only, from draft only.
    {S::kDraft,
     A::kSubmit,
     {"in_review/authored", "in_review/authored", P, "in_review/authored", P, P}},
    {S::kInReview, A::kSubmit, {F, F, P, F, P, P}},
    {S::kApproved, A::kSubmit, {F, F, P, F, P, P}},
    {S::kEffective, A::kSubmit, {F, F, P, F, P, P}},
    {S::kSuperseded, A::kSubmit, {F, F, P, F, P, P}},
    {S::kRetired, A::kSubmit, {F, F, P, F, P, P}},
    {S::kRejected, A::kSubmit, {F, F, P, F, P, P}},
    // approve: approvers who did not author it, in review only.
    {S::kDraft, A::kApprove, {P, P, F, F, P, P}},
    {S::kInReview, A::kApprove, {P, P, "approved/approved", P, P, P}},
    {S::kApproved, A::kApprove, {P, P, F, F, P, P}},
    {S::kEffective, A::kApprove, {P, P, F, F, P, P}},
    {S::kSuperseded, A::kApprove, {P, P, F, F, P, P}},
    {S::kRetired, A::kApprove, {P, P, F, F, P, P}},
    {S::kRejected, A::kApprove, {P, P, F, F, P, P}},
    // reject: the same people as approve.
    {S::kDraft, A::kReject, {P, P, F, F, P, P}},
    {S::kInReview, A::kReject, {P, P, "rejected/rejected", P, P, P}},
    {S::kApproved, A::kReject, {P, P, F, F, P, P}},
    {S::kEffective, A::kReject, {P, P, F, F, P, P}},
    {S::kSuperseded, A::kReject, {P, P, F, F, P, P}},
    {S::kRetired, A::kReject, {P, P, F, F, P, P}},
    {S::kRejected, A::kReject, {P, P, F, F, P, P}},
    // make effective: approved versions, by recipe.make_effective.
    {S::kDraft, A::kMakeEffective, {P, P, P, P, F, P}},
    {S::kInReview, A::kMakeEffective, {P, P, P, P, F, P}},
    {S::kApproved, A::kMakeEffective, {P, P, P, P, "effective/made_effective", P}},
    {S::kEffective, A::kMakeEffective, {P, P, P, P, F, P}},
    {S::kSuperseded, A::kMakeEffective, {P, P, P, P, F, P}},
    {S::kRetired, A::kMakeEffective, {P, P, P, P, F, P}},
    {S::kRejected, A::kMakeEffective, {P, P, P, P, F, P}},
    // retire: approved or effective versions, by recipe.retire.
    {S::kDraft, A::kRetire, {P, P, P, P, F, P}},
    {S::kInReview, A::kRetire, {P, P, P, P, F, P}},
    {S::kApproved, A::kRetire, {P, P, P, P, "retired/retired", P}},
    {S::kEffective, A::kRetire, {P, P, P, P, "retired/retired", P}},
    {S::kSuperseded, A::kRetire, {P, P, P, P, F, P}},
    {S::kRetired, A::kRetire, {P, P, P, P, F, P}},
    {S::kRejected, A::kRetire, {P, P, P, P, F, P}},
    // edit: drafts, and rejected versions (which return to draft); never an approved one.
    {S::kDraft, A::kEdit, {"draft", "draft", P, "draft", P, P}},
    {S::kInReview, A::kEdit, {F, F, P, F, P, P}},
    {S::kApproved, A::kEdit, {F, F, P, F, P, P}},
    {S::kEffective, A::kEdit, {F, F, P, F, P, P}},
    {S::kSuperseded, A::kEdit, {F, F, P, F, P, P}},
    {S::kRetired, A::kEdit, {F, F, P, F, P, P}},
    {S::kRejected, A::kEdit, {"draft", "draft", P, "draft", P, P}},
    // new version: a draft copy of any version; the source is unchanged.
    {S::kDraft, A::kNewVersion, {"draft+new", "draft+new", P, "draft+new", P, P}},
    {S::kInReview, A::kNewVersion, {"in_review+new", "in_review+new", P, "in_review+new", P, P}},
    {S::kApproved, A::kNewVersion, {"approved+new", "approved+new", P, "approved+new", P, P}},
    {S::kEffective, A::kNewVersion, {"effective+new", "effective+new", P, "effective+new", P, P}},
    {S::kSuperseded,
     A::kNewVersion,
     {"superseded+new", "superseded+new", P, "superseded+new", P, P}},
    {S::kRetired, A::kNewVersion, {"retired+new", "retired+new", P, "retired+new", P, P}},
    {S::kRejected, A::kNewVersion, {"rejected+new", "rejected+new", P, "rejected+new", P, P}},
};

TEST(LifecycleTest, EveryStateActionRole) {
  std::map<std::pair<S, A>, int> covered;
  for (const Row& row : kTable) {
    ++covered[{row.state, row.action}];
    for (int role = 0; role < kRoleCount; ++role) {
      const auto r = decide(facts(row.state), row.action, actor(static_cast<Role>(role)));
      EXPECT_EQ(outcome(r), row.expected[role])
          << version_state_name(row.state) << " × " << lifecycle_action_name(row.action)
          << " × role " << role << (r.ok() ? "" : ": " + r.error().message);
    }
  }
  // The table covers each (state, action) pair exactly once.
  for (S s : kAllVersionStates) {
    for (A a : kAllLifecycleActions) EXPECT_EQ((covered[{s, a}]), 1);
  }
}

TEST(LifecycleTest, AuthorApprovingOwnVersionIsRefusedWithAReason) {
  auto r = decide(facts(S::kInReview), A::kApprove, actor(kAuthorApprover));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(r.error().message.find("another person"), std::string::npos) << r.error().message;
}

TEST(LifecycleTest, EditingAnApprovedVersionSaysToCreateANewVersion) {
  for (S s : {S::kApproved, S::kEffective, S::kSuperseded, S::kRetired}) {
    auto r = decide(facts(s), A::kEdit, actor(kAuthor));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(r.error().message.find("create a new version"), std::string::npos);
    EXPECT_EQ(r.error().details.at("state").as_string(), version_state_name(s));
  }
}

TEST(LifecycleTest, SubmitRequiresAValidVersion) {
  VersionFacts v = facts(S::kDraft);
  v.validation_problems = 3;
  auto r = decide(v, A::kSubmit, actor(kAuthor));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message.find("3 validation problem"), std::string::npos);
}

TEST(LifecycleTest, RejectClearsApprovalsAndTheVersionReturnsToDraftOnEdit) {
  auto rejected = decide(facts(S::kInReview), A::kReject, actor(kApprover));
  ASSERT_TRUE(rejected.ok());
  EXPECT_TRUE(rejected->clears_approvals);
  auto edited = decide(facts(S::kRejected), A::kEdit, actor(kCoAuthor));
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(edited->next_state, S::kDraft);
  EXPECT_FALSE(edited->signature);  // audited, not signed
}

TEST(LifecycleTest, TwoApprovalsNeedTwoDistinctNonAuthors) {
  ApprovalPolicy two{2};
  VersionFacts v = facts(S::kInReview);
  auto first = decide(v, A::kApprove, actor(kApprover), two);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->next_state, S::kInReview);
  EXPECT_TRUE(first->records_approval);
  v.approver_ids.push_back("quinn");

  auto again = decide(v, A::kApprove, actor(kApprover), two);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(again.error().message.find("already approved"), std::string::npos);

  auto by_author = decide(v, A::kApprove, actor(kAuthorApprover), two);
  EXPECT_EQ(outcome(by_author), "permission_denied");

  auto second = decide(v, A::kApprove, Actor{"sam", {"recipe.approve"}}, two);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->next_state, S::kApproved);
  EXPECT_EQ(second->signature, SignatureMeaning::kApproved);
}

TEST(LifecycleTest, StateNamesRoundTrip) {
  for (S s : kAllVersionStates) EXPECT_EQ(parse_version_state(version_state_name(s)), s);
  EXPECT_FALSE(parse_version_state("published"));
}

// --- at most one effective version per recipe and site ---

TEST(EffectiveRuleTest, MakingEffectiveSupersedesTheCurrentOne) {
  std::vector<VersionSummary> v = {
      {1, S::kSuperseded, "S1"}, {2, S::kEffective, "S1"}, {3, S::kApproved, "S1"}};
  auto plan = plan_make_effective(v, 3);
  ASSERT_TRUE(plan.ok()) << plan.error().to_string();
  EXPECT_EQ(plan->supersede, 2);
}

TEST(EffectiveRuleTest, FirstEffectiveVersionSupersedesNothing) {
  auto plan = plan_make_effective({{1, S::kApproved, "S1"}}, 1);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->supersede);
}

TEST(EffectiveRuleTest, OtherSitesAreIndependent) {
  auto plan = plan_make_effective({{1, S::kEffective, "S1"}, {2, S::kApproved, "S2"}}, 2);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->supersede);
}

TEST(EffectiveRuleTest, Refusals) {
  const std::vector<VersionSummary> v = {
      {1, S::kApproved, "S1"}, {2, S::kEffective, "S1"}, {3, S::kDraft, "S1"}};
  EXPECT_EQ(plan_make_effective(v, 9).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(plan_make_effective(v, 3).error().code, ErrorCode::kFailedPrecondition);
  auto older = plan_make_effective(v, 1);
  ASSERT_FALSE(older.ok());
  EXPECT_EQ(older.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(older.error().message.find("older than the effective version 2"), std::string::npos);
}

TEST(EffectiveRuleTest, TwoEffectiveVersionsAreImpossible) {
  // Apply plans as the service would, over a sequence of approvals: the rule holds after each.
  std::vector<VersionSummary> v;
  for (int n = 1; n <= 5; ++n) {
    v.push_back({n, S::kApproved, "S1"});
    auto plan = plan_make_effective(v, n);
    ASSERT_TRUE(plan.ok()) << plan.error().to_string();
    for (auto& x : v) {
      if (plan->supersede && x.number == *plan->supersede) x.state = S::kSuperseded;
      if (x.number == n) x.state = S::kEffective;
    }
    ASSERT_TRUE(check_single_effective(v).ok());
  }
  // A set that already breaks the rule is reported, never extended.
  v.push_back({6, S::kEffective, "S1"});
  EXPECT_EQ(check_single_effective(v).error().code, ErrorCode::kInternal);
  v.push_back({7, S::kApproved, "S1"});
  EXPECT_EQ(plan_make_effective(v, 7).error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace gemba::recipe
