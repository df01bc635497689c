#include "gemba/recipe/service_test_fixture.h"

#include "gemba/recipe/store.h"
#include "gemba/trust/migrations.h"

namespace gemba::recipe::testing {

void RecipeServiceTest::SetUp() {
  TrustTest::SetUp();
  if (IsSkipped() || HasFatalFailure()) return;
  // The migrator refuses applied migrations it does not know: give it trust's and ours.
  std::vector<store::Migration> all = trust_migrations();
  all.insert(all.end(), recipe_migrations().begin(), recipe_migrations().end());
  auto applied = store::apply_migrations(db(), all, clock_);
  ASSERT_TRUE(applied.ok()) << applied.error().to_string();
  engineer_ = logged_in("eng.farid", "process_engineer");
  engineer2_ = logged_in("eng.gus", "process_engineer");
  qa_ = logged_in("qp.eva", "qa_approver");
  qa2_ = logged_in("qp.ida", "qa_approver");
  operator_ = logged_in("op.anna", "operator");
  make_service();
}

void RecipeServiceTest::TearDown() {
  service_.reset();
  TrustTest::TearDown();
}

void RecipeServiceTest::make_service(RecipeServiceOptions options) {
  service_.reset();
  service_ = std::make_unique<RecipeService>(db(), clock_, ids_, trust().audit(),
                                             trust().signatures(), &events_, nullptr, options);
}

trust::Principal RecipeServiceTest::logged_in(const std::string& username,
                                              const std::string& role) {
  add_user(username, {role});
  auto session = login(username);
  EXPECT_TRUE(session.ok()) << session.error().to_string();
  if (session.ok()) tokens_[username] = session->token;
  return session.ok() ? session->principal : trust::Principal{};
}

SignatureInput RecipeServiceTest::sign(const trust::Principal& p, std::string comment) {
  SignatureInput s;
  s.username = p.username;
  s.password = trust::testing::kPassword;
  s.comment = std::move(comment);
  return s;
}

VersionView RecipeServiceTest::create_minimal() {
  auto v = service().create_recipe(engineer_, minimal_recipe());
  EXPECT_TRUE(v.ok()) << v.error().to_string();
  return v.ok() ? *v : VersionView{};
}

void RecipeServiceTest::submit(const VersionView& v) {
  auto r = service().transition(engineer_, v.recipe.id, v.version.number, LifecycleAction::kSubmit,
                                std::nullopt, sign(engineer_), "");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
}

void RecipeServiceTest::approve(const VersionView& v, const trust::Principal& who) {
  auto r = service().transition(who, v.recipe.id, v.version.number, LifecycleAction::kApprove,
                                std::nullopt, sign(who), "");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
}

void RecipeServiceTest::make_effective(const VersionView& v) {
  auto r = service().transition(qa_, v.recipe.id, v.version.number, LifecycleAction::kMakeEffective,
                                std::nullopt, sign(qa_), "");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
}

}  // namespace gemba::recipe::testing
