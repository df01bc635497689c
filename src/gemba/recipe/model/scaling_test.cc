#include "gemba/recipe/model/scaling.h"

#include <gtest/gtest.h>

#include "gemba/recipe/model/test_recipes.h"

namespace gemba::recipe {
namespace {

using testing::minimal_recipe;

TEST(ScalingTest, ScalableLinesFollowTheBatchSizeFixedOnesDoNot) {
  MasterRecipe r = minimal_recipe();  // 10 kg: api 2 kg ±1 %, filler 8 kg ±0.1 kg
  r.formula[1].scaling = Scaling::kFixed;
  auto f = scale_formula(r, {5, "kg"});
  ASSERT_TRUE(f.ok()) << f.error().to_string();
  EXPECT_DOUBLE_EQ(f->factor, 0.5);
  EXPECT_DOUBLE_EQ(f->theoretical_yield.value, 5);
  ASSERT_EQ(f->lines.size(), 2u);
  EXPECT_EQ(f->lines[0].key, "api");
  EXPECT_DOUBLE_EQ(f->lines[0].target, 1);
  EXPECT_DOUBLE_EQ(f->lines[0].low, 0.99);
  EXPECT_DOUBLE_EQ(f->lines[0].high, 1.01);
  EXPECT_DOUBLE_EQ(f->lines[1].target, 8);  // fixed
  EXPECT_DOUBLE_EQ(f->lines[1].low, 7.9);   // absolute tolerance, unscaled
  EXPECT_DOUBLE_EQ(f->lines[1].high, 8.1);
  EXPECT_EQ(f->lines[1].unit, "kg");
}

TEST(ScalingTest, BatchSizeInAnotherUnitOfTheSameDimension) {
  auto f = scale_formula(minimal_recipe(), {12500, "g"});
  ASSERT_TRUE(f.ok());
  EXPECT_DOUBLE_EQ(f->factor, 1.25);
  EXPECT_DOUBLE_EQ(f->lines[0].target, 2.5);
  EXPECT_EQ(f->batch_size, (Quantity{12500, "g"}));
  const ExpressionValues v = reserved_expression_values(minimal_recipe(), *f);
  EXPECT_DOUBLE_EQ(v.at("batch_size"), 12.5);  // in the recipe's unit (kg)
  EXPECT_DOUBLE_EQ(v.at("theoretical_yield"), 12.5);
}

TEST(ScalingTest, AbsoluteToleranceInAnotherUnit) {
  MasterRecipe r = minimal_recipe();
  r.formula[1].tolerance = {50, 20, "g"};
  auto f = scale_formula(r, {10, "kg"});
  ASSERT_TRUE(f.ok());
  EXPECT_DOUBLE_EQ(f->lines[1].low, 7.95);
  EXPECT_DOUBLE_EQ(f->lines[1].high, 8.02);
}

TEST(ScalingTest, Refusals) {
  MasterRecipe r = minimal_recipe();
  r.header.batch_size_range = {5.0, 12.0};
  const struct {
    Quantity size;
    ErrorCode code;
    const char* message;
  } table[] = {
      {{0, "kg"}, ErrorCode::kInvalidArgument, "greater than 0"},
      {{-5, "kg"}, ErrorCode::kInvalidArgument, "greater than 0"},
      {{10, "L"}, ErrorCode::kInvalidArgument, "cannot convert L (volume) to kg (mass)"},
      {{10, "sacks"}, ErrorCode::kInvalidArgument, "unknown unit \"sacks\""},
      {{13, "kg"},
       ErrorCode::kInvalidArgument,
       "the batch size 13 kg is outside the range this recipe allows (5 to 12 kg)"},
      {{4000, "g"}, ErrorCode::kInvalidArgument, "outside the range"},
  };
  for (const auto& c : table) {
    auto f = scale_formula(r, c.size);
    ASSERT_FALSE(f.ok()) << c.size.value << " " << c.size.unit;
    EXPECT_EQ(f.error().code, c.code);
    EXPECT_NE(f.error().message.find(c.message), std::string::npos) << f.error().message;
  }
  r.header.batch_size.value = 0;
  EXPECT_EQ(scale_formula(r, {10, "kg"}).error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace gemba::recipe
