#include "gemba/recipe/model/format.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <functional>

#include "gemba/core/json.h"
#include "gemba/recipe/model/test_recipes.h"

namespace gemba::recipe {
namespace {

namespace json = boost::json;
using testing::minimal_recipe;
using testing::minimal_recipe_json;
using testing::step_from_json;

TEST(FormatTest, TheMinimalRecipeIsCanonical) {
  auto r = parse_recipe(minimal_recipe_json());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(write_recipe(*r), minimal_recipe_json());
}

TEST(FormatTest, ExportImportExportIsByteIdentical) {
  const MasterRecipe generated = testing::generated_recipe(500);
  const std::string first = write_recipe(generated);
  auto imported = parse_recipe(first);
  ASSERT_TRUE(imported.ok()) << imported.error().to_string();
  EXPECT_EQ(*imported, generated);
  EXPECT_EQ(write_recipe(*imported), first);
}

// Each step type, with every field it has, in canonical form.
// The writer escapes strings itself (for speed); it must give the bytes Boost.JSON gives, so the
// canonical form does not depend on the writer.
TEST(FormatTest, StringsAreEscapedAsBoostJsonEscapesThem) {
  std::string every_byte;
  for (int c = 1; c < 0x80; ++c) every_byte.push_back(static_cast<char>(c));
  struct Case {
    std::string text;
    bool importable;  // descriptions refuse control characters other than newline and tab
  };
  const Case cases[] = {{every_byte, false},
                        {"Müller °C µg – ✓", true},
                        {"", true},
                        {"\"quoted\" \\ / end\\", true},
                        {"tab\tnew\nline", true},
                        {"\r\b\f", false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    MasterRecipe r = minimal_recipe();
    r.description = c.text;
    const std::string written = write_recipe(r);
    if (!c.text.empty()) {
      EXPECT_NE(written.find("\"description\": " + json::serialize(json::string_view(c.text))),
                std::string::npos);
    }
    auto back = parse_recipe(written);
    EXPECT_EQ(back.ok(), c.importable);
    if (back.ok()) {
      EXPECT_EQ(back->description, c.text);
    }
  }
}

TEST(FormatTest, EveryStepTypeRoundTrips) {
  const char* steps[] = {
      R"j({"key":"a","name":"Read","type":"instruction","text":"Line one.\nLine two.","witness":"always"})j",
      R"j({"key":"a","name":"Weight","type":"numeric_entry","unit":"mg","decimals":1,"target":600,"limits":{"low":570,"high":630},"alarm":{"low":582,"high":618},"witness":"first","repeat":{"every":"PT30M","times":16},"allow_override":true})j",
      R"j({"key":"a","name":"Lot","type":"text_entry","max_length":20,"pattern":"[A-Z]{2}[0-9]{6}"})j",
      R"j({"key":"a","name":"Look","type":"choice_entry","options":["Conforms","Does not conform"],"expected":"Conforms"})j",
      R"j({"key":"a","name":"Clean","type":"boolean_entry","expected":true})j",
      R"j({"key":"a","name":"Expiry","type":"datetime_entry","date_only":true})j",
      R"j({"key":"a","name":"Yield","type":"calculation","expression":"b / c * 100","unit":"%","decimals":1,"limits":{"low":97,"high":101}})j",
      R"j({"key":"a","name":"Weigh","type":"dispense","formula_line":"api"})j",
      R"j({"key":"a","name":"Add","type":"charge","formula_line":"api"})j",
      R"j({"key":"a","name":"Bind","type":"equipment_use","equipment_class":"HIGH-SHEAR-GRANULATOR"})j",
      R"j({"key":"a","name":"Speed","type":"process_parameter","equipment_step":"b","tag":"impeller.speed","capture":"max","window":"PT1H30M","unit":"rpm","decimals":0,"limits":{"high":160}})j",
      R"j({"key":"a","name":"Hold","type":"hold_time","from_step":"b","to_step":"c","min":"PT15M","max":"P3D"})j",
      R"j({"key":"a","name":"Sample","type":"sampling","sample_label":"IPC-1","tests":["LOD","Assay"],"quantity":{"value":5,"unit":"g"}})j",
      R"j({"key":"a","name":"Sign","type":"sign_off","meaning":"verified","condition":"b > 1"})j",
  };
  for (const char* text : steps) {
    const Step s = step_from_json(text);
    const std::string expected = write_canonical_json(parse_json_strict(text).value());
    EXPECT_EQ(write_canonical_json(step_to_json(s)), expected) << text;
  }
}

TEST(FormatTest, NonCanonicalInputBecomesCanonicalOnce) {
  // Keys out of order, explicit defaults, a duration that normalises, a number with a fraction
  // of zero: the first export is canonical, and stays so.
  auto v = parse_json_strict(minimal_recipe_json()).value();
  auto& step = v.at("unit_procedures").at(1).at("operations").at(0).at("steps").at(4).as_object();
  step["witness"] = "none";
  step["allow_override"] = false;
  step["repeat"] = json::object{{"every", "PT90M"}};
  step["target"] = 10.0;
  auto& line = v.at("formula").at(0).as_object();
  json::object reordered;
  for (auto it = line.end(); it != line.begin();) {
    --it;
    reordered[it->key()] = it->value();
  }
  line = reordered;
  auto r = parse_recipe(json::serialize(v));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const std::string once = write_recipe(*r);
  EXPECT_NE(once.find("\"every\": \"PT1H30M\""), std::string::npos);
  EXPECT_EQ(once.find("\"witness\""), std::string::npos);
  EXPECT_EQ(once.find("\"allow_override\""), std::string::npos);
  EXPECT_NE(once.find("\"target\": 10,"), std::string::npos);
  EXPECT_EQ(write_recipe(parse_recipe(once).value()), once);
}

TEST(FormatTest, Numbers) {
  const struct {
    double v;
    const char* text;
  } table[] = {{0, "0"},           {-0.0, "0"},
               {100, "100"},       {83.33, "83.33"},
               {0.1 + 0.2, "0.3"}, {-2.5, "-2.5"},
               {1e-5, "1e-05"},    {123456789012, "123456789012"},
               {1e15, "1e+15"},    {1.0 / 3, "0.333333333333333"},
               {5.4, "5.4"}};
  for (const auto& c : table) EXPECT_EQ(format_number(c.v), c.text) << c.v;
  // Whatever the parser makes of a 15-digit text, the writer gives the same text back.
  for (const char* t :
       {"0.1", "83.33", "5.4", "0.333333333333333", "1e-05", "97.5", "1.7976931348e+15"}) {
    auto v = parse_json_strict(t);
    ASSERT_TRUE(v.ok());
    const double d = v->is_double() ? v->get_double() : double(v->as_int64());
    EXPECT_EQ(format_number(d), t);
  }
}

TEST(FormatTest, DefaultsAreLeftOutOfTheCanonicalForm) {
  const Step s = step_from_json(R"j({"key":"a","name":"N","type":"numeric_entry","decimals":0})j");
  EXPECT_EQ(write_canonical_json(step_to_json(s)),
            "{\n  \"key\": \"a\",\n  \"name\": \"N\",\n  \"type\": \"numeric_entry\",\n"
            "  \"decimals\": 0\n}\n");
}

// A change to the minimal recipe's JSON and the located error it must give.
struct BadCase {
  const char* name;
  std::function<void(json::value&)> change;
  const char* field;
  const char* message;  // a substring
};

json::object& step_at(json::value& v, int up, int op, int step) {
  return v.at("unit_procedures").at(up).at("operations").at(op).at("steps").at(step).as_object();
}

TEST(FormatTest, ShapeErrorsAreLocated) {
  const BadCase cases[] = {
      {"wrong format", [](json::value& v) { v.as_object()["format"] = "gemba.recipe/9"; }, "format",
       "this version of Gemba reads \"gemba.recipe/1\""},
      {"missing product", [](json::value& v) { v.as_object().erase("product_code"); },
       "product_code", "is required"},
      {"bad code", [](json::value& v) { v.as_object()["site"] = "site one"; }, "site",
       "is not a valid code"},
      {"unknown top-level", [](json::value& v) { v.as_object()["owner"] = "me"; }, "owner",
       "unknown field; the fields of a recipe are: format, product_code"},
      {"header not object", [](json::value& v) { v.as_object()["header"] = 3; }, "header",
       "must be an object"},
      {"batch size value text",
       [](json::value& v) { v.at("header").at("batch_size").as_object()["value"] = "100"; },
       "header.batch_size.value", "must be a number, not a string"},
      {"empty limits",
       [](json::value& v) { v.at("header").as_object()["yield_limits"] = json::object{}; },
       "header.yield_limits", "give low, high or both"},
      {"formula scaling",
       [](json::value& v) { v.at("formula").at(1).as_object()["scaling"] = "linear"; },
       "formula[1].scaling", "must be \"scalable\""},
      {"formula tolerance missing",
       [](json::value& v) { v.at("formula").at(0).as_object().erase("tolerance"); },
       "formula[0].tolerance", "is required"},
      {"bad key", [](json::value& v) { step_at(v, 0, 0, 1)["key"] = "Dispense API"; },
       "unit_procedures[0].operations[0].steps[1].key", "is not a valid key"},
      {"unknown step type", [](json::value& v) { step_at(v, 1, 0, 0)["type"] = "teleport"; },
       "unit_procedures[1].operations[0].steps[0].type",
       "unknown step type \"teleport\"; the types are instruction, numeric_entry"},
      {"field of another type",
       [](json::value& v) {
         step_at(v, 0, 0, 1)["limits"] = json::object{{"low", 1}};
       },
       "unit_procedures[0].operations[0].steps[1].limits",
       "unknown field; the fields of a dispense step are: key, name, type, text, formula_line"},
      {"limits low text",
       [](json::value& v) { step_at(v, 1, 0, 4)["limits"].as_object()["low"] = "8"; },
       "unit_procedures[1].operations[0].steps[4].limits.low", "must be a number"},
      {"decimals fraction", [](json::value& v) { step_at(v, 1, 0, 4)["decimals"] = 1.5; },
       "unit_procedures[1].operations[0].steps[4].decimals", "must be a whole number"},
      {"decimals missing", [](json::value& v) { step_at(v, 1, 0, 5).erase("decimals"); },
       "unit_procedures[1].operations[0].steps[5].decimals", "is required"},
      {"capture rule", [](json::value& v) { step_at(v, 1, 0, 3)["capture"] = "median"; },
       "unit_procedures[1].operations[0].steps[3].capture", "unknown capture rule \"median\""},
      {"duration", [](json::value& v) { step_at(v, 1, 0, 3)["window"] = "5 minutes"; },
       "unit_procedures[1].operations[0].steps[3].window", "is not an ISO 8601 duration"},
      {"witness", [](json::value& v) { step_at(v, 1, 0, 4)["witness"] = "sometimes"; },
       "unit_procedures[1].operations[0].steps[4].witness", "must be \"always\", \"first\""},
      {"meaning", [](json::value& v) { step_at(v, 1, 0, 7)["meaning"] = "blessed"; },
       "unit_procedures[1].operations[0].steps[7].meaning", "unknown signature meaning"},
      {"repeat unknown",
       [](json::value& v) {
         step_at(v, 1, 0, 4)["repeat"] = json::object{{"until", "done"}};
       },
       "unit_procedures[1].operations[0].steps[4].repeat.until", "unknown field"},
      {"options not strings",
       [](json::value& v) {
         step_at(v, 1, 0, 5) = json::object{{"key", "c"},
                                            {"name", "C"},
                                            {"type", "choice_entry"},
                                            {"options", json::array{"a", 2}}};
       },
       "unit_procedures[1].operations[0].steps[5].options[1]", "must be a string, not a number"},
      {"instruction without text",
       [](json::value& v) {
         step_at(v, 0, 0, 0) = json::object{{"key", "i"}, {"name", "I"}, {"type", "instruction"}};
       },
       "unit_procedures[0].operations[0].steps[0].text", "is required"},
      {"name with newline", [](json::value& v) { step_at(v, 0, 0, 0)["name"] = "two\nlines"; },
       "unit_procedures[0].operations[0].steps[0].name", "must be one line"},
      {"blank name", [](json::value& v) { step_at(v, 0, 0, 0)["name"] = "   "; },
       "unit_procedures[0].operations[0].steps[0].name", "must not be blank"},
      {"text with escape", [](json::value& v) { step_at(v, 0, 0, 0)["text"] = "bell\x07"; },
       "unit_procedures[0].operations[0].steps[0].text", "must not contain control characters"},
      {"steps not array",
       [](json::value& v) {
         v.at("unit_procedures").at(0).at("operations").at(0).as_object()["steps"] = "many";
       },
       "unit_procedures[0].operations[0].steps", "must be an array, not a string"},
      {"step not object",
       [](json::value& v) {
         v.at("unit_procedures").at(0).at("operations").at(0).at("steps").as_array()[2] = 7;
       },
       "unit_procedures[0].operations[0].steps[2]", "must be an object"},
  };
  for (const BadCase& c : cases) {
    auto v = parse_json_strict(minimal_recipe_json()).value();
    c.change(v);
    auto r = parse_recipe(json::serialize(v));
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << c.name;
    EXPECT_EQ(r.error().details.at("field").as_string(), c.field)
        << c.name << ": " << r.error().message;
    EXPECT_NE(r.error().message.find(c.message), std::string::npos)
        << c.name << ": " << r.error().message;
    EXPECT_EQ(r.error().message.rfind(std::string(c.field) + ": ", 0), 0u)
        << c.name << ": the message starts with the field: " << r.error().message;
  }
}

}  // namespace
}  // namespace gemba::recipe
