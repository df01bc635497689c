// Logbook templates: names, reading (every problem located), the rules of each kind, JSON.

#include "gemba/logbook/model/template.h"

#include <algorithm>
#include <array>
#include <set>
#include <span>

#include "gemba/recipe/model/field_reader.h"
#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/format_step.h"
#include "gemba/recipe/model/problem.h"
#include "gemba/recipe/model/validate.h"

namespace gemba::logbook {
namespace {

namespace json = boost::json;
using recipe::Problem;
using recipe::StepType;
using recipe::TextKind;

constexpr std::array<std::string_view, kKindCount> kKindNames{
    "clearance", "usage", "cleaning", "environment", "gowning", "receipt", "general"};
constexpr std::array<std::string_view, 3> kLinkRuleNames{"none", "optional", "required"};
constexpr std::array<std::string_view, 9> kTemplateMembers{
    "type", "name", "description", "kind", "version", "verification", "meaning", "links", "fields"};
constexpr std::array<std::string_view, 4> kLinkNames{"equipment", "room", "batch", "lot"};

constexpr std::size_t kMaxNameChars = 200;
constexpr std::size_t kMaxDescriptionChars = 10000;

std::string list(std::span<const std::string_view> names) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) s += i + 1 == names.size() ? " and " : ", ";
    s += names[i];
  }
  return s;
}

// A JSON key as messages and paths show it: printable ASCII, at most 64 characters.
std::string shown_key(std::string_view key) {
  std::string s;
  for (char c : key.substr(0, 64)) {
    const auto b = static_cast<unsigned char>(c);
    s.push_back(b >= 0x20 && b < 0x7f ? c : '?');
  }
  if (key.size() > 64) s += "...";
  return s;
}

bool is_field_type(StepType t) {
  return t == StepType::kNumericEntry || t == StepType::kTextEntry || t == StepType::kChoiceEntry ||
         t == StepType::kBooleanEntry || t == StepType::kDateTimeEntry;
}

// The problems found, at most recipe::kMaxProblems of them (then a last one says so).
class Problems {
 public:
  void add(std::string field, std::string message) {
    if (list_.size() < recipe::kMaxProblems) {
      list_.push_back({std::move(field), std::move(message)});
    } else if (list_.size() == recipe::kMaxProblems) {
      list_.push_back({"", "more than " + std::to_string(recipe::kMaxProblems) +
                               " problems were found; only the first are listed"});
    }
  }
  // The failure a recipe reader recorded, if any.
  void add(const recipe::ParseState& state) {
    if (!state.failed()) return;
    const Error& e = state.error();
    const json::value* f = e.details.if_contains("field");
    std::string field = f && f->is_string() ? std::string(f->as_string()) : std::string();
    std::string message = e.message;
    if (!field.empty() && message.starts_with(field + ": ")) message.erase(0, field.size() + 2);
    add(std::move(field), std::move(message));
  }
  bool empty() const { return list_.empty(); }
  std::vector<Problem>& list() { return list_; }

 private:
  std::vector<Problem> list_;
};

Error problems_error(const std::vector<Problem>& problems) {
  json::array items;
  items.reserve(problems.size());
  for (const Problem& p : problems) items.push_back({{"field", p.field}, {"message", p.message}});
  const std::string first = problems.front().to_string();
  std::string message = problems.size() == 1
                            ? "the template has a problem: " + first
                            : "the template has " + std::to_string(problems.size()) +
                                  " problems; the first: " + first;
  return Error::invalid_argument(
      std::move(message), {{"field", problems.front().field}, {"problems", std::move(items)}});
}

// ---- Rules over the parsed fields ----

// Where each of t.fields came from: fields[index[i]] of the document.
struct Rules {
  const Template& t;
  const std::vector<std::size_t>& index;
  Problems& problems;

  std::string at(std::size_t i) const { return "fields[" + std::to_string(index[i]) + "]"; }

