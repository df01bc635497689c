#include "gemba/core/result.h"

#include <gtest/gtest.h>

#include <memory>

namespace gemba {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return Error::invalid_argument("must be positive", {{"field", "v"}});
  return v;
}

Result<int> doubled(int v) {
  GEMBA_TRY(x, parse_positive(v));
  return x * 2;
}

Result<void> check(int v) {
  GEMBA_RETURN_IF_ERROR(parse_positive(v));
  return ok();
}

TEST(Result, CarriesValueOrError) {
  auto good = doubled(21);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);

  auto bad = doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message, "must be positive");
  EXPECT_EQ(bad.error().details.at("field").as_string(), "v");
}

TEST(Result, VoidPropagates) {
  EXPECT_TRUE(check(1).ok());
  auto r = check(0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().to_string(), "invalid_argument: must be positive {\"field\":\"v\"}");
}

TEST(Result, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

TEST(Result, CodeNamesAreStable) {
  const std::pair<ErrorCode, const char*> table[] = {
      {ErrorCode::kInvalidArgument, "invalid_argument"},
      {ErrorCode::kNotFound, "not_found"},
      {ErrorCode::kConflict, "conflict"},
      {ErrorCode::kFailedPrecondition, "failed_precondition"},
      {ErrorCode::kPermissionDenied, "permission_denied"},
      {ErrorCode::kUnauthenticated, "unauthenticated"},
      {ErrorCode::kPayloadTooLarge, "payload_too_large"},
      {ErrorCode::kUnavailable, "unavailable"},
      {ErrorCode::kInternal, "internal"},
  };
  for (auto [code, name] : table) EXPECT_EQ(error_code_name(code), name);
}

}  // namespace
}  // namespace gemba
