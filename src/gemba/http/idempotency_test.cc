// The router's Idempotency-Key rules, against an in-memory store (the database store has its own
// tests in trust/idempotency_store_test.cc).
#include "gemba/http/idempotency.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <utility>

#include "gemba/http/router.h"

namespace gemba::http {
namespace {

// Claims by (caller, key); the body is compared as it is (a real store compares a digest).
class MemoryStore final : public IdempotencyStore {
 public:
  struct Row {
    std::string method, path, body;
    bool done = false;
    Response response;
  };
  Result<Claim> claim(const IdempotentRequest& r) override {
    std::lock_guard lock(mu);
    Claim c;
    auto it = rows.find({r.caller, r.key});
    if (it == rows.end()) {
      rows[{r.caller, r.key}] = Row{r.method, r.path, std::string(r.body)};
      return c;
    }
    const Row& row = it->second;
    if (row.method != r.method || row.path != r.path || row.body != r.body) {
      c.state = ClaimState::kMismatch;
    } else if (!row.done) {
      c.state = ClaimState::kInProgress;
      c.interrupted = interrupted;
    } else {
      c.state = ClaimState::kReplay;
      c.response = row.response;
    }
    return c;
  }
  Result<void> finish(const IdempotentRequest& r, const Response& response) override {
    std::lock_guard lock(mu);
    Row& row = rows.at({r.caller, r.key});
    row.done = true;
    row.response = response;
    return ok();
  }
  Result<void> release(const IdempotentRequest& r) override {
    std::lock_guard lock(mu);
    rows.erase({r.caller, r.key});
    return ok();
  }
  std::mutex mu;
  std::map<std::pair<std::string, std::string>, Row> rows;
  bool interrupted = false;
};

class IdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add({"POST", "/api/v1/things", "thing.create", "Create a thing", [this](Request& req) {
                   ++calls_;
                   return text_response(next_status_,
                                        "thing " + std::to_string(calls_) + " from " + req.body);
                 }});
    router_.add({"POST", "/api/v1/login", "", "Public", [this](Request&) {
                   ++calls_;
                   return text_response(200, "public " + std::to_string(calls_));
                 }});
    router_.set_authorizer([](Request& req, const Route&) -> Result<void> {
      req.principal = req.header("x-user");
      return ok();
    });
    router_.set_idempotency(&store_, [](const Request& req) {
      const auto* who = std::any_cast<std::string>(&req.principal);
      return who ? *who : std::string();
    });
  }
  Response post(std::string path, std::string body, std::string key, std::string user = "anna") {
    Request r;
    r.method = "POST";
    EXPECT_TRUE(set_target(r, std::move(path)).ok());
    r.request_id = "rid";
    r.body = std::move(body);
    r.headers["x-user"] = std::move(user);
    if (!key.empty()) r.headers["idempotency-key"] = std::move(key);
    return router_.dispatch(r);
  }

  Router router_;
  MemoryStore store_;
  int calls_ = 0;
  int next_status_ = 201;
};

TEST_F(IdempotencyTest, ARetryReturnsTheFirstResponseWithoutActingAgain) {
  const Response first = post("/api/v1/things", "{\"a\":1}", "k-1");
  const Response retry = post("/api/v1/things", "{\"a\":1}", "k-1");
  EXPECT_EQ(calls_, 1);
  EXPECT_EQ(first.status, 201);
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(retry.header("Idempotent-Replayed"), "true");
}

TEST_F(IdempotencyTest, KeysArePerCaller) {
  post("/api/v1/things", "x", "same");
  const Response other = post("/api/v1/things", "x", "same", "ben");
  EXPECT_EQ(calls_, 2);
  EXPECT_EQ(other.header("Idempotent-Replayed"), "");
}

TEST_F(IdempotencyTest, RefusalsAndPassThrough) {
  struct Case {
    const char* name;
    std::string path, body, key;
    int want_status;
    int want_calls;  // handler calls after the first request with key "k" and body "x"
  };
  const Case cases[] = {
      {"another body with the same key", "/api/v1/things", "y", "k", 422, 1},
      {"another path with the same key", "/api/v1/login", "x", "k", 200, 2},  // public: ignored
      {"no key acts again", "/api/v1/things", "x", "", 201, 2},
      {"a key with a space", "/api/v1/things", "x", "a b", 422, 1},
      {"a key of 256 characters", "/api/v1/things", "x", std::string(256, 'k'), 422, 1},
      {"a key with a control character", "/api/v1/things", "x", "k\x01", 422, 1},
      {"a new key acts", "/api/v1/things", "x", "k2", 201, 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    store_.rows.clear();
    calls_ = 0;
    ASSERT_EQ(post("/api/v1/things", "x", "k").status, 201);
    const Response r = post(c.path, c.body, c.key);
    EXPECT_EQ(r.status, c.want_status) << r.body;
    EXPECT_EQ(calls_, c.want_calls);
  }
}

TEST_F(IdempotencyTest, AClaimWithoutAResponseIsAConflictNotASecondAction) {
  store_.rows[{"anna", "k"}] = MemoryStore::Row{"POST", "/api/v1/things", "x"};
  for (bool interrupted : {false, true}) {
    store_.interrupted = interrupted;
    const Response r = post("/api/v1/things", "x", "k");
    EXPECT_EQ(r.status, 409);
    EXPECT_NE(r.body.find(interrupted ? "interrupted" : "still running"), std::string::npos)
        << r.body;
  }
  EXPECT_EQ(calls_, 0);
}

TEST_F(IdempotencyTest, ServerErrorsReleaseTheKeySoTheRetryRuns) {
  next_status_ = 503;
  EXPECT_EQ(post("/api/v1/things", "x", "k").status, 503);
  next_status_ = 201;
  const Response retry = post("/api/v1/things", "x", "k");
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(calls_, 2);
}

TEST_F(IdempotencyTest, ClientErrorsAreKeptAndReplayed) {
  next_status_ = 422;
  const Response first = post("/api/v1/things", "x", "k");
  next_status_ = 201;
  const Response retry = post("/api/v1/things", "x", "k");
  EXPECT_EQ(retry.status, 422);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(calls_, 1);
}

}  // namespace
}  // namespace gemba::http
