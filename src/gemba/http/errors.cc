#include "gemba/http/errors.h"

#include <spdlog/spdlog.h>

namespace gemba::http {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 422;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;  // NOLINT(bugprone-branch-clone): both 409
    case ErrorCode::kFailedPrecondition: return 409;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

Response error_response(const Error& error, std::string_view request_id, int status) {
  boost::json::object e;
  e["code"] = error_code_name(error.code);
  if (error.code == ErrorCode::kInternal) {
    spdlog::error("request {}: {}", request_id, error.to_string());
    e["message"] =
        "an internal error occurred; it has been logged. Quote the request id if you report it";
    e["details"] = boost::json::object{{"request_id", request_id}};
  } else {
    e["message"] = error.message;
    e["details"] = error.details;
  }
  return json_response(status, boost::json::object{{"error", std::move(e)}});
}

Response error_response(const Error& error, std::string_view request_id) {
  return error_response(error, request_id, http_status(error.code));
}

Response bad_request(const Error& error, std::string_view request_id) {
  return error_response(error, request_id, 400);
}

std::function<Response(Request&)> with_result(ResultHandler fn) {
  return [fn = std::move(fn)](Request& req) -> Response {
    auto r = fn(req);
    if (!r.ok()) return error_response(r.error(), req.request_id);
    return std::move(r).value();
  };
}

std::function<Response(Request&)> with_json_body(JsonHandler fn) {
  return [fn = std::move(fn)](Request& req) -> Response {
    auto body = req.json_body();
    if (!body.ok()) return bad_request(body.error(), req.request_id);
    auto r = fn(req, std::move(body).value());
    if (!r.ok()) return error_response(r.error(), req.request_id);
    return std::move(r).value();
  };
}

}  // namespace gemba::http
