// Malformed and hostile recipe documents: each refused with an error that says where.

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "gemba/core/json.h"
#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/test_recipes.h"
#include "gemba/recipe/model/validate.h"

namespace gemba::recipe {
namespace {

namespace json = boost::json;
using testing::minimal_recipe_json;

json::value minimal() { return parse_json_strict(minimal_recipe_json()).value(); }

json::array& steps_of(json::value& v, int up, int op) {
  return v.at("unit_procedures").at(up).at("operations").at(op).at("steps").as_array();
}

std::string field_of(const Error& e) {
  return e.details.contains("field") ? std::string(e.details.at("field").as_string()) : "";
}

TEST(FormatHostileTest, MalformedJson) {
  const struct {
    std::string text;
    const char* message;
  } table[] = {
      {"", "empty"},
      {"{", "ends before the value is complete"},
      {"{\"format\": \"gemba.recipe/1\",}", "malformed JSON"},
      {"{} {}", "unexpected data after the JSON value"},
      {"{\"a\": 1, \"a\": 2}", "has the key \"a\" twice"},
      {"{\"format\": \"\xff\xfe\"}", "malformed JSON"},  // invalid UTF-8
      {"\xEF\xBB\xBF{}", "malformed JSON"},              // a byte-order mark
      {"// comment\n{}", "malformed JSON"},
      {"{\"format\": NaN}", "malformed JSON"},
  };
  for (const auto& c : table) {
    auto r = parse_recipe(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(c.message), std::string::npos)
        << c.text << " → " << r.error().message;
    EXPECT_TRUE(r.error().details.contains("offset") || r.error().details.contains("key"))
        << r.error().to_string();
  }
}

TEST(FormatHostileTest, NotARecipe) {
  for (const char* text : {"null", "[]", "\"recipe\"", "42", "true"}) {
    auto r = parse_recipe(text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "must be an object (a recipe)") << text;
    EXPECT_EQ(field_of(r.error()), "");
  }
}

TEST(FormatHostileTest, DeepNestingIsRefusedByOffset) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto r = parse_recipe(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("nests deeper than 16 levels"), std::string::npos);
  EXPECT_LE(r.error().details.at("offset").to_number<int>(), 17);

  // Deep nesting in a field of a step: still refused, located by offset.
  std::string text = minimal_recipe_json();
  const auto at = text.find("\"Mix for 10 minutes.\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 21, std::string(40, '[') + std::string(40, ']'));
  auto nested = parse_recipe(text);
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.error().message.find("nests deeper"), std::string::npos);
  EXPECT_GT(nested.error().details.at("offset").to_number<std::size_t>(), at);
}

TEST(FormatHostileTest, FiftyThousandSteps) {
  json::value v = minimal();
  json::array& steps = steps_of(v, 0, 0);
  const json::value step = steps[0];
  steps.clear();
  for (int i = 0; i < 50000; ++i) {
    json::value s = step;
    s.as_object()["key"] = "s" + std::to_string(i);
    steps.push_back(std::move(s));
  }
  auto r = parse_recipe(json::serialize(v));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(field_of(r.error()), "unit_procedures[0].operations[0].steps[20000]");
  EXPECT_NE(r.error().message.find("more than 20000 steps"), std::string::npos);

  // The limit counts steps across operations.
  FormatLimits small;
  small.max_steps = 12;
  auto total = parse_recipe(minimal_recipe_json(), small);  // 3 + 8 = 11 steps: fine
  ASSERT_TRUE(total.ok());
  small.max_steps = 10;
  auto over = parse_recipe(minimal_recipe_json(), small);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(field_of(over.error()), "unit_procedures[1].operations[0].steps[7]");
}

TEST(FormatHostileTest, OneMegabyteStrings) {
  const std::string mb(1000000, 'x');
  const struct {
    std::function<void(json::value&)> change;
    const char* field;
  } table[] = {
      {[&](json::value& v) { steps_of(v, 1, 0)[4].as_object()["text"] = mb; },
       "unit_procedures[1].operations[0].steps[4].text"},
      {[&](json::value& v) { steps_of(v, 1, 0)[4].as_object()["name"] = mb; },
       "unit_procedures[1].operations[0].steps[4].name"},
      {[&](json::value& v) { v.as_object()["description"] = mb; }, "description"},
      {[&](json::value& v) { steps_of(v, 1, 0)[6].as_object()["expression"] = mb; },
       "unit_procedures[1].operations[0].steps[6].expression"},
      {[&](json::value& v) { steps_of(v, 1, 0)[4].as_object()["unit"] = mb; },
       "unit_procedures[1].operations[0].steps[4].unit"},
      {[&](json::value& v) { v.at("formula").at(0).as_object()["material_code"] = mb; },
       "formula[0].material_code"},
  };
  for (const auto& c : table) {
    json::value v = minimal();
    c.change(v);
    auto r = parse_recipe(json::serialize(v));
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(field_of(r.error()), c.field);
    EXPECT_NE(r.error().message.find("is longer than"), std::string::npos) << r.error().message;
  }
  // A key of 1 MB: the unknown field is named, shortened.
  json::value v = minimal();
  v.as_object()[mb] = 1;
  auto r = parse_recipe(json::serialize(v));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(field_of(r.error()), std::string(64, 'x') + "...");
  // Beyond the JSON parser's string limit (1 MiB): refused by offset.
  json::value w = minimal();
  steps_of(w, 1, 0)[4].as_object()["text"] = std::string(2 << 20, 'y');
  auto huge = parse_recipe(json::serialize(w));
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.error().message.find("longer than 1048576 bytes"), std::string::npos);
}

