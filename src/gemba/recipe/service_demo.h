#pragma once
// The demo seed of master batch records: the Paracetamol 500 mg tablets recipe
// (demo/paracetamol-500mg.json) imported by a process engineer, submitted (signed), approved and
// made effective (signed) by a QA approver — through the service, so the demo's audit trail and
// signatures are the real thing.

#include <string>

#include "gemba/core/result.h"
#include "gemba/recipe/service.h"
#include "gemba/trust/principal.h"

namespace gemba::recipe {

// A demo user as logged in (SessionService::login(...).principal) and their password.
struct DemoSigner {
  trust::Principal principal;
  std::string password;
};

struct DemoRecipes {
  std::string paracetamol_recipe_id;
  int paracetamol_version = 0;
};

// REQUIRES: `author` holds recipe.author; `approver` holds recipe.approve and
// recipe.make_effective and is another person. Does nothing but return the ids when the recipe
// already exists with an effective version.
Result<DemoRecipes> seed_demo_recipes(RecipeService& service, const DemoSigner& author,
                                      const DemoSigner& approver);

}  // namespace gemba::recipe
