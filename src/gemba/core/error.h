#pragma once
// Error: what went wrong, in a few stable codes, with a message a person can act on and details
// that locate the problem (a field path, the blocking record). The HTTP layer alone maps codes to
// statuses (http/errors.cc).

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace gemba {

enum class ErrorCode {
  kInvalidArgument,     // malformed or invalid input
  kNotFound,            // the named thing does not exist
  kConflict,            // stale version, duplicate
  kFailedPrecondition,  // the thing is in the wrong state for this action
  kPermissionDenied,    // authenticated, but not allowed
  kUnauthenticated,     // no valid identity
  kPayloadTooLarge,     // input larger than accepted
  kUnavailable,         // try again later (database busy, shutting down)
  kInternal,            // a bug or an environment failure; no internals in the message
};

// The stable wire name of a code: "invalid_argument", "not_found", ...
std::string_view error_code_name(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  boost::json::object details;

  Error() = default;
  Error(ErrorCode c, std::string m, boost::json::object d = {})
      : code(c), message(std::move(m)), details(std::move(d)) {}

  static Error invalid_argument(std::string m, boost::json::object d = {}) {
    return {ErrorCode::kInvalidArgument, std::move(m), std::move(d)};
  }
  static Error not_found(std::string m, boost::json::object d = {}) {
    return {ErrorCode::kNotFound, std::move(m), std::move(d)};
  }
  static Error conflict(std::string m, boost::json::object d = {}) {
    return {ErrorCode::kConflict, std::move(m), std::move(d)};
  }
  static Error failed_precondition(std::string m, boost::json::object d = {}) {
    return {ErrorCode::kFailedPrecondition, std::move(m), std::move(d)};
  }
  static Error permission_denied(std::string m, boost::json::object d = {}) {
    return {ErrorCode::kPermissionDenied, std::move(m), std::move(d)};
  }
  static Error unauthenticated(std::string m, boost::json::object d = {}) {
    return {ErrorCode::kUnauthenticated, std::move(m), std::move(d)};
  }
  static Error payload_too_large(std::string m, boost::json::object d = {}) {
    return {ErrorCode::kPayloadTooLarge, std::move(m), std::move(d)};
  }
  static Error unavailable(std::string m, boost::json::object d = {}) {
    return {ErrorCode::kUnavailable, std::move(m), std::move(d)};
  }
  static Error internal(std::string m, boost::json::object d = {}) {
    return {ErrorCode::kInternal, std::move(m), std::move(d)};
  }

  // "not_found: batch PCM-2026-0042 does not exist" (for logs and test failure messages).
  std::string to_string() const;
};

}  // namespace gemba
