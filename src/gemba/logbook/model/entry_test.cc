// Logbook entries (template.h check_entry and the accessors) on the default templates and a
// plant's own: what is stored, what is refused (with the field and why), what is raised for
// review; and the batch entry point they are checked by (batch/model/field_check.h).

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>

#include "gemba/batch/model/field_check.h"
#include "gemba/core/time.h"
#include "gemba/logbook/model/template.h"

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

// JSON equality with numbers compared by value (a stored 45.0 equals a written 45).
bool same_json(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number()) return a.to_number<double>() == b.to_number<double>();
  if (a.kind() != b.kind()) return false;
  if (const json::object* ao = a.if_object()) {
    const json::object& bo = b.as_object();
    if (ao->size() != bo.size()) return false;
    auto bi = bo.begin();
    for (const auto& kv : *ao) {  // same members in the same order
      if (kv.key() != bi->key() || !same_json(kv.value(), bi->value())) return false;
      ++bi;
    }
    return true;
  }
  if (const json::array* aa = a.if_array()) {
    const json::array& ba = b.as_array();
    if (aa->size() != ba.size()) return false;
    for (std::size_t i = 0; i < aa->size(); ++i) {
      if (!same_json((*aa)[i], ba[i])) return false;
    }
    return true;
  }
  return a == b;
}

struct Raised {
  std::string field;
  std::string kind;
  std::string severity;
  std::string message;  // exact
};

struct EntryCase {
  const char* label;
  const char* type;    // a default's type code
  const char* fields;  // JSON object
  const char* comment;
  // Accepted: the stored values (JSON) and the exceptions raised. Refused: details.field and a
  // fragment of the message.
  const char* stored = nullptr;
  std::vector<Raised> raised = {};
  const char* field = nullptr;
  const char* fragment = nullptr;
};

void run(const std::vector<EntryCase>& cases, const std::vector<Template>& templates) {
  for (const EntryCase& c : cases) {
    SCOPED_TRACE(std::string(c.label) + ": " + c.fields);
    const Template* t = nullptr;
    for (const Template& x : templates) {
      if (x.type == c.type) t = &x;
    }
    ASSERT_NE(t, nullptr) << c.type;
    auto r = check_entry(*t, object(c.fields), c.comment);
    if (c.field) {
      ASSERT_FALSE(r.ok()) << json::serialize(r->values);
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
      ASSERT_TRUE(r.error().details.contains("field")) << r.error().to_string();
      EXPECT_EQ(std::string_view(r.error().details.at("field").as_string()), c.field)
          << r.error().to_string();
      EXPECT_NE(r.error().message.find(c.fragment), std::string::npos) << r.error().message;
      continue;
    }
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_TRUE(same_json(r->values, json::parse(c.stored))) << json::serialize(r->values);
    ASSERT_EQ(r->exceptions.size(), c.raised.size());
    for (std::size_t i = 0; i < c.raised.size(); ++i) {
      const auto& got = r->exceptions[i];
      EXPECT_EQ(got.field, c.raised[i].field);
      EXPECT_EQ(got.kind, c.raised[i].kind);
      EXPECT_EQ(got.severity, c.raised[i].severity);
      EXPECT_EQ(got.message, c.raised[i].message);
    }
  }
}

constexpr const char* kAllClear =
    R"j({"previous_product_removed":true,"previous_documents_removed":true,
        "equipment_clean_status_checked":true,"waste_removed":true,"labels_removed":true})j";

