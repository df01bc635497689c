#pragma once
// Logbook templates and the entries they check. A logbook type (line clearance, equipment usage,
// cleaning, environmental monitoring, gowning, material receipt, or a plant's own) is configured
// by a template: a code, a kind, the links an entry carries (equipment, room, batch, lot), whether
// a second person verifies it, and its fields. A field is a recipe data-entry step (recipe/model/
// step.h: numeric, text, choice, boolean or datetime entry) plus whether it is required; it is
// read, validated and checked exactly as that step is in a recipe and a batch (recipe format and
// validation, batch/model/field_check.h), so units, limits, decimals, options and patterns mean
// the same everywhere.
//
// The kind decides what the equipment and room status logic reads from an entry, so each kind
// has rules a template must keep (parse_template refuses the template otherwise):
//   clearance    at least one boolean_entry expected true (the checklist); verification; links
//                room and batch required.
//   usage        a required choice_entry "activity" whose options are some of kUsageActivities;
//                "calibration_due", if present, a date-only datetime_entry; link equipment
//                required.
//   cleaning     a required choice_entry "level" with exactly the options minor and major;
//                verification; links equipment and room at least optional.
//   environment  at least one numeric_entry; link room required.
//   gowning      a required text_entry "person" and a required date-only datetime_entry
//                "valid_until".
//   receipt      link lot required.
//   general      no rule.
//
// Everything here is pure value code: no clock, no storage. Safe for concurrent use.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"
#include "gemba/recipe/model/expression.h"
#include "gemba/recipe/model/step.h"

