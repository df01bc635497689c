#include "gemba/http/wire.h"

#include <gtest/gtest.h>

namespace gemba::http {
namespace {

// Feeds `bytes` to `reader` in pieces of `step` bytes, keeping unconsumed bytes as the server does.
std::string feed_in_steps(RequestReader& reader, std::string_view bytes, std::size_t step) {
  std::string pending;
  std::size_t pos = 0;
  while (!reader.done() && !reader.failure()) {
    if (pos < bytes.size()) {
      const std::size_t n = std::min(step, bytes.size() - pos);
      pending.append(bytes.substr(pos, n));
      pos += n;
    } else if (pending.empty()) {
      break;
    }
    const std::size_t used = reader.feed(pending);
    pending.erase(0, used);
    if (used == 0 && pos >= bytes.size()) break;
  }
  pending.append(bytes.substr(pos));
  return pending;  // what is left for the next request
}

TEST(RequestReader, ReadsARequestByteByByte) {
  RequestReader reader({});
  const std::string raw =
      "POST /api/v1/batches?x=1 HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
      "X-Thing: a\r\nx-thing: b\r\nContent-Length: 7\r\n\r\n{\"a\":1}";
  EXPECT_EQ(feed_in_steps(reader, raw, 1), "");
  ASSERT_TRUE(reader.done());
  bool keep_alive = false;
  auto req = reader.take_request(&keep_alive);
  ASSERT_TRUE(req.ok());
  EXPECT_TRUE(keep_alive);
  EXPECT_EQ(req->method, "POST");
  EXPECT_EQ(req->path, "/api/v1/batches");
  EXPECT_EQ(req->query_param("x"), "1");
  EXPECT_EQ(req->header("content-type"), "application/json");
  EXPECT_EQ(req->headers.at("x-thing"), "a, b");
  EXPECT_EQ(req->body, "{\"a\":1}");
}

TEST(RequestReader, StopsAtTheEndOfAPipelinedRequest) {
  RequestReader reader({});
  const std::string two = "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n";
  std::string pending = two;
  pending.erase(0, reader.feed(pending));
  ASSERT_TRUE(reader.done());
  EXPECT_EQ(reader.take_request(nullptr)->path, "/a");
  reader.reset();
  pending.erase(0, reader.feed(pending));
  ASSERT_TRUE(reader.done());
  EXPECT_EQ(reader.take_request(nullptr)->path, "/b");
  EXPECT_TRUE(pending.empty());
}

TEST(RequestReader, DecodesChunkedBodies) {
  RequestReader reader({});
  feed_in_steps(reader,
                "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
                5);
  ASSERT_TRUE(reader.done());
  EXPECT_EQ(reader.take_request(nullptr)->body, "abcde");
}

TEST(RequestReader, HttpOneZeroClosesByDefault) {
  RequestReader reader({});
  feed_in_steps(reader, "GET / HTTP/1.0\r\n\r\n", 100);
  bool keep_alive = true;
  ASSERT_TRUE(reader.take_request(&keep_alive).ok());
  EXPECT_FALSE(keep_alive);
}

TEST(RequestReader, AnnouncedOversizedBodyFailsAtTheHead) {
  RequestReader reader({.header_limit = 1024, .body_limit = 100});
  const std::string head = "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 10000000\r\n\r\n";
  reader.feed(head);  // no body byte offered: refused from the head alone
  ASSERT_TRUE(reader.failure());
  EXPECT_EQ(reader.failure()->status, 413);
  EXPECT_EQ(reader.failure()->error.code, ErrorCode::kPayloadTooLarge);
}

TEST(RequestReader, ChunkedBodyOverTheLimitFails) {
  RequestReader reader({.header_limit = 1024, .body_limit = 10});
  feed_in_steps(reader,
                "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n",
                7);
  ASSERT_TRUE(reader.failure());
  EXPECT_EQ(reader.failure()->status, 413);
}

TEST(RequestReader, OversizedHeadIs431) {
  RequestReader reader({.header_limit = 256, .body_limit = 100});
  feed_in_steps(reader, "GET / HTTP/1.1\r\nX-Big: " + std::string(1000, 'a') + "\r\n\r\n", 64);
  ASSERT_TRUE(reader.failure());
  EXPECT_EQ(reader.failure()->status, 431);
}

TEST(RequestReader, MalformedRequestsAre400) {
  const char* bad[] = {
      "GARBAGE\r\n\r\n",
      "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
      "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
      "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "GET / HTTP/2.0\r\n\r\n",
  };
  for (const char* raw : bad) {
    RequestReader reader({});
    feed_in_steps(reader, raw, 100);
    ASSERT_TRUE(reader.failure()) << raw;
    EXPECT_GE(reader.failure()->status, 400) << raw;
    EXPECT_FALSE(reader.failure()->error.message.empty());
  }
}

TEST(RequestReader, BadTargetIsAnErrorFromTakeRequest) {
  RequestReader reader({});
  feed_in_steps(reader, "GET /a%zz HTTP/1.1\r\nHost: h\r\n\r\n", 100);
  ASSERT_TRUE(reader.done());
  auto req = reader.take_request(nullptr);
  ASSERT_FALSE(req.ok());
  EXPECT_EQ(req.error().code, ErrorCode::kInvalidArgument);
}

TEST(RequestReader, RepeatedHostIsRefused) {
  RequestReader reader({});
  feed_in_steps(reader, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 100);
  ASSERT_TRUE(reader.done());
  EXPECT_FALSE(reader.take_request(nullptr).ok());
}

TEST(RequestReader, StopsAfterTheHeadWhenTheClientExpects100Continue) {
  RequestReader reader({});
  std::string raw =
      "POST /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc";
  raw.erase(0, reader.feed(raw));
  EXPECT_TRUE(reader.header_done());
  EXPECT_TRUE(reader.expects_continue());
  EXPECT_FALSE(reader.done());
  EXPECT_EQ(raw, "abc");
  raw.erase(0, reader.feed(raw));
  ASSERT_TRUE(reader.done());
  EXPECT_EQ(reader.take_request(nullptr)->body, "abc");
}

}  // namespace
}  // namespace gemba::http
