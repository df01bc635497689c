// Logbook templates (template.h): names, the defaults, and tables of bad templates with every
// problem they give. Entries: entry_test.cc.

#include "gemba/logbook/model/template.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <functional>

namespace gemba::logbook {
namespace {

namespace json = boost::json;

Template default_template(std::string_view type) {
  for (Template& t : default_templates()) {
    if (t.type == type) return t;
  }
  ADD_FAILURE() << "no default template " << type;
  return {};
}

json::object object(std::string_view text) { return json::parse(text).as_object(); }

std::string problems_text(const Error& e) {
  std::string s = e.message;
  if (const json::value* p = e.details.if_contains("problems")) s += "\n" + json::serialize(*p);
  return s;
}

// ---- Names ----

TEST(TemplateTest, KindAndLinkRuleNames) {
  const std::vector<std::string_view> kinds = {"clearance", "usage",   "cleaning", "environment",
                                               "gowning",   "receipt", "general"};
  ASSERT_EQ(kinds.size(), static_cast<std::size_t>(kKindCount));
  for (int i = 0; i < kKindCount; ++i) {
    EXPECT_EQ(kind_name(static_cast<Kind>(i)), kinds[i]);
    EXPECT_EQ(parse_kind(kinds[i]), static_cast<Kind>(i));
  }
  EXPECT_EQ(parse_kind("Cleaning"), std::nullopt);
  EXPECT_EQ(parse_kind(""), std::nullopt);
  EXPECT_EQ(link_rule_name(LinkRule::kOptional), "optional");
  EXPECT_EQ(parse_link_rule("required"), LinkRule::kRequired);
  EXPECT_EQ(parse_link_rule("none"), LinkRule::kNone);
  EXPECT_EQ(parse_link_rule("mandatory"), std::nullopt);
}

// ---- Defaults ----

TEST(TemplateTest, DefaultsAreTheSixKindsAndRoundTrip) {
  const std::vector<Template> defaults = default_templates();
  std::vector<std::string> types;
  for (const Template& t : defaults) {
    SCOPED_TRACE(t.type);
    types.push_back(t.type);
    EXPECT_EQ(kind_name(t.kind), t.type);  // each default is the template of its kind
    const json::object written = template_json(t);
    auto parsed = parse_template(written);
    ASSERT_TRUE(parsed.ok()) << problems_text(parsed.error());
    EXPECT_EQ(*parsed, t);
    EXPECT_EQ(template_json(*parsed), written);
    // And through text, as the service stores it.
    auto reread = parse_template(json::parse(json::serialize(written)));
    ASSERT_TRUE(reread.ok()) << problems_text(reread.error());
    EXPECT_EQ(*reread, t);
  }
  EXPECT_EQ(types, (std::vector<std::string>{"clearance", "usage", "cleaning", "environment",
                                             "gowning", "receipt"}));
}

TEST(TemplateTest, DefaultsCarryTheRulesTheStatusLogicReads) {
  const Template clearance = default_template("clearance");
  EXPECT_TRUE(clearance.verification);
  EXPECT_EQ(clearance.meaning, "performed");
  EXPECT_EQ(clearance.links.room, LinkRule::kRequired);
  EXPECT_EQ(clearance.links.batch, LinkRule::kRequired);
  for (const char* key : {"previous_product_removed", "previous_documents_removed",
                          "equipment_clean_status_checked", "waste_removed", "labels_removed"}) {
    const Field* f = find_field(clearance, key);
    ASSERT_NE(f, nullptr) << key;
    EXPECT_EQ(std::get<recipe::BooleanEntrySpec>(f->step.spec).expected, true) << key;
  }
  const Template usage = default_template("usage");
  EXPECT_EQ(
      std::get<recipe::ChoiceEntrySpec>(find_field(usage, "activity")->step.spec).options,
      (std::vector<std::string>{"use_start", "use_end", "maintenance_start", "maintenance_end",
                                "out_of_service", "return_to_service", "calibrated"}));
  EXPECT_FALSE(find_field(usage, "calibration_due")->required);
  EXPECT_EQ(usage.links.equipment, LinkRule::kRequired);
  EXPECT_EQ(usage.links.batch, LinkRule::kOptional);
  const Template environment = default_template("environment");
  const auto& p05 =
      std::get<recipe::NumericEntrySpec>(find_field(environment, "particles_05um")->step.spec);
  EXPECT_EQ(p05.unit, "/m³");
  EXPECT_EQ(p05.alarm.high, 352000);
  const auto& p5 =
      std::get<recipe::NumericEntrySpec>(find_field(environment, "particles_5um")->step.spec);
  EXPECT_EQ(p5.alarm.high, 2930);
  EXPECT_EQ(default_template("receipt").links.lot, LinkRule::kRequired);
  EXPECT_EQ(find_field(default_template("cleaning"), "nope"), nullptr);
}

// ---- Bad templates ----

using Mutation = std::function<void(json::object&)>;

json::array& fields_of(json::object& o) { return o["fields"].as_array(); }
json::object& field_at(json::object& o, std::size_t i) { return fields_of(o)[i].as_object(); }

struct BadTemplate {
  const char* label;
  const char* base;  // a default's type code, or a whole template (JSON)
  Mutation mutate;
  // Every problem, in order: field and a fragment of its message. Empty: the template is valid.
  std::vector<std::pair<std::string, std::string>> problems;
};

constexpr const char* kGeneral =
    R"j({"type":"dew_point","name":"Dew point","kind":"general","fields":[
         {"key":"dew_point","name":"Dew point","type":"numeric_entry","unit":"°C","decimals":1}]})j";

