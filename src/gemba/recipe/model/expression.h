#pragma once
// Expressions in recipes: calculations ("net_weight / theoretical_yield * 100") and step
// conditions ("lod_initial > 2.0"). Compiled once (muParser underneath, hidden here), evaluated
// many times with the values of earlier steps by step key. Batch execution uses the same class at
// run time, so a recipe's expression means the same thing when validated and when executed.
//
// Language: numbers, variables (step keys and the reserved names of recipe.h), + - * / ^, unary
// minus, comparisons (< <= > >= == !=; 1 = true, 0 = false), && ||, the ternary `c ? a : b`,
// parentheses and the functions in kExpressionFunctions. No assignment, no text values, no
// constants such as _pi, one result only.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/result.h"

namespace gemba::recipe {

inline constexpr std::string_view kExpressionFunctions[] = {
    "abs", "sqrt", "exp", "ln", "log10", "floor", "ceil", "round", "min", "max", "sum", "avg"};
inline constexpr std::size_t kMaxExpressionLength = 1000;

// True for a name in kExpressionFunctions.
bool is_expression_function(std::string_view name);
inline constexpr std::size_t kMaxExpressionVariables = 100;

// Values by variable name, as batch execution holds them.
using ExpressionValues = std::map<std::string, double, std::less<>>;

namespace detail {
struct ExpressionEngine;  // muParser and the variables' storage (expression.cc)
}  // namespace detail

// A compiled expression. Move-only. Not thread-safe: evaluate() writes the variables' slots, so
// one thread uses an instance at a time (compile one per thread if needed).
class Expression {
 public:
  // Compiles `text`. Errors are invalid_argument with a message naming the problem and, when
  // known, details {"position": N} (0-based character offset): empty or longer than
  // kMaxExpressionLength, a syntax error, an unknown function ("foo()"), an assignment, text in
  // quotes, several comma-separated results, more than kMaxExpressionVariables variables.
  static Result<Expression> compile(std::string_view text);

  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  ~Expression();

  const std::string& text() const;

  // The variables the expression reads, sorted, each once.
  const std::vector<std::string>& variables() const;

  // Evaluates with `values`. Errors (failed_precondition): a variable without a value (details
  // {"variable": name}); a result that is NaN or infinite (division by zero, sqrt of a negative
  // number, overflow) — such a result is never returned.
  Result<double> evaluate(const ExpressionValues& values);

  // True when the expression gives NaN or infinity for every one of a set of trial inputs, i.e.
  // it can never produce a value ("x / 0", "x / (2 - 2)", "sqrt(-1)"). Validation refuses such
  // expressions; division by a value that is zero only sometimes is caught by evaluate().
  bool never_finite();

 private:
  explicit Expression(std::unique_ptr<detail::ExpressionEngine> engine);
  std::unique_ptr<detail::ExpressionEngine> engine_;
};

// What validation needs to know of an expression.
struct ExpressionAnalysis {
  std::vector<std::string> variables;  // sorted, each once
  bool never_finite = false;           // as Expression::never_finite()
};

// Checks many expressions with one reused parser, several times cheaper than compiling each
// (validation of a recipe with thousands of calculations and conditions). Results are cached by
// text. Not thread-safe; one instance per validation run.
class ExpressionAnalyser {
 public:
  ExpressionAnalyser();
  ~ExpressionAnalyser();
  ExpressionAnalyser(const ExpressionAnalyser&) = delete;
  ExpressionAnalyser& operator=(const ExpressionAnalyser&) = delete;

  // The errors of Expression::compile, or the analysis. The reference stays valid until the
  // analyser is destroyed.
  const Result<ExpressionAnalysis>& analyse(std::string_view text);

 private:
  std::unique_ptr<detail::ExpressionEngine> engine_;
  std::map<std::string, Result<ExpressionAnalysis>, std::less<>> cache_;
};

}  // namespace gemba::recipe
