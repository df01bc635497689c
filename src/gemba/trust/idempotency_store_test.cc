// The Idempotency-Key store against SQLite and PostgreSQL.
#include "gemba/trust/idempotency_store.h"

#include <gtest/gtest.h>

#include "gemba/trust/trust_fixture.h"

namespace gemba::trust {
namespace {

using testing::TrustTest;

class IdempotencyStoreTest : public TrustTest {
 protected:
  static http::IdempotentRequest request(std::string_view body, std::string key = "key-1",
                                         std::string path = "/api/v1/batches") {
    return {"user-1", std::move(key), "POST", std::move(path), body};
  }
  static http::Response created() {
    http::Response r = http::json_response(201, boost::json::object{{"id", "b-1"}});
    r.set_header("ETag", "\"v1\"");
    return r;
  }
};

TEST_P(IdempotencyStoreTest, ClaimFinishReplay) {
  SqlIdempotencyStore store(db(), clock_);
  auto first = store.claim(request("{}"));
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(first->state, http::ClaimState::kClaimed);
  ASSERT_TRUE(store.finish(request("{}"), created()).ok());

  auto again = store.claim(request("{}"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->state, http::ClaimState::kReplay);
  EXPECT_EQ(again->response.status, 201);
  EXPECT_EQ(again->response.body, created().body);
  EXPECT_EQ(again->response.content_type, created().content_type);
  EXPECT_EQ(again->response.header("ETag"), "\"v1\"");
}

TEST_P(IdempotencyStoreTest, OutcomesOfASecondClaim) {
  struct Case {
    const char* name;
    http::IdempotentRequest second;
    bool finished_first;
    Duration later;
    http::ClaimState want;
    bool want_interrupted;
  };
  const Case cases[] = {
      {"same body, finished", request("{}"), true, {}, http::ClaimState::kReplay, false},
      {"other body", request("{\"x\":1}"), true, {}, http::ClaimState::kMismatch, false},
      {"other path",
       request("{}", "key-1", "/api/v1/recipes"),
       true,
       {},
       http::ClaimState::kMismatch,
       false},
      {"another key", request("{}", "key-2"), true, {}, http::ClaimState::kClaimed, false},
      {"still running", request("{}"), false, std::chrono::seconds(1),
       http::ClaimState::kInProgress, false},
      {"claimed long ago, never finished", request("{}"), false, std::chrono::minutes(6),
       http::ClaimState::kInProgress, true},
      {"kept a day, then forgotten", request("{}"), true, std::chrono::hours(25),
       http::ClaimState::kClaimed, false},
  };
  int round = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    SqlIdempotencyStore store(db(), clock_);
    // Each case uses its own caller so earlier cases leave nothing behind.
    http::IdempotentRequest first = request("{}");
    first.caller = "user-" + std::to_string(++round);
    http::IdempotentRequest second = c.second;
    second.caller = first.caller;
    ASSERT_EQ(store.claim(first)->state, http::ClaimState::kClaimed);
    if (c.finished_first) {
      ASSERT_TRUE(store.finish(first, created()).ok());
    }
    clock_.advance(c.later);
    auto got = store.claim(second);
    ASSERT_TRUE(got.ok()) << got.error().to_string();
    EXPECT_EQ(got->state, c.want);
    EXPECT_EQ(got->interrupted, c.want_interrupted);
  }
}

TEST_P(IdempotencyStoreTest, ClaimsFromBeforeARestartAreInterrupted) {
  {
    SqlIdempotencyStore before(db(), clock_);
    ASSERT_EQ(before.claim(request("{}"))->state, http::ClaimState::kClaimed);
  }
  clock_.advance(std::chrono::seconds(2));
  SqlIdempotencyStore after(db(), clock_);
  auto got = after.claim(request("{}"));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->state, http::ClaimState::kInProgress);
  EXPECT_TRUE(got->interrupted);
}

TEST_P(IdempotencyStoreTest, ReleaseLetsTheRetryRun) {
  SqlIdempotencyStore store(db(), clock_);
  ASSERT_EQ(store.claim(request("{}"))->state, http::ClaimState::kClaimed);
  ASSERT_TRUE(store.release(request("{}")).ok());
  EXPECT_EQ(store.claim(request("{}"))->state, http::ClaimState::kClaimed);
}

GEMBA_INSTANTIATE_FOR_BACKENDS(IdempotencyStoreTest);

}  // namespace
}  // namespace gemba::trust
