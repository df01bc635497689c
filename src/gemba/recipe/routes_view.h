#pragma once
// JSON renderings of recipes and versions for the HTTP API (recipe routes only), and the request
// helpers the recipe routes share.

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "gemba/core/result.h"
#include "gemba/http/errors.h"
#include "gemba/http/request.h"
#include "gemba/http/response.h"
#include "gemba/recipe/service.h"

namespace gemba::recipe::views {

// {"id", "product_code", "product_name", "site", "created_at", "created_by", "latest_version",
//  "effective_version", "versions": [{"number", "state", "version", "content_sha256", ...}],
//  "people": {user id: printed name} for the ids named}
boost::json::object recipe(const RecipeSummary& r);

// {"recipe_id", "id", "number", "state", "version", ..., "authors", "people" (user id → printed
//  name), "valid", "problems", "signatures", "content"}: `content` (the document as JSON) only when
//  with_content.
boost::json::object version(const VersionView& v, bool with_content);

boost::json::array problems(const std::vector<Problem>& problems);

// The response with ETag "v<version>".
http::Response with_etag(http::Response r, std::int64_t version);

// The {v} path parameter: a version number (not_found when it is not one).
Result<int> version_number(const http::Request& req, std::string_view param = "v");

// If-Match: "v<version>" (or the body's integer "version"); nullopt when neither was sent.
// invalid_argument for a malformed If-Match.
Result<std::optional<std::int64_t>> expected_version(const http::Request& req,
                                                     const boost::json::object* body);

// Like http::with_result, except that a malformed request answers 400 instead of 422: an
// invalid_argument locating a byte ("offset": the document is not JSON) or a query parameter
// ("in": "query").
std::function<http::Response(http::Request&)> with_errors(http::ResultHandler fn);

// The path parameter `name` ("" when the pattern has none).
std::string path_param(const http::Request& req, const char* name);

// The whole-number query parameter `name` within [min, max]; `fallback` when absent.
// invalid_argument {"field": name, "in": "query"} otherwise.
Result<int> query_int(const http::Request& req, const char* name, int fallback, int min, int max);

// A handler of a JSON-object body (an empty body reads as {}), with with_errors' mapping.
using ObjectHandler =
    std::function<Result<http::Response>(http::Request&, const boost::json::object&)>;
std::function<http::Response(http::Request&)> json_object_action(ObjectHandler fn);

}  // namespace gemba::recipe::views
