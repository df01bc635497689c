// The signed lifecycle through the RecipeService against both databases: every transition signed
// and audited, the refusals (segregation of duties, wrong state, stale versions, bad passwords),
// and at most one effective version, enforced by the database too.

#include <gtest/gtest.h>

#include "gemba/recipe/service.h"
#include "gemba/recipe/service_test_fixture.h"

namespace gemba::recipe::testing {
namespace {

class RecipeLifecycleTest : public RecipeServiceTest {
 protected:
  Result<TransitionResult> act(const trust::Principal& who, const VersionView& v, LifecycleAction a,
                               std::string reason = "") {
    return service().transition(who, v.recipe.id, v.version.number, a, std::nullopt, sign(who),
                                reason);
  }
  VersionState state_of(const VersionView& v, int number = 0) {
    auto got = service().get_version(v.recipe.id, number ? number : v.version.number);
    EXPECT_TRUE(got.ok());
    return got.ok() ? got->version.state : VersionState::kDraft;
  }
};

TEST_P(RecipeLifecycleTest, DraftToEffectiveSignedAuditedAndAnnounced) {
  const VersionView v = create_minimal();

  auto submitted = act(engineer_, v, LifecycleAction::kSubmit);
  ASSERT_TRUE(submitted.ok()) << submitted.error().to_string();
  EXPECT_EQ(submitted->version.version.state, VersionState::kInReview);
  const auto& sig = submitted->signature;
  EXPECT_EQ(sig.at("meaning").as_string(), "authored");
  EXPECT_EQ(sig.at("signer").as_object().at("id").as_string(), engineer_.user_id);
  EXPECT_EQ(sig.at("signer").as_object().at("printed_name").as_string(), "Printed eng.farid");
  EXPECT_EQ(sig.at("content_hash").as_string(), v.version.content_sha256);
  EXPECT_TRUE(sig.at("valid").as_bool());

  auto approved = act(qa_, v, LifecycleAction::kApprove);
  ASSERT_TRUE(approved.ok()) << approved.error().to_string();
  EXPECT_EQ(approved->version.version.state, VersionState::kApproved);
  EXPECT_EQ(approved->approvals_left, 0);
  EXPECT_EQ(approved->signature.at("meaning").as_string(), "approved");

  auto effective = act(qa_, v, LifecycleAction::kMakeEffective);
  ASSERT_TRUE(effective.ok()) << effective.error().to_string();
  EXPECT_EQ(effective->version.version.state, VersionState::kEffective);
  EXPECT_FALSE(effective->superseded);

  for (const char* action :
       {"recipe.version_submit", "recipe.version_approve", "recipe.version_make_effective"}) {
    const auto entries = audit_of(action);
    ASSERT_EQ(entries.size(), 1u) << action;
    EXPECT_EQ(entries[0].record_id, v.version.id);
    EXPECT_NE(entries[0].changes.find("\"state\""), std::string::npos) << action;
    EXPECT_FALSE(entries[0].reason.empty()) << action;
  }
  EXPECT_EQ(audit_of("signature.applied").size(), 3u);
  EXPECT_EQ(events_of_type("recipe.version_submitted").size(), 1u);
  EXPECT_EQ(events_of_type("recipe.version_approved").size(), 1u);
  EXPECT_EQ(events_of_type("recipe.version_made_effective").size(), 1u);

  // The version shows its three signatures, still valid.
  auto got = service().get_version(v.recipe.id, 1);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->signatures.size(), 3u);
  for (const auto& s : got->signatures) EXPECT_TRUE(s.as_object().at("valid").as_bool());
}

TEST_P(RecipeLifecycleTest, AnAuthorMayNotApproveTheirOwnVersion) {
  const trust::Principal both = [&] {
    add_user("both.jo", {"process_engineer", "qa_approver"});
    return login("both.jo")->principal;
  }();
  const VersionView v = create_minimal();
  MasterRecipe r = minimal_recipe();
  r.description = "edited by both.jo";
  ASSERT_TRUE(service().update_draft(both, v.recipe.id, 1, 1, r, "edit").ok());
  submit(v);
  auto own = act(both, v, LifecycleAction::kApprove);
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().code, ErrorCode::kPermissionDenied);
  auto engineer_approves = act(engineer_, v, LifecycleAction::kApprove);
  EXPECT_EQ(engineer_approves.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(state_of(v), VersionState::kInReview);
  EXPECT_TRUE(audit_of("recipe.version_approve").empty());
}

TEST_P(RecipeLifecycleTest, AnApprovedVersionNeverChanges) {
  const VersionView v = create_minimal();
  submit(v);
  approve(v, qa_);
  auto got = service().get_version(v.recipe.id, 1);
  auto edit = service().update_draft(engineer_, v.recipe.id, 1, got->version.version,
                                     minimal_recipe(), "tweak");
  ASSERT_FALSE(edit.ok());
  EXPECT_EQ(edit.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(service().get_version(v.recipe.id, 1)->version.content, v.version.content);
  // Editing means a new draft copy.
  auto copy = service().new_version(engineer_, v.recipe.id, 1);
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->version.state, VersionState::kDraft);
}

TEST_P(RecipeLifecycleTest, SubmitRefusesAnInvalidVersionWithEveryLocatedProblem) {
  MasterRecipe r = minimal_recipe();
  r.header.batch_size.value = -1;
  find_step(r, "yield").spec = CalculationSpec{{"%", 1, {}, {}, {}}, "nope(1) / 0"};
  auto v = service().create_recipe(engineer_, r);
  ASSERT_TRUE(v.ok());
  auto submitted = act(engineer_, *v, LifecycleAction::kSubmit);
  ASSERT_FALSE(submitted.ok());
  EXPECT_EQ(submitted.error().code, ErrorCode::kInvalidArgument);
  const auto& problems = submitted.error().details.at("problems").as_array();
  ASSERT_GE(problems.size(), 2u);
  EXPECT_EQ(problems[0].as_object().at("field").as_string(), "header.batch_size.value");
  EXPECT_EQ(state_of(*v), VersionState::kDraft);
  EXPECT_TRUE(audit_of("signature.applied").empty());
}

TEST_P(RecipeLifecycleTest, TwoApprovalsFromDistinctPeopleWhenConfigured) {
  RecipeServiceOptions options;
  options.approval.approvals_required = 2;
  make_service(options);
  const VersionView v = create_minimal();
  submit(v);
  auto first = act(qa_, v, LifecycleAction::kApprove);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(first->version.version.state, VersionState::kInReview);
  EXPECT_EQ(first->approvals_left, 1);
  EXPECT_EQ(events_of_type("recipe.version_approval_recorded").size(), 1u);
  auto twice = act(qa_, v, LifecycleAction::kApprove);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kPermissionDenied);
  auto second = act(qa2_, v, LifecycleAction::kApprove);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  EXPECT_EQ(second->version.version.state, VersionState::kApproved);
}