TEST(EntryTest, ValidValuesAndWhatIsStored) {
  run(
      {
          {"room conditions in limits", "environment",
           R"j({"temperature":21.5,"relative_humidity":45,"differential_pressure":12.5})j", "",
           R"j({"temperature":{"value":21.5,"unit":"°C"},"relative_humidity":{"value":45,"unit":"%"},
               "differential_pressure":{"value":12.5,"unit":"Pa"}})j"},
          {"kelvin converted to °C", "environment",
           R"j({"temperature":{"value":294.65,"unit":"K"},"relative_humidity":{"value":45},
               "differential_pressure":{"value":0.125,"unit":"mbar"}})j",
           "",
           R"j({"temperature":{"value":21.5,"unit":"°C","entered_value":294.65,"entered_unit":"K"},
               "relative_humidity":{"value":45,"unit":"%"},
               "differential_pressure":{"value":12.5,"unit":"Pa","entered_value":0.125,
                                        "entered_unit":"mbar"}})j"},
          {"particles within grade C", "environment",
           R"j({"temperature":20,"relative_humidity":40,"differential_pressure":15,
               "particles_05um":120000,"particles_5um":{"value":850,"unit":"/m³"}})j",
           "",
           R"j({"temperature":{"value":20,"unit":"°C"},"relative_humidity":{"value":40,"unit":"%"},
               "differential_pressure":{"value":15,"unit":"Pa"},
               "particles_05um":{"value":120000,"unit":"/m³"},
               "particles_5um":{"value":850,"unit":"/m³"}})j"},
          {"null for an optional field is absent", "environment",
           R"j({"temperature":20,"relative_humidity":40,"differential_pressure":15,
               "particles_05um":null,"remarks":null})j",
           "",
           R"j({"temperature":{"value":20,"unit":"°C"},"relative_humidity":{"value":40,"unit":"%"},
               "differential_pressure":{"value":15,"unit":"Pa"}})j"},
          {"clearance all clear", "clearance", kAllClear, "",
           R"j({"previous_product_removed":{"value":true},"previous_documents_removed":{"value":true},
               "equipment_clean_status_checked":{"value":true},"waste_removed":{"value":true},
               "labels_removed":{"value":true}})j"},
          {"usage: a calibration with its due date", "usage",
           R"j({"activity":"calibrated","calibration_due":"2027-03-31"})j", "",
           R"j({"activity":{"value":"calibrated"},
               "calibration_due":{"time":"2027-03-31T00:00:00.000000Z"}})j"},
          {"usage: the object form", "usage",
           R"j({"activity":{"value":"use_start"},"remarks":{"value":"Campaign of 3 batches"}})j",
           "",
           R"j({"activity":{"value":"use_start"},"remarks":{"value":"Campaign of 3 batches"}})j"},
          {"cleaning", "cleaning",
           R"j({"level":"major","procedure":"SOP-CLN-0042","detergent_lot":"D-2211",
               "rinse_water_temperature":{"value":60,"unit":"°C"}})j",
           "",
           R"j({"level":{"value":"major"},"procedure":{"value":"SOP-CLN-0042"},
               "detergent_lot":{"value":"D-2211"},
               "rinse_water_temperature":{"value":60,"unit":"°C"}})j"},
          {"gowning: a time on a date-only field keeps its UTC date", "gowning",
           R"j({"person":"Maria Keller (mkeller)","qualification":"grade_c",
               "valid_until":{"time":"2027-06-30T15:00:00+02:00"}})j",
           "",
           R"j({"person":{"value":"Maria Keller (mkeller)"},"qualification":{"value":"grade_c"},
               "valid_until":{"time":"2027-06-30T00:00:00.000000Z"}})j"},
          {"receipt", "receipt",
           R"j({"delivery_note":"DN-884120","containers_intact":true,"labels_match":true,
               "seal_intact":true})j",
           "",
           R"j({"delivery_note":{"value":"DN-884120"},"containers_intact":{"value":true},
               "labels_match":{"value":true},"seal_intact":{"value":true}})j"},
      },
      default_templates());
}

