#include "gemba/recipe/model/field_reader.h"

#include <algorithm>
#include <cmath>

#include "gemba/core/time.h"
#include "gemba/recipe/model/problem.h"

namespace gemba::recipe {
namespace {

namespace json = boost::json;

bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

std::size_t count_chars(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool is_key(std::string_view s) {
  if (s.empty() || !lower(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return lower(c) || digit(c) || c == '_'; });
}

bool is_code(std::string_view s, std::string_view extra) {
  if (s.empty() || !(lower(s[0]) || upper(s[0]) || digit(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return lower(c) || upper(c) || digit(c) || extra.find(c) != std::string_view::npos;
  });
}

std::string kind_name(json::kind k) {
  switch (k) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
  }
  return "a value";
}

}  // namespace

void ParseState::fail(const std::string& field, const std::string& why) {
  if (!error_) error_ = field_error(field, why);
}

std::string check_text(std::string_view s, TextKind kind, std::size_t max_chars) {
  if (count_chars(s) > max_chars) {
    return "is longer than " + std::to_string(max_chars) + " characters";
  }
  switch (kind) {
    case TextKind::kKey:
      if (!is_key(s)) {
        return quoted(s) +
               " is not a valid key: use lower-case letters, digits and _, starting with a "
               "letter";
      }
      return {};
    case TextKind::kCode:
      if (!is_code(s, "._-")) {
        return quoted(s) +
               " is not a valid code: use letters, digits, '.', '_' and '-', starting with a "
               "letter or digit";
      }
      return {};
    case TextKind::kTag:
      if (!is_code(s, "._/:-")) {
        return quoted(s) + " is not a valid tag: use letters, digits, '.', '_', '/', ':' and '-'";
      }
      return {};
    case TextKind::kLine:
    case TextKind::kMultiline:
      if (s.find_first_not_of(" \t\r\n") == std::string_view::npos) return "must not be blank";
      for (char c : s) {
        const auto b = static_cast<unsigned char>(c);
        const bool allowed_control = kind == TextKind::kMultiline && (c == '\n' || c == '\t');
        if ((b < 0x20 || b == 0x7f) && !allowed_control) {
          return kind == TextKind::kLine ? "must be one line without control characters"
                                         : "must not contain control characters other than "
                                           "newlines and tabs";
        }
      }
      return {};
  }
  return {};
}

FieldReader::FieldReader(ParseState& state, const json::value& v, std::string path,
                         std::string what)
    : state_(state), path_(std::move(path)), what_(std::move(what)) {
  object_ = v.if_object();
  if (!object_ && !state_.failed()) state_.fail(path_, "must be an object (" + what_ + ")");
}

std::string FieldReader::child(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void FieldReader::fail(std::string_view key, const std::string& why) {
  state_.fail(child(key), why);
}

const json::value* FieldReader::raw(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.push_back(key);
  if (!object_ || state_.failed()) return nullptr;
  auto it = object_->find(key);
  return it == object_->end() ? nullptr : &it->value();
}

std::string FieldReader::string(std::string_view key, TextKind kind, std::size_t max_chars,
                                bool required) {
  const json::value* v = raw(key);
  if (!v) {
    if (required && !state_.failed() && object_) fail(key, "is required");
    return {};
  }
  const json::string* s = v->if_string();
  if (!s) {
    fail(key, "must be a string, not " + kind_name(v->kind()));
    return {};
  }
  std::string why = check_text(*s, kind, max_chars);
  if (!why.empty()) {
    fail(key, why);
    return {};
  }
  return std::string(*s);
}

std::optional<double> FieldReader::number(std::string_view key, bool required) {
  const json::value* v = raw(key);
  if (!v) {
    if (required && !state_.failed() && object_) fail(key, "is required");
    return std::nullopt;
  }
  double d = 0;
  if (v->is_int64()) {
    d = static_cast<double>(v->get_int64());
  } else if (v->is_uint64()) {
    d = static_cast<double>(v->get_uint64());
  } else if (v->is_double()) {
    d = v->get_double();
  } else {
    fail(key, "must be a number, not " + kind_name(v->kind()));
    return std::nullopt;
  }
  if (!std::isfinite(d) || std::fabs(d) > kMaxMagnitude) {
    fail(key, "must be a number between -1e15 and 1e15");
    return std::nullopt;
  }
  return d == 0 ? 0.0 : d;  // no negative zero
}

std::optional<std::int64_t> FieldReader::integer(std::string_view key, std::int64_t min,
                                                 std::int64_t max, bool required) {
  const json::value* v = raw(key);
  if (!v) {
    if (required && !state_.failed() && object_) fail(key, "is required");
    return std::nullopt;
  }
  const bool in_range =
      (v->is_int64() && v->get_int64() >= min && v->get_int64() <= max) ||
      (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(max) && min <= 0);
  if (!v->is_int64() && !v->is_uint64()) {
    fail(key, "must be a whole number, not " + kind_name(v->kind()));
    return std::nullopt;
  }
  if (!in_range) {
    fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return v->is_int64() ? v->get_int64() : static_cast<std::int64_t>(v->get_uint64());
}

std::optional<bool> FieldReader::boolean(std::string_view key) {
  const json::value* v = raw(key);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    fail(key, "must be true or false, not " + kind_name(v->kind()));
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<Duration> FieldReader::duration(std::string_view key, bool required) {
  std::string text = string(key, TextKind::kLine, 32, required);
  if (text.empty()) return std::nullopt;
  auto d = parse_iso8601_duration(text);
  if (!d.ok()) {
    fail(key, d.error().message);
    return std::nullopt;
  }
  return *d;
}

std::optional<Limits> FieldReader::limits(std::string_view key) {
  const json::value* v = raw(key);
  if (!v) return std::nullopt;
  FieldReader r(state_, *v, child(key), "limits: {\"low\": …, \"high\": …}");
  Limits l;
  l.low = r.number("low", false);
  l.high = r.number("high", false);
  r.finish();
  if (l.empty() && !state_.failed()) fail(key, "give low, high or both");
  return l;
}

std::optional<Quantity> FieldReader::quantity(std::string_view key, bool required) {
  const json::value* v = raw(key);
  if (!v) {
    if (required && !state_.failed() && object_) fail(key, "is required");
    return std::nullopt;
  }
  FieldReader r(state_, *v, child(key), "a quantity: {\"value\": …, \"unit\": …}");
  Quantity q;
  q.value = r.number("value", true).value_or(0);
  q.unit = r.string("unit", TextKind::kLine, 16, true);
  r.finish();
  return q;
}

const json::array* FieldReader::array(std::string_view key, std::size_t max_items, bool required) {
  const json::value* v = raw(key);
  if (!v) {
    if (required && !state_.failed() && object_) fail(key, "is required");
    return nullptr;
  }
  const json::array* a = v->if_array();
  if (!a) {
    fail(key, "must be an array, not " + kind_name(v->kind()));
    return nullptr;
  }
  if (a->size() > max_items) {
    fail(key, "has " + std::to_string(a->size()) + " items; at most " + std::to_string(max_items) +
                  " are allowed");
    return nullptr;
  }
  return a;
}

std::vector<std::string> FieldReader::strings(std::string_view key, TextKind kind,
                                              std::size_t max_chars, std::size_t max_items,
                                              bool required) {
  std::vector<std::string> out;
  const json::array* a = array(key, max_items, required);
  if (!a) return out;
  out.reserve(a->size());
  for (std::size_t i = 0; i < a->size(); ++i) {
    const std::string field = child(key) + "[" + std::to_string(i) + "]";
    const json::string* s = (*a)[i].if_string();
    if (!s) {
      state_.fail(field, "must be a string, not " + kind_name((*a)[i].kind()));
      return {};
    }
    std::string why = check_text(*s, kind, max_chars);
    if (!why.empty()) {
      state_.fail(field, why);
      return {};
    }
    out.emplace_back(*s);
  }
  return out;
}

void FieldReader::finish() {
  if (!object_ || state_.failed()) return;
  for (const auto& kv : *object_) {
    const std::string_view key = kv.key();
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    std::string allowed;
    for (auto k : known_) {
      if (!allowed.empty()) allowed += ", ";
      allowed += k;
    }
    std::string shown;  // printable ASCII only, so the message is safe to show and log
    for (char c : key.substr(0, 64)) {
      const auto b = static_cast<unsigned char>(c);
      shown.push_back(b >= 0x20 && b < 0x7f ? c : '?');
    }
    if (key.size() > 64) shown += "...";
    state_.fail(child(shown), "unknown field; the fields of " + what_ + " are: " + allowed);
    return;
  }
}

}  // namespace gemba::recipe
