#pragma once
// Server: the HTTP/1.1 server (Boost.Beast/Asio, kept inside server.cc). Accepts on io_threads,
// reads requests with limits and timeouts, runs handlers on a pool of worker_threads (handlers may
// block on the database), writes responses with the security headers, logs one access line per
// request and counts gemba_http_requests_total / gemba_http_request_seconds.
//
// Lifecycle: construct → start() → ... → stop() (from any thread, e.g. a signal watcher) →
// wait() / destruction. The Router and Metrics must outlive the Server; the router must not be
// changed after start(). A Server is started at most once.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "gemba/core/metrics.h"
#include "gemba/core/result.h"
#include "gemba/http/router.h"

namespace gemba::http {

struct TlsOptions {
  std::string cert_file;  // PEM certificate chain
  std::string key_file;   // PEM private key
  // If set, a plain-HTTP listener on this port answers every request with 308 to https.
  std::optional<std::uint16_t> redirect_port;
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 = pick a free port (see Server::port())
  int io_threads = 2;
  int worker_threads = 64;  // handlers may block on the database
  std::size_t body_limit = std::size_t{2} * 1024 * 1024;
  std::size_t header_limit = std::size_t{16} * 1024;
  // From the first byte of a request to its last; slower clients are cut off (408 + close).
  std::chrono::seconds read_timeout{15};
  // A kept-alive connection idle this long is closed.
  std::chrono::seconds idle_timeout{60};
  // One write to a client (a response, or a streamed chunk) taking longer ends the connection.
  std::chrono::seconds write_timeout{30};
  // stop() waits this long for in-flight requests before cutting connections.
  std::chrono::seconds shutdown_timeout{10};
  // Bytes a streamed response may have queued for a slow client before it is disconnected.
  std::size_t stream_queue_limit = std::size_t{4} * 1024 * 1024;
  std::string static_dir = "web/dist";  // "" = no static files (404 outside the API)
  std::optional<TlsOptions> tls;        // TLS 1.2+; HSTS is sent when set
  bool access_log = true;               // one spdlog info line per request
};

class Server {
 public:
  Server(ServerOptions options, Router& router, Metrics& metrics);
  ~Server();  // stops (gracefully) if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the threads. unavailable if the address cannot be bound, invalid_argument
  // for bad TLS files, failed_precondition if already started.
  Result<void> start();

  // The bound port (useful with port 0). REQUIRES: start() succeeded.
  std::uint16_t port() const;
  // The redirect listener's bound port, if TLS redirect is on.
  std::optional<std::uint16_t> redirect_port() const;

  // Graceful: stops accepting (new connections are refused), closes idle keep-alive connections,
  // ends streamed responses, lets in-flight requests finish and send their responses (up to
  // shutdown_timeout; then cuts the rest), and joins the io threads and the worker pool (a
  // handler still blocked keeps stop() waiting for it). Thread-safe and idempotent; must not be
  // called from a handler.
  void stop();

  // Blocks until stop() has completed (called from another thread).
  void wait();

  // start() if needed, block until SIGINT or SIGTERM, then stop(). For `gemba serve`.
  Result<void> run_until_signal();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gemba::http