void run(const std::vector<BadTemplate>& cases) {
  for (const BadTemplate& c : cases) {
    SCOPED_TRACE(c.label);
    json::value v = (c.base[0] == '{' || c.base[0] == '[')
                        ? json::parse(c.base)
                        : json::value(template_json(default_template(c.base)));
    if (c.mutate) c.mutate(v.as_object());  // only ever given with an object
    auto r = parse_template(v);
    if (c.problems.empty()) {
      EXPECT_TRUE(r.ok()) << problems_text(r.error());
      continue;
    }
    ASSERT_FALSE(r.ok());
    const Error& e = r.error();
    EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
    const json::array& got = e.details.at("problems").as_array();
    ASSERT_EQ(got.size(), c.problems.size()) << problems_text(e);
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(std::string_view(got[i].at("field").as_string()), c.problems[i].first)
          << problems_text(e);
      EXPECT_NE(std::string_view(got[i].at("message").as_string()).find(c.problems[i].second),
                std::string_view::npos)
          << problems_text(e);
    }
    EXPECT_EQ(std::string_view(e.details.at("field").as_string()), c.problems[0].first);
  }
}

TEST(TemplateTest, TemplateShape) {
  run({
      {"a valid general template", kGeneral, nullptr, {}},
      {"not an object", "[1]", nullptr, {{"", "a logbook template must be a JSON object"}}},
      {"unknown kind",
       "clearance",
       [](json::object& o) { o["kind"] = "storage"; },
       {{"kind",
         "unknown kind \"storage\"; the kinds are clearance, usage, cleaning, environment, "
         "gowning, receipt and general"}}},
      {"type code with capitals",
       kGeneral,
       [](json::object& o) { o["type"] = "Dew-Point"; },
       {{"type", "\"Dew-Point\" is not a valid key"}}},
      {"type code too long",
       kGeneral,
       [](json::object& o) { o["type"] = std::string(41, 'a'); },
       {{"type", "is longer than 40 characters"}}},
      {"every missing member is listed",
       kGeneral,
       [](json::object& o) {
         o.erase("type");
         o.erase("name");
         o.erase("kind");
         o.erase("fields");
       },
       {{"type", "is required"},
        {"name", "is required"},
        {"kind", "is required"},
        {"fields", "is required"}}},
      {"unknown member",
       kGeneral,
       [](json::object& o) { o["colour"] = "red"; },
       {{"colour",
         "unknown field; the fields of a logbook template are type, name, description, "
         "kind, version, verification, meaning, links and fields"}}},
      {"version 0",
       kGeneral,
       [](json::object& o) { o["version"] = 0; },
       {{"version", "must be between 1 and 1000000"}}},
      {"blank name",
       kGeneral,
       [](json::object& o) { o["name"] = "  "; },
       {{"name", "must not be blank"}}},
      {"unknown meaning",
       kGeneral,
       [](json::object& o) { o["meaning"] = "signed"; },
       {{"meaning",
         "unknown signature meaning \"signed\"; the meanings are performed, verified, reviewed, "
         "approved and responsible"}}},
      {"the performer signs verified on a verified template",
       "clearance",
       [](json::object& o) { o["meaning"] = "verified"; },
       {{"meaning", "the second person signs \"verified\""}}},
      {"unknown link",
       kGeneral,
       [](json::object& o) {
         o["links"] = {{"printer", "none"}};
       },
       {{"links.printer", "unknown link; the links are equipment, room, batch and lot"}}},
      {"bad link rule",
       kGeneral,
       [](json::object& o) {
         o["links"] = {{"batch", "maybe"}};
       },
       {{"links.batch", "must be \"none\", \"optional\" or \"required\""}}},
      {"links not an object",
       kGeneral,
       [](json::object& o) { o["links"] = "all"; },
       {{"links", "must be an object"}}},
      {"no fields",
       kGeneral,
       [](json::object& o) { o["fields"] = json::array(); },
       {{"fields", "a template needs at least one field"}}},
      {"fields not an array",
       kGeneral,
       [](json::object& o) { o["fields"] = 3; },
       {{"fields", "must be an array of fields"}}},
      {"several problems at once",
       kGeneral,
       [](json::object& o) {
         o["type"] = "Dew Point";
         o["kind"] = "weather";
         field_at(o, 0)["unit"] = "°F";
       },
       {{"type", "is not a valid key"},
        {"kind", "unknown kind \"weather\""},
        {"fields[0].unit", "unknown unit \"°F\""}}},
  });
}

