#pragma once
// Request: one HTTP request as the router and handlers see it. Built by the server from the wire
// (http/wire.h); handlers may mutate it (path_params, principal) but the server owns it for the
// duration of the call. Not thread-safe; confined to the thread running the handler.

#include <any>
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "gemba/core/result.h"

namespace gemba::http {

struct Request {
  std::string method;  // "GET", "POST", ... as sent (case-sensitive, RFC 9110)
  std::string target;  // the raw origin-form target: "/api/v1/batches?number=PCM%2D1"
  std::string path;    // percent-decoded, without the query: "/api/v1/batches"
  std::multimap<std::string, std::string> query;  // decoded; '+' is a space
  std::map<std::string, std::string> headers;     // lower-case names; repeats joined by ", "
  std::string body;
  std::map<std::string, std::string> path_params;  // set by the router: {"id": "…"}
  std::string remote_address;                      // "127.0.0.1:53122"
  std::string request_id;                          // also sent back as X-Request-Id
  std::any principal;  // set by the authorizer: the trust capability puts its session/user here

  // The header's value, or "" if absent. `name` is matched case-insensitively.
  std::string header(std::string_view name) const;
  // The first value of a query parameter, or nullopt.
  std::optional<std::string> query_param(std::string_view name) const;

  // The body as strict JSON (core/json.h: duplicate keys, trailing bytes and deep nesting are
  // refused). REQUIRES of the client: Content-Type application/json (or a +json type).
  // Every error is invalid_argument describing malformed input: answer it with bad_request()
  // (400), not error_response() (which maps invalid_argument to 422). See http/errors.h.
  Result<boost::json::value> json_body() const;
};

// Decodes %XX escapes (and '+' as a space if `plus_is_space`). nullopt for a malformed escape or
// a decoded NUL byte.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

// The raw path part of an origin-form target (everything before '?').
std::string_view raw_path_of(std::string_view target);

// Sets target, path and query of `r` from an origin-form target ("/a/b?x=1"). Errors
// (invalid_argument): not starting with '/', a malformed escape, a NUL byte, a control character.
Result<void> set_target(Request& r, std::string target);

// ASCII lower-casing, for header names.
std::string ascii_lower(std::string_view s);

}  // namespace gemba::http
