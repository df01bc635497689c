#pragma once
// The demo recipes, compiled into the binary from src/gemba/recipe/demo/*.json (the JSON files
// are also the recipe format's worked example in docs/recipe-format.md).

#include <string_view>

namespace gemba::recipe {

// Paracetamol 500 mg tablets, 100 kg nominal batch: dispensing → wet granulation → fluid-bed
// drying → blending → compression → coating → yield reconciliation → sign-off. Canonical JSON.
std::string_view paracetamol_500mg_recipe_json();

}  // namespace gemba::recipe