TEST_P(RecipeLifecycleTest, RejectionNeedsAReasonAndTheEditStartsANewRound) {
  RecipeServiceOptions options;
  options.approval.approvals_required = 2;
  make_service(options);
  const VersionView v = create_minimal();
  submit(v);
  approve(v, qa_);
  auto no_reason = act(qa2_, v, LifecycleAction::kReject);
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().details.at("field").as_string(), "reason");
  auto rejected = act(qa2_, v, LifecycleAction::kReject, "mixing time too short");
  ASSERT_TRUE(rejected.ok()) << rejected.error().to_string();
  EXPECT_EQ(rejected->version.version.state, VersionState::kRejected);
  EXPECT_EQ(rejected->signature.at("meaning").as_string(), "rejected");
  EXPECT_EQ(audit_of("recipe.version_reject")[0].reason, "mixing time too short");
  // Submitting again needs an edit first; the edit returns it to draft.
  EXPECT_EQ(act(engineer_, v, LifecycleAction::kSubmit).error().code,
            ErrorCode::kFailedPrecondition);
  MasterRecipe r = minimal_recipe();
  r.description = "longer mixing";
  auto edited = service().update_draft(engineer_, v.recipe.id, 1, rejected->version.version.version,
                                       r, "per review");
  ASSERT_TRUE(edited.ok()) << edited.error().to_string();
  EXPECT_EQ(edited->version.state, VersionState::kDraft);
  submit(v);
  // The first round's approval does not count: two new ones are needed.
  auto again = act(qa_, v, LifecycleAction::kApprove);
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_EQ(again->version.version.state, VersionState::kInReview);
}