namespace gemba::logbook {

enum class Kind { kClearance, kUsage, kCleaning, kEnvironment, kGowning, kReceipt, kGeneral };
inline constexpr int kKindCount = 7;
// "clearance", "usage", "cleaning", "environment", "gowning", "receipt", "general"
std::string_view kind_name(Kind k);
std::optional<Kind> parse_kind(std::string_view name);

// Whether an entry carries a link: "none" (refused), "optional", "required".
enum class LinkRule { kNone, kOptional, kRequired };
std::string_view link_rule_name(LinkRule r);
std::optional<LinkRule> parse_link_rule(std::string_view name);

struct Links {
  LinkRule equipment = LinkRule::kNone;
  LinkRule room = LinkRule::kNone;
  LinkRule batch = LinkRule::kNone;
  LinkRule lot = LinkRule::kNone;
  bool operator==(const Links&) const = default;
};

// One field of an entry: a data-entry step (numeric_entry, text_entry, choice_entry,
// boolean_entry or datetime_entry) without condition, repeat or witness.
struct Field {
  recipe::Step step;
  bool required = true;  // an entry without a value for it is refused
  bool operator==(const Field&) const = default;
};

struct Template {
  std::string type;  // code, [a-z][a-z0-9_]*, at most 40: the URL names it (/logbooks/{type}/…)
  std::string name;  // "Cleaning"
  std::string description;
  Kind kind = Kind::kGeneral;
  int version = 1;  // ≥ 1; the service increments it when the template changes
  std::vector<Field> fields;
  bool verification = false;  // a second, different person verifies each entry (signs "verified")
  std::string meaning = "performed";  // what the person recording an entry signs; one of
                                      // recipe::kSignOffMeanings, not "verified" with verification
  Links links;
  bool operator==(const Template&) const = default;
};

// The equipment activities a usage logbook may offer (equipment/model/status.h event names).
inline constexpr std::string_view kUsageActivities[] = {
    "use_start",      "use_end",           "maintenance_start", "maintenance_end",
    "out_of_service", "return_to_service", "calibrated"};
// The cleaning levels of a cleaning logbook.
inline constexpr std::string_view kCleaningLevels[] = {"minor", "major"};

// The keys of the fields the kind rules name.
inline constexpr std::string_view kActivityField = "activity";               // usage
inline constexpr std::string_view kCalibrationDueField = "calibration_due";  // usage
inline constexpr std::string_view kLevelField = "level";                     // cleaning
inline constexpr std::string_view kPersonField = "person";                   // gowning
inline constexpr std::string_view kValidUntilField = "valid_until";          // gowning

inline constexpr std::size_t kMaxTypeChars = 40;
inline constexpr std::size_t kMaxFields = 100;

// Reads and validates a template:
//   {"type": "cleaning", "name": "Cleaning", "description"?: "…", "kind": "cleaning",
//    "version"?: 1, "verification"?: false, "meaning"?: "performed",
//    "links"?: {"equipment"?: "optional", "room"?: …, "batch"?: …, "lot"?: …},
//    "fields": [<a recipe step (docs/recipe-format.md)> + "required"?: true, …]}
// Absent members take the defaults of Template. Every problem is reported: invalid_argument
// "the template has N problems; the first: fields[2].unit: unknown unit …", details
// {"field": <the first problem's field>, "problems": [{"field", "message"}, …]} — the shape of
// recipe validation problems (recipe/model/problem.h); at most recipe::kMaxProblems, then a last
// one (field "") says more were found. Field paths are "type", "links.room",
// "fields[2].options[1]", …; fields are validated by the recipe's step rules (units, limits,
// decimals, options, patterns, unique keys), then the kind's rules (above).
Result<Template> parse_template(const boost::json::value& v);

// The template as parse_template reads it, keys in a fixed order: type, name, description (when
// not empty), kind, version, verification, meaning, links (all four), fields (each a recipe step
// as recipe::step_to_json writes it, plus "required": false for optional fields).
// parse_template(template_json(t)) == t for every template parse_template returned.
boost::json::object template_json(const Template& t);

// The field with `key`, or nullptr.
const Field* find_field(const Template& t, std::string_view key);

// The six templates a new plant starts with (type codes "clearance", "usage", "cleaning",
// "environment", "gowning", "receipt"), for an oral solid dose plant. Each is valid.
std::vector<Template> default_templates();

// ---- Entries ----------------------------------------------------------------------------------

// An entry's values, checked. `values` is the canonical stored form, one member per field given,
// in template order:
//   numeric_entry   {"value": 21.5, "unit": "°C"}   in the field's unit, rounded to its decimals;
//                   "unit" absent for a dimensionless field. Entered in another unit of the same
//                   dimension, also "entered_value": 294.65, "entered_unit": "K" (as entered).
//   text_entry,
//   choice_entry    {"value": "major"}
//   boolean_entry   {"value": true}
//   datetime_entry  {"time": "2026-11-25T13:52:40.000000Z"} (RFC 3339 UTC, microseconds;
//                   date-only fields: midnight UTC of the date)
// Without entered_value/entered_unit, a stored value is also a valid input for the same field.
struct CheckedEntry {
  boost::json::object values;
  // Something accepted that a reviewer must see: an alarm excursion ("alarm_excursion", minor), a
  // choice or boolean other than expected ("unexpected_value"; minor for choices, major for
  // booleans), a value outside the hard limits kept with the comment ("hard_limit_override",
  // major). Names as batch.h exception_kind_name / severity_name.
  struct Exception {
    std::string kind;
    std::string severity;
    std::string message;              // "particles_05um 400000 /m³ is above the alarm limit …"
    std::string field;                // the field's key
    recipe::ExpressionValues values;  // the value and the limits concerned
    bool operator==(const Exception&) const = default;
  };
  std::vector<Exception> exceptions;  // in field order
};

// Checks an entry's field values against the template. `fields` maps a field key to its value:
// a scalar (a number, a string, true/false) or an object with the members of the batch step API
// (batch/request_body.h parse_value): {"value": 21.5, "unit": "K"} for numbers, {"value": …} for
// the others, {"time": "2026-11-25T13:52:40Z"} for datetime fields. A datetime field also takes an
// RFC 3339 string, a date-only one also "2027-03-31". null counts as absent. `comment` keeps
// values outside the hard limits of fields that allow an override (as a major exception).
//
// Values outside the alarm limits are accepted, with an exception: a measurement is never refused
// for being out of specification, only for being impossible (outside the hard limits).
//
// Errors: invalid_argument with details {"field": "fields.<key>"} (plus the checker's details:
// limits, decimals, pattern) for the first of: an unknown key, a missing required field, a value
// of the wrong type or with members the field does not take, a unit of another dimension, a value
// outside the hard limits (unless overridden), more decimals than the field records (a value in
// another unit is converted, then rounded to them), a text too
// long or not matching the pattern, a choice not offered, an unreadable time. A usage entry whose
// activity is "calibrated" needs calibration_due when the template has that field.
Result<CheckedEntry> check_entry(const Template& t, const boost::json::object& fields,
                                 std::string_view comment);

// Reading a checked entry's values (CheckedEntry::values, or the same object read back from
// storage). nullopt when the field has no value of that type.
std::optional<double> number_of(const CheckedEntry& e, std::string_view key);     // field's unit
std::optional<std::string> text_of(const CheckedEntry& e, std::string_view key);  // text, choice
std::optional<bool> bool_of(const CheckedEntry& e, std::string_view key);
std::optional<Timestamp> time_of(const CheckedEntry& e, std::string_view key);

}  // namespace gemba::logbook
