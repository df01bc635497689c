// Fuzzes the step API's body readers (batch/request_body.h): strict JSON, then the completion,
// correction and disposition bodies. Whatever they accept must be a value the engine can be given:
// finite numbers, a known source, an occurrence from 1; whatever they refuse must name a field.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gemba/batch/request_body.h"
#include "gemba/core/json.h"

namespace {

void check_value(const gemba::batch::ValueInput& v) {
  if (v.number && !std::isfinite(*v.number)) __builtin_trap();
  if (v.source != gemba::batch::ValueSource::kManual &&
      v.source != gemba::batch::ValueSource::kScanned) {
    __builtin_trap();
  }
}

void check_refusal(const gemba::Error& e) {
  if (e.message.empty()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed =
      gemba::parse_json_strict(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed.ok() || !parsed->is_object()) return 0;
  const auto& o = parsed->as_object();
  if (auto c = gemba::batch::parse_complete_body(o); c.ok()) {
    check_value(c->value);
    if (c->occurrence && *c->occurrence < 1) __builtin_trap();
  } else {
    check_refusal(c.error());
  }
  if (auto c = gemba::batch::parse_correct_body(o); c.ok()) {
    check_value(c->value);
    if (!o.contains("signature")) __builtin_trap();  // a correction is always signed
  } else {
    check_refusal(c.error());
  }
  if (auto d = gemba::batch::parse_disposition_body(o); d.ok()) {
    if (!o.contains("signature")) __builtin_trap();  // a disposition is always signed
  } else {
    check_refusal(d.error());
  }
  return 0;
}
