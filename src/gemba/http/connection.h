#pragma once
// PRIVATE to server.cc (includes Beast): one client connection and the StreamSink of a streamed
// response. Every Connection member runs on the connection's strand (the socket's executor)
// except where noted; a Connection is owned by the shared_ptrs its pending operations hold.

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>

#include "gemba/http/errors.h"
#include "gemba/http/response.h"
#include "gemba/http/server.h"
#include "gemba/http/wire.h"

namespace gemba::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using SteadyTime = std::chrono::steady_clock::time_point;

// What the access log and the metrics need about one answered request.
struct Exchange {
  std::string method = "-";
  std::string path = "-";
  std::string route = "unmatched";
  std::string request_id;
  int status = 0;
  std::size_t bytes = 0;  // body bytes sent
  SteadyTime started{};
};

class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  // Thread-safe: posts to the strand. Close when idle; finish what is in flight; end streams.
  virtual void begin_shutdown() = 0;
  // Thread-safe: posts to the strand. Close now.
  virtual void force_close() = 0;
  // Any thread, after the io threads stopped: mark a streamed response closed for good.
  virtual void sever() = 0;
  // Strand: called by the sink.
  virtual void stream_flush() = 0;
  virtual void stream_finish() = 0;
  virtual void stream_abort() = 0;
};

// What a connection needs from the server. Thread-safe.
class ServerCore {
 public:
  virtual ~ServerCore() = default;
  virtual const ServerOptions& options() const = 0;
  // On a worker thread: route, static files or error; never throws.
  virtual Response handle(Request& req, std::string* route) = 0;
  virtual void record(const Exchange& exchange) = 0;
  virtual net::thread_pool& workers() = 0;
  virtual void untrack(ConnectionBase* c) = 0;
  virtual bool stopping() const = 0;
  virtual std::uint16_t port() const = 0;
  // A fresh random request id (32 hex digits).
  virtual std::string new_request_id() = 0;
};

// The body of a streamed response (see StreamSink). Frames written are queued here and sent by
// the connection; the queue is bounded in bytes.
class ConnectionSink final : public StreamSink {
 public:
  ConnectionSink(std::weak_ptr<ConnectionBase> conn, net::any_io_executor strand, std::size_t limit)
      : conn_(std::move(conn)), strand_(std::move(strand)), limit_(limit) {}

  bool write(std::string chunk) override {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    if (chunk.empty()) return true;
    if (pending_bytes_ + chunk.size() > limit_) {
      closed_ = true;  // too slow a reader: drop it (it may resume with Last-Event-ID)
      post_locked(&ConnectionBase::stream_abort);
      return false;
    }
    pending_bytes_ += chunk.size();
    queue_ += chunk;
    if (!flush_posted_) {
      flush_posted_ = true;
      post_locked(&ConnectionBase::stream_flush);
    }
    return true;
  }

  bool open() const override {
    std::lock_guard lock(mu_);
    return !closed_;
  }

  void close() override {
    std::lock_guard lock(mu_);
    if (closed_) return;
    closed_ = true;
    post_locked(&ConnectionBase::stream_finish);
  }

  void set_on_close(std::function<void()> cb) override {
    std::unique_lock lock(mu_);
    if (finished_) {
      lock.unlock();
      if (cb) cb();
      return;
    }
    on_close_ = std::move(cb);
  }

  // Strand: everything queued so far (and the next write() posts a new flush).
  std::string take() {
    std::lock_guard lock(mu_);
    flush_posted_ = false;
    std::string out;
    out.swap(queue_);
    return out;
  }
  // Strand: `n` queued bytes reached the socket.
  void sent(std::size_t n) {
    std::lock_guard lock(mu_);
    pending_bytes_ -= std::min(n, pending_bytes_);
  }
  // Any thread: the stream is over for good; runs the on-close callback (outside the lock).
  void finish() {
    std::function<void()> cb;
    {
      std::lock_guard lock(mu_);
      if (finished_) return;
      finished_ = closed_ = true;
      cb.swap(on_close_);
    }
    if (cb) cb();
  }

