// Fuzzes Request::json_body() (strict JSON of untrusted bodies) and the error rendering it feeds.
// The first byte picks the Content-Type, the rest is the body.

#include <boost/json/serialize.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "gemba/core/json.h"
#include "gemba/http/errors.h"
#include "gemba/http/request.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* const kTypes[] = {"application/json", "application/json; charset=utf-8",
                                       "text/plain", "", "application/x+json"};
  gemba::http::Request req;
  const char* type = kTypes[data[0] % 5];
  if (*type) req.headers["content-type"] = type;
  req.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  req.request_id = "fuzz";
  auto body = req.json_body();
  if (body.ok()) {
    // What a strict parse accepts, its canonical form must be accepted again. (Not compared for
    // equality: Boost 1.81 parses long mantissas imprecisely, so doubles may move by an ulp.)
    const std::string canonical = gemba::canonical_json(*body);
    auto again = gemba::parse_json_strict(canonical);
    if (!again.ok() || again->kind() != body->kind()) __builtin_trap();
  } else {
    const auto resp = gemba::http::bad_request(body.error(), req.request_id);
    if (resp.status != 400 || resp.body.empty()) __builtin_trap();
  }
  return 0;
}
