#include "gemba/recipe/model/expression.h"

#include <muParser.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <numeric>

namespace gemba::recipe {
namespace {

double fn_abs(double x) { return std::fabs(x); }
double fn_sqrt(double x) { return std::sqrt(x); }
double fn_exp(double x) { return std::exp(x); }
double fn_ln(double x) { return std::log(x); }
double fn_log10(double x) { return std::log10(x); }
double fn_floor(double x) { return std::floor(x); }
double fn_ceil(double x) { return std::ceil(x); }
double fn_round(double x) { return std::round(x); }
double fn_min(const double* v, int n) { return *std::min_element(v, v + n); }
double fn_max(const double* v, int n) { return *std::max_element(v, v + n); }
double fn_sum(const double* v, int n) { return std::accumulate(v, v + n, 0.0); }
double fn_avg(const double* v, int n) { return fn_sum(v, n) / n; }

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string function_list() {
  std::string s;
  for (auto f : kExpressionFunctions) {
    if (!s.empty()) s += ", ";
    s += f;
  }
  return s;
}

Error at(std::size_t pos, std::string message) {
  return Error::invalid_argument(std::move(message), {{"position", pos}});
}

// Checks what muParser would accept but a recipe must not contain, with clearer messages than
// the parser's: unknown functions, assignments, text, characters outside the language.
Result<void> lexical_check(std::string_view t) {
  std::size_t i = 0;
  while (i < t.size()) {
    const char c = t[i];
    if (is_digit(c) || c == '.') {
      while (i < t.size() && (is_digit(t[i]) || t[i] == '.')) ++i;
      if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < t.size() && (t[j] == '+' || t[j] == '-')) ++j;
        if (j < t.size() && is_digit(t[j])) {
          i = j;
          while (i < t.size() && is_digit(t[i])) ++i;
        }
      }
      continue;
    }
    if (is_name_start(c)) {
      const std::size_t start = i;
      while (i < t.size() && is_name_char(t[i])) ++i;
      const std::string_view name = t.substr(start, i - start);
      std::size_t j = i;
      while (j < t.size() && (t[j] == ' ' || t[j] == '\t')) ++j;
      if (j < t.size() && t[j] == '(' && !is_expression_function(name)) {
        return at(start, "unknown function " + std::string(name) + "(); the functions are " +
                             function_list());
      }
      continue;
    }
    if (c == '=') {
      const bool after_op =
          i > 0 && (t[i - 1] == '<' || t[i - 1] == '>' || t[i - 1] == '!' || t[i - 1] == '=');
      const bool doubled = i + 1 < t.size() && t[i + 1] == '=';
      if (!after_op && !doubled) {
        return at(i, "assignment (=) is not allowed in an expression; use == to compare");
      }
      ++i;
      continue;
    }
    if (c == '"' || c == '\'') return at(i, "text values are not allowed in an expression");
    static constexpr std::string_view kAllowed = " \t\r\n+-*/^(),<>!&|?:";
    if (kAllowed.find(c) == std::string_view::npos) {
      const auto byte = static_cast<unsigned char>(c);
      std::string shown = byte >= 0x20 && byte < 0x7f ? std::string(1, c) : "a non-ASCII byte";
      return at(i, "unexpected character '" + shown + "' in the expression");
    }
    ++i;
  }
  return ok();
}

}  // namespace

bool is_expression_function(std::string_view name) {
  return std::find(std::begin(kExpressionFunctions), std::end(kExpressionFunctions), name) !=
         std::end(kExpressionFunctions);
}

namespace detail {

// One muParser instance with Gemba's functions, and stable storage for the variables it creates
// as it meets them. compile() may be called again to reuse the parser for another text.
struct ExpressionEngine {
  std::string text;
  mu::Parser parser;
  std::deque<double> slots;  // stable addresses for muParser's variable pointers
  std::vector<std::pair<std::string, double*>> by_name;
  std::vector<std::string> names;

  ExpressionEngine() {
    parser.ClearFun();
    parser.ClearConst();
    parser.ClearPostfixOprt();
    parser.DefineFun("abs", fn_abs);
    parser.DefineFun("sqrt", fn_sqrt);
    parser.DefineFun("exp", fn_exp);
    parser.DefineFun("ln", fn_ln);
    parser.DefineFun("log10", fn_log10);
    parser.DefineFun("floor", fn_floor);
    parser.DefineFun("ceil", fn_ceil);
    parser.DefineFun("round", fn_round);
    parser.DefineFun("min", fn_min);
    parser.DefineFun("max", fn_max);
    parser.DefineFun("sum", fn_sum);
    parser.DefineFun("avg", fn_avg);
    parser.SetVarFactory(&ExpressionEngine::create_variable, this);
  }
  ExpressionEngine(const ExpressionEngine&) = delete;
  ExpressionEngine& operator=(const ExpressionEngine&) = delete;

