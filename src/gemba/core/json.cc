#include "gemba/core/json.h"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_stack.hpp>
#include <charconv>
#include <cmath>
#include <unordered_set>
#include <vector>

namespace gemba {
namespace {

namespace json = boost::json;

enum class StrictFailure { kNone, kDuplicateKey, kTooDeep, kTooLong, kNotFinite };

// A basic_parser handler that builds a value with value_stack and refuses duplicate keys and
// excessive depth as it goes (Boost.JSON would silently keep one of two duplicate keys).
class StrictHandler {
 public:
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);

  explicit StrictHandler(const JsonLimits& limits) : limits_(limits) {}

  json::value_stack st;
  StrictFailure failure = StrictFailure::kNone;
  std::string duplicate_key;

  bool on_document_begin(json::error_code&) {
    st.reset();
    return true;
  }
  bool on_document_end(json::error_code&) { return true; }
  bool on_array_begin(json::error_code& ec) { return enter(ec, false); }
  bool on_array_end(std::size_t n, json::error_code&) {
    --depth_;
    st.push_array(n);
    return true;
  }
  bool on_object_begin(json::error_code& ec) { return enter(ec, true); }
  bool on_object_end(std::size_t n, json::error_code&) {
    --depth_;
    keys_.pop_back();
    st.push_object(n);
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t n, json::error_code& ec) {
    if (!length_ok(n, ec)) return false;
    st.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t n, json::error_code& ec) {
    if (!length_ok(n, ec)) return false;
    st.push_string(s);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t n, json::error_code& ec) {
    if (!length_ok(n, ec)) return false;
    key_.append(s.data(), s.size());
    st.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t n, json::error_code& ec) {
    if (!length_ok(n, ec)) return false;
    key_.append(s.data(), s.size());
    if (!keys_.back().insert(key_).second) {
      failure = StrictFailure::kDuplicateKey;
      duplicate_key = std::move(key_);
      key_.clear();
      ec = json::error::syntax;
      return false;
    }
    key_.clear();
    st.push_key(s);
    return true;
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    st.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    st.push_uint64(u);
    return true;
  }
  bool on_double(double d, json::string_view, json::error_code& ec) {
    if (!std::isfinite(d)) {  // 1e999: not representable, and not writable back as JSON
      failure = StrictFailure::kNotFinite;
      ec = json::error::exponent_overflow;
      return false;
    }
    st.push_double(d);
    return true;
  }
  bool on_bool(bool b, json::error_code&) {
    st.push_bool(b);
    return true;
  }
  bool on_null(json::error_code&) {
    st.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  bool enter(json::error_code& ec, bool object) {
    if (++depth_ > limits_.max_depth) {
      failure = StrictFailure::kTooDeep;
      ec = json::error::too_deep;
      return false;
    }
    if (object) keys_.emplace_back();
    return true;
  }
  bool length_ok(std::size_t n, json::error_code& ec) {
    if (n > limits_.max_string_bytes) {
      failure = StrictFailure::kTooLong;
      ec = json::error::string_too_large;
      return false;
    }
    return true;
  }

  const JsonLimits& limits_;
  std::size_t depth_ = 0;
  std::string key_;
  std::vector<std::unordered_set<std::string>> keys_;
};

void write_canonical(const json::value& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::object: {
      const auto& o = v.get_object();
      std::vector<const json::key_value_pair*> items;
      items.reserve(o.size());
      for (const auto& kv : o) items.push_back(&kv);
      std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
      out.push_back('{');
      bool first = true;
      for (const auto* kv : items) {
        if (!first) out.push_back(',');
        first = false;
        out += json::serialize(json::string_view(kv->key()));
        out.push_back(':');
        write_canonical(kv->value(), out);
      }
      out.push_back('}');
      break;
    }
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        write_canonical(e, out);
      }
      out.push_back(']');
      break;
    }
    default: out += json::serialize(v);
  }
}

// A JSON string literal, escaped as Boost.JSON's serializer does (the canonical bytes must not
// depend on which of the two wrote them), without its temporary string per call.
void append_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t plain = 0;  // start of the run of characters copied as they are
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xf]);
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out.push_back('"');
}

