#pragma once
// HttpClient: a small blocking HTTP/1.1 client over POSIX sockets, for tests and benchmarks (no
// TLS). Reuses its connection while the server keeps it alive; send_raw() writes bytes exactly as
// given, for malformed-request tests. Not thread-safe: one client per thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gemba/core/result.h"

namespace gemba::testing {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;       // lower-case names
  std::string body;                                 // de-chunked
  std::string header(std::string_view name) const;  // "" if absent
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  // Connects lazily. `timeout` bounds each connect, send and receive.
  HttpClient(std::string host, std::uint16_t port,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request (Host and Content-Length added) and reads the whole response. A reused
  // connection the server had closed is reopened once. unavailable on connect/IO errors and
  // timeouts; invalid_argument for an unparsable response.
  Result<HttpResponse> request(std::string_view method, std::string_view target,
                               std::string_view body = {}, const HttpHeaders& headers = {});
  Result<HttpResponse> get(std::string_view target) { return request("GET", target); }

  // Writes `bytes` on the current connection (connecting first if needed).
  Result<void> send_raw(std::string_view bytes);
  // Reads one response from the current connection. With `head_only` stops after the headers
  // (the body is then read with read_body_until).
  Result<HttpResponse> read_response(bool head_only = false, bool for_head_request = false);
  // After read_response(head_only=true): reads (de-chunked) body bytes until `done(body so far)`
  // is true; returns the body so far. unavailable on timeout or if the server closes first.
  Result<std::string> read_body_until(const std::function<bool(const std::string&)>& done);

  // True if the server closes the connection (EOF or reset) within `wait`; data is discarded.
  bool wait_for_close(std::chrono::milliseconds wait);

  bool connected() const { return fd_ >= 0; }
  void close();
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

 private:
  Result<void> connect();
  Result<void> send_all(std::string_view bytes);
  Result<void> fill(std::chrono::milliseconds timeout);  // reads more into buf_
  Result<std::string> read_line();
  Result<void> read_chunk();  // one chunk of a chunked body into body_

  const std::string host_;
  const std::uint16_t port_;
  std::chrono::milliseconds timeout_;
  int fd_ = -1;
  std::string buf_;  // received, not yet consumed
  // Body framing of the response being read (for read_body_until).
  bool chunked_ = false;
  bool chunks_done_ = false;
  long long remaining_ = -1;  // Content-Length left; -1 = until close
  std::string body_;
};

}  // namespace gemba::testing
