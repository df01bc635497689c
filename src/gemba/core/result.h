#pragma once
// Result<T>: a value or an Error. Must be used ([[nodiscard]]). Exceptions stay at library edges;
// everything of ours returns Result.
//
//   Result<Batch> load(...);
//   GEMBA_TRY(batch, load(...));          // declares `batch`, or returns the error
//   GEMBA_RETURN_IF_ERROR(save(batch));   // returns the error, if any

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "gemba/core/error.h"

namespace gemba {

template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;
  Result() = default;
  Result(Error error) : e_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !e_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& {
    assert(!ok());
    return *e_;
  }
  Error&& error() && {
    assert(!ok());
    return std::move(*e_);
  }

 private:
  std::optional<Error> e_;
};

inline Result<void> ok() { return {}; }

}  // namespace gemba

#define GEMBA_CONCAT_INNER(a, b) a##b
#define GEMBA_CONCAT(a, b) GEMBA_CONCAT_INNER(a, b)

#define GEMBA_RETURN_IF_ERROR(expr)                         \
  do {                                                      \
    auto&& gemba_r_ = (expr);                               \
    if (!gemba_r_.ok()) return std::move(gemba_r_).error(); \
  } while (0)

#define GEMBA_TRY_IMPL(tmp, decl, expr)         \
  auto tmp = (expr);                            \
  if (!tmp.ok()) return std::move(tmp).error(); \
  decl = std::move(tmp).value()

// GEMBA_TRY(name, expr): evaluates expr (a Result<T>); on error returns it, else declares
// `auto name` holding the value.
#define GEMBA_TRY(name, expr) GEMBA_TRY_IMPL(GEMBA_CONCAT(gemba_try_, __LINE__), auto name, expr)
