// Fuzzes the GS1 scan parser (material/gs1): whatever a scanner or a keyboard sends must never
// crash, hang or leak; every refusal says why; whatever it accepts formats to the human-readable
// form and builds to an element string that both parse back to the same scan.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gemba/material/gs1/gs1.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gemba::material::gs1;
  constexpr std::chrono::year kReferenceYear{2026};
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto scan = parse_scan(text, kReferenceYear);
  if (!scan.ok()) {
    if (scan.error().message.empty()) __builtin_trap();  // every refusal says why
    return 0;
  }
  if (scan->elements.empty()) __builtin_trap();

  auto again = parse_scan(format_human_readable(scan->elements), kReferenceYear);
  if (!again.ok()) __builtin_trap();  // the human-readable form reads back
  again->symbology = scan->symbology;
  if (!(*again == *scan)) __builtin_trap();

  auto built = build_element_string(scan->elements, kReferenceYear, "]d2");
  if (!built.ok()) __builtin_trap();  // what we accept, we can encode
  auto rescanned = parse_scan(*built, kReferenceYear);
  if (!rescanned.ok() || rescanned->symbology != "]d2") __builtin_trap();
  rescanned->symbology = scan->symbology;
  if (!(*rescanned == *scan)) __builtin_trap();
  return 0;
}
