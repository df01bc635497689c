#include "gemba/http/router.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>
#include <stdexcept>

namespace gemba::http {
namespace {

namespace json = boost::json;

Response echo_params(Request& req) {
  json::object o;
  for (const auto& [k, v] : req.path_params) o[k] = v;
  o["method"] = req.method;
  return json_response(200, o);
}

Request make(std::string method, std::string target) {
  Request r;
  r.method = std::move(method);
  EXPECT_TRUE(set_target(r, std::move(target)).ok());
  r.request_id = "rid";
  return r;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add({"GET", "/api/v1/batches", "batch.read", "List batches", echo_params});
    router_.add({"POST", "/api/v1/batches", "batch.create", "Create a batch", echo_params});
    router_.add({"GET", "/api/v1/batches/{id}", "batch.read", "Get a batch", echo_params});
    router_.add({"GET", "/api/v1/batches/new", "", "New-batch form defaults", echo_params});
    router_.add(
        {"PUT", "/api/v1/batches/{id}/steps/{key}", "batch.execute", "Record a step", echo_params});
    router_.add({"GET", "/healthz", "", "Health", echo_params});
    router_.set_authorizer([](Request& req, const Route& route) -> Result<void> {
      const std::string who = req.header("x-user");
      if (who.empty()) return Error::unauthenticated("log in first");
      if (who != "admin" && route.permission != "batch.read")
        return Error::permission_denied("you may not " + route.permission);
      req.principal = who;
      return ok();
    });
  }
  Response run(std::string method, std::string target, std::string user = "admin",
               std::string* label = nullptr) {
    Request r = make(std::move(method), std::move(target));
    if (!user.empty()) r.headers["x-user"] = user;
    return router_.dispatch(r, label);
  }
  static json::value body(const Response& r) { return json::parse(r.body); }

  Router router_;
};

TEST_F(RouterTest, ExtractsDecodedPathParams) {
  const Response r = run("PUT", "/api/v1/batches/PCM%2F42/steps/weigh%20api");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body(r).at("id").as_string(), "PCM/42");
  EXPECT_EQ(body(r).at("key").as_string(), "weigh api");
}

TEST_F(RouterTest, LiteralSegmentsWinOverParams) {
  std::string label;
  const Response r = run("GET", "/api/v1/batches/new", "", &label);
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(body(r).as_object().contains("id"));
  EXPECT_EQ(label, "/api/v1/batches/new");
  EXPECT_EQ(body(run("GET", "/api/v1/batches/B1")).at("id").as_string(), "B1");
}

TEST_F(RouterTest, UnknownPathIs404WithJsonError) {
  std::string label;
  for (const char* t : {"/api/v1/nope", "/api/v1/batches/", "/api/v1/batches/1/steps",
                        "/api/v1/batches/1/steps/2/3", "/"}) {
    const Response r = run("GET", t, "admin", &label);
    EXPECT_EQ(r.status, 404) << t;
    EXPECT_EQ(body(r).at("error").at("code").as_string(), "not_found");
    EXPECT_EQ(label, "unmatched");
  }
}

TEST_F(RouterTest, KnownPathWrongMethodIs405WithAllow) {
  const Response r = run("DELETE", "/api/v1/batches");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "GET, HEAD, OPTIONS, POST");
  EXPECT_EQ(body(r).at("error").at("details").at("allow").as_string(), "GET, HEAD, OPTIONS, POST");
  // The literal /new only has GET, but PUT on .../steps/{key} is unrelated: still 405 here.
  EXPECT_EQ(run("POST", "/api/v1/batches/new").header("Allow"), "GET, HEAD, OPTIONS");
}

TEST_F(RouterTest, HeadRunsGet) {
  const Response r = run("HEAD", "/api/v1/batches/B1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(body(r).at("method").as_string(), "HEAD");
}

TEST_F(RouterTest, OptionsListsMethods) {
  const Response r = run("OPTIONS", "/api/v1/batches/B1/steps/k");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("Allow"), "OPTIONS, PUT");
}

TEST_F(RouterTest, AuthorizerGuardsNonPublicRoutes) {
  EXPECT_EQ(run("GET", "/api/v1/batches", "").status, 401);
  EXPECT_EQ(run("GET", "/api/v1/batches", "operator").status, 200);
  EXPECT_EQ(run("POST", "/api/v1/batches", "operator").status, 403);
  EXPECT_EQ(run("POST", "/api/v1/batches", "admin").status, 200);
  EXPECT_EQ(run("GET", "/healthz", "").status, 200);  // public: authorizer not consulted
}

