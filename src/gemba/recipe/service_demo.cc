#include "gemba/recipe/service_demo.h"

#include "gemba/recipe/demo/demo_recipes.h"

namespace gemba::recipe {
namespace {

SignatureInput sign_as(const DemoSigner& s, std::string comment) {
  SignatureInput in;
  in.username = s.principal.username;
  in.password = s.password;
  in.comment = std::move(comment);
  return in;
}

}  // namespace

Result<DemoRecipes> seed_demo_recipes(RecipeService& service, const DemoSigner& author,
                                      const DemoSigner& approver) {
  GEMBA_TRY(content, parse_recipe(paracetamol_500mg_recipe_json()));
  // Already seeded?
  GEMBA_TRY(page, service.list_recipes(500, ""));
  for (const auto& r : page.items) {
    if (r.recipe.product_code != content.product_code || r.recipe.site != content.site) continue;
    for (const auto& v : r.versions) {
      if (v.state == VersionState::kEffective) return DemoRecipes{r.recipe.id, v.number};
    }
  }
  GEMBA_TRY(draft, service.import_recipe(author.principal, paracetamol_500mg_recipe_json()));
  const std::string id = draft.recipe.id;
  const int number = draft.version.number;
  GEMBA_RETURN_IF_ERROR(service.transition(author.principal, id, number, LifecycleAction::kSubmit,
                                           draft.version.version,
                                           sign_as(author, "demo: submitted for review"), ""));
  GEMBA_RETURN_IF_ERROR(service.transition(approver.principal, id, number,
                                           LifecycleAction::kApprove, std::nullopt,
                                           sign_as(approver, "demo: approved for production"), ""));
  GEMBA_RETURN_IF_ERROR(service.transition(approver.principal, id, number,
                                           LifecycleAction::kMakeEffective, std::nullopt,
                                           sign_as(approver, "demo: effective"), ""));
  return DemoRecipes{id, number};
}

}  // namespace gemba::recipe