  std::optional<std::size_t> find(std::string_view key) const {
    for (std::size_t i = 0; i < t.fields.size(); ++i) {
      if (t.fields[i].step.key == key) return i;
    }
    return std::nullopt;
  }

  // The recipe's step rules (units, limits, decimals, options, patterns, unique keys), run on a
  // recipe whose only operation holds the fields; its step paths are renamed to field paths.
  void step_rules() const {
    recipe::MasterRecipe r;
    r.product_code = "logbook";
    r.product_name = "Logbook";
    r.site = "logbook";
    r.header.batch_size = {1, "pcs"};
    r.header.theoretical_yield = {1, "pcs"};
    recipe::Operation op{"entry", "Entry", {}};
    op.steps.reserve(t.fields.size());
    for (const Field& f : t.fields) op.steps.push_back(f.step);
    r.unit_procedures.push_back({"logbook", "Logbook", false, {}, {std::move(op)}});
    for (Problem& p : recipe::validate(r)) {
      problems.add(rename(std::move(p.field)), rename(std::move(p.message)));
    }
  }

  std::string rename(std::string s) const {
    for (std::size_t i = 0; i < t.fields.size(); ++i) {
      const std::string from = recipe::step_path(0, 0, i);
      for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos)) {
        const std::string to = at(i);
        s.replace(pos, from.size(), to);
        pos += to.size();
      }
    }
    return s;
  }

  // A field the kind needs: present, of `type`, required when `required`. Returns its index.
  std::optional<std::size_t> need(std::string_view key, StepType type, bool required,
                                  std::string_view why) const {
    const auto i = find(key);
    const std::string field_phrase = "a " + std::string(recipe::step_type_name(type)) + " field";
    if (!i) {
      if (required) {
        problems.add("fields", kind_phrase() + " needs " + field_phrase + " \"" + std::string(key) +
                                   "\" (" + std::string(why) + ")");
      }
      return std::nullopt;
    }
    const Field& f = t.fields[*i];
    if (recipe::step_type(f.step) != type) {
      problems.add(at(*i) + ".type", "\"" + std::string(key) + "\" must be " + field_phrase +
                                         " in " + std::string(kind_phrase()) + " (" +
                                         std::string(why) + ")");
      return std::nullopt;
    }
    if (required && !f.required) {
      problems.add(at(*i) + ".required", "\"" + std::string(key) + "\" must be required in " +
                                             std::string(kind_phrase()) + " (" + std::string(why) +
                                             ")");
    }
    return i;
  }

  void need_date_only(std::size_t i) const {
    if (!std::get<recipe::DateTimeEntrySpec>(t.fields[i].step.spec).date_only) {
      problems.add(at(i) + ".date_only",
                   "must be true: \"" + t.fields[i].step.key + "\" is a date, not a time");
    }
  }

  // "a cleaning logbook", "an environment logbook".
  std::string kind_phrase() const {
    return (t.kind == Kind::kEnvironment ? "an " : "a ") + std::string(kind_name(t.kind)) +
           " logbook";
  }

  void link(std::string_view name, LinkRule rule, LinkRule at_least, std::string_view why) const {
    if (rule >= at_least) return;
    const std::string wanted =
        at_least == LinkRule::kRequired ? "\"required\"" : "\"optional\" or \"required\"";
    problems.add("links." + std::string(name),
                 "must be " + wanted + " for " + kind_phrase() + " (" + std::string(why) + ")");
  }

  void verified(std::string_view why) const {
    if (!t.verification) {
      problems.add("verification", "must be true for " + kind_phrase() + ": " + std::string(why));
    }
  }

  void kind_rules() const {
    switch (t.kind) {
      case Kind::kClearance: {
        const bool checklist = std::any_of(t.fields.begin(), t.fields.end(), [](const Field& f) {
          const auto* b = std::get_if<recipe::BooleanEntrySpec>(&f.step.spec);
          return b && b->expected == true;
        });
        if (!checklist) {
          problems.add("fields", kind_phrase() +
                                     " needs at least one boolean_entry field with \"expected\": "
                                     "true (its checklist)");
        }
        verified("a second person verifies the clearance");
        link("room", t.links.room, LinkRule::kRequired, "the room it clears");
        link("batch", t.links.batch, LinkRule::kRequired, "the batch it clears the room for");
        return;
      }
      case Kind::kUsage: {
        if (auto i = need(kActivityField, StepType::kChoiceEntry, true,
                          "the equipment status follows it")) {
          const auto& options = std::get<recipe::ChoiceEntrySpec>(t.fields[*i].step.spec).options;
          for (std::size_t o = 0; o < options.size(); ++o) {
            if (std::find(std::begin(kUsageActivities), std::end(kUsageActivities), options[o]) ==
                std::end(kUsageActivities)) {
              problems.add(at(*i) + ".options[" + std::to_string(o) + "]",
                           recipe::quoted(options[o]) +
                               " is not an equipment activity; the "
                               "activities are " +
                               list(kUsageActivities));
            }
          }
        }
        if (auto i = need(kCalibrationDueField, StepType::kDateTimeEntry, false,
                          "the next calibration")) {
          need_date_only(*i);
        }
        link("equipment", t.links.equipment, LinkRule::kRequired, "the equipment used");
        return;
      }
      case Kind::kCleaning: {
        if (auto i = need(kLevelField, StepType::kChoiceEntry, true,
                          "the equipment status follows it")) {
          const auto& options = std::get<recipe::ChoiceEntrySpec>(t.fields[*i].step.spec).options;
          const std::set<std::string_view> got(options.begin(), options.end());
          const std::set<std::string_view> want(std::begin(kCleaningLevels),
                                                std::end(kCleaningLevels));
          if (got != want) {
            problems.add(at(*i) + ".options",
                         "the cleaning levels are exactly minor and major (the equipment status "
                         "follows them)");
          }
        }
        verified("a second person verifies the cleaning");
        link("equipment", t.links.equipment, LinkRule::kOptional, "the equipment cleaned");
        link("room", t.links.room, LinkRule::kOptional, "the room cleaned");
        return;
      }
      case Kind::kEnvironment: {
        const bool measured = std::any_of(t.fields.begin(), t.fields.end(), [](const Field& f) {
          return recipe::step_type(f.step) == StepType::kNumericEntry;
        });
        if (!measured) {
          problems.add("fields",
                       kind_phrase() + " needs at least one numeric_entry field (a measurement)");
        }
        link("room", t.links.room, LinkRule::kRequired, "the room monitored");
        return;
      }
      case Kind::kGowning: {
        need(kPersonField, StepType::kTextEntry, true, "the person qualified");
        if (auto i = need(kValidUntilField, StepType::kDateTimeEntry, true,
                          "the end of the qualification")) {
          need_date_only(*i);
        }
        return;
      }
      case Kind::kReceipt:
        link("lot", t.links.lot, LinkRule::kRequired, "the lot received");
        return;
      case Kind::kGeneral: return;
    }
  }
};

