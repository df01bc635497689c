#include "gemba/http/sse.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "gemba/http/http_test_support.h"
#include "gemba/http/system_routes.h"

namespace gemba::http {
namespace {

using namespace std::chrono_literals;

// A StreamSink that keeps what it is given.
class FakeSink final : public StreamSink {
 public:
  bool write(std::string chunk) override {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    data_ += chunk;
    cv_.notify_all();
    return true;
  }
  bool open() const override {
    std::lock_guard lock(mu_);
    return !closed_;
  }
  void close() override { finish(); }
  void set_on_close(std::function<void()> cb) override {
    std::lock_guard lock(mu_);
    on_close_ = std::move(cb);
  }
  void finish() {
    std::function<void()> cb;
    {
      std::lock_guard lock(mu_);
      closed_ = true;
      cb.swap(on_close_);
    }
    if (cb) cb();
  }
  // Waits until the data contains `n` frames with an "id:" line; returns the data.
  std::string wait_for_ids(int n, std::chrono::milliseconds timeout = 5s) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return count(data_, "\nid: ") + starts(data_) >= n; });
    return data_;
  }
  std::string data() const {
    std::lock_guard lock(mu_);
    return data_;
  }
  static int count(const std::string& s, const std::string& what) {
    int n = 0;
    for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
  }

 private:
  static int starts(const std::string& s) { return s.starts_with("id: ") ? 1 : 0; }
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string data_;
  bool closed_ = false;
  std::function<void()> on_close_;
};

Event event(std::string type, std::string subject_id, std::string permission = "") {
  Event e;
  e.type = std::move(type);
  e.subject_type = "batch";
  e.subject_id = std::move(subject_id);
  e.data = {{"step", "weigh"}};
  e.required_permission = std::move(permission);
  return e;
}

