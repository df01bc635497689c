#pragma once
// Response: what a handler returns. Either a complete body, or (when `stream` is set) a
// long-lived response whose body the handler writes piece by piece through a StreamSink (used by
// Server-Sent Events). The server adds the security headers, X-Request-Id and Content-Length.

#include <boost/json/value.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gemba/core/error.h"

namespace gemba::http {

// The body of a streamed response. Thread-safe: write() may be called from any thread (an event
// bus publisher, a timer). Owned jointly by the server connection and the handler's callback.
class StreamSink {
 public:
  virtual ~StreamSink() = default;

  // Queues `chunk` for sending and returns at once (never blocks on the client). Returns false
  // once the stream is closed: the client went away, the server is stopping, close() was called,
  // or the client fell too far behind (its bounded queue overflowed; the stream is then closed).
  virtual bool write(std::string chunk) = 0;

  // False once the stream is closed (for any of the reasons above).
  virtual bool open() const = 0;

  // Ends the stream after what was queued has been sent; idempotent.
  virtual void close() = 0;

  // `cb` runs once when the stream closes, on a server thread, never inside write() or close()
  // (so it may take locks its caller of write() holds). If the stream is already closed, `cb`
  // runs at once on the calling thread. Replaces an earlier callback.
  virtual void set_on_close(std::function<void()> cb) = 0;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // sent in this order
  std::string body;
  std::string content_type;  // "" = no Content-Type header (an empty body)
  // If set, the server sends status and headers (no Content-Length; chunked), then calls
  // `stream` on a worker thread with the sink; the body is what is written to the sink. Streamed
  // responses end the connection when the sink closes.
  std::function<void(std::shared_ptr<StreamSink>)> stream;

  // The value of a header the handler set (case-insensitive name), or "".
  std::string header(std::string_view name) const;
  void set_header(std::string name, std::string value);
};

// `value` serialised, Content-Type application/json.
Response json_response(int status, const boost::json::value& value);

// A text body with the given content type ("text/plain; charset=utf-8" by default).
Response text_response(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");

// {"error": {"code", "message", "details"}} with the status http/errors.cc maps `error.code` to.
// internal errors: the message is replaced by a generic one and `request_id` put in details
// (the original is logged with the request id). Defined in errors.cc.
Response error_response(const Error& error, std::string_view request_id);

// The reason phrase for a status ("Not Found"); "Unknown" for codes we never send.
std::string_view reason_phrase(int status);

}  // namespace gemba::http
