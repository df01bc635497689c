#pragma once
// RequestReader: turns bytes from a connection into Requests, one at a time, with Gemba's limits.
// Beast's HTTP/1.1 parser does the parsing (inside wire.cc only); this header is Beast-free so the
// server, the tests and the fuzz target share exactly one parsing path.
//
// Not thread-safe; one reader per connection.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "gemba/core/error.h"
#include "gemba/http/request.h"

namespace gemba::http {

struct WireLimits {
  std::size_t header_limit = std::size_t{16} * 1024;      // request line + headers, bytes
  std::size_t body_limit = std::size_t{2} * 1024 * 1024;  // decoded body, bytes
};

// Why a request could not be read, and what to answer (the connection is then closed).
struct WireFailure {
  int status = 400;  // 400 malformed, 413 body too large, 431 headers too large
  Error error;
};

class RequestReader {
 public:
  explicit RequestReader(WireLimits limits);
  ~RequestReader();
  RequestReader(const RequestReader&) = delete;
  RequestReader& operator=(const RequestReader&) = delete;

  // Consumes a prefix of `bytes` and returns its length. Bytes not consumed must be offered again,
  // with more appended, on the next call (the head is parsed only once it is complete). Stops at
  // the end of the current request, so bytes of a pipelined next request are left unconsumed.
  // After failure() or done(), consumes nothing.
  std::size_t feed(std::string_view bytes);

  bool started() const { return started_; }  // some bytes of this request were consumed
  bool header_done() const;                  // Content-Length already checked against the limit
  bool done() const;                         // the whole request was read
  const std::optional<WireFailure>& failure() const { return failure_; }

  // True if the head asks for "Expect: 100-continue" (answer it before reading the body).
  bool expects_continue() const;

  // REQUIRES: done(). The request (method, target, path, query, headers, body) and whether the
  // client wants the connection kept open. invalid_argument (answer 400) for a bad target.
  Result<Request> take_request(bool* keep_alive);

  // Ready for the next request on the same connection.
  void reset();

 private:
  struct Impl;
  const WireLimits limits_;
  std::unique_ptr<Impl> impl_;
  bool started_ = false;
  std::optional<WireFailure> failure_;
};

}  // namespace gemba::http
