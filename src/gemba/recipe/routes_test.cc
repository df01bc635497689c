// The recipe HTTP API in-process, through the real router and trust authorizer: status codes,
// ETags, error bodies, and bad input (malformed JSON, unknown fields, 1 MB strings, unknown step
// types, hostile expressions) answered with located errors.

#include "gemba/recipe/routes.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "gemba/http/request.h"
#include "gemba/recipe/demo/demo_recipes.h"
#include "gemba/recipe/service_test_fixture.h"
#include "gemba/trust/authorizer.h"
#include "gemba/trust/permissions.h"

namespace gemba::recipe::testing {
namespace {

namespace json = boost::json;

class RecipeRoutesTest : public RecipeServiceTest {
 protected:
  void SetUp() override {
    RecipeServiceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    register_recipe_routes(router_, service());
    router_.set_authorizer(trust::make_authorizer(trust().sessions()));
  }

  http::Response call(const std::string& user, const std::string& method, const std::string& target,
                      const std::string& body = "",
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::Request r;
    r.method = method;
    EXPECT_TRUE(http::set_target(r, target).ok()) << target;
    r.request_id = "req-1";
    r.remote_address = "10.0.0.9:5000";
    r.body = body;
    if (!body.empty()) r.headers["content-type"] = "application/json";
    if (!user.empty()) r.headers["authorization"] = "Bearer " + tokens_[user];
    for (auto& [k, v] : headers) r.headers[http::ascii_lower(k)] = v;
    return router_.dispatch(r);
  }
  static json::value body(const http::Response& r) { return json::parse(r.body); }
  static std::string code(const http::Response& r) {
    return std::string(body(r).at("error").at("code").as_string());
  }
  static std::string field(const http::Response& r) {
    return std::string(body(r).at("error").at("details").at("field").as_string());
  }
  std::string signed_body(const std::string& user, const std::string& reason = "") {
    json::object o{{"signature", {{"username", user}, {"password", trust::testing::kPassword}}}};
    if (!reason.empty()) o["reason"] = reason;
    return json::serialize(o);
  }
  // Creates the minimal recipe over HTTP; returns its path "/api/v1/recipes/{id}".
  std::string create() {
    auto r = call("eng.farid", "POST", "/api/v1/recipes", minimal_recipe_json());
    EXPECT_EQ(r.status, 201) << r.body;
    return "/api/v1/recipes/" + std::string(body(r).at("recipe_id").as_string());
  }

  http::Router router_;
};

TEST_P(RecipeRoutesTest, CreateGetAndListWithETags) {
  auto created = call("eng.farid", "POST", "/api/v1/recipes", minimal_recipe_json());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("ETag"), "\"v1\"");
  const std::string id(body(created).at("recipe_id").as_string());
  EXPECT_EQ(created.header("Location"), "/api/v1/recipes/" + id + "/versions/1");
  EXPECT_EQ(body(created).at("state"), "draft");
  EXPECT_EQ(body(created).at("valid"), true);

  auto got = call("op.anna", "GET", "/api/v1/recipes/" + id + "/versions/1");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.header("ETag"), "\"v1\"");
  EXPECT_EQ(body(got).at("content").at("product_code"), "TEST-1");
  // Who created and changed it, by name as well as id (readers cannot list users).
  const json::value farid(engineer_.printed_name);
  EXPECT_EQ(body(got).at("created_by"), json::value(engineer_.user_id));
  EXPECT_EQ(body(got).at("people").at(engineer_.user_id), farid);
  EXPECT_EQ(body(got).at("people").as_object().size(), 1u);

  auto list = call("op.anna", "GET", "/api/v1/recipes?limit=10");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(body(list).at("items").as_array().size(), 1u);
  EXPECT_TRUE(body(list).at("next_cursor").is_null());
  EXPECT_EQ(body(list).at("items").at(0).at("people").at(engineer_.user_id), farid);
  EXPECT_EQ(call("op.anna", "GET", "/api/v1/recipes/" + id).status, 200);
  EXPECT_EQ(call("op.anna", "GET", "/api/v1/recipes?limit=0").status, 400);
  EXPECT_EQ(call("op.anna", "GET", "/api/v1/recipes/" + id + "/versions/7").status, 404);
  EXPECT_EQ(call("op.anna", "GET", "/api/v1/recipes/" + id + "/versions/x").status, 404);
}