TEST_P(RecipeLifecycleTest, MakingEffectiveSupersedesThePreviousOneInOneUnit) {
  const VersionView v1 = create_minimal();
  submit(v1);
  approve(v1, qa_);
  make_effective(v1);
  auto v2 = service().new_version(engineer_, v1.recipe.id, 1);
  ASSERT_TRUE(v2.ok());
  submit(*v2);
  approve(*v2, qa_);
  auto effective = act(qa_, *v2, LifecycleAction::kMakeEffective);
  ASSERT_TRUE(effective.ok()) << effective.error().to_string();
  EXPECT_EQ(effective->superseded, 1);
  EXPECT_EQ(state_of(v1, 1), VersionState::kSuperseded);
  EXPECT_EQ(state_of(v1, 2), VersionState::kEffective);
  const auto superseded = audit_of("recipe.version_superseded");
  ASSERT_EQ(superseded.size(), 1u);
  EXPECT_EQ(superseded[0].record_id, v1.version.id);
  EXPECT_EQ(events_of_type("recipe.version_superseded").size(), 1u);
  // The superseded version cannot come back.
  EXPECT_EQ(act(qa_, v1, LifecycleAction::kMakeEffective).error().code,
            ErrorCode::kFailedPrecondition);
}

TEST_P(RecipeLifecycleTest, TwoEffectiveVersionsAreImpossibleEvenInTheDatabase) {
  const VersionView v1 = create_minimal();
  submit(v1);
  approve(v1, qa_);
  make_effective(v1);
  auto v2 = service().new_version(engineer_, v1.recipe.id, 1);
  ASSERT_TRUE(v2.ok());
  // Bypassing the service: the partial unique index refuses a second effective version.
  auto forced = db().write([&](store::Tx& tx) -> Result<void> {
    GEMBA_TRY(
        n, tx.exec("UPDATE recipe_version SET state = 'effective' WHERE id = ?", v2->version.id));
    (void)n;
    return ok();
  });
  ASSERT_FALSE(forced.ok());
  EXPECT_EQ(forced.error().code, ErrorCode::kConflict);
  EXPECT_EQ(state_of(v1, 2), VersionState::kDraft);
}

TEST_P(RecipeLifecycleTest, RetireNeedsAReasonAndIsSigned) {
  const VersionView v = create_minimal();
  submit(v);
  approve(v, qa_);
  make_effective(v);
  EXPECT_EQ(act(qa_, v, LifecycleAction::kRetire).error().details.at("field").as_string(),
            "reason");
  EXPECT_EQ(act(engineer_, v, LifecycleAction::kRetire, "obsolete").error().code,
            ErrorCode::kPermissionDenied);
  auto retired = act(qa_, v, LifecycleAction::kRetire, "product discontinued");
  ASSERT_TRUE(retired.ok()) << retired.error().to_string();
  EXPECT_EQ(retired->version.version.state, VersionState::kRetired);
  EXPECT_FALSE(retired->signature.empty());
  EXPECT_EQ(audit_of("recipe.version_retire")[0].reason, "product discontinued");
}

TEST_P(RecipeLifecycleTest, WrongPasswordOrSomeoneElsesSignatureChangesNothing) {
  const VersionView v = create_minimal();
  SignatureInput wrong = sign(engineer_);
  wrong.password = "not-the-password";
  auto bad = service().transition(engineer_, v.recipe.id, 1, LifecycleAction::kSubmit, std::nullopt,
                                  wrong, "");
  ASSERT_FALSE(bad.ok());
  // (trust answers a wrong signing password 422, not 401: the session itself stays valid)
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument) << bad.error().to_string();
  EXPECT_EQ(bad.error().details.at("field").as_string(), "signature.password");
  auto borrowed = service().transition(engineer_, v.recipe.id, 1, LifecycleAction::kSubmit,
                                       std::nullopt, sign(engineer2_), "");
  ASSERT_FALSE(borrowed.ok());
  EXPECT_EQ(borrowed.error().code, ErrorCode::kPermissionDenied);
  SignatureInput meaning = sign(engineer_);
  meaning.meaning = "approved";
  EXPECT_EQ(service()
                .transition(engineer_, v.recipe.id, 1, LifecycleAction::kSubmit, std::nullopt,
                            meaning, "")
                .error()
                .details.at("field")
                .as_string(),
            "signature.meaning");
  EXPECT_EQ(state_of(v), VersionState::kDraft);
  EXPECT_TRUE(audit_of("recipe.version_submit").empty());
}

TEST_P(RecipeLifecycleTest, AStaleExpectedVersionIsAConflict) {
  const VersionView v = create_minimal();
  MasterRecipe r = minimal_recipe();
  r.description = "x";
  ASSERT_TRUE(service().update_draft(engineer_, v.recipe.id, 1, 1, r, "edit").ok());
  auto stale = service().transition(engineer_, v.recipe.id, 1, LifecycleAction::kSubmit, 1,
                                    sign(engineer_), "");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(stale.error().details.at("current").as_object().at("version").as_int64(), 2);
}

GEMBA_INSTANTIATE_FOR_BACKENDS(RecipeLifecycleTest);

}  // namespace
}  // namespace gemba::recipe::testing