class SseTest : public ::testing::Test {
 protected:
  std::shared_ptr<FakeSink> connect(std::string target, std::string last_event_id = "",
                                    std::string user = "") {
    Request req;
    req.method = "GET";
    EXPECT_TRUE(set_target(req, std::move(target)).ok());
    if (!last_event_id.empty()) req.headers["last-event-id"] = last_event_id;
    if (!user.empty()) req.principal = user;
    Response r = handler_(req);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.content_type, "text/event-stream; charset=utf-8");
    auto sink = std::make_shared<FakeSink>();
    if (r.stream) r.stream(sink);
    sinks_.push_back(sink);
    return sink;
  }
  void TearDown() override {
    for (auto& s : sinks_) s->finish();
  }

  ManualClock clock_{Timestamp(std::chrono::seconds(1'800'000'000))};
  EventBus bus_{clock_, 5};
  std::function<Response(Request&)> handler_ =
      make_event_stream_handler(bus_,
                                [](const Request& req, const std::string& permission) {
                                  const auto* who = std::any_cast<std::string>(&req.principal);
                                  return who && *who == "qa" && permission == "batch.review";
                                },
                                {.keep_alive = 100ms});
  std::vector<std::shared_ptr<FakeSink>> sinks_;
};

TEST_F(SseTest, FramesCarryIdTypeAndJson) {
  Event e = event("batch.step_completed", "B1");
  e.seq = 7;
  e.at = clock_.now();
  EXPECT_EQ(format_sse_event(e),
            "id: 7\nevent: batch.step_completed\ndata: {\"type\":\"batch.step_completed\","
            "\"at\":\"2027-01-15T08:00:00.000000Z\",\"subject\":{\"type\":\"batch\",\"id\":\"B1\"},"
            "\"data\":{\"step\":\"weigh\"}}\n\n");
}

TEST_F(SseTest, TwoEventsArriveInOrderWithIds) {
  auto sink = connect("/api/v1/events");
  bus_.publish(event("batch.started", "B1"));
  bus_.publish(event("batch.step_completed", "B1"));
  const std::string data = sink->wait_for_ids(2);
  const auto first = data.find("id: 1\nevent: batch.started\n");
  const auto second = data.find("id: 2\nevent: batch.step_completed\n");
  ASSERT_NE(first, std::string::npos) << data;
  ASSERT_NE(second, std::string::npos) << data;
  EXPECT_LT(first, second);
  EXPECT_TRUE(data.starts_with("retry: "));
}

TEST_F(SseTest, ResumesAfterLastEventIdWithoutGapsOrRepeats) {
  for (int i = 0; i < 3; ++i) bus_.publish(event("batch.step_completed", "B1"));
  auto sink = connect("/api/v1/events", "1");
  bus_.publish(event("batch.step_completed", "B1"));
  const std::string data = sink->wait_for_ids(3);
  EXPECT_EQ(data.find("id: 1\n"), std::string::npos);
  EXPECT_LT(data.find("id: 2\n"), data.find("id: 3\n"));
  EXPECT_LT(data.find("id: 3\n"), data.find("id: 4\n"));
  EXPECT_EQ(FakeSink::count(data, "id: "), 3);
  EXPECT_EQ(data.find("event: reset"), std::string::npos);
}

TEST_F(SseTest, ResumeQueryParameterWorksToo) {
  bus_.publish(event("a", "B1"));
  bus_.publish(event("b", "B1"));
  auto sink = connect("/api/v1/events?last_event_id=1");
  EXPECT_NE(sink->wait_for_ids(1).find("id: 2\nevent: b"), std::string::npos);
}

TEST_F(SseTest, IncompleteHistorySendsResetFirst) {
  for (int i = 0; i < 8; ++i) bus_.publish(event("batch.step_completed", "B1"));  // keeps 5
  auto sink = connect("/api/v1/events", "1");
  const std::string data = sink->wait_for_ids(5);
  ASSERT_NE(data.find("event: reset"), std::string::npos);
  EXPECT_LT(data.find("event: reset"), data.find("id: 4\n"));
  EXPECT_NE(data.find("id: 8\n"), std::string::npos);
  // An id from the future (a restarted server) also resets.
  auto future = connect("/api/v1/events", "999");
  EXPECT_NE(future->data().find("event: reset"), std::string::npos);
}

TEST_F(SseTest, FiltersBySubjectAndType) {
  auto by_subject = connect("/api/v1/events?subject=batch:B2");
  auto by_type = connect("/api/v1/events?types=batch.released,batch.held");
  bus_.publish(event("batch.step_completed", "B1"));
  bus_.publish(event("batch.step_completed", "B2"));
  bus_.publish(event("batch.released", "B1"));
  const std::string subject_data = by_subject->wait_for_ids(1);
  EXPECT_EQ(FakeSink::count(subject_data, "id: "), 1);
  EXPECT_NE(subject_data.find("id: 2\n"), std::string::npos);
  const std::string type_data = by_type->wait_for_ids(1);
  EXPECT_EQ(FakeSink::count(type_data, "id: "), 1);
  EXPECT_NE(type_data.find("id: 3\n"), std::string::npos);
}

TEST_F(SseTest, BadFiltersAre400) {
  for (const char* t : {"/api/v1/events?subject=batch", "/api/v1/events?subject=:x"}) {
    Request req;
    ASSERT_TRUE(set_target(req, t).ok());
    EXPECT_EQ(handler_(req).status, 400) << t;
  }
  Request req;
  ASSERT_TRUE(set_target(req, "/api/v1/events").ok());
  req.headers["last-event-id"] = "abc";
  EXPECT_EQ(handler_(req).status, 400);
}

TEST_F(SseTest, EventsNeedingAPermissionReachOnlyReadersWhoHaveIt) {
  auto anonymous = connect("/api/v1/events");
  auto qa = connect("/api/v1/events", "", "qa");
  bus_.publish(event("batch.review_note", "B1", "batch.review"));
  bus_.publish(event("batch.step_completed", "B1"));
  EXPECT_NE(qa->wait_for_ids(2).find("id: 1\n"), std::string::npos);
  const std::string anon = anonymous->wait_for_ids(1);
  EXPECT_EQ(anon.find("id: 1\n"), std::string::npos);
  EXPECT_NE(anon.find("id: 2\n"), std::string::npos);
}

TEST_F(SseTest, SendsKeepAliveComments) {
  auto sink = connect("/api/v1/events");
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (sink->data().find(": keep-alive\n\n") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_NE(sink->data().find(": keep-alive\n\n"), std::string::npos);
}

TEST_F(SseTest, ClosedClientsAreDropped) {
  auto sink = connect("/api/v1/events");
  sink->finish();
  bus_.publish(event("a", "B1"));  // must not crash or write to the closed sink
  EXPECT_EQ(sink->data().find("id: "), std::string::npos);
}

// Over real HTTP: events stream to a client; a client that never reads is dropped without
// slowing the publisher or the other client.
TEST(SseOverHttp, StreamsAndDropsASlowClientWithoutBlockingPublish) {
  ManualClock clock{Timestamp(std::chrono::seconds(1'800'000'000))};
  EventBus bus{clock, 10000};
  Router router;
  register_system_routes(router, {.version = "t", .events = &bus});
  ServerOptions options = test_support::test_options();
  options.stream_queue_limit = 256 * 1024;
  options.write_timeout = std::chrono::seconds(5);
  test_support::RunningServer running(router, options);

  auto slow = running.client();
  ASSERT_TRUE(slow.send_raw("GET /api/v1/events HTTP/1.1\r\nHost: t\r\n\r\n").ok());
  auto fast = running.client();
  ASSERT_TRUE(fast.send_raw("GET /api/v1/events HTTP/1.1\r\nHost: t\r\n\r\n").ok());
  auto head = fast.read_response(/*head_only=*/true);
  ASSERT_TRUE(head.ok()) << head.error().to_string();
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("content-type"), "text/event-stream; charset=utf-8");
  EXPECT_EQ(head->header("x-content-type-options"), "nosniff");
  std::this_thread::sleep_for(300ms);  // both attached

  constexpr int kEvents = 5000;  // ~20 MB: far more than socket buffers plus the queue limit
  const std::string last_id = "id: " + std::to_string(kEvents) + "\n";
  const auto has_last = [&](const std::string& body) {
    return body.find(last_id, body.size() > 16384 ? body.size() - 16384 : 0) != std::string::npos;
  };
  Result<std::string> fast_body = std::string();
  std::thread reader([&] { fast_body = fast.read_body_until(has_last); });

  Event big = event("batch.trend", "B1");
  big.data = {{"samples", std::string(4000, 'x')}};
  std::chrono::steady_clock::duration slowest{};
  for (int i = 0; i < kEvents; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    bus.publish(big);
    slowest = std::max(slowest, std::chrono::steady_clock::now() - t0);
    if (i % 25 == 24) std::this_thread::sleep_for(5ms);  // a pace a reading client keeps up with
  }
  EXPECT_LT(slowest, 1s);  // generous: publishing never waits for a client
  reader.join();

  // The slow client was disconnected (its queue overflowed) while the fast one got everything.
  EXPECT_TRUE(slow.wait_for_close(10s));
  if (!fast_body.ok()) {
    // This machine was too busy for the fast client to keep up, so it was dropped as well: it
    // resumes from where it was, as a browser would.
    auto again = running.client();
    ASSERT_TRUE(again
                    .send_raw("GET /api/v1/events HTTP/1.1\r\nHost: t\r\nLast-Event-ID: " +
                              std::to_string(kEvents - 1) + "\r\n\r\n")
                    .ok());
    ASSERT_TRUE(again.read_response(true).ok());
    fast_body = again.read_body_until(has_last);
  }
  ASSERT_TRUE(fast_body.ok()) << fast_body.error().to_string();
  EXPECT_TRUE(has_last(*fast_body));
}

}  // namespace
}  // namespace gemba::http