TEST(EntryTest, ExcursionsAreAcceptedAndRaised) {
  run(
      {
          {"particles above the grade C alarm limits",
           "environment",
           R"j({"temperature":21,"relative_humidity":45,"differential_pressure":12,
               "particles_05um":400000,"particles_5um":3100})j",
           "",
           R"j({"temperature":{"value":21,"unit":"°C"},"relative_humidity":{"value":45,"unit":"%"},
               "differential_pressure":{"value":12,"unit":"Pa"},
               "particles_05um":{"value":400000,"unit":"/m³"},
               "particles_5um":{"value":3100,"unit":"/m³"}})j",
           {{"particles_05um", "alarm_excursion", "minor",
             "particles_05um 400000 /m³ is above the alarm limit 352000 /m³"},
            {"particles_5um", "alarm_excursion", "minor",
             "particles_5um 3100 /m³ is above the alarm limit 2930 /m³"}}},
          {"warm, dry room at too low a pressure",
           "environment",
           R"j({"temperature":26.1,"relative_humidity":28,"differential_pressure":-2.5})j",
           "",
           R"j({"temperature":{"value":26.1,"unit":"°C"},"relative_humidity":{"value":28,"unit":"%"},
               "differential_pressure":{"value":-2.5,"unit":"Pa"}})j",
           {{"temperature", "alarm_excursion", "minor",
             "temperature 26.1 °C is above the alarm limit 25 °C"},
            {"relative_humidity", "alarm_excursion", "minor",
             "relative_humidity 28 % is below the alarm limit 30 %"},
            {"differential_pressure", "alarm_excursion", "minor",
             "differential_pressure -2.5 Pa is below the alarm limit 10 Pa"}}},
          {"a clearance item answered No",
           "clearance",
           R"j({"previous_product_removed":true,"previous_documents_removed":true,
               "equipment_clean_status_checked":true,"waste_removed":false,"labels_removed":true,
               "remarks":"Bin in the airlock not emptied; removed before the start"})j",
           "",
           R"j({"previous_product_removed":{"value":true},"previous_documents_removed":{"value":true},
               "equipment_clean_status_checked":{"value":true},"waste_removed":{"value":false},
               "labels_removed":{"value":true},
               "remarks":{"value":"Bin in the airlock not emptied; removed before the start"}})j",
           {{"waste_removed", "unexpected_value", "major", "waste_removed is No, expected Yes"}}},
          {"a receipt with a broken seal",
           "receipt",
           R"j({"delivery_note":"DN-1","containers_intact":true,"labels_match":true,
               "seal_intact":false})j",
           "",
           R"j({"delivery_note":{"value":"DN-1"},"containers_intact":{"value":true},
               "labels_match":{"value":true},"seal_intact":{"value":false}})j",
           {{"seal_intact", "unexpected_value", "major", "seal_intact is No, expected Yes"}}},
      },
      default_templates());
}

struct Refusal {
  const char* label;
  const char* type;    // a default's type code
  std::string fields;  // JSON object
  const char* field;   // details.field
  const char* fragment;
};

void run(const std::vector<Refusal>& cases, const std::vector<Template>& templates) {
  std::vector<EntryCase> entries;
  for (const Refusal& r : cases) {
    entries.push_back({r.label, r.type, r.fields.c_str(), "", nullptr, {}, r.field, r.fragment});
  }
  run(entries, templates);
}

// Room conditions with `temperature` (JSON) and the other members given.
std::string room(std::string temperature, std::string more = "") {
  return R"j({"relative_humidity":45,"differential_pressure":12,"temperature":)j" + temperature +
         more + "}";
}

