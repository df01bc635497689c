// Fuzzes the path from bytes on a connection to a routed Request: RequestReader (Beast's parser
// with our limits, fed in pieces as the server does), take_request (target, query, headers),
// Router::match with path parameters, and the static-file path sanitizer. The first byte sets
// the piece size; the rest is the connection's byte stream (possibly several requests).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "gemba/http/router.h"
#include "gemba/http/static_files.h"
#include "gemba/http/wire.h"

namespace {

gemba::http::Router& router() {
  static gemba::http::Router* r = [] {
    auto* r = new gemba::http::Router();
    const auto ok = [](gemba::http::Request&) { return gemba::http::Response{}; };
    r->add({"GET", "/api/v1/batches", "", "", ok});
    r->add({"GET", "/api/v1/batches/{id}", "", "", ok});
    r->add({"GET", "/api/v1/batches/new", "", "", ok});
    r->add({"PUT", "/api/v1/batches/{id}/steps/{key}", "", "", ok});
    r->add({"GET", "/healthz", "", "", ok});
    return r;
  }();
  return *r;
}

void check_request(gemba::http::Request& req) {
  if (req.target.empty() || req.target.front() != '/') __builtin_trap();
  if (req.path.find('\0') != std::string::npos) __builtin_trap();
  const auto m = router().match(req.method, gemba::http::raw_path_of(req.target));
  for (const auto& [name, value] : m.params) {
    if (value.empty()) __builtin_trap();
  }
  const auto relative = gemba::http::static_relative_path(gemba::http::raw_path_of(req.target));
  if (relative && !relative->empty()) {
    // Whatever the sanitizer lets through stays below the root: no absolute path, no dot or
    // empty segment, no backslash or NUL.
    std::string_view rest = *relative;
    while (true) {
      const std::size_t slash = rest.find('/');
      const std::string_view segment = rest.substr(0, slash);
      if (segment.empty() || segment == "." || segment == ".." ||
          segment.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos)
        __builtin_trap();
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
  }
  (void)req.json_body();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 64;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  gemba::http::RequestReader reader({.header_limit = 4096, .body_limit = 8192});
  std::string pending;
  std::size_t pos = 0;
  for (int requests = 0; requests < 16;) {
    if (pos < input.size()) {
      const std::size_t n = std::min(piece, input.size() - pos);
      pending.append(input.substr(pos, n));
      pos += n;
    }
    const std::size_t used = reader.feed(pending);
    if (used > pending.size()) __builtin_trap();
    pending.erase(0, used);
    if (reader.failure()) {
      const int status = reader.failure()->status;
      if (status != 400 && status != 413 && status != 431 && status != 505) __builtin_trap();
      break;
    }
    if (reader.done()) {
      bool keep_alive = false;
      auto req = reader.take_request(&keep_alive);
      if (req.ok()) check_request(*req);
      reader.reset();
      ++requests;
      continue;
    }
    if (pos >= input.size() && used == 0) break;
  }
  return 0;
}
