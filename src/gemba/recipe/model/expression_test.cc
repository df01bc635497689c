#include "gemba/recipe/model/expression.h"

#include <gtest/gtest.h>

#include <cmath>

namespace gemba::recipe {
namespace {

TEST(ExpressionTest, EvaluatesTheLanguage) {
  const ExpressionValues values = {
      {"a", 2}, {"b", 8}, {"net_weight", 101.5}, {"theoretical_yield", 103}, {"lod", 2.4}};
  const struct {
    const char* text;
    double expected;
  } table[] = {
      {"a + b * 2", 18},
      {"(a + b) / 4", 2.5},
      {"-a ^ 2", -4},  // muParser: unary minus binds looser than ^ (documented)
      {"2 ^ 3 ^ 2", 512},
      {"net_weight / theoretical_yield * 100", 101.5 / 103 * 100},
      {"lod > 2.0", 1},
      {"lod <= 2.0", 0},
      {"a == 2 && b != 2", 1},
      {"a > 5 || b > 5", 1},
      {"a > b ? a : b", 8},
      {"abs(-3.5)", 3.5},
      {"sqrt(b * 2)", 4},
      {"round(2.5) + floor(1.9) + ceil(1.1)", 6},
      {"min(a, b, 1) + max(a, b)", 9},
      {"sum(a, b, 10) / avg(a, b)", 4},
      {"ln(exp(1))", 1},
      {"log10(1000)", 3},
      {"1.5e2 + 2E-1", 150.2},
  };
  for (const auto& c : table) {
    auto e = Expression::compile(c.text);
    ASSERT_TRUE(e.ok()) << c.text << ": " << e.error().to_string();
    auto v = e->evaluate(values);
    ASSERT_TRUE(v.ok()) << c.text << ": " << v.error().to_string();
    EXPECT_NEAR(*v, c.expected, 1e-9) << c.text;
  }
}

TEST(ExpressionTest, ListsItsVariablesSortedOnce) {
  auto e = Expression::compile("b + a * b - theoretical_yield");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->variables(), (std::vector<std::string>{"a", "b", "theoretical_yield"}));
  auto c = Expression::compile("2 * 3");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->variables().empty());
}

TEST(ExpressionTest, CompileOnceEvaluateMany) {
  auto e = Expression::compile("x * 2");
  ASSERT_TRUE(e.ok());
  for (int i = 0; i < 100; ++i) EXPECT_EQ(*e->evaluate({{"x", double(i)}}), 2.0 * i);
  Expression moved = std::move(*e);
  EXPECT_EQ(*moved.evaluate({{"x", 21}}), 42);
  EXPECT_EQ(moved.text(), "x * 2");
}

// Hostile or wrong expressions: each refused at compile time with a message and a position.
TEST(ExpressionTest, RefusesInjectionAndSyntaxErrors) {
  const struct {
    const char* text;
    const char* message;  // a substring
    int position;         // -1: no position expected
  } table[] = {
      {"", "empty", -1},
      {"   ", "empty", -1},
      {"system(1)", "unknown function system()", 0},
      {"a + exec (2)", "unknown function exec()", 4},
      {"sin(a)", "unknown function sin()", 0},  // not in Gemba's function list
      {"a = 5", "assignment (=) is not allowed", 2},
      {"a += 5", "assignment", 3},
      {"\"rm -rf\"", "text values are not allowed", 0},
      {"a; b", "unexpected character ';'", 1},
      {"a $ b", "unexpected character '$'", 2},
      {"a + b)", "does not parse", 5},
      {"(a + b", "does not parse", -2},
      {"a +", "does not parse", -2},
      {"1, 2", "several comma-separated results", -1},
      {"min()", "does not parse", -2},
      {"a b", "does not parse", -2},
  };
  for (const auto& c : table) {
    auto e = Expression::compile(c.text);
    ASSERT_FALSE(e.ok()) << "accepted: " << c.text;
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(e.error().message.find(c.message), std::string::npos)
        << c.text << " → " << e.error().message;
    if (c.position >= 0) {
      ASSERT_TRUE(e.error().details.contains("position")) << c.text;
      EXPECT_EQ(e.error().details.at("position").to_number<int>(), c.position) << c.text;
    } else if (c.position == -1) {
      EXPECT_FALSE(e.error().details.contains("position")) << c.text;
    }
  }
  EXPECT_FALSE(Expression::compile(std::string(kMaxExpressionLength + 1, '1')).ok());
}