TEST(EntryTest, RefusedValues) {
  run(
      {
          {"above the hard limit", "environment", room("55"), "fields.temperature",
           "temperature 55 °C is above the upper limit 50 °C"},
          {"below the hard limit", "environment", room("-0.1"), "fields.temperature",
           "temperature -0.1 °C is below the lower limit 0 °C"},
          {"humidity over 100 %", "environment",
           R"j({"temperature":20,"relative_humidity":101,"differential_pressure":12})j",
           "fields.relative_humidity", "relative_humidity 101 % is above the upper limit 100 %"},
          {"kg for a temperature", "environment", room(R"j({"value":21.5,"unit":"kg"})j"),
           "fields.temperature", "cannot convert kg (mass) to °C (temperature)"},
          {"an unknown unit", "environment", room(R"j({"value":70,"unit":"°F"})j"),
           "fields.temperature", "unknown unit \"°F\""},
          {"converted, then above the hard limit", "environment",
           room(R"j({"value":373.15,"unit":"K"})j"), "fields.temperature",
           "temperature 100 °C is above the upper limit 50 °C"},
          {"too many decimals", "environment", room("21.55"), "fields.temperature",
           "temperature is recorded with 1 decimal; 21.55 has more"},
          {"a required field missing", "environment",
           R"j({"relative_humidity":45,"differential_pressure":12})j", "fields.temperature",
           "fields.temperature: is required (Temperature)"},
          {"an unknown field", "environment", room("21", R"j(,"humidity":45)j"), "fields.humidity",
           "unknown field; the fields of environment are temperature, relative_humidity, "
           "differential_pressure, particles_05um, particles_5um, remarks"},
          {"a number as a string", "environment", room(R"j("21.5")j"), "fields.temperature",
           "must be a number in °C (or {\"value\": …, \"unit\": …}), not a string"},
          {"an array", "environment", room("[21.5]"), "fields.temperature", "not an array"},
          {"a unit without a value", "environment", room(R"j({"unit":"°C"})j"),
           "fields.temperature", "needs \"value\""},
          {"a time on a number", "environment",
           room(R"j({"value":21,"time":"2026-11-25T10:00:00Z"})j"), "fields.temperature",
           "takes no member \"time\": it takes \"value\" and \"unit\""},
          {"an impossible magnitude", "environment", room("1e300"), "fields.temperature",
           "must be a number between -1e15 and 1e15"},
          {"a unit on a text", "environment",
           room("21", R"j(,"remarks":{"value":"ok","unit":"kg"})j"), "fields.remarks",
           "takes no member \"unit\""},
          {"a boolean as a string", "clearance",
           R"j({"previous_product_removed":"yes","previous_documents_removed":true,
               "equipment_clean_status_checked":true,"waste_removed":true,
               "labels_removed":true})j",
           "fields.previous_product_removed", "must be true or false, not a string"},
          {"an option not offered", "usage", R"j({"activity":"repair"})j", "fields.activity",
           "activity: \"repair\" is not one of use_start, use_end, maintenance_start, "
           "maintenance_end, out_of_service, return_to_service, calibrated"},
          {"a choice as a number", "usage", R"j({"activity":1})j", "fields.activity",
           "must be one of its options (a string), not a number"},
          {"a calibration without its due date", "usage", R"j({"activity":"calibrated"})j",
           "fields.calibration_due", "is required when the activity is calibrated"},
          {"a date that is not a date", "usage",
           R"j({"activity":"calibrated","calibration_due":"31.03.2027"})j",
           "fields.calibration_due", "must be a date (\"2027-03-31\" or an RFC 3339 time)"},
          {"a pattern mismatch", "cleaning", R"j({"level":"minor","procedure":"SOP 42"})j",
           "fields.procedure",
           "procedure: \"SOP 42\" does not have the required form SOP-[A-Z]{2,5}-[0-9]{3,4}"},
          {"an empty text", "cleaning", R"j({"level":"minor","procedure":""})j", "fields.procedure",
           "procedure needs a text"},
          {"a text too long", "receipt",
           R"j({"delivery_note":")j" + std::string(65, '7') +
               R"j(","containers_intact":true,"labels_match":true,"seal_intact":true})j",
           "fields.delivery_note", "delivery_note takes at most 64 characters"},
          {"a date-only field given a bare time", "gowning",
           R"j({"person":"A. Person","qualification":"grade_d","valid_until":{"time":"15:00"}})j",
           "fields.valid_until", "must be a date"},
          {"a datetime given as value", "gowning",
           R"j({"person":"A. Person","qualification":"grade_d",
               "valid_until":{"value":"2027-01-01"}})j",
           "fields.valid_until", "takes no member \"value\": it takes \"time\""},
          {"a gowning grade not offered", "gowning",
           R"j({"person":"A. Person","qualification":"grade_a","valid_until":"2027-01-01"})j",
           "fields.qualification", "\"grade_a\" is not one of grade_d, grade_c, grade_b"},
      },
      default_templates());
}

// A plant's own template: a weight that may be kept outside its hard limits with a comment, and
// a time of day.
Template weighing_template() {
  auto t = parse_template(json::parse(R"j({"type":"check_weight","name":"Check weight",
    "kind":"general","fields":[
      {"key":"weight","name":"Weight","type":"numeric_entry","unit":"kg","decimals":2,
       "limits":{"low":0,"high":100},"allow_override":true},
      {"key":"weighed_at","name":"Weighed at","type":"datetime_entry"},
      {"key":"balance_ok","name":"Balance check passed","type":"boolean_entry","required":false},
      {"key":"grade","name":"Grade","type":"choice_entry","options":["a","b"],"expected":"a",
       "required":false}]})j"));
  EXPECT_TRUE(t.ok()) << problems_text(t.error());
  return t.ok() ? *t : Template{};
}

