// The demo seed: the paracetamol recipe imported, submitted, approved and made effective by the
// demo users, signed and audited; seeding twice changes nothing.

#include "gemba/recipe/service_demo.h"

#include <gtest/gtest.h>

#include "gemba/recipe/demo/demo_recipes.h"
#include "gemba/recipe/service_test_fixture.h"

namespace gemba::recipe::testing {
namespace {

class RecipeDemoTest : public RecipeServiceTest {};

TEST_P(RecipeDemoTest, SeedsAnEffectiveSignedParacetamolRecipeOnce) {
  const DemoSigner author{engineer_, trust::testing::kPassword};
  const DemoSigner approver{qa_, trust::testing::kPassword};
  auto seeded = seed_demo_recipes(service(), author, approver);
  ASSERT_TRUE(seeded.ok()) << seeded.error().to_string();
  auto v = service().get_version(seeded->paracetamol_recipe_id, seeded->paracetamol_version);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->version.state, VersionState::kEffective);
  EXPECT_EQ(v->recipe.product_code, "PCM500-FCT");
  EXPECT_EQ(v->signatures.size(), 3u);
  EXPECT_EQ(*service().export_version(v->recipe.id, v->version.number),
            paracetamol_500mg_recipe_json());

  const auto entries = audit_of("signature.applied").size();
  auto again = seed_demo_recipes(service(), author, approver);
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_EQ(again->paracetamol_recipe_id, seeded->paracetamol_recipe_id);
  EXPECT_EQ(audit_of("signature.applied").size(), entries);
}

GEMBA_INSTANTIATE_FOR_BACKENDS(RecipeDemoTest);

}  // namespace
}  // namespace gemba::recipe::testing
