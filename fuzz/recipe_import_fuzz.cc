// Fuzzes recipe import (untrusted JSON from POST /api/v1/recipes/import): parsing must never
// crash, hang or leak; whatever it accepts must validate without crashing and export canonically:
// export → import → export is byte-identical and the re-imported version differs in nothing.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gemba/recipe/model/diff.h"
#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gemba::recipe;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto recipe = parse_recipe(text);
  if (!recipe.ok()) {
    if (recipe.error().message.empty()) std::abort();  // every refusal says why
    return 0;
  }
  (void)validate(*recipe);
  const std::string once = write_recipe(*recipe);
  auto again = parse_recipe(once);
  if (!again.ok()) std::abort();  // the canonical form must be importable
  const std::string twice = write_recipe(*again);
  if (twice != once) std::abort();  // and stable
  auto third = parse_recipe(twice);
  if (!third.ok() || !diff_recipes(*again, *third).empty()) std::abort();
  return 0;
}