TEST(EntryTest, OverridesAndUnexpectedChoices) {
  run(
      {
          {"outside the hard limits with a comment",
           "check_weight",
           R"j({"weight":120.5,"weighed_at":"2026-11-25T13:52:40.25Z"})j",
           "Oversized container, agreed with QA (DEV-2026-0042)",
           R"j({"weight":{"value":120.5,"unit":"kg"},
               "weighed_at":{"time":"2026-11-25T13:52:40.250000Z"}})j",
           {{"weight", "hard_limit_override", "major",
             "weight 120.5 kg is above the upper limit 100 kg, kept with the comment: Oversized "
             "container, agreed with QA (DEV-2026-0042)"}}},
          {"outside the hard limits without a comment",
           "check_weight",
           R"j({"weight":120.5,"weighed_at":"2026-11-25T13:52:40Z"})j",
           "",
           nullptr,
           {},
           "fields.weight",
           "weight 120.5 kg is above the upper limit 100 kg; to keep it, give a comment"},
          {"grams rounded to the field's decimals",
           "check_weight",
           R"j({"weight":{"value":12345.6,"unit":"g"},"weighed_at":"2026-11-25T13:52:40Z",
               "balance_ok":true,"grade":"b"})j",
           "",
           R"j({"weight":{"value":12.35,"unit":"kg","entered_value":12345.6,"entered_unit":"g"},
               "weighed_at":{"time":"2026-11-25T13:52:40.000000Z"},"balance_ok":{"value":true},
               "grade":{"value":"b"}})j",
           {{"grade", "unexpected_value", "minor", "grade is \"b\", expected \"a\""}}},
          {"a time without its zone",
           "check_weight",
           R"j({"weight":1,"weighed_at":"2026-11-25T13:52:40"})j",
           "",
           nullptr,
           {},
           "fields.weighed_at",
           "must be an RFC 3339 time"},
          {"a date on a time field",
           "check_weight",
           R"j({"weight":1,"weighed_at":"2026-11-25"})j",
           "",
           nullptr,
           {},
           "fields.weighed_at",
           "must be an RFC 3339 time"},
      },
      {weighing_template()});
}

TEST(EntryTest, StoredValuesReadBack) {
  const Template env = default_template("environment");
  auto r = check_entry(env, object(R"j({"temperature":{"value":294.65,"unit":"K"},
                                  "relative_humidity":45,"differential_pressure":12.5,
                                  "remarks":"Door held open for a delivery"})j"),
                       "");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  // As the service stores and reloads it: integers come back as int64.
  CheckedEntry reloaded;
  reloaded.values = json::parse(json::serialize(r->values)).as_object();
  for (const CheckedEntry* e : {&*r, &reloaded}) {
    EXPECT_EQ(number_of(*e, "temperature"), 21.5);
    EXPECT_EQ(number_of(*e, "relative_humidity"), 45);
    EXPECT_EQ(text_of(*e, "remarks"), "Door held open for a delivery");
    EXPECT_EQ(number_of(*e, "remarks"), std::nullopt);
    EXPECT_EQ(text_of(*e, "temperature"), std::nullopt);
    EXPECT_EQ(number_of(*e, "particles_05um"), std::nullopt);  // not given
    EXPECT_EQ(number_of(*e, "nope"), std::nullopt);
  }
  const Template usage = default_template("usage");
  auto u = check_entry(usage,
                       object(R"j({"activity":"calibrated","calibration_due":"2027-03-31"})j"), "");
  ASSERT_TRUE(u.ok()) << u.error().to_string();
  EXPECT_EQ(text_of(*u, "activity"), "calibrated");
  EXPECT_EQ(time_of(*u, "calibration_due"), *parse_rfc3339("2027-03-31T00:00:00Z"));
  EXPECT_EQ(time_of(*u, "activity"), std::nullopt);
  auto c = check_entry(default_template("clearance"), object(kAllClear), "");
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  EXPECT_EQ(bool_of(*c, "waste_removed"), true);
  EXPECT_EQ(bool_of(*c, "remarks"), std::nullopt);
}

