#pragma once
// Strict, located reading of JSON objects for the recipe format (format.cc, format_step.cc).
// Internal to the recipe model. Every accessor records the key it asked for; finish() refuses any
// other key ("unknown field"), listing the fields that object may have. The first problem wins:
// afterwards accessors return defaults and failed() is true, so parsers check failed() in loops and
// return error() at the end.

#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/error.h"
#include "gemba/recipe/model/step.h"

namespace gemba::recipe {

// The first failure of one parse.
class ParseState {
 public:
  bool failed() const { return error_.has_value(); }
  void fail(const std::string& field, const std::string& why);
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

// What a string field may contain.
enum class TextKind {
  kKey,        // [a-z][a-z0-9_]*, at most 64: stable keys, usable as expression variables
  kCode,       // [A-Za-z0-9][A-Za-z0-9._-]*, at most 64: product, site, material, equipment class
  kTag,        // [A-Za-z0-9][A-Za-z0-9._/:-]*, at most 128: equipment tags
  kLine,       // one line of text, no control characters
  kMultiline,  // text; newlines and tabs allowed, other control characters not
};

class FieldReader {
 public:
  // Reads `v` at `path`; fails unless it is an object. `what` names it in messages ("a step").
  FieldReader(ParseState& state, const boost::json::value& v, std::string path, std::string what);

  bool failed() const { return state_.failed(); }
  const std::string& path() const { return path_; }
  ParseState& state() { return state_; }
  // Renames what is read, for messages ("a numeric_entry step").
  void set_what(std::string what) { what_ = std::move(what); }
  std::string child(std::string_view key) const;

  // The raw value, or nullptr when absent (also records the key as known).
  const boost::json::value* raw(std::string_view key);

  std::string string(std::string_view key, TextKind kind, std::size_t max_chars, bool required);
  std::optional<double> number(std::string_view key, bool required);
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                      bool required);
  std::optional<bool> boolean(std::string_view key);
  std::optional<Duration> duration(std::string_view key, bool required);
  std::optional<Limits> limits(std::string_view key);
  std::optional<Quantity> quantity(std::string_view key, bool required);
  // The array (or nullptr when absent, or on failure); more than max_items fails.
  const boost::json::array* array(std::string_view key, std::size_t max_items, bool required);
  // An array of distinct-or-not strings of `kind`.
  std::vector<std::string> strings(std::string_view key, TextKind kind, std::size_t max_chars,
                                   std::size_t max_items, bool required);

  // Fails on the first key that no accessor asked for. Keys passed to accessors must outlive the
  // reader (string literals).
  void finish();

  void fail(std::string_view key, const std::string& why);

 private:
  ParseState& state_;
  const boost::json::object* object_ = nullptr;
  std::string path_;
  std::string what_;
  std::vector<std::string_view> known_;
};

// Checks one string value against `kind` and `max_chars` (counted in characters, not bytes);
// returns why not, or an empty string when it is fine.
std::string check_text(std::string_view s, TextKind kind, std::size_t max_chars);

// The largest magnitude a number in a recipe may have.
inline constexpr double kMaxMagnitude = 1e15;

}  // namespace gemba::recipe
