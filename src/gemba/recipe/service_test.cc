// RecipeService against both databases: creating, reading, listing, editing drafts, new versions,
// import/export and diff; audit entries for every change.

#include "gemba/recipe/service.h"

#include <gtest/gtest.h>

#include "gemba/recipe/demo/demo_recipes.h"
#include "gemba/recipe/service_test_fixture.h"

namespace gemba::recipe::testing {
namespace {

class RecipeStoreTest : public RecipeServiceTest {};

TEST_P(RecipeStoreTest, CreateStoresVersionOneAsDraftAndAuditsIt) {
  const VersionView v = create_minimal();
  EXPECT_EQ(v.version.number, 1);
  EXPECT_EQ(v.version.state, VersionState::kDraft);
  EXPECT_EQ(v.version.version, 1);
  EXPECT_TRUE(v.problems.empty());
  EXPECT_EQ(v.author_ids, std::vector<std::string>{engineer_.user_id});
  EXPECT_EQ(v.recipe.product_code, "TEST-1");

  const auto created = audit_of("recipe.version_created");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].record_id, v.version.id);
  EXPECT_EQ(created[0].actor_id, engineer_.user_id);
  EXPECT_NE(created[0].changes.find(v.version.content_sha256), std::string::npos);
  EXPECT_EQ(audit_of("recipe.created").size(), 1u);
  EXPECT_EQ(events_of_type("recipe.version_created").size(), 1u);

  auto got = service().get_version(v.recipe.id, 1);
  ASSERT_TRUE(got.ok()) << got.error().to_string();
  EXPECT_EQ(got->version.content, write_recipe(minimal_recipe()));
  EXPECT_TRUE(got->problems.empty());
}

TEST_P(RecipeStoreTest, ADraftWithProblemsIsStoredAndItsProblemsReturned) {
  MasterRecipe r = minimal_recipe();
  r.header.batch_size.value = -1;
  find_step(r, "yield").spec = CalculationSpec{{"%", 1, {}, {}, {}}, "nope(1)"};
  auto v = service().create_recipe(engineer_, r);
  ASSERT_TRUE(v.ok()) << v.error().to_string();
  ASSERT_EQ(v->problems.size(), 2u);
  EXPECT_EQ(v->problems[0].field, "header.batch_size.value");
  EXPECT_EQ(v->version.problem_count, 2);
  auto got = service().get_version(v->recipe.id, 1);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->problems.size(), 2u);
}

TEST_P(RecipeStoreTest, OneRecipePerProductAndSite) {
  create_minimal();
  auto again = service().create_recipe(engineer_, minimal_recipe());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  MasterRecipe other = minimal_recipe();
  other.site = "SITE-2";
  EXPECT_TRUE(service().create_recipe(engineer_, other).ok());
}

TEST_P(RecipeStoreTest, OnlyAuthorsCreate) {
  auto v = service().create_recipe(operator_, minimal_recipe());
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(audit_of("recipe.version_created").empty());
}

TEST_P(RecipeStoreTest, ListPagesWithACursor) {
  for (int i = 0; i < 3; ++i) {
    MasterRecipe r = minimal_recipe();
    r.product_code = "P-" + std::to_string(i);
    ASSERT_TRUE(service().create_recipe(engineer_, r).ok());
  }
  auto first = service().list_recipes(2, "");
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  ASSERT_EQ(first->items.size(), 2u);
  ASSERT_TRUE(first->next_cursor);
  EXPECT_EQ(first->items[0].recipe.product_code, "P-0");
  EXPECT_EQ(first->items[0].versions.size(), 1u);
  auto second = service().list_recipes(2, *first->next_cursor);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].recipe.product_code, "P-2");
  EXPECT_FALSE(second->next_cursor);
  EXPECT_FALSE(service().list_recipes(0, "").ok());
  EXPECT_FALSE(service().list_recipes(501, "").ok());
}