TEST_P(RecipeRoutesTest, PermissionsAreDeclaredAndEnforced) {
  EXPECT_EQ(call("", "GET", "/api/v1/recipes").status, 401);
  auto r = call("op.anna", "POST", "/api/v1/recipes", minimal_recipe_json());
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(code(r), "permission_denied");
  for (const auto& route : router_.routes()) {
    EXPECT_TRUE(route.permission.starts_with("recipe.")) << route.pattern;
    EXPECT_TRUE(trust::is_known_permission(route.permission)) << route.permission;
  }
}

TEST_P(RecipeRoutesTest, PutNeedsIfMatchAndAStaleOneIs409WithTheCurrentState) {
  const std::string path = create() + "/versions/1";
  json::object put{{"content", json::parse(minimal_recipe_json())}, {"reason", "typo"}};
  put["content"].as_object()["description"] = "edited";
  auto missing = call("eng.farid", "PUT", path, json::serialize(put));
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(field(missing), "If-Match");
  auto fresh = call("eng.farid", "PUT", path, json::serialize(put), {{"If-Match", "\"v1\""}});
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  EXPECT_EQ(fresh.header("ETag"), "\"v2\"");
  auto stale = call("eng.farid", "PUT", path, json::serialize(put), {{"If-Match", "\"v1\""}});
  ASSERT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(code(stale), "conflict");
  EXPECT_EQ(body(stale).at("error").at("details").at("current").at("version"), 2);
  EXPECT_EQ(body(stale).at("error").at("details").at("current").at("state"), "draft");
}

TEST_P(RecipeRoutesTest, LifecycleOverHttpReturnsTheSignatureManifestation) {
  const std::string path = create() + "/versions/1";
  auto submitted = call("eng.farid", "POST", path + "/submit", signed_body("eng.farid"));
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  const json::value submitted_body = body(submitted);
  const auto& sig = submitted_body.at("signature").as_object();
  EXPECT_EQ(sig.at("meaning"), "authored");
  EXPECT_EQ(sig.at("signer").at("printed_name"), "Printed eng.farid");
  for (const char* k : {"id", "meaning_text", "signed_at", "signed_at_local", "content_hash"}) {
    EXPECT_TRUE(sig.contains(k)) << k;
  }
  EXPECT_EQ(call("eng.farid", "POST", path + "/approve", signed_body("eng.farid")).status, 403);
  auto approved = call("qp.eva", "POST", path + "/approve", signed_body("qp.eva"));
  ASSERT_EQ(approved.status, 200) << approved.body;
  auto again = call("qp.eva", "POST", path + "/approve", signed_body("qp.eva"));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(code(again), "failed_precondition");
  auto effective = call("qp.eva", "POST", path + "/make-effective", signed_body("qp.eva"));
  ASSERT_EQ(effective.status, 200) << effective.body;
  EXPECT_EQ(body(effective).at("state"), "effective");
  auto unsigned_action = call("qp.eva", "POST", path + "/retire", "{\"reason\": \"old\"}");
  EXPECT_EQ(unsigned_action.status, 422);
  EXPECT_EQ(field(unsigned_action), "signature");
  auto bad_password = call("qp.eva", "POST", path + "/retire",
                           R"({"reason": "old", "signature": {"password": "wrong"}})");
  // Later signings in the session may omit the user name; a wrong password is refused (422:
  // the session stays valid).
  EXPECT_EQ(bad_password.status, 422) << bad_password.body;
  EXPECT_EQ(field(bad_password), "signature.password");
  EXPECT_EQ(body(call("op.anna", "GET", path)).at("state"), "effective");
}