TEST_F(RouterTest, AuthorizerSetsPrincipal) {
  Router router;
  router.add({"GET", "/me", "self.read", "Who am I", [](Request& req) {
                return json_response(200, json::string(std::any_cast<std::string>(req.principal)));
              }});
  router.set_authorizer([](Request& req, const Route&) -> Result<void> {
    req.principal = std::string("alice");
    return ok();
  });
  Request r = make("GET", "/me");
  EXPECT_EQ(router.dispatch(r).body, "\"alice\"");
}

TEST(Router, WithoutAuthorizerNonPublicRoutesAre401) {
  Router router;
  router.add({"GET", "/api/v1/secret", "secret.read", "Secret", echo_params});
  Request r = make("GET", "/api/v1/secret");
  const Response resp = router.dispatch(r);
  EXPECT_EQ(resp.status, 401);
  EXPECT_NE(resp.body.find("authentication is not configured"), std::string::npos);
}

TEST(Router, HandlerExceptionIs500WithRequestId) {
  Router router;
  router.add({"GET", "/boom", "", "Throws", [](Request&) -> Response {
                throw std::runtime_error("disk on fire at /secret/path");
              }});
  Request r = make("GET", "/boom");
  r.request_id = "req-77";
  const Response resp = router.dispatch(r);
  EXPECT_EQ(resp.status, 500);
  EXPECT_EQ(resp.body.find("/secret/path"), std::string::npos);
  EXPECT_EQ(json::parse(resp.body).at("error").at("details").at("request_id").as_string(),
            "req-77");
}

TEST(Router, RefusesWiringBugs) {
  Router router;
  router.add({"GET", "/a/{id}", "", "", echo_params});
  EXPECT_THROW(router.add({"GET", "/a/{other}", "", "", echo_params}), std::logic_error);
  EXPECT_THROW(router.add({"GET", "a", "", "", echo_params}), std::logic_error);
  EXPECT_THROW(router.add({"GET", "/a/x{id}", "", "", echo_params}), std::logic_error);
  EXPECT_THROW(router.add({"GET", "/a/{id}/{id}", "", "", echo_params}), std::logic_error);
  EXPECT_THROW(router.add({"GET", "/b", "", "", nullptr}), std::logic_error);
  EXPECT_NO_THROW(router.add({"POST", "/a/{other}", "", "", echo_params}));
}

TEST_F(RouterTest, OpenApiListsExactlyTheRoutesWithPermissions) {
  const json::value doc = router_.openapi("1.2.3");
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  EXPECT_EQ(doc.at("info").at("version").as_string(), "1.2.3");
  std::set<std::string> listed;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      listed.insert(std::string(method) + " " + std::string(path));
      ASSERT_TRUE(op.as_object().contains("x-permission")) << path;
      ASSERT_TRUE(op.as_object().contains("summary"));
      ASSERT_TRUE(op.as_object().contains("tags"));
    }
  }
  std::set<std::string> expected;
  for (const Route& r : router_.routes()) {
    std::string m = r.method;
    for (char& c : m) c = char(std::tolower(c));
    expected.insert(m + " " + r.pattern);
  }
  EXPECT_EQ(listed, expected);

  const auto& put = doc.at("paths").at("/api/v1/batches/{id}/steps/{key}").at("put");
  EXPECT_EQ(put.at("x-permission").as_string(), "batch.execute");
  EXPECT_EQ(put.at("summary").as_string(), "Record a step");
  EXPECT_EQ(put.at("tags").at(0).as_string(), "batches");
  ASSERT_EQ(put.at("parameters").as_array().size(), 2u);
  EXPECT_EQ(put.at("parameters").at(0).at("name").as_string(), "id");
  EXPECT_EQ(put.at("parameters").at(1).at("in").as_string(), "path");
  EXPECT_TRUE(doc.at("paths").at("/healthz").at("get").at("x-permission").is_null());
  EXPECT_EQ(doc.at("paths").at("/healthz").at("get").at("tags").at(0).as_string(), "system");
}

}  // namespace
}  // namespace gemba::http