TEST_P(RecipeStoreTest, UnknownRecipeAndVersionAreNotFound) {
  const VersionView v = create_minimal();
  EXPECT_EQ(service().get_recipe("nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service().get_version(v.recipe.id, 2).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service().export_version("nope", 1).error().code, ErrorCode::kNotFound);
}

TEST_P(RecipeStoreTest, EditingADraftIsAuditedWithTheDiffAndReason) {
  const VersionView v = create_minimal();
  MasterRecipe r = minimal_recipe();
  r.product_name = "Test tablets, film-coated";
  auto edited = service().update_draft(engineer2_, v.recipe.id, 1, 1, r, "name per the dossier");
  ASSERT_TRUE(edited.ok()) << edited.error().to_string();
  EXPECT_EQ(edited->version.version, 2);
  EXPECT_EQ(edited->recipe.product_name, "Test tablets, film-coated");
  EXPECT_EQ(edited->author_ids, (std::vector<std::string>{engineer_.user_id, engineer2_.user_id}));
  const auto audited = audit_of("recipe.version_edited");
  ASSERT_EQ(audited.size(), 1u);
  EXPECT_EQ(audited[0].reason, "name per the dossier");
  EXPECT_NE(audited[0].changes.find("Test tablets, film-coated"), std::string::npos);
  EXPECT_NE(audited[0].changes.find(v.version.content_sha256), std::string::npos);
}

TEST_P(RecipeStoreTest, StaleVersionIsAConflictWithTheCurrentState) {
  const VersionView v = create_minimal();
  MasterRecipe r = minimal_recipe();
  r.description = "first";
  ASSERT_TRUE(service().update_draft(engineer_, v.recipe.id, 1, 1, r, "edit").ok());
  r.description = "second";
  auto stale = service().update_draft(engineer_, v.recipe.id, 1, 1, r, "edit");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  const auto& current = stale.error().details.at("current").as_object();
  EXPECT_EQ(current.at("version").as_int64(), 2);
  EXPECT_EQ(current.at("state").as_string(), "draft");
  EXPECT_EQ(audit_of("recipe.version_edited").size(), 1u);
}

TEST_P(RecipeStoreTest, EditsNeedAReasonAndKeepTheRecipeIdentity) {
  const VersionView v = create_minimal();
  MasterRecipe r = minimal_recipe();
  auto no_reason = service().update_draft(engineer_, v.recipe.id, 1, 1, r, " ");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().details.at("field").as_string(), "reason");
  r.site = "ELSEWHERE";
  auto moved = service().update_draft(engineer_, v.recipe.id, 1, 1, r, "move");
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().details.at("field").as_string(), "site");
  EXPECT_EQ(
      service().update_draft(operator_, v.recipe.id, 1, 1, minimal_recipe(), "x").error().code,
      ErrorCode::kPermissionDenied);
}

TEST_P(RecipeStoreTest, ImportExportRoundTripIsByteIdenticalThroughTheStore) {
  const std::string_view doc = paracetamol_500mg_recipe_json();
  auto imported = service().import_recipe(engineer_, doc);
  ASSERT_TRUE(imported.ok()) << imported.error().to_string();
  EXPECT_TRUE(imported->problems.empty());
  auto exported = service().export_version(imported->recipe.id, 1);
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(*exported, doc);
  // Importing the export again adds version 2 to the same recipe, with the same bytes.
  auto again = service().import_recipe(engineer_, *exported);
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_EQ(again->recipe.id, imported->recipe.id);
  EXPECT_EQ(again->version.number, 2);
  EXPECT_EQ(*service().export_version(imported->recipe.id, 2), doc);
  EXPECT_EQ(again->version.content_sha256, imported->version.content_sha256);
  EXPECT_TRUE(service().diff_versions(imported->recipe.id, 1, 2)->empty());
  EXPECT_EQ(audit_of("recipe.version_imported").size(), 2u);
}

TEST_P(RecipeStoreTest, ImportRefusesMalformedDocumentsWithALocatedError) {
  auto bad = service().import_recipe(engineer_, "{\"format\": ");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().details.contains("offset"));
  std::string doc = minimal_recipe_json();
  doc.replace(doc.find("\"equipment_use\""), 15, "\"teleport\"");
  auto unknown = service().import_recipe(engineer_, doc);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().details.at("field").as_string(),
            "unit_procedures[0].operations[0].steps[0].type");
}

TEST_P(RecipeStoreTest, NewVersionCopiesAndDiffShowsTheChange) {
  const VersionView v = create_minimal();
  auto v2 = service().new_version(engineer_, v.recipe.id, 1);
  ASSERT_TRUE(v2.ok()) << v2.error().to_string();
  EXPECT_EQ(v2->version.number, 2);
  EXPECT_EQ(v2->version.based_on, 1);
  EXPECT_EQ(v2->version.content, v.version.content);
  MasterRecipe r = minimal_recipe();
  std::get<ProcessParameterSpec>(find_step(r, "mix_speed").spec).limits.high = 120;
  ASSERT_TRUE(service().update_draft(engineer_, v.recipe.id, 2, 1, r, "wider range").ok());
  auto diff = service().diff_versions(v.recipe.id, 1, 2);
  ASSERT_TRUE(diff.ok());
  ASSERT_EQ(diff->changes.size(), 1u);
  EXPECT_EQ(diff->changes[0].key, "mix_speed");
  ASSERT_EQ(diff->changes[0].fields.size(), 1u);
  EXPECT_EQ(diff->changes[0].fields[0].field, "limits.high");
  EXPECT_EQ(service().diff_versions(v.recipe.id, 1, 9).error().code, ErrorCode::kNotFound);
}

GEMBA_INSTANTIATE_FOR_BACKENDS(RecipeStoreTest);

}  // namespace
}  // namespace gemba::recipe::testing