// ---- Reading ----

// Reads one member of the template object with a reader of its own, so that each member's
// problem is reported.
template <typename Read>
void member(Problems& problems, const json::value& v, Read&& read) {
  recipe::ParseState state;
  recipe::FieldReader r(state, v, "", "a logbook template");
  read(r);
  problems.add(state);
}

Links read_links(Problems& problems, const json::value& v) {
  Links links;
  const json::object* o = v.if_object();
  if (!o) {
    problems.add("links", "must be an object: {\"equipment\", \"room\", \"batch\", \"lot\"}");
    return links;
  }
  LinkRule* const rules[] = {&links.equipment, &links.room, &links.batch, &links.lot};
  for (const auto& kv : *o) {
    const auto name = std::find(kLinkNames.begin(), kLinkNames.end(), kv.key());
    if (name == kLinkNames.end()) {
      problems.add("links." + shown_key(kv.key()),
                   "unknown link; the links are " + list(kLinkNames));
      continue;
    }
    const std::string path = "links." + std::string(*name);
    const json::string* s = kv.value().if_string();
    const auto rule = s ? parse_link_rule(*s) : std::nullopt;
    if (!rule) {
      problems.add(path, "must be \"none\", \"optional\" or \"required\"");
      continue;
    }
    *rules[name - kLinkNames.begin()] = *rule;
  }
  return links;
}

