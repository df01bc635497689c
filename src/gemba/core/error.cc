#include "gemba/core/error.h"

#include <boost/json/serialize.hpp>

namespace gemba {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kFailedPrecondition: return "failed_precondition";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

std::string Error::to_string() const {
  std::string s(error_code_name(code));
  s += ": ";
  s += message;
  if (!details.empty()) {
    s += " ";
    s += boost::json::serialize(details);
  }
  return s;
}

}  // namespace gemba
