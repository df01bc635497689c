#pragma once
// The HTTP API of master batch records (docs/api.md "Recipes"), each route with its permission:
//
//   GET  /api/v1/recipes                                  recipe.read     ?limit=&cursor=
//   POST /api/v1/recipes                                  recipe.author   body: a recipe document
//   POST /api/v1/recipes/import                           recipe.author   body: a recipe document
//   POST /api/v1/recipes/validate                         recipe.read     body: a recipe document
//   GET  /api/v1/recipes/{id}                             recipe.read
//   GET  /api/v1/recipes/{id}/diff?from=&to=              recipe.read
//   POST /api/v1/recipes/{id}/versions                    recipe.author   {"from": n}
//   GET  /api/v1/recipes/{id}/versions/{v}                recipe.read     ETag "v<version>"
//   PUT  /api/v1/recipes/{id}/versions/{v}                recipe.author   If-Match; {"content",
//   "reason"} GET  /api/v1/recipes/{id}/versions/{v}/export         recipe.read     the canonical
//   document POST /api/v1/recipes/{id}/versions/{v}/submit         recipe.author   {"signature"}
//   POST …/approve | …/reject                             recipe.approve  {"signature", "reason"?}
//   POST …/make-effective                                 recipe.make_effective
//   POST …/retire                                         recipe.retire
//
// Action bodies: {"signature": {"username"?, "password", "meaning"?, "comment"?}, "reason"?};
// If-Match is optional on actions (checked when sent) and required on PUT.

#include "gemba/http/router.h"
#include "gemba/recipe/service.h"

namespace gemba::recipe {

// `service` must outlive the router. Handlers need a trust::Principal in the request (the trust
// authorizer puts it there).
void register_recipe_routes(http::Router& router, RecipeService& service);

}  // namespace gemba::recipe