TEST(FormatHostileTest, DocumentSizeLimit) {
  FormatLimits limits;
  limits.max_document_bytes = 1000;
  auto r = parse_recipe(minimal_recipe_json(), limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kPayloadTooLarge);
}

TEST(FormatHostileTest, HostileValues) {
  const struct {
    std::function<void(json::value&)> change;
    const char* field;
    const char* message;
  } table[] = {
      {[](json::value& v) { v.at("header").at("batch_size").as_object()["value"] = 1e300; },
       "header.batch_size.value", "between -1e15 and 1e15"},
      {[](json::value& v) { steps_of(v, 1, 0)[4].as_object()["decimals"] = std::uint64_t(-1); },
       "unit_procedures[1].operations[0].steps[4].decimals", "must be between 0 and 15"},
      {[](json::value& v) { steps_of(v, 1, 0)[4].as_object()["decimals"] = -1; },
       "unit_procedures[1].operations[0].steps[4].decimals", "must be between 0 and 15"},
      {[](json::value& v) { steps_of(v, 1, 0)[4].as_object()["name"] = "\x1b[31mred"; },
       "unit_procedures[1].operations[0].steps[4].name", "without control characters"},
      {[](json::value& v) { steps_of(v, 1, 0)[4].as_object()["key"] = "a.b"; },
       "unit_procedures[1].operations[0].steps[4].key", "not a valid key"},
      {[](json::value& v) { steps_of(v, 1, 0)[4].as_object()["key"] = std::string(65, 'k'); },
       "unit_procedures[1].operations[0].steps[4].key", "longer than 64"},
      {[](json::value& v) { steps_of(v, 1, 0)[3].as_object()["tag"] = "../../etc/passwd x"; },
       "unit_procedures[1].operations[0].steps[3].tag", "not a valid tag"},
      {[](json::value& v) { steps_of(v, 1, 0)[3].as_object()["window"] = "PT99999999999H"; },
       "unit_procedures[1].operations[0].steps[3].window", "too long"},
      {[](json::value& v) { v.as_object()["unit_procedures"] = json::array(101, json::object{}); },
       "unit_procedures", "at most 100"},
      {[](json::value& v) { v.at("formula").as_array()[0] = json::array{}; }, "formula[0]",
       "must be an object"},
  };
  for (const auto& c : table) {
    json::value v = minimal();
    c.change(v);
    auto r = parse_recipe(json::serialize(v));
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(field_of(r.error()), c.field) << r.error().message;
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
  }
}

// Expressions that parse as JSON but must never run: refused by validation, located.
TEST(FormatHostileTest, ExpressionInjection) {
  const struct {
    const char* expression;
    const char* message;
  } table[] = {
      {"system(\"rm -rf /\")", "unknown function system()"},
      {"net_weight / 0", "has no finite value for any input"},
      {"net_weight / (2 - 2)", "has no finite value for any input"},
      {"net_weight = 5", "assignment (=) is not allowed"},
      {"net_weight, 5", "several comma-separated results"},
      {"secret_value * 2", "\"secret_value\" is not the key of any step"},
      {"done * 2", "\"done\" is a later step"},
      {"yield * 2", "\"yield\" is this step itself"},
      {"ln(0) + net_weight", "has no finite value"},
  };
  for (const auto& c : table) {
    json::value v = minimal();
    steps_of(v, 1, 0)[6].as_object()["expression"] = c.expression;
    auto r = parse_recipe(json::serialize(v));
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    const auto problems = validate(*r);
    ASSERT_EQ(problems.size(), 1u) << c.expression << testing::describe(problems);
    EXPECT_EQ(problems[0].field, "unit_procedures[1].operations[0].steps[6].expression");
    EXPECT_NE(problems[0].message.find(c.message), std::string::npos)
        << c.expression << " → " << problems[0].message;
  }
}

}  // namespace
}  // namespace gemba::recipe
