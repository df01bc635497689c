#include "gemba/http/wire.h"

#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace gemba::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

struct RequestReader::Impl {
  std::optional<bhttp::request_parser<bhttp::string_body>> parser;
  bool eager = false;
};

RequestReader::RequestReader(WireLimits limits) : limits_(limits), impl_(std::make_unique<Impl>()) {
  reset();
}

RequestReader::~RequestReader() = default;

void RequestReader::reset() {
  impl_->parser.emplace();
  impl_->parser->header_limit(static_cast<std::uint32_t>(limits_.header_limit));
  impl_->parser->body_limit(static_cast<std::uint64_t>(limits_.body_limit));
  impl_->parser->eager(false);  // stop after the head, so 100-continue can be answered first
  impl_->eager = false;
  started_ = false;
  failure_.reset();
}

bool RequestReader::header_done() const { return impl_->parser->is_header_done(); }
bool RequestReader::done() const { return impl_->parser->is_done(); }

bool RequestReader::expects_continue() const {
  if (!header_done()) return false;
  const auto& req = impl_->parser->get();
  const auto it = req.find(bhttp::field::expect);
  if (it == req.end()) return false;
  return ascii_lower(std::string_view(it->value().data(), it->value().size())) == "100-continue";
}

std::size_t RequestReader::feed(std::string_view bytes) {
  if (failure_ || done()) return 0;
  if (!bytes.empty()) started_ = true;  // a partial head counts: Beast consumes it only when whole
  std::size_t consumed = 0;
  auto& p = *impl_->parser;
  while (consumed < bytes.size() && !p.is_done()) {
    beast::error_code ec;
    const std::size_t n =
        p.put(boost::asio::const_buffer(bytes.data() + consumed, bytes.size() - consumed), ec);
    consumed += n;
    if (ec == bhttp::error::need_more) break;
    if (ec) {
      WireFailure f;
      if (ec == bhttp::error::header_limit) {
        f.status = 431;
        f.error = Error::invalid_argument("the request line and headers are larger than " +
                                          std::to_string(limits_.header_limit) + " bytes");
      } else if (ec == bhttp::error::body_limit) {
        f.status = 413;
        f.error = Error::payload_too_large(
            "the request body is larger than " + std::to_string(limits_.body_limit) + " bytes",
            {{"limit_bytes", limits_.body_limit}});
      } else {
        f.status = 400;
        f.error = Error::invalid_argument("malformed HTTP request: " + ec.message());
      }
      failure_ = std::move(f);
      return consumed;
    }
    if (p.is_header_done() && !impl_->eager) {
      const auto& req = p.get();
      if (req.version() != 11 && req.version() != 10) {
        failure_ = WireFailure{505, Error::invalid_argument("only HTTP/1.0 and HTTP/1.1 are "
                                                            "supported")};
        return consumed;
      }
      p.eager(true);
      impl_->eager = true;
      if (expects_continue()) break;  // let the caller answer 100 Continue before the body
    }
    if (n == 0) break;
  }
  return consumed;
}

Result<Request> RequestReader::take_request(bool* keep_alive) {
  auto msg = impl_->parser->release();
  if (keep_alive) *keep_alive = msg.keep_alive();
  Request r;
  r.method = std::string(msg.method_string());
  GEMBA_RETURN_IF_ERROR(set_target(r, std::string(msg.target())));
  for (const auto& field : msg) {
    const std::string name =
        ascii_lower(std::string_view(field.name_string().data(), field.name_string().size()));
    const std::string_view value(field.value().data(), field.value().size());
    auto [it, inserted] = r.headers.emplace(name, value);
    if (!inserted && (name == "host" || name == "content-type" || name == "authorization")) {
      return Error::invalid_argument("the request has more than one " + name + " header");
    }
    if (!inserted) {
      it->second += ", ";
      it->second += value;
    }
  }
  r.body = std::move(msg.body());
  return r;
}

}  // namespace gemba::http
