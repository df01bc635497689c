// Fuzzes the materials API's body readers (material/request_body.h): strict JSON, then every
// body. Whatever they accept must be something the service can be given (finite, positive
// quantities; real dates; an occurrence from 1); whatever they refuse must say why.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gemba/core/json.h"
#include "gemba/material/request_body.h"

namespace {

template <typename T, typename Check>
void expect(const gemba::Result<T>& r, Check check) {
  if (!r.ok()) {
    if (r.error().message.empty()) __builtin_trap();
    return;
  }
  check(r.value());
}

void positive(const std::vector<double>& quantities) {
  if (quantities.empty()) __builtin_trap();
  for (double q : quantities) {
    if (!std::isfinite(q) || q <= 0) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace m = gemba::material;
  auto parsed =
      gemba::parse_json_strict(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed.ok() || !parsed->is_object()) return 0;
  const auto& o = parsed->as_object();
  expect(m::parse_item_body(o), [](const m::Item& i) {
    if (i.code.empty() || i.name.empty()) __builtin_trap();
  });
  expect(m::parse_receipt_body(o), [](const m::ReceiptInput& in) {
    positive(in.containers);
    if (in.assay_percent && !std::isfinite(*in.assay_percent)) __builtin_trap();
  });
  expect(m::parse_status_body(o), [&](const m::StatusBody&) {
    if (!o.contains("signature")) __builtin_trap();  // a QC disposition is always signed
  });
  expect(m::parse_adjust_body(o), [](const m::AdjustBody& b) {
    if (!std::isfinite(b.quantity) || b.reason.empty()) __builtin_trap();
  });
  expect(m::parse_dispense_body(o), [](const m::DispenseInput& in) {
    if (in.occurrence < 1 || !std::isfinite(in.weighing.tare) ||
        !std::isfinite(in.weighing.gross)) {
      __builtin_trap();
    }
  });
  expect(m::parse_produce_body(o), [](const m::ProduceInput& in) { positive(in.containers); });
  expect(m::parse_transfer_body(o), [](const m::TransferBody& b) {
    if (b.from.empty() || !(b.quantity > 0) || !std::isfinite(b.quantity)) __builtin_trap();
  });
  expect(m::parse_return_body(o), [](const m::ReturnBody& b) {
    if (b.quantity < 0 || !std::isfinite(b.quantity)) __builtin_trap();
  });
  return 0;
}