 private:
  void post_locked(void (ConnectionBase::*fn)()) {
    if (auto c = conn_.lock()) net::post(strand_, [c, fn] { (c.get()->*fn)(); });
  }

  const std::weak_ptr<ConnectionBase> conn_;
  const net::any_io_executor strand_;
  const std::size_t limit_;
  mutable std::mutex mu_;
  bool closed_ = false;             // GUARDED_BY(mu_): no more writes accepted
  bool finished_ = false;           // GUARDED_BY(mu_): on_close ran
  bool flush_posted_ = false;       // GUARDED_BY(mu_)
  std::size_t pending_bytes_ = 0;   // GUARDED_BY(mu_): queued or being written
  std::string queue_;               // GUARDED_BY(mu_)
  std::function<void()> on_close_;  // GUARDED_BY(mu_)
};

// The status line and headers of `resp`, with the security headers, X-Request-Id, Date, framing
// (Content-Length, or chunked) and Connection. Handler headers with CR, LF or NUL are dropped.
std::string serialize_head(const Response& resp, std::size_t content_length, bool keep_alive,
                           bool chunked, std::string_view request_id, bool tls);

// 308 to https://<host>:<https_port><target>, or 400 for a missing or malformed Host.
Response redirect_to_https(const Request& req, std::uint16_t https_port);

