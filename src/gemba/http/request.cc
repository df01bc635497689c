#include "gemba/http/request.h"

#include <cmath>

#include "gemba/core/json.h"

namespace gemba::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/json, application/json; charset=utf-8, application/problem+json, ...
bool is_json_media_type(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  std::string type = ascii_lower(content_type.substr(0, semicolon));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  if (type == "application/json") return true;
  return type.starts_with("application/") && type.ends_with("+json");
}

// True if every number in `v` is finite. Boost 1.81 parses 1e999 to infinity and serialises it
// as "Infinity", which is not JSON; such input is refused here, at the edge.
bool all_numbers_finite(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::double_: return std::isfinite(v.get_double());
    case boost::json::kind::array:
      for (const auto& e : v.get_array()) {
        if (!all_numbers_finite(e)) return false;
      }
      return true;
    case boost::json::kind::object:
      for (const auto& kv : v.get_object()) {
        if (!all_numbers_finite(kv.value())) return false;
      }
      return true;
    default: return true;
  }
}

}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  }
  return out;
}

std::string Request::header(std::string_view name) const {
  const auto it = headers.find(ascii_lower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  const auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Result<boost::json::value> Request::json_body() const {
  if (body.empty()) {
    return Error::invalid_argument(
        "the request body is empty; send a JSON document with Content-Type: application/json");
  }
  const std::string type = header("content-type");
  if (!is_json_media_type(type)) {
    return Error::invalid_argument(
        "the request body must be JSON with Content-Type: application/json (got " +
            (type.empty() ? std::string("no Content-Type") : "\"" + type.substr(0, 100) + "\"") +
            ")",
        {{"content_type", type.substr(0, 100)}});
  }
  auto value = parse_json_strict(body);
  if (value.ok() && !all_numbers_finite(*value)) {
    return Error::invalid_argument("a JSON number is too large (beyond ±1.8e308)");
  }
  return value;
}

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = char(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::string_view raw_path_of(std::string_view target) { return target.substr(0, target.find('?')); }

Result<void> set_target(Request& r, std::string target) {
  if (target.empty() || target.front() != '/') {
    return Error::invalid_argument("the request target must be a path starting with '/'");
  }
  for (const char c : target) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) {
      return Error::invalid_argument("the request target contains a control character or space");
    }
  }
  const std::string_view raw_path = raw_path_of(target);
  auto path = percent_decode(raw_path, false);
  if (!path) {
    return Error::invalid_argument("the request path has a malformed percent-escape or a NUL byte");
  }
  std::multimap<std::string, std::string> query;
  if (raw_path.size() < target.size()) {
    std::string_view rest = std::string_view(target).substr(raw_path.size() + 1);
    const std::size_t hash = rest.find('#');
    if (hash != std::string_view::npos) rest = rest.substr(0, hash);
    while (!rest.empty()) {
      const std::size_t amp = rest.find('&');
      const std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      if (pair.empty()) continue;
      const std::size_t eq = pair.find('=');
      auto name = percent_decode(pair.substr(0, eq), true);
      auto value = percent_decode(
          eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
      if (!name || !value) {
        return Error::invalid_argument(
            "the query string has a malformed percent-escape or a NUL byte");
      }
      query.emplace(std::move(*name), std::move(*value));
    }
  }
  r.path = std::move(*path);
  r.query = std::move(query);
  r.target = std::move(target);
  return ok();
}

}  // namespace gemba::http
