// Fuzzes logbook templates and entries (logbook/model/template.h), both untrusted JSON from the
// logbook API. The input is strict JSON: an object is read as a template and as an entry of each
// default template; an array [template, entry] as an entry of that template. Nothing may crash,
// hang or leak; an accepted template writes to JSON it reads back unchanged; an accepted entry
// stores only the template's fields, each readable by its accessor; every refusal names a field.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gemba/core/json.h"
#include "gemba/logbook/model/template.h"

namespace {

using namespace gemba::logbook;
namespace json = boost::json;

void check_refusal(const gemba::Error& e) {
  if (e.message.empty()) __builtin_trap();
  const json::value* field = e.details.if_contains("field");
  if (!field || !field->is_string()) __builtin_trap();
}

void check_template(const json::value& v) {
  auto t = parse_template(v);
  if (!t.ok()) {
    check_refusal(t.error());
    if (!t.error().details.contains("problems")) __builtin_trap();
    return;
  }
  const json::object written = template_json(*t);
  auto again = parse_template(written);
  if (!again.ok() || !(*again == *t) || template_json(*again) != written) __builtin_trap();
}

void check(const Template& t, const json::object& fields, std::string_view comment) {
  auto e = check_entry(t, fields, comment);
  if (!e.ok()) {
    check_refusal(e.error());
    if (!e.error().details.at("field").as_string().starts_with("fields.")) __builtin_trap();
    return;
  }
  for (const auto& kv : e->values) {
    const Field* f = find_field(t, kv.key());
    if (!f) __builtin_trap();
    const bool readable = number_of(*e, kv.key()) || text_of(*e, kv.key()) ||
                          bool_of(*e, kv.key()) || time_of(*e, kv.key());
    if (!readable) __builtin_trap();
  }
  for (const Field& f : t.fields) {
    if (f.required && !e->values.contains(f.step.key)) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed =
      gemba::parse_json_strict(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed.ok()) return 0;
  static const std::vector<Template> defaults = default_templates();
  if (const json::object* o = parsed->if_object()) {
    check_template(*parsed);
    for (const Template& t : defaults) {
      check(t, *o, "");
      check(t, *o, "fuzzed override comment");
    }
  } else if (const json::array* a = parsed->if_array(); a && a->size() == 2) {
    check_template((*a)[0]);
    auto t = parse_template((*a)[0]);
    if (t.ok() && (*a)[1].is_object()) check(*t, (*a)[1].as_object(), "comment");
  }
  return 0;
}