  static double* create_variable(const char* name, void* self) {
    auto* engine = static_cast<ExpressionEngine*>(self);
    engine->slots.push_back(0.0);
    engine->by_name.emplace_back(name, &engine->slots.back());
    return &engine->slots.back();
  }

  Result<void> compile(std::string_view source) {
    if (source.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return Error::invalid_argument("the expression is empty");
    }
    if (source.size() > kMaxExpressionLength) {
      return Error::invalid_argument("the expression is longer than " +
                                     std::to_string(kMaxExpressionLength) + " characters");
    }
    GEMBA_RETURN_IF_ERROR(lexical_check(source));
    text = std::string(source);
    parser.ClearVar();
    by_name.clear();
    names.clear();
    slots.clear();
    try {
      parser.SetExpr(text);
      parser.Eval();  // parses; variables are 0 here, so the value itself means nothing
      if (parser.GetNumResults() != 1) {
        return Error::invalid_argument(
            "the expression gives several comma-separated results; it must give exactly one");
      }
    } catch (const mu::Parser::exception_type& e) {
      const int pos = e.GetPos();
      std::string message = "the expression does not parse: " + e.GetMsg();
      if (pos >= 0) return at(static_cast<std::size_t>(pos), std::move(message));
      return Error::invalid_argument(std::move(message));
    } catch (const std::exception&) {
      return Error::invalid_argument("the expression could not be compiled");
    }
    for (const auto& entry : by_name) names.push_back(entry.first);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    if (names.size() > kMaxExpressionVariables) {
      return Error::invalid_argument("the expression uses more than " +
                                     std::to_string(kMaxExpressionVariables) + " variables");
    }
    return ok();
  }

  Result<double> evaluate(const ExpressionValues& values) {
    for (auto& [name, slot] : by_name) {
      auto it = values.find(name);
      if (it == values.end()) {
        return Error::failed_precondition(
            "the expression needs the value of " + name + ", which is not available",
            {{"variable", name}});
      }
      *slot = it->second;
    }
    double v = 0;
    try {
      v = parser.Eval();
    } catch (const mu::Parser::exception_type& e) {
      return Error::failed_precondition("the expression could not be evaluated: " + e.GetMsg());
    }
    if (!std::isfinite(v)) {
      return Error::failed_precondition(
          "the expression \"" + text +
          "\" has no finite value for these inputs (division by zero or a value out of range)");
    }
    return v;
  }

  bool never_finite() {
    static constexpr std::array kTrials{1.37, 2.91, 7.13, 42.7, 997.3, 0.043, -3.3, 12345.6};
    for (std::size_t k = 0; k < kTrials.size(); ++k) {
      std::size_t i = k;
      for (auto& entry : by_name) *entry.second = kTrials[i++ % kTrials.size()];
      try {
        if (std::isfinite(parser.Eval())) return false;
      } catch (const mu::Parser::exception_type&) {
        return true;
      }
    }
    return true;
  }
};

}  // namespace detail

Expression::Expression(std::unique_ptr<detail::ExpressionEngine> engine)
    : engine_(std::move(engine)) {}
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

const std::string& Expression::text() const { return engine_->text; }
const std::vector<std::string>& Expression::variables() const { return engine_->names; }

Result<Expression> Expression::compile(std::string_view text) {
  auto engine = std::make_unique<detail::ExpressionEngine>();
  GEMBA_RETURN_IF_ERROR(engine->compile(text));
  return Expression(std::move(engine));
}

Result<double> Expression::evaluate(const ExpressionValues& values) {
  return engine_->evaluate(values);
}

bool Expression::never_finite() { return engine_->never_finite(); }

ExpressionAnalyser::ExpressionAnalyser() : engine_(std::make_unique<detail::ExpressionEngine>()) {}
ExpressionAnalyser::~ExpressionAnalyser() = default;

const Result<ExpressionAnalysis>& ExpressionAnalyser::analyse(std::string_view text) {
  auto it = cache_.find(text);
  if (it != cache_.end()) return it->second;
  Result<ExpressionAnalysis> result = Error::internal("not analysed");
  auto compiled = engine_->compile(text);
  if (!compiled.ok()) {
    result = std::move(compiled).error();
  } else {
    result = ExpressionAnalysis{engine_->names, engine_->never_finite()};
  }
  return cache_.emplace(std::string(text), std::move(result)).first->second;
}

}  // namespace gemba::recipe