TEST(TemplateTest, Fields) {
  run({
      {"a field of type dispense",
       kGeneral,
       [](json::object& o) {
         fields_of(o).push_back(
             object(R"j({"key":"api","name":"API","type":"dispense","formula_line":"api"})j"));
       },
       {{"fields[1].type",
         "a logbook field is a numeric_entry, text_entry, choice_entry, boolean_entry or "
         "datetime_entry, not dispense"}}},
      {"an instruction",
       kGeneral,
       [](json::object& o) {
         fields_of(o).push_back(
             object(R"j({"key":"read","name":"Read","type":"instruction","text":"Read it."})j"));
       },
       {{"fields[1].type", "not instruction"}}},
      {"duplicate field keys",
       kGeneral,
       [](json::object& o) { fields_of(o).push_back(fields_of(o)[0]); },
       {{"fields[1].key", "\"dew_point\" is already the key of fields[0]; keys must be unique"}}},
      {"a field that is not an object",
       kGeneral,
       [](json::object& o) { fields_of(o).push_back("humidity"); },
       {{"fields[1]", "must be an object"}}},
      {"an unknown step type",
       kGeneral,
       [](json::object& o) { field_at(o, 0)["type"] = "gauge"; },
       {{"fields[0].type", "unknown step type \"gauge\""}}},
      {"an unknown member of a field",
       kGeneral,
       [](json::object& o) { field_at(o, 0)["colour"] = "red"; },
       {{"fields[0].colour", "unknown field; the fields of a numeric_entry step are"}}},
      {"required not a boolean",
       kGeneral,
       [](json::object& o) { field_at(o, 0)["required"] = "yes"; },
       {{"fields[0].required", "must be true or false"}}},
      {"alarm limits outside the hard limits",
       kGeneral,
       [](json::object& o) {
         field_at(o, 0)["limits"] = {{"low", -40}, {"high", 20}};
         field_at(o, 0)["alarm"] = {{"low", -50}};
       },
       {{"fields[0].alarm", "the alarm limits must lie within the hard limits (limits)"}}},
      {"limits with more decimals than recorded",
       kGeneral,
       [](json::object& o) {
         field_at(o, 0)["limits"] = {{"high", 20.25}};
       },
       {{"fields[0].limits.high", "20.25 has more decimals than the step records (1)"}}},
      {"a choice of one option",
       kGeneral,
       [](json::object& o) {
         fields_of(o).push_back(
             object(R"j({"key":"ok","name":"OK","type":"choice_entry","options":["ok"]})j"));
       },
       {{"fields[1].options", "a choice needs at least two options"}}},
      {"a pattern that does not compile",
       kGeneral,
       [](json::object& o) {
         fields_of(o).push_back(
             object(R"j({"key":"ref","name":"Ref","type":"text_entry","pattern":"[A-"})j"));
       },
       {{"fields[1].pattern", "is not a valid regular expression"}}},
      {"an override without hard limits",
       kGeneral,
       [](json::object& o) { field_at(o, 0)["allow_override"] = true; },
       {{"fields[0].allow_override", "the step has no hard limits to override"}}},
      {"a condition",
       kGeneral,
       [](json::object& o) { field_at(o, 0)["condition"] = "1 > 0"; },
       {{"fields[0].condition", "a logbook field has no condition"}}},
      {"a repeat",
       kGeneral,
       [](json::object& o) {
         field_at(o, 0)["repeat"] = {{"times", 3}};
       },
       {{"fields[0].repeat", "a logbook field does not repeat"}}},
      {"a witness",
       kGeneral,
       [](json::object& o) { field_at(o, 0)["witness"] = "always"; },
       {{"fields[0].witness", "set \"verification\" on the template"}}},
      {"a reserved key",
       kGeneral,
       [](json::object& o) { field_at(o, 0)["key"] = "batch_size"; },
       {{"fields[0].key", "\"batch_size\" is reserved"}}},
      {"a bad field after a good one keeps the good one's path",
       kGeneral,
       [](json::object& o) {
         fields_of(o).push_back(object(R"j({"key":"x","name":"X","type":"nope"})j"));
         fields_of(o).push_back(
             object(R"j({"key":"t","name":"T","type":"numeric_entry","unit":"kg","decimals":9})j"));
       },
       {{"fields[1].type", "unknown step type \"nope\""},
        {"fields[2].decimals", "at most 6 decimals can be recorded"}}},
  });
}

TEST(TemplateTest, KindRules) {
  run({
      {"clearance without verification",
       "clearance",
       [](json::object& o) { o["verification"] = false; },
       {{"verification", "must be true for a clearance logbook"}}},
      {"clearance without a checklist",
       "clearance",
       [](json::object& o) {
         for (auto& f : fields_of(o)) f.as_object().erase("expected");
       },
       {{"fields",
         "a clearance logbook needs at least one boolean_entry field with "
         "\"expected\": true"}}},
      {"clearance whose room is optional and batch absent",
       "clearance",
       [](json::object& o) {
         o["links"].as_object()["room"] = "optional";
         o["links"].as_object()["batch"] = "none";
       },
       {{"links.room", "must be \"required\" for a clearance logbook (the room it clears)"},
        {"links.batch", "must be \"required\" for a clearance logbook"}}},
      {"usage without activity",
       "usage",
       [](json::object& o) { fields_of(o).erase(fields_of(o).begin()); },
       {{"fields", "a usage logbook needs a choice_entry field \"activity\""}}},
      {"usage activity as text",
       "usage",
       [](json::object& o) {
         fields_of(o)[0] = object(R"j({"key":"activity","name":"Activity","type":"text_entry"})j");
       },
       {{"fields[0].type", "\"activity\" must be a choice_entry field in a usage logbook"}}},
      {"usage activity optional",
       "usage",
       [](json::object& o) { field_at(o, 0)["required"] = false; },
       {{"fields[0].required", "\"activity\" must be required in a usage logbook"}}},
      {"usage activity that is not an equipment event",
       "usage",
       [](json::object& o) { field_at(o, 0)["options"].as_array().push_back("repair"); },
       {{"fields[0].options[7]",
         "\"repair\" is not an equipment activity; the activities are use_start, use_end, "
         "maintenance_start, maintenance_end, out_of_service, return_to_service and "
         "calibrated"}}},
      {"usage with some activities",
       "usage",
       [](json::object& o) {
         field_at(o, 0)["options"] = {"calibrated", "out_of_service"};
       },
       {}},
      {"usage calibration_due with a time",
       "usage",
       [](json::object& o) { field_at(o, 1).erase("date_only"); },
       {{"fields[1].date_only", "must be true: \"calibration_due\" is a date"}}},
      {"usage without calibration_due",
       "usage",
       [](json::object& o) { fields_of(o).erase(fields_of(o).begin() + 1); },
       {}},
      {"usage not bound to equipment",
       "usage",
       [](json::object& o) { o["links"].as_object()["equipment"] = "optional"; },
       {{"links.equipment", "must be \"required\" for a usage logbook"}}},
      {"cleaning levels other than minor and major",
       "cleaning",
       [](json::object& o) {
         field_at(o, 0)["options"] = {"minor", "major", "deep"};
       },
       {{"fields[0].options", "the cleaning levels are exactly minor and major"}}},
      {"cleaning levels in another order",
       "cleaning",
       [](json::object& o) {
         field_at(o, 0)["options"] = {"major", "minor"};
       },
       {}},
      {"cleaning level missing",
       "cleaning",
       [](json::object& o) { fields_of(o).erase(fields_of(o).begin()); },
       {{"fields", "a cleaning logbook needs a choice_entry field \"level\""}}},
      {"cleaning unverified, no room",
       "cleaning",
       [](json::object& o) {
         o["verification"] = false;
         o["links"].as_object()["room"] = "none";
       },
       {{"verification", "must be true for a cleaning logbook"},
        {"links.room", "must be \"optional\" or \"required\" for a cleaning logbook"}}},
      {"environment without a measurement",
       "environment",
       [](json::object& o) {
         json::array kept;
         for (auto& f : fields_of(o)) {
           if (f.at("type") != "numeric_entry") kept.push_back(f);
         }
         o["fields"] = std::move(kept);
       },
       {{"fields", "an environment logbook needs at least one numeric_entry field"}}},
      {"environment without a room",
       "environment",
       [](json::object& o) { o["links"].as_object().erase("room"); },
       {{"links.room", "must be \"required\" for an environment logbook"}}},
      {"gowning without person, valid_until a time",
       "gowning",
       [](json::object& o) {
         fields_of(o).erase(fields_of(o).begin());
         field_at(o, 1)["date_only"] = false;
       },
       {{"fields", "a gowning logbook needs a text_entry field \"person\""},
        {"fields[1].date_only", "must be true: \"valid_until\" is a date"}}},
      {"receipt without a lot",
       "receipt",
       [](json::object& o) { o["links"].as_object()["lot"] = "optional"; },
       {{"links.lot", "must be \"required\" for a receipt logbook"}}},
      {"no kind rules when a field failed to read",
       "usage",
       [](json::object& o) { field_at(o, 0)["type"] = "selector"; },
       {{"fields[0].type", "unknown step type \"selector\""}}},
  });
}

TEST(TemplateTest, ErrorMessageNamesTheFirstProblem) {
  json::object o = template_json(default_template("clearance"));
  o["verification"] = false;
  o["type"] = "Clearance";
  auto r = parse_template(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "the template has 2 problems; the first: type: \"Clearance\" is not a valid key: use "
            "lower-case letters, digits and _, starting with a letter");
  o["type"] = "clearance";
  r = parse_template(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "the template has a problem: verification: must be true for a clearance logbook: a "
            "second person verifies the clearance");
}

}  // namespace
}  // namespace gemba::logbook