// Reads fields[i]; nullopt (with the problems recorded) when it cannot be used.
std::optional<Field> read_field(Problems& problems, const json::value& v, std::size_t i) {
  const std::string path = "fields[" + std::to_string(i) + "]";
  const json::object* o = v.if_object();
  if (!o) {
    problems.add(path, "must be an object (a field: a recipe step plus \"required\")");
    return std::nullopt;
  }
  Field f;
  json::object step = *o;
  if (const json::value* required = step.if_contains("required")) {
    if (!required->is_bool()) {
      problems.add(path + ".required", "must be true or false");
      return std::nullopt;
    }
    f.required = required->get_bool();
    step.erase("required");
  }
  recipe::ParseState state;
  f.step = recipe::read_step(state, step, path, recipe::FormatLimits{});
  if (state.failed()) {
    problems.add(state);
    return std::nullopt;
  }
  const StepType type = recipe::step_type(f.step);
  if (!is_field_type(type)) {
    problems.add(path + ".type",
                 "a logbook field is a numeric_entry, text_entry, choice_entry, "
                 "boolean_entry or datetime_entry, not " +
                     std::string(recipe::step_type_name(type)));
    return std::nullopt;
  }
  bool usable = true;
  if (!f.step.condition.empty()) {
    problems.add(path + ".condition",
                 "a logbook field has no condition: mark it \"required\": false instead");
    usable = false;
  }
  if (f.step.repeat) {
    problems.add(path + ".repeat", "a logbook field does not repeat: each entry records it once");
    usable = false;
  }
  if (f.step.witness != recipe::Witness::kNone) {
    problems.add(path + ".witness",
                 "a logbook field has no witness: set \"verification\" on the template");
    usable = false;
  }
  if (!usable) return std::nullopt;
  return f;
}

bool known_meaning(std::string_view m) {
  return std::find(std::begin(recipe::kSignOffMeanings), std::end(recipe::kSignOffMeanings), m) !=
         std::end(recipe::kSignOffMeanings);
}

std::string link_rule_text(LinkRule r) { return std::string(link_rule_name(r)); }

}  // namespace

std::string_view kind_name(Kind k) { return kKindNames[static_cast<int>(k)]; }

std::optional<Kind> parse_kind(std::string_view name) {
  for (int i = 0; i < kKindCount; ++i) {
    if (kKindNames[i] == name) return static_cast<Kind>(i);
  }
  return std::nullopt;
}

std::string_view link_rule_name(LinkRule r) { return kLinkRuleNames[static_cast<int>(r)]; }

std::optional<LinkRule> parse_link_rule(std::string_view name) {
  for (std::size_t i = 0; i < kLinkRuleNames.size(); ++i) {
    if (kLinkRuleNames[i] == name) return static_cast<LinkRule>(i);
  }
  return std::nullopt;
}

const Field* find_field(const Template& t, std::string_view key) {
  for (const Field& f : t.fields) {
    if (f.step.key == key) return &f;
  }
  return nullptr;
}