TEST(EntryTest, AStoredValueIsAValidInputOfItsField) {
  for (const char* type : {"clearance", "usage", "cleaning", "gowning", "receipt"}) {
    SCOPED_TRACE(type);
    const Template t = default_template(type);
    const std::map<std::string, const char*> inputs = {
        {"clearance", kAllClear},
        {"usage", R"j({"activity":"calibrated","calibration_due":"2027-03-31","remarks":"ok"})j"},
        {"cleaning", R"j({"level":"minor","procedure":"SOP-CLN-042"})j"},
        {"gowning", R"j({"person":"B","qualification":"grade_b","valid_until":"2027-01-01"})j"},
        {"receipt", R"j({"delivery_note":"7","containers_intact":true,"labels_match":true,
                         "seal_intact":true})j"}};
    auto once = check_entry(t, object(inputs.at(type)), "");
    ASSERT_TRUE(once.ok()) << once.error().to_string();
    auto twice = check_entry(t, once->values, "");
    ASSERT_TRUE(twice.ok()) << twice.error().to_string();
    EXPECT_EQ(twice->values, once->values);
  }
}

// ---- The batch value checks for a standalone field ----

TEST(FieldCheckTest, OnlyDataEntryTypes) {
  const std::vector<std::pair<const char*, bool>> types = {
      {R"j({"key":"a","name":"A","type":"numeric_entry","unit":"kg","decimals":1})j", true},
      {R"j({"key":"a","name":"A","type":"text_entry"})j", true},
      {R"j({"key":"a","name":"A","type":"choice_entry","options":["x","y"]})j", true},
      {R"j({"key":"a","name":"A","type":"boolean_entry"})j", true},
      {R"j({"key":"a","name":"A","type":"datetime_entry"})j", true},
      {R"j({"key":"a","name":"A","type":"instruction","text":"Do it."})j", false},
      {R"j({"key":"a","name":"A","type":"dispense","formula_line":"api"})j", false},
      {R"j({"key":"a","name":"A","type":"equipment_use","equipment_class":"PRESS"})j", false},
      {R"j({"key":"a","name":"A","type":"sign_off","meaning":"approved"})j", false},
  };
  for (const auto& [text, allowed] : types) {
    SCOPED_TRACE(text);
    json::array fields;
    fields.push_back(json::parse(text));
    auto t = parse_template(
        json::object{{"type", "t"}, {"name", "T"}, {"kind", "general"}, {"fields", fields}});
    if (allowed) {
      EXPECT_TRUE(t.ok()) << problems_text(t.error());
    } else {
      EXPECT_FALSE(t.ok());
    }
    // The batch entry point refuses the same types on its own.
    recipe::Step step;
    step.key = "a";
    const std::string type_name(json::parse(text).at("type").as_string());
    const auto type = recipe::parse_step_type(type_name);
    ASSERT_TRUE(type.has_value());
    EXPECT_EQ(batch::is_standalone_field_type(*type), allowed);
    if (allowed) continue;
    if (*type == recipe::StepType::kDispense) step.spec = recipe::DispenseSpec{"api"};
    if (*type == recipe::StepType::kEquipmentUse) step.spec = recipe::EquipmentUseSpec{"PRESS"};
    if (*type == recipe::StepType::kSignOff) step.spec = recipe::SignOffSpec{"approved"};
    batch::ValueInput in;
    in.text = "PRESS-01";
    auto r = batch::check_field(step, in, "");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().details.at("type").as_string(), type_name);
  }
}

TEST(FieldCheckTest, ReportsTheInputMemberAndTheLimits) {
  recipe::Step step;
  step.key = "temperature";
  recipe::NumericEntrySpec n;
  n.unit = "°C";
  n.decimals = 1;
  n.limits = {0, 50};
  n.alarm = {18, 25};
  step.spec = n;
  batch::ValueInput in;
  in.number = 60;
  auto r = batch::check_field(step, in, "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details.at("field").as_string(), "value.number");
  EXPECT_EQ(r.error().details.at("high").as_double(), 50);
  in.number = 17.5;
  auto ok = batch::check_field(step, in, "");
  ASSERT_TRUE(ok.ok()) << ok.error().to_string();
  EXPECT_EQ(ok->value.number, 17.5);
  EXPECT_EQ(ok->value.unit, "°C");
  ASSERT_EQ(ok->exceptions.size(), 1u);
  EXPECT_EQ(ok->exceptions[0].kind, batch::ExceptionKind::kAlarmExcursion);
  EXPECT_EQ(ok->exceptions[0].values.at("alarm_low"), 18);
}

}  // namespace
}  // namespace gemba::logbook