TEST_P(RecipeRoutesTest, ExportImportRoundTripOverHttp) {
  auto imported = call("eng.farid", "POST", "/api/v1/recipes/import",
                       std::string(paracetamol_500mg_recipe_json()));
  ASSERT_EQ(imported.status, 201) << imported.body;
  const std::string path =
      "/api/v1/recipes/" + std::string(body(imported).at("recipe_id").as_string());
  auto exported = call("op.anna", "GET", path + "/versions/1/export");
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.content_type, "application/json");
  EXPECT_EQ(exported.body, paracetamol_500mg_recipe_json());
  auto again = call("eng.farid", "POST", "/api/v1/recipes/import", exported.body);
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(body(again).at("number"), 2);
  auto diff = call("op.anna", "GET", path + "/diff?from=1&to=2");
  ASSERT_EQ(diff.status, 200) << diff.body;
  EXPECT_EQ(call("op.anna", "GET", path + "/diff?from=1").status, 400);
  auto copy = call("eng.farid", "POST", path + "/versions", "{\"from\": 1}");
  ASSERT_EQ(copy.status, 201) << copy.body;
  EXPECT_EQ(body(copy).at("based_on"), 1);
}

TEST_P(RecipeRoutesTest, BadInputGetsLocatedErrors) {
  // Malformed JSON: 400 with the byte offset.
  auto malformed = call("eng.farid", "POST", "/api/v1/recipes", "{\"format\": \"gemba.recipe/1\",");
  EXPECT_EQ(malformed.status, 400) << malformed.body;
  EXPECT_TRUE(body(malformed).at("error").at("details").as_object().contains("offset"));
  // Unknown field.
  json::value doc = json::parse(minimal_recipe_json());
  doc.as_object()["colour"] = "blue";
  auto unknown = call("eng.farid", "POST", "/api/v1/recipes", json::serialize(doc));
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(field(unknown), "colour");
  // A 1 MB string where a name belongs.
  doc = json::parse(minimal_recipe_json());
  doc.as_object()["product_name"] = std::string(1'000'000, 'x');
  auto huge = call("eng.farid", "POST", "/api/v1/recipes", json::serialize(doc));
  EXPECT_EQ(huge.status, 422) << huge.body.substr(0, 300);
  EXPECT_EQ(field(huge), "product_name");
  // An unknown step type.
  doc = json::parse(minimal_recipe_json());
  doc.at("unit_procedures").at(0).at("operations").at(0).at("steps").at(1).as_object()["type"] =
      "self_destruct";
  auto step_type = call("eng.farid", "POST", "/api/v1/recipes/validate", json::serialize(doc));
  EXPECT_EQ(step_type.status, 422);
  EXPECT_EQ(field(step_type), "unit_procedures[0].operations[0].steps[1].type");
  // Hostile expressions: an undefined function, a division by zero.
  for (const char* expression : {"system(1)", "net_weight / (2 - 2)"}) {
    doc = json::parse(minimal_recipe_json());
    auto& steps = doc.at("unit_procedures").at(1).at("operations").at(0).at("steps").as_array();
    for (auto& s : steps) {
      if (s.at("key") == "yield") s.as_object()["expression"] = expression;
    }
    auto hostile = call("eng.farid", "POST", "/api/v1/recipes/validate", json::serialize(doc));
    ASSERT_EQ(hostile.status, 422) << expression;
    EXPECT_EQ(field(hostile), "unit_procedures[1].operations[0].steps[6].expression") << expression;
    EXPECT_FALSE(body(hostile).at("error").at("details").at("problems").as_array().empty());
  }
  EXPECT_EQ(call("op.anna", "POST", "/api/v1/recipes/validate", minimal_recipe_json()).status, 200);
  // Unknown fields in an action body and its signature.
  const std::string path = create() + "/versions/1";
  auto extra = call("eng.farid", "POST", path + "/submit", "{\"signature\": {\"pin\": 1}}");
  EXPECT_EQ(extra.status, 422);
  EXPECT_EQ(field(extra), "signature.pin");
  EXPECT_EQ(call("eng.farid", "POST", path + "/submit", "[1,").status, 400);
}

GEMBA_INSTANTIATE_FOR_BACKENDS(RecipeRoutesTest);

}  // namespace
}  // namespace gemba::recipe::testing