template <typename Int>
void append_integer(std::string& out, Int v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void write_pretty(const json::value& v, std::string& out, int indent) {
  auto newline = [&](int level) {
    out.push_back('\n');
    out.append(static_cast<std::size_t>(level) * 2, ' ');
  };
  switch (v.kind()) {
    case json::kind::object: {
      const auto& o = v.get_object();
      if (o.empty()) {
        out += "{}";
        return;
      }
      out.push_back('{');
      bool first = true;
      for (const auto& kv : o) {
        if (!first) out.push_back(',');
        first = false;
        newline(indent + 1);
        append_string(out, kv.key());
        out += ": ";
        write_pretty(kv.value(), out, indent + 1);
      }
      newline(indent);
      out.push_back('}');
      return;
    }
    case json::kind::array: {
      const auto& a = v.get_array();
      if (a.empty()) {
        out += "[]";
        return;
      }
      out.push_back('[');
      bool first = true;
      for (const auto& e : a) {
        if (!first) out.push_back(',');
        first = false;
        newline(indent + 1);
        write_pretty(e, out, indent + 1);
      }
      newline(indent);
      out.push_back(']');
      return;
    }
    case json::kind::double_: out += format_json_number(v.get_double()); return;
    case json::kind::string: append_string(out, v.get_string()); return;
    case json::kind::int64: append_integer(out, v.get_int64()); return;
    case json::kind::uint64: append_integer(out, v.get_uint64()); return;
    default: out += json::serialize(v);
  }
}

}  // namespace

Result<json::value> parse_json_strict(std::string_view text, const JsonLimits& limits) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Error::invalid_argument("the JSON text is empty; expected a value",
                                   json::object{{"offset", 0}});
  }
  json::parse_options opt;
  opt.max_depth = limits.max_depth + 1;  // our handler reports depth itself, with a better message
  opt.allow_comments = false;
  opt.allow_trailing_commas = false;
  opt.allow_invalid_utf8 = false;
  json::basic_parser<StrictHandler> p(opt, limits);
  json::error_code ec;
  const std::size_t n = p.write_some(false, text.data(), text.size(), ec);
  auto at = [&](std::size_t offset) { return json::object{{"offset", offset}}; };
  if (ec) {
    switch (p.handler().failure) {
      case StrictFailure::kDuplicateKey: {
        auto d = at(n);
        d["key"] = p.handler().duplicate_key.substr(0, 200);
        return Error::invalid_argument("JSON object has the key \"" +
                                           p.handler().duplicate_key.substr(0, 200) +
                                           "\" twice; each key may appear once",
                                       std::move(d));
      }
      case StrictFailure::kTooDeep:
        return Error::invalid_argument(
            "JSON nests deeper than " + std::to_string(limits.max_depth) + " levels", at(n));
      case StrictFailure::kTooLong:
        return Error::invalid_argument(
            "a JSON string is longer than " + std::to_string(limits.max_string_bytes) + " bytes",
            at(n));
      case StrictFailure::kNotFinite:
        return Error::invalid_argument(
            "a JSON number at byte " + std::to_string(n) + " is too large to represent", at(n));
      case StrictFailure::kNone: break;
    }
    if (ec == json::error::extra_data) {
      return Error::invalid_argument(
          "unexpected data after the JSON value at byte " + std::to_string(n), at(n));
    }
    if (ec == json::error::incomplete) {
      return Error::invalid_argument("the JSON text ends before the value is complete", at(n));
    }
    return Error::invalid_argument(
        "malformed JSON at byte " + std::to_string(n) + ": " + ec.message(), at(n));
  }
  if (n != text.size()) {
    return Error::invalid_argument(
        "unexpected data after the JSON value at byte " + std::to_string(n), at(n));
  }
  if (!p.done()) {
    return Error::invalid_argument("the JSON text is empty or ends before the value is complete",
                                   at(n));
  }
  return p.handler().st.release();
}

std::string canonical_json(const json::value& v) {
  std::string out;
  write_canonical(v, out);
  return out;
}

std::string format_json_number(double v) {
  if (v == 0 || !std::isfinite(v)) return "0";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 15);
  return std::string(buf, r.ptr);
}

std::string pretty_json(const json::value& v) {
  std::string out;
  out.reserve(1 << 12);
  write_pretty(v, out, 0);
  out.push_back('\n');
  return out;
}

}  // namespace gemba