TEST(ExpressionTest, NoPredefinedConstants) {
  // muParser's _pi and _e are cleared: here they are plain variables, which validation then
  // refuses as unknown step keys.
  auto e = Expression::compile("_pi * 2 + _e");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->variables(), (std::vector<std::string>{"_e", "_pi"}));
  EXPECT_FALSE(e->evaluate({}).ok());
}

TEST(ExpressionTest, TooManyVariables) {
  std::string text = "v0";
  for (int i = 1; i <= 100; ++i) text += "+v" + std::to_string(i);
  auto e = Expression::compile(text);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("more than 100 variables"), std::string::npos);
}

TEST(ExpressionTest, EvaluateRefusesMissingValuesAndNonFiniteResults) {
  auto e = Expression::compile("a / b");
  ASSERT_TRUE(e.ok());
  auto missing = e->evaluate({{"a", 1}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(missing.error().details.at("variable").as_string(), "b");

  auto zero = e->evaluate({{"a", 1}, {"b", 0}});
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.error().message.find("division by zero"), std::string::npos);
  auto nan = e->evaluate({{"a", 0}, {"b", 0}});
  EXPECT_FALSE(nan.ok());
  auto root = Expression::compile("sqrt(a)");
  EXPECT_FALSE(root->evaluate({{"a", -1}}).ok());
  auto huge = Expression::compile("a * 1e308 * 10");
  EXPECT_FALSE(huge->evaluate({{"a", 1}}).ok());
}

TEST(ExpressionTest, NeverFiniteDetectsConstantDivisionByZero) {
  for (const char* text : {"1 / 0", "a / 0", "a / (2 - 2)", "a / (b - b)", "sqrt(-1)", "ln(0)"}) {
    auto e = Expression::compile(text);
    ASSERT_TRUE(e.ok()) << text;
    EXPECT_TRUE(e->never_finite()) << text;
  }
  for (const char* text : {"a / b", "a / (b - 1)", "sqrt(a)", "ln(a)", "a > 2", "a / b * 0"}) {
    auto e = Expression::compile(text);
    ASSERT_TRUE(e.ok()) << text;
    EXPECT_FALSE(e->never_finite()) << text;
  }
}

}  // namespace
}  // namespace gemba::recipe

namespace gemba::recipe {
namespace {

TEST(ExpressionAnalyserTest, ReusesOneParserAndCachesByText) {
  ExpressionAnalyser analyser;
  const auto& a = analyser.analyse("x / y");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->variables, (std::vector<std::string>{"x", "y"}));
  EXPECT_FALSE(a->never_finite);
  // The next text does not inherit the previous one's variables.
  const auto& b = analyser.analyse("z / 0");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->variables, std::vector<std::string>{"z"});
  EXPECT_TRUE(b->never_finite);
  const auto& c = analyser.analyse("evil(z)");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("unknown function evil()"), std::string::npos);
  EXPECT_EQ(&analyser.analyse("x / y"), &a);  // cached
  // The same answers as compiling each expression on its own.
  for (const char* text : {"a + b * c", "a > 1 ? b : c", "1, 2", "a = 1"}) {
    auto compiled = Expression::compile(text);
    const auto& analysed = analyser.analyse(text);
    ASSERT_EQ(compiled.ok(), analysed.ok()) << text;
    if (compiled.ok()) {
      EXPECT_EQ(compiled->variables(), analysed->variables) << text;
    }
  }
}

}  // namespace
}  // namespace gemba::recipe