template <class Stream>
class Connection final : public ConnectionBase,
                         public std::enable_shared_from_this<Connection<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

 public:
  Connection(ServerCore& core, Stream stream, std::string remote, bool redirect_only)
      : core_(core),
        stream_(std::move(stream)),
        remote_(std::move(remote)),
        redirect_only_(redirect_only),
        reader_(WireLimits{core.options().header_limit, core.options().body_limit}) {}

  ~Connection() override {
    if (sink_) sink_->finish();
    core_.untrack(this);
  }

  void start() {
    net::dispatch(executor(), [self = this->shared_from_this()] { self->on_start(); });
  }
  void begin_shutdown() override {
    net::post(executor(), [self = this->shared_from_this()] { self->on_shutdown(); });
  }
  void force_close() override {
    net::post(executor(), [self = this->shared_from_this()] { self->close_now(); });
  }
  void sever() override {
    if (sink_) sink_->finish();
  }
  void stream_flush() override {
    if (state_ != State::kStreaming || stream_writing_) return;
    std::string data = sink_->take();
    if (data.empty()) {
      if (stream_finishing_) write_last_chunk();
      return;
    }
    char size_line[24];
    const int len = std::snprintf(size_line, sizeof size_line, "%zx\r\n", data.size());
    stream_out_.assign(size_line, std::size_t(len));
    stream_out_ += data;
    stream_out_ += "\r\n";
    stream_writing_ = true;
    lowest().expires_after(core_.options().write_timeout);
    net::async_write(
        stream_, net::buffer(stream_out_),
        [self = this->shared_from_this(), n = data.size()](beast::error_code ec, std::size_t) {
          self->stream_writing_ = false;
          if (ec) return self->stream_abort();
          self->sink_->sent(n);
          self->ex_.bytes += n;
          self->stream_flush();
        });
  }
  void stream_finish() override {
    stream_finishing_ = true;
    stream_flush();
  }
  void stream_abort() override {
    if (state_ != State::kStreaming) return;
    core_.record(ex_);
    close_now();
  }

 private:
  enum class State { kReading, kHandling, kWriting, kStreaming, kClosing, kClosed };

  net::any_io_executor executor() { return stream_.get_executor(); }
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }
  std::weak_ptr<ConnectionBase> weak_base() {
    return std::static_pointer_cast<ConnectionBase>(this->shared_from_this());
  }

  void on_start() {
    if constexpr (kTls) {
      lowest().expires_after(core_.options().read_timeout);
      stream_.async_handshake(net::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->close_now();
                                self->read_more();
                              });
    } else {
      read_more();
    }
  }

  void on_shutdown() {
    stopping_ = true;
    if (state_ == State::kReading && !reader_.started() && inbuf_.empty()) close_now();
    if (state_ == State::kStreaming) sink_->close();
  }

  void read_more() {
    if (state_ != State::kReading) return;
    if (stopping_ && !reader_.started() && inbuf_.empty()) return close_now();
    if (!deadline_) {
      lowest().expires_after(core_.options().idle_timeout);
    } else {
      lowest().expires_at(*deadline_);
    }
    stream_.async_read_some(net::buffer(readbuf_),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->on_read(ec, n);
                            });
  }

  void on_read(beast::error_code ec, std::size_t n) {
    if (state_ != State::kReading) return;
    if (ec) {
      if (ec == beast::error::timeout && deadline_) {
        return respond_error(
            Error::invalid_argument("the request was not received completely within " +
                                    std::to_string(core_.options().read_timeout.count()) + " s"),
            408);
      }
      return close_now();
    }
    inbuf_.append(readbuf_.data(), n);
    process_input();
  }

  void process_input() {
    if (!inbuf_.empty() && !deadline_) {
      deadline_ = std::chrono::steady_clock::now() + core_.options().read_timeout;
    }
    inbuf_.erase(0, reader_.feed(inbuf_));
    if (const auto& f = reader_.failure()) return respond_error(f->error, f->status);
    if (reader_.done()) return on_request();
    if (reader_.expects_continue() && !continue_sent_) {
      continue_sent_ = true;
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      lowest().expires_after(core_.options().write_timeout);
      return net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                              [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                if (ec) return self->close_now();
                                self->process_input();
                              });
    }
    read_more();
  }

  void begin_exchange() {
    ex_ = Exchange{};
    ex_.started = std::chrono::steady_clock::now();
    ex_.request_id = core_.new_request_id();
  }

  void on_request() {
    bool keep_alive = false;
    auto req = reader_.take_request(&keep_alive);
    begin_exchange();
    deadline_.reset();
    continue_sent_ = false;
    reader_.reset();
    if (!req.ok()) return respond_error(req.error(), 400);
    ex_.method = req->method;
    ex_.path = req->path;
    keep_alive_ = keep_alive;
    req->remote_address = remote_;
    req->request_id = ex_.request_id;
    if (redirect_only_) {
      ex_.route = "redirect";
      return send(redirect_to_https(*req, core_.port()), req->method == "HEAD", true);
    }
    state_ = State::kHandling;
    lowest().expires_never();
    net::post(core_.workers(), [self = this->shared_from_this(), req = std::move(*req)]() mutable {
      std::string route;
      Response resp = self->core_.handle(req, &route);
      const bool head = req.method == "HEAD";
      net::post(self->executor(),
                [self, resp = std::move(resp), route = std::move(route), head]() mutable {
                  self->ex_.route = std::move(route);
                  if (self->state_ != State::kHandling) return;
                  if (resp.stream && !head) return self->start_stream(std::move(resp));
                  self->send(std::move(resp), head, false);
                });
    });
  }

  void respond_error(const Error& e, int status) {
    if (ex_.request_id.empty()) begin_exchange();  // a wire failure: no exchange begun yet
    send(error_response(e, ex_.request_id, status), false, true);
  }

  void send(Response resp, bool head_only, bool close_after) {
    ex_.status = resp.status;
    const bool keep =
        keep_alive_ && !close_after && !stopping_ && !core_.stopping() && resp.status >= 200;
    const bool bodiless = resp.status == 204 || resp.status == 304;
    out_head_ =
        serialize_head(resp, bodiless ? 0 : resp.body.size(), keep, false, ex_.request_id, kTls);
    out_body_ = head_only || bodiless ? std::string() : std::move(resp.body);
    ex_.bytes = out_body_.size();
    state_ = State::kWriting;
    lowest().expires_after(core_.options().write_timeout);
    const std::array<net::const_buffer, 2> buffers{net::buffer(out_head_), net::buffer(out_body_)};
    net::async_write(stream_, buffers,
                     [self = this->shared_from_this(), keep](beast::error_code ec, std::size_t) {
                       self->core_.record(self->ex_);
                       if (ec) return self->close_now();
                       if (!keep) return self->close_gracefully();
                       self->state_ = State::kReading;
                       self->out_head_.clear();
                       self->out_body_.clear();
                       self->ex_.request_id.clear();
                       if (self->inbuf_.empty()) return self->read_more();
                       self->process_input();
                     });
  }

  void start_stream(Response resp) {
    ex_.status = resp.status;
    state_ = State::kStreaming;
    sink_ = std::make_shared<ConnectionSink>(weak_base(), executor(),
                                             core_.options().stream_queue_limit);
    if (stopping_) sink_->close();
    out_head_ = serialize_head(resp, 0, false, true, ex_.request_id, kTls);
    stream_writing_ = true;
    lowest().expires_after(core_.options().write_timeout);
    net::async_write(stream_, net::buffer(out_head_),
                     [self = this->shared_from_this(), cb = std::move(resp.stream)](
                         beast::error_code ec, std::size_t) mutable {
                       self->stream_writing_ = false;
                       if (ec) return self->stream_abort();
                       self->watch_peer();
                       net::post(self->core_.workers(),
                                 [cb = std::move(cb), sink = self->sink_]() mutable {
                                   try {
                                     cb(sink);
                                   } catch (const std::exception&) {
                                     sink->close();
                                   }
                                 });
                       self->stream_flush();
                     });
  }

  // While streaming, a pending read notices the client leaving (what it sends is discarded).
  void watch_peer() {
    lowest().expires_never();
    stream_.async_read_some(net::buffer(readbuf_),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              if (self->state_ != State::kStreaming) return;
                              if (ec) return self->stream_abort();
                              self->watch_peer();
                            });
  }

  void write_last_chunk() {
    static constexpr std::string_view kLast = "0\r\n\r\n";
    stream_writing_ = true;
    lowest().expires_after(core_.options().write_timeout);
    net::async_write(stream_, net::buffer(kLast.data(), kLast.size()),
                     [self = this->shared_from_this()](beast::error_code, std::size_t) {
                       self->stream_writing_ = false;
                       if (self->state_ != State::kStreaming) return;
                       self->core_.record(self->ex_);
                       // watch_peer() keeps a read pending, so no lingering close here.
                       self->close_now();
                     });
  }

  // Half-close, then read what the client still sends (briefly), so a final error response is
  // not lost to a TCP reset; TLS: close_notify.
  void close_gracefully() {
    if (state_ == State::kClosing || state_ == State::kClosed) return;
    state_ = State::kClosing;
    lowest().expires_after(std::chrono::seconds(2));
    if constexpr (kTls) {
      stream_.async_shutdown(
          [self = this->shared_from_this()](beast::error_code) { self->close_now(); });
    } else {
      beast::error_code ec;
      lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
      drain(0);
    }
  }

  void drain(std::size_t drained) {
    stream_.async_read_some(net::buffer(readbuf_), [self = this->shared_from_this(), drained](
                                                       beast::error_code ec, std::size_t n) {
      if (ec || drained + n > (4u << 20)) return self->close_now();
      self->drain(drained + n);
    });
  }

  void close_now() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    if (sink_) sink_->finish();
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest().close();
  }

  ServerCore& core_;
  Stream stream_;
  const std::string remote_;
  const bool redirect_only_;
  RequestReader reader_;
  State state_ = State::kReading;
  bool stopping_ = false;
  std::string inbuf_;
  std::array<char, 16 * 1024> readbuf_;
  std::optional<SteadyTime> deadline_;  // the current request must be read by then
  bool continue_sent_ = false;
  bool keep_alive_ = false;
  Exchange ex_;
  std::string out_head_;
  std::string out_body_;
  std::shared_ptr<ConnectionSink> sink_;
  bool stream_writing_ = false;
  bool stream_finishing_ = false;
  std::string stream_out_;
};

}  // namespace gemba::http::detail
