#pragma once
// The one place that maps ErrorCode to an HTTP status (docs: /work/shared/API.md "Errors").
//
//   invalid_argument     422  well-formed but invalid (the default for invalid_argument)
//                        400  malformed: unparsable JSON, bad target or query; produced only by
//                             bad_request() (and by the server for protocol errors)
//   unauthenticated      401    permission_denied  403    not_found  404
//   conflict             409    failed_precondition 409   payload_too_large 413
//   unavailable          503    internal           500 (generic message; request id in details)
//
// Why 422 by default: a handler or service that returns invalid_argument has parsed the input and
// found a rule broken; the few places that know the input could not be parsed at all (the JSON
// body, the wire) say so explicitly with bad_request(). The adapter with_json_body() does that
// for handlers, so capability code rarely calls either directly.
//
// Every error body: {"error": {"code": "...", "message": "...", "details": {...}}}.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "gemba/core/error.h"
#include "gemba/core/result.h"
#include "gemba/http/request.h"
#include "gemba/http/response.h"

namespace gemba::http {

// The default status for a code (invalid_argument → 422).
int http_status(ErrorCode code);

// An error response with an explicit status (431, 405, 400, ...); same body and internal-error
// scrubbing as error_response(error, request_id).
Response error_response(const Error& error, std::string_view request_id, int status);

// 400: the input could not be parsed. Use for Request::json_body() failures.
Response bad_request(const Error& error, std::string_view request_id);

// Handler adapters. The wrapped function returns Result<Response>; an Error becomes
// error_response() (with the request's id). with_json_body() first parses the body strictly and
// answers 400 if it is not JSON.
using ResultHandler = std::function<Result<Response>(Request&)>;
using JsonHandler = std::function<Result<Response>(Request&, boost::json::value body)>;
std::function<Response(Request&)> with_result(ResultHandler fn);
std::function<Response(Request&)> with_json_body(JsonHandler fn);

}  // namespace gemba::http
