#include <charconv>
#include <string>

#include "gemba/store/database.h"

// Row accessors. Conversions are the ones the header promises (integer <-> real, NULL -> zero or
// empty); text that holds a number is parsed, so a value written by one dialect reads the same in
// the other. Any other mismatch is a programming error and throws std::bad_variant_access.

namespace gemba::store {
namespace {

const std::string kEmptyText;
const Blob kEmptyBlob;

template <typename T>
T parse_number(const std::string& s) {
  T v{};
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

std::int64_t Row::int64(std::size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (std::holds_alternative<std::nullptr_t>(v)) return 0;
  return parse_number<std::int64_t>(std::get<std::string>(v));
}

double Row::real(std::size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (std::holds_alternative<std::nullptr_t>(v)) return 0.0;
  return parse_number<double>(std::get<std::string>(v));
}

const std::string& Row::text(std::size_t i) const {
  const Value& v = values_.at(i);
  if (std::holds_alternative<std::nullptr_t>(v)) return kEmptyText;
  return std::get<std::string>(v);
}

const Blob& Row::blob(std::size_t i) const {
  const Value& v = values_.at(i);
  if (std::holds_alternative<std::nullptr_t>(v)) return kEmptyBlob;
  return std::get<Blob>(v);
}

std::optional<std::string> Row::opt_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::optional<std::int64_t> Row::opt_int64(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return int64(i);
}

}  // namespace gemba::store
