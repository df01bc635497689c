#include "gemba/http/errors.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace gemba::http {
namespace {

namespace json = boost::json;

TEST(HttpStatus, MapsEveryCode) {
  const std::pair<ErrorCode, int> table[] = {
      {ErrorCode::kInvalidArgument, 422},  {ErrorCode::kUnauthenticated, 401},
      {ErrorCode::kPermissionDenied, 403}, {ErrorCode::kNotFound, 404},
      {ErrorCode::kConflict, 409},         {ErrorCode::kFailedPrecondition, 409},
      {ErrorCode::kPayloadTooLarge, 413},  {ErrorCode::kUnavailable, 503},
      {ErrorCode::kInternal, 500},
  };
  for (const auto& [code, status] : table) {
    EXPECT_EQ(http_status(code), status) << error_code_name(code);
    const Response r = error_response(Error(code, "m"), "rid");
    EXPECT_EQ(r.status, status);
    EXPECT_EQ(r.content_type, "application/json");
    const auto body = json::parse(r.body).as_object();
    EXPECT_EQ(body.at("error").at("code").as_string(), error_code_name(code));
  }
}

TEST(ErrorResponse, CarriesMessageAndDetails) {
  const Response r = error_response(
      Error::failed_precondition("step 3 is not Ready", {{"step", "3"}, {"status", "blocked"}}),
      "rid");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(json::parse(r.body),
            json::parse(R"({"error":{"code":"failed_precondition","message":"step 3 is not Ready",
                            "details":{"step":"3","status":"blocked"}}})"));
}

TEST(ErrorResponse, InternalHidesTheMessageAndGivesTheRequestId) {
  const Response r =
      error_response(Error::internal("SQLITE_CORRUPT at /var/lib/gemba/db"), "abc123");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("SQLITE"), std::string::npos);
  EXPECT_EQ(r.body.find("/var/lib"), std::string::npos);
  const auto e = json::parse(r.body).at("error");
  EXPECT_EQ(e.at("details").at("request_id").as_string(), "abc123");
  EXPECT_NE(e.at("message").as_string().find("request id"), json::string::npos);
}

TEST(BadRequest, Is400) {
  const Response r = bad_request(Error::invalid_argument("malformed JSON at byte 3"), "rid");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body).at("error").at("code").as_string(), "invalid_argument");
}

TEST(Adapters, MalformedBodyIs400WellFormedButInvalidIs422) {
  auto h = with_json_body([](Request&, json::value body) -> Result<Response> {
    if (!body.is_object() || !body.as_object().contains("reason"))
      return Error::invalid_argument("a reason is required", {{"field", "reason"}});
    return json_response(200, body);
  });
  Request req;
  req.headers["content-type"] = "application/json";
  req.body = "{nope";
  EXPECT_EQ(h(req).status, 400);
  req.body = "{}";
  const Response invalid = h(req);
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(json::parse(invalid.body).at("error").at("details").at("field").as_string(), "reason");
  req.body = R"({"reason":"typo"})";
  EXPECT_EQ(h(req).status, 200);
}

TEST(Adapters, WithResultMapsErrors) {
  auto h = with_result([](Request&) -> Result<Response> { return Error::not_found("no batch"); });
  Request req;
  EXPECT_EQ(h(req).status, 404);
}

}  // namespace
}  // namespace gemba::http