Result<Template> parse_template(const json::value& v) {
  Problems problems;
  const json::object* o = v.if_object();
  if (!o) {
    problems.add("", "a logbook template must be a JSON object");
    return problems_error(problems.list());
  }
  for (const auto& kv : *o) {
    if (std::find(kTemplateMembers.begin(), kTemplateMembers.end(), kv.key()) ==
        kTemplateMembers.end()) {
      problems.add(shown_key(kv.key()),
                   "unknown field; the fields of a logbook template are " + list(kTemplateMembers));
    }
  }
  Template t;
  bool kind_known = false;
  member(problems, v, [&](recipe::FieldReader& r) {
    t.type = r.string("type", TextKind::kKey, kMaxTypeChars, true);
  });
  member(problems, v, [&](recipe::FieldReader& r) {
    t.name = r.string("name", TextKind::kLine, kMaxNameChars, true);
  });
  member(problems, v, [&](recipe::FieldReader& r) {
    t.description = r.string("description", TextKind::kMultiline, kMaxDescriptionChars, false);
  });
  member(problems, v, [&](recipe::FieldReader& r) {
    const std::string kind = r.string("kind", TextKind::kLine, 32, true);
    if (kind.empty()) return;
    if (auto k = parse_kind(kind)) {
      t.kind = *k;
      kind_known = true;
    } else {
      r.fail("kind",
             "unknown kind " + recipe::quoted(kind) + "; the kinds are " + list(kKindNames));
    }
  });
  member(problems, v, [&](recipe::FieldReader& r) {
    t.version = static_cast<int>(r.integer("version", 1, 1000000, false).value_or(1));
  });
  member(problems, v, [&](recipe::FieldReader& r) {
    t.verification = r.boolean("verification").value_or(false);
  });
  member(problems, v, [&](recipe::FieldReader& r) {
    const std::string meaning = r.string("meaning", TextKind::kLine, 32, false);
    if (!r.raw("meaning") || r.failed()) return;
    if (!known_meaning(meaning)) {
      r.fail("meaning", "unknown signature meaning " + recipe::quoted(meaning) +
                            "; the meanings are " + list(recipe::kSignOffMeanings));
      return;
    }
    t.meaning = meaning;
  });
  if (t.verification && t.meaning == "verified") {
    problems.add("meaning",
                 "the second person signs \"verified\"; the entry's own meaning must differ "
                 "(\"performed\")");
  }
  if (const json::value* links = o->if_contains("links")) t.links = read_links(problems, *links);

  std::vector<std::size_t> index;  // t.fields[i] is fields[index[i]]
  bool fields_read = true;
  const json::value* fields = o->if_contains("fields");
  if (!fields) {
    problems.add("fields", "is required");
  } else if (const json::array* a = fields->if_array(); !a) {
    problems.add("fields", "must be an array of fields");
  } else if (a->empty()) {
    problems.add("fields", "a template needs at least one field");
  } else if (a->size() > kMaxFields) {
    problems.add("fields", "has " + std::to_string(a->size()) + " fields; at most " +
                               std::to_string(kMaxFields) + " are allowed");
  } else {
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (auto f = read_field(problems, (*a)[i], i)) {
        t.fields.push_back(std::move(*f));
        index.push_back(i);
      } else {
        fields_read = false;
      }
    }
  }
  const Rules rules{t, index, problems};
  if (!t.fields.empty()) rules.step_rules();
  // The kind's rules need every field: a missing one may only have failed to read.
  if (kind_known && fields_read && fields) rules.kind_rules();
  if (!problems.empty()) return problems_error(problems.list());
  return t;
}

json::object template_json(const Template& t) {
  json::object o;
  o["type"] = t.type;
  o["name"] = t.name;
  if (!t.description.empty()) o["description"] = t.description;
  o["kind"] = kind_name(t.kind);
  o["version"] = t.version;
  o["verification"] = t.verification;
  o["meaning"] = t.meaning;
  o["links"] = json::object{{"equipment", link_rule_text(t.links.equipment)},
                            {"room", link_rule_text(t.links.room)},
                            {"batch", link_rule_text(t.links.batch)},
                            {"lot", link_rule_text(t.links.lot)}};
  json::array fields;
  fields.reserve(t.fields.size());
  for (const Field& f : t.fields) {
    json::object step = recipe::step_to_json(f.step);
    if (!f.required) step["required"] = false;
    fields.push_back(std::move(step));
  }
  o["fields"] = std::move(fields);
  return o;
}

}  // namespace gemba::logbook
