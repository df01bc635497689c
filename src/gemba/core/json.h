#pragma once
// Strict JSON for everything that arrives from outside: duplicate keys, trailing bytes, comments,
// invalid UTF-8 and excessive nesting are refused with a located, human message.

#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "gemba/core/result.h"

namespace gemba {

struct JsonLimits {
  std::size_t max_depth = 64;              // nesting of arrays/objects
  std::size_t max_string_bytes = 1 << 20;  // one string or key
};

// Parses exactly one JSON value occupying all of `text` (whitespace around it allowed).
// Errors are invalid_argument with details {"offset": N} (and {"key": ...} for duplicates).
Result<boost::json::value> parse_json_strict(std::string_view text, const JsonLimits& limits = {});

// Serialises with keys in sorted order at every level and no whitespace: a canonical form for
// hashing and for byte-identical round trips. Numbers as Boost.JSON prints them.
std::string canonical_json(const boost::json::value& v);

// Pretty-prints with two-space indentation, keys in their stored order, numbers as
// format_json_number, trailing newline. Strings are escaped exactly as Boost.JSON escapes them.
std::string pretty_json(const boost::json::value& v);

// A double as people write it: up to 15 significant digits, shortest form ("12", "0.1",
// "1e+20"); 0 for zero and for non-finite values (which strict JSON never holds).
std::string format_json_number(double v);

}  // namespace gemba
