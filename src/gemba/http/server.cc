#include "gemba/http/server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <csignal>
#include <ctime>
#include <future>
#include <map>
#include <random>
#include <thread>
#include <vector>

#include "gemba/http/connection.h"
#include "gemba/http/errors.h"
#include "gemba/http/static_files.h"

namespace gemba::http {

using namespace detail;  // NOLINT: private to this file
namespace ssl = boost::asio::ssl;

namespace detail {
namespace {

bool header_safe(std::string_view s) {
  for (const char c : s) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

std::string http_date() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

// A host name or IPv4/IPv6 literal as it may appear in Location.
bool plain_host(std::string_view h) {
  if (h.empty() || h.size() > 255) return false;
  for (const char c : h) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string serialize_head(const Response& resp, std::size_t content_length, bool keep_alive,
                           bool chunked, std::string_view request_id, bool tls) {
  std::string h = "HTTP/1.1 " + std::to_string(resp.status) + " ";
  h += reason_phrase(resp.status);
  h += "\r\n";
  const auto add = [&h](std::string_view name, std::string_view value) {
    h.append(name).append(": ").append(value).append("\r\n");
  };
  const auto add_default = [&](std::string_view name, std::string_view value) {
    if (resp.header(name).empty()) add(name, value);
  };
  add("Date", http_date());
  for (const auto& [name, value] : resp.headers) {
    if (name.empty() || !header_safe(name) || !header_safe(value) ||
        name.find_first_of(": ") != std::string::npos) {
      spdlog::error("request {}: dropped an unsafe response header", request_id);
      continue;
    }
    add(name, value);
  }
  if (!resp.content_type.empty() && header_safe(resp.content_type)) {
    add("Content-Type", resp.content_type);
  }
  add_default("Content-Security-Policy",
              "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; "
              "object-src 'none'; frame-src 'self' blob:");  // blob: the label's print preview
  add_default("X-Content-Type-Options", "nosniff");
  add_default("Referrer-Policy", "no-referrer");
  add_default("X-Frame-Options", "DENY");
  add_default("Cross-Origin-Opener-Policy", "same-origin");
  if (tls) add_default("Strict-Transport-Security", "max-age=31536000");
  add_default("Cache-Control", "no-store");
  add("X-Request-Id", request_id);
  if (chunked) {
    add("Transfer-Encoding", "chunked");
  } else if (resp.status != 204 && resp.status != 304 && resp.status >= 200) {
    add("Content-Length", std::to_string(content_length));
  }
  add("Connection", keep_alive ? "keep-alive" : "close");
  h += "\r\n";
  return h;
}

Response redirect_to_https(const Request& req, std::uint16_t https_port) {
  std::string host = req.header("host");
  if (!host.empty() && host.front() == '[') {
    host = host.substr(0, host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (!plain_host(host)) {
    return bad_request(Error::invalid_argument("a Host header is needed to redirect to HTTPS"),
                       req.request_id);
  }
  std::string location = "https://" + host;
  if (https_port != 443) location += ":" + std::to_string(https_port);
  location += req.target;
  Response r = text_response(308, "This server is only available over HTTPS: " + location + "\n");
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

}  // namespace detail

class Server::Impl final : public ServerCore {
 public:
  Impl(ServerOptions options, Router& router, Metrics& metrics)
      : options_(std::move(options)),
        router_(router),
        metrics_(metrics),
        static_files_(options_.static_dir) {}

  ~Impl() override {
    try {
      stop();
    } catch (const std::exception& e) {
      spdlog::error("http: stopping the server failed: {}", e.what());
    }
  }

  Result<void> start();
  void stop();
  void wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return state_ == State::kStopped || state_ == State::kNew; });
  }
  std::uint16_t bound_port() const { return port_; }
  std::optional<std::uint16_t> bound_redirect_port() const { return redirect_port_; }

  // ServerCore
  const ServerOptions& options() const override { return options_; }
  Response handle(Request& req, std::string* route) override;
  void record(const Exchange& ex) override;
  net::thread_pool& workers() override { return *workers_; }
  void untrack(ConnectionBase* c) override {
    std::lock_guard lock(mu_);
    conns_.erase(c);
    if (conns_.empty()) cv_.notify_all();
  }
  bool stopping() const override { return stopping_.load(); }
  std::uint16_t port() const override { return port_; }
  std::string new_request_id() override {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    char buf[33];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                  static_cast<unsigned long long>(rng()));
    return buf;
  }

 private:
  enum class State { kNew, kRunning, kStopping, kStopped };

  Result<void> listen(tcp::acceptor& acceptor, std::uint16_t port, std::uint16_t* bound);
  void accept(tcp::acceptor& acceptor, bool redirect_only);
  template <class Stream>
  void launch(Stream stream, std::string remote, bool redirect_only);
  std::vector<std::shared_ptr<ConnectionBase>> live_connections() {
    std::lock_guard lock(mu_);
    std::vector<std::shared_ptr<ConnectionBase>> out;
    for (auto& [p, weak] : conns_) {
      if (auto c = weak.lock()) out.push_back(std::move(c));
    }
    return out;
  }

  const ServerOptions options_;
  Router& router_;
  Metrics& metrics_;
  const StaticFiles static_files_;
  std::atomic<bool> stopping_{false};
  std::uint16_t port_ = 0;
  std::optional<std::uint16_t> redirect_port_;

  std::mutex mu_;
  std::condition_variable cv_;
  State state_ = State::kNew;                                       // GUARDED_BY(mu_)
  std::map<ConnectionBase*, std::weak_ptr<ConnectionBase>> conns_;  // GUARDED_BY(mu_)

  // Destruction order matters: threads, pool and acceptors go before the io_context, which goes
  // before the TLS context its streams use.
  std::optional<ssl::context> tls_;
  net::io_context ioc_;
  // Keeps the io threads running while a connection only waits for a worker (e.g. during stop()).
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::optional<tcp::acceptor> acceptor_;
  std::optional<tcp::acceptor> redirect_acceptor_;
  std::optional<net::thread_pool> workers_;
  std::vector<std::thread> io_threads_;
};

Result<void> Server::Impl::listen(tcp::acceptor& acceptor, std::uint16_t port,
                                  std::uint16_t* bound) {
  beast::error_code ec;
  const auto address = net::ip::make_address(options_.address, ec);
  if (ec)
    return Error::invalid_argument("cannot listen on \"" + options_.address +
                                   "\": " + ec.message());
  const tcp::endpoint endpoint(address, port);
  const std::string where = options_.address + ":" + std::to_string(port);
  if (acceptor.open(endpoint.protocol(), ec); ec)
    return Error::unavailable("cannot open a socket for " + where + ": " + ec.message());
  if (acceptor.set_option(net::socket_base::reuse_address(true), ec); ec)
    return Error::unavailable("cannot set SO_REUSEADDR on " + where + ": " + ec.message());
  if (acceptor.bind(endpoint, ec); ec)
    return Error::unavailable("cannot listen on " + where + ": " + ec.message());
  if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec)
    return Error::unavailable("cannot listen on " + where + ": " + ec.message());
  *bound = acceptor.local_endpoint().port();
  return ok();
}

Result<void> Server::Impl::start() {
  {
    std::lock_guard lock(mu_);
    if (state_ != State::kNew) return Error::failed_precondition("the server was already started");
  }
  if (options_.tls) {
    try {
      tls_.emplace(ssl::context::tls_server);
      tls_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                        ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                        ssl::context::single_dh_use);
      tls_->use_certificate_chain_file(options_.tls->cert_file);
      tls_->use_private_key_file(options_.tls->key_file, ssl::context::pem);
    } catch (const std::exception& e) {
      tls_.reset();
      return Error::invalid_argument("cannot load the TLS certificate or key (" +
                                     options_.tls->cert_file + ", " + options_.tls->key_file +
                                     "): " + e.what());
    }
  }
  acceptor_.emplace(net::make_strand(ioc_));
  GEMBA_RETURN_IF_ERROR(listen(*acceptor_, options_.port, &port_));
  if (options_.tls && options_.tls->redirect_port) {
    redirect_acceptor_.emplace(net::make_strand(ioc_));
    std::uint16_t bound = 0;
    GEMBA_RETURN_IF_ERROR(listen(*redirect_acceptor_, *options_.tls->redirect_port, &bound));
    redirect_port_ = bound;
  }
  workers_.emplace(static_cast<std::size_t>(std::max(1, options_.worker_threads)));
  work_.emplace(ioc_.get_executor());
  accept(*acceptor_, false);
  if (redirect_acceptor_) accept(*redirect_acceptor_, true);
  {
    std::lock_guard lock(mu_);
    state_ = State::kRunning;
  }
  for (int i = 0; i < std::max(1, options_.io_threads); ++i) {
    io_threads_.emplace_back([this] { ioc_.run(); });
  }
  spdlog::info("http: listening on {}://{}:{}{}", tls_ ? "https" : "http", options_.address, port_,
               redirect_port_ ? " (redirect from port " + std::to_string(*redirect_port_) + ")"
                              : std::string());
  return ok();
}

void Server::Impl::accept(tcp::acceptor& acceptor, bool redirect_only) {
  acceptor.async_accept(net::make_strand(ioc_), [this, &acceptor, redirect_only](
                                                    beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    if (ec) {  // e.g. out of file descriptors: back off instead of spinning
      spdlog::warn("http: accept failed: {}", ec.message());
      auto timer = std::make_shared<net::steady_timer>(acceptor.get_executor(),
                                                       std::chrono::milliseconds(100));
      timer->async_wait([this, &acceptor, redirect_only, timer](beast::error_code) {
        if (acceptor.is_open()) accept(acceptor, redirect_only);
      });
      return;
    }
    if (!stopping_) {
      beast::error_code ep_ec;
      const auto ep = socket.remote_endpoint(ep_ec);
      std::string remote =
          ep_ec ? std::string("?") : ep.address().to_string() + ":" + std::to_string(ep.port());
      beast::tcp_stream stream(std::move(socket));
      if (tls_ && !redirect_only) {
        launch(beast::ssl_stream<beast::tcp_stream>(std::move(stream), *tls_), std::move(remote),
               false);
      } else {
        launch(std::move(stream), std::move(remote), redirect_only);
      }
    }
    accept(acceptor, redirect_only);
  });
}

template <class Stream>
void Server::Impl::launch(Stream stream, std::string remote, bool redirect_only) {
  auto conn = std::make_shared<Connection<Stream>>(*this, std::move(stream), std::move(remote),
                                                   redirect_only);
  {
    std::lock_guard lock(mu_);
    conns_.emplace(conn.get(), conn);
  }
  conn->start();
}

Response Server::Impl::handle(Request& req, std::string* route) {
  try {
    if (!options_.static_dir.empty() && StaticFiles::applies_to(req) &&
        router_.match(req.method, raw_path_of(req.target)).kind == Router::Match::Kind::kNoPath) {
      *route = "static";
      return static_files_.serve(req);
    }
    return router_.dispatch(req, route);
  } catch (const std::exception& e) {
    return error_response(Error::internal(std::string("uncaught: ") + e.what()), req.request_id);
  } catch (...) {
    return error_response(Error::internal("uncaught non-std exception"), req.request_id);
  }
}

void Server::Impl::record(const Exchange& ex) {
  const auto elapsed = std::chrono::steady_clock::now() - ex.started;
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
  static constexpr std::string_view kMethods[] = {"GET",    "HEAD",    "POST", "PUT",
                                                  "DELETE", "OPTIONS", "PATCH"};
  std::string method = "other";  // client-chosen strings never become label values
  for (const auto m : kMethods) {
    if (ex.method == m) method = ex.method;
  }
  metrics_
      .counter("gemba_http_requests_total", "HTTP requests answered",
               {{"method", method}, {"route", ex.route}, {"status", std::to_string(ex.status)}})
      .inc();
  metrics_
      .histogram("gemba_http_request_seconds", "HTTP request latency, read to response written",
                 {{"route", ex.route}}, Metrics::latency_buckets())
      .observe(double(us) / 1e6);
  if (options_.access_log) {
    spdlog::info("http {} {} {} {}B {}us {}", ex.method, ex.path.substr(0, 300), ex.status,
                 ex.bytes, us, ex.request_id);
  }
}

void Server::Impl::stop() {
  {
    std::unique_lock lock(mu_);
    if (state_ == State::kNew) {
      state_ = State::kStopped;
      cv_.notify_all();
      return;
    }
    if (state_ != State::kRunning) {
      cv_.wait(lock, [&] { return state_ == State::kStopped; });
      return;
    }
    state_ = State::kStopping;
  }
  stopping_ = true;
  // Stop accepting: once this returns, new connections are refused.
  std::promise<void> closed;
  net::post(acceptor_->get_executor(), [&] {
    beast::error_code ec;
    acceptor_->close(ec);
    if (redirect_acceptor_) {
      net::post(redirect_acceptor_->get_executor(), [&] {
        beast::error_code redirect_ec;
        redirect_acceptor_->close(redirect_ec);
        closed.set_value();
      });
    } else {
      closed.set_value();
    }
  });
  closed.get_future().wait();

  for (auto& c : live_connections()) c->begin_shutdown();
  {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, options_.shutdown_timeout, [&] { return conns_.empty(); })) {
      spdlog::warn("http: {} connection(s) still busy after {} s; closing them", conns_.size(),
                   options_.shutdown_timeout.count());
    }
  }
  for (auto& c : live_connections()) c->force_close();
  {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(1), [&] { return conns_.empty(); });
  }
  work_.reset();
  ioc_.stop();
  for (auto& t : io_threads_) t.join();
  io_threads_.clear();
  // Streams still referenced by publishers must stop posting before the io_context goes away.
  for (auto& c : live_connections()) c->sever();
  workers_->join();  // a handler still blocked keeps us here: it cannot be interrupted
  spdlog::info("http: stopped");
  std::lock_guard lock(mu_);
  state_ = State::kStopped;
  cv_.notify_all();
}

Server::Server(ServerOptions options, Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}
Server::~Server() = default;
Result<void> Server::start() { return impl_->start(); }
std::uint16_t Server::port() const { return impl_->bound_port(); }
std::optional<std::uint16_t> Server::redirect_port() const { return impl_->bound_redirect_port(); }
void Server::stop() { impl_->stop(); }
void Server::wait() { impl_->wait(); }

Result<void> Server::run_until_signal() {
  {
    auto started = impl_->start();
    if (!started.ok() && started.error().code != ErrorCode::kFailedPrecondition) return started;
  }
  net::io_context signals_ioc;
  net::signal_set signals(signals_ioc, SIGINT, SIGTERM);
  signals.async_wait([](beast::error_code ec, int signo) {
    if (!ec) spdlog::info("http: signal {} received; stopping", signo);
  });
  // Also return if someone else stops the server.
  std::thread watcher([&] {
    impl_->wait();
    net::post(signals_ioc, [&] { signals.cancel(); });
  });
  signals_ioc.run();
  impl_->stop();
  watcher.join();
  return ok();
}

}  // namespace gemba::http
