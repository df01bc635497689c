#include "testing/http_client.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace gemba::testing {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  }
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

Error io_error(const std::string& what) {
  const int e = errno;
  return Error::unavailable(e ? what + ": " + std::generic_category().message(e) : what);
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  const auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {}

HttpClient::~HttpClient() { close(); }

void HttpClient::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buf_.clear();
}

Result<void> HttpClient::connect() {
  close();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const std::string port = std::to_string(port_);
  if (::getaddrinfo(host_.c_str(), port.c_str(), &hints, &res) != 0 || !res) {
    return Error::unavailable("cannot resolve " + host_);
  }
  errno = 0;
  const int fd = ::socket(res->ai_family, res->ai_socktype, res->ai_protocol);
  if (fd < 0) {
    ::freeaddrinfo(res);
    return io_error("socket");
  }
  timeval tv{};
  tv.tv_sec = timeout_.count() / 1000;
  tv.tv_usec = (timeout_.count() % 1000) * 1000;
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const int rc = ::connect(fd, res->ai_addr, res->ai_addrlen);
  ::freeaddrinfo(res);
  if (rc != 0) {
    auto e = io_error("connect to " + host_ + ":" + port);
    ::close(fd);
    return e;
  }
  fd_ = fd;
  return ok();
}

Result<void> HttpClient::send_all(std::string_view bytes) {
  while (!bytes.empty()) {
    errno = 0;
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return io_error("send");
    bytes.remove_prefix(std::size_t(n));
  }
  return ok();
}

Result<void> HttpClient::send_raw(std::string_view bytes) {
  if (fd_ < 0) GEMBA_RETURN_IF_ERROR(connect());
  return send_all(bytes);
}

Result<void> HttpClient::fill(std::chrono::milliseconds timeout) {
  if (fd_ < 0) return Error::unavailable("not connected");
  pollfd p{fd_, POLLIN, 0};
  errno = 0;
  const int r = ::poll(&p, 1, int(timeout.count()));
  if (r == 0) return Error::unavailable("timed out waiting for the server");
  if (r < 0) return io_error("poll");
  char tmp[16384];
  const ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
  if (n == 0) return Error::unavailable("the server closed the connection");
  if (n < 0) return io_error("recv");
  buf_.append(tmp, std::size_t(n));
  return ok();
}

Result<std::string> HttpClient::read_line() {
  while (true) {
    const auto eol = buf_.find("\r\n");
    if (eol != std::string::npos) {
      std::string line = buf_.substr(0, eol);
      buf_.erase(0, eol + 2);
      return line;
    }
    if (buf_.size() > (1u << 20)) return Error::invalid_argument("response line too long");
    GEMBA_RETURN_IF_ERROR(fill(timeout_));
  }
}

Result<HttpResponse> HttpClient::read_response(bool head_only, bool for_head_request) {
  HttpResponse resp;
  while (true) {  // skip interim 1xx responses
    GEMBA_TRY(status_line, read_line());
    if (status_line.size() < 12 || status_line.compare(0, 5, "HTTP/") != 0) {
      return Error::invalid_argument("bad status line: " + status_line.substr(0, 100));
    }
    resp.status = std::atoi(status_line.c_str() + 9);
    resp.headers.clear();
    while (true) {
      GEMBA_TRY(line, read_line());
      if (line.empty()) break;
      const auto colon = line.find(':');
      if (colon == std::string::npos) return Error::invalid_argument("bad header: " + line);
      resp.headers[lower(line.substr(0, colon))] = trim(line.substr(colon + 1));
    }
    if (resp.status >= 200) break;
  }
  body_.clear();
  chunked_ = false;
  chunks_done_ = false;
  remaining_ = -1;
  if (for_head_request || resp.status == 204 || resp.status == 304) {
    remaining_ = 0;
  } else if (lower(resp.header("transfer-encoding")).find("chunked") != std::string::npos) {
    chunked_ = true;
  } else if (!resp.header("content-length").empty()) {
    remaining_ = std::atoll(resp.header("content-length").c_str());
  }
  if (head_only) return resp;
  auto body = read_body_until([](const std::string&) { return false; });
  if (!body.ok() && !(remaining_ < 0 && !chunked_)) return std::move(body).error();
  resp.body = std::move(body_);
  if (lower(resp.header("connection")) == "close" || remaining_ < 0) close();
  return resp;
}

Result<void> HttpClient::read_chunk() {
  // REQUIRES: chunked_ && !chunks_done_. Takes one whole chunk from buf_ if there is one.
  const auto eol = buf_.find("\r\n");
  if (eol == std::string::npos) return Error::unavailable("need more");
  const long long size = std::strtoll(buf_.c_str(), nullptr, 16);
  if (size == 0) {
    const auto end = buf_.find("\r\n\r\n", eol);  // no trailers expected: "0\r\n\r\n"
    if (end == std::string::npos && buf_.compare(eol, 4, "\r\n\r\n") != 0)
      return Error::unavailable("need more");
    buf_.erase(0, eol + 4);
    chunks_done_ = true;
    return ok();
  }
  if (buf_.size() < eol + 2 + std::size_t(size) + 2) return Error::unavailable("need more");
  body_.append(buf_, eol + 2, std::size_t(size));
  buf_.erase(0, eol + 2 + std::size_t(size) + 2);
  return ok();
}

Result<std::string> HttpClient::read_body_until(
    const std::function<bool(const std::string&)>& done) {
  while (true) {
    if (chunked_) {
      while (!chunks_done_ && read_chunk().ok()) {
      }
    } else if (remaining_ != 0) {
      const std::size_t take =
          remaining_ < 0 ? buf_.size() : std::min<std::size_t>(buf_.size(), remaining_);
      body_.append(buf_, 0, take);
      buf_.erase(0, take);
      if (remaining_ > 0) remaining_ -= (long long)take;
    }
    if (done(body_)) return body_;
    if (chunks_done_ || remaining_ == 0) return body_;
    auto more = fill(timeout_);
    if (!more.ok()) {
      if (remaining_ < 0 && !chunked_) return body_;  // delimited by close
      return std::move(more).error();
    }
  }
}

Result<HttpResponse> HttpClient::request(std::string_view method, std::string_view target,
                                         std::string_view body, const HttpHeaders& headers) {
  std::string req;
  req.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  bool has_length = false;
  bool has_host = false;
  for (const auto& [k, v] : headers) {
    req.append(k).append(": ").append(v).append("\r\n");
    has_length = has_length || lower(k) == "content-length" || lower(k) == "transfer-encoding";
    has_host = has_host || lower(k) == "host";
  }
  if (!has_host) req += "Host: " + host_ + ":" + std::to_string(port_) + "\r\n";
  if (!has_length && (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")) {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n";
  req.append(body);
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = fd_ >= 0;
    if (!reused) GEMBA_RETURN_IF_ERROR(connect());
    auto sent = send_all(req);
    if (sent.ok()) {
      auto resp = read_response(false, method == "HEAD");
      if (resp.ok() || !reused || !buf_.empty()) return resp;
    } else if (!reused) {
      return std::move(sent).error();
    }
    close();  // the server had closed the kept-alive connection: retry once on a new one
  }
  return Error::unavailable("the server closed the connection twice");
}

bool HttpClient::wait_for_close(std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (fd_ >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, int(left.count())) <= 0) continue;
    char tmp[16384];
    const ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) {
      close();
      return true;
    }
  }
  return true;
}

}  // namespace gemba::testing
