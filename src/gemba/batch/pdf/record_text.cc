#include "gemba/batch/pdf/record_text.h"

#include <charconv>
#include <cstdio>

#include "gemba/core/json.h"
#include "gemba/core/time.h"
#include "gemba/trust/signature.h"

namespace gemba::batch::pdf {
namespace {

namespace json = boost::json;

constexpr std::string_view kDash = " \u2014 ";
constexpr std::string_view kEnDash = " \u2013 ";

void append(std::string& out, std::string_view separator, const std::string& part) {
  if (part.empty()) return;
  if (!out.empty()) out += separator;
  out += part;
}

std::string with_unit(std::string number, const std::string& unit) {
  if (number.empty() || unit.empty()) return number;
  return number + " " + unit;
}

// "9.5 – 10.5 kg", "min 9.5 kg", "max 10.5 kg", or "" for a range with neither bound. A range
// that is not an object is printed as it is.
std::string range_text(const json::value* range, const std::string& unit, int decimals) {
  if (range == nullptr) return "";
  const auto* o = range->if_object();
  if (o == nullptr) return scalar_text(range);
  const std::string low = number_text(member(*o, "low"), decimals);
  const std::string high = number_text(member(*o, "high"), decimals);
  if (!low.empty() && !high.empty()) return with_unit(low + std::string(kEnDash) + high, unit);
  if (!low.empty()) return "min " + with_unit(low, unit);
  if (!high.empty()) return "max " + with_unit(high, unit);
  return "";
}

}  // namespace

int spec_decimals(const json::object& spec) {
  const auto* d = member(spec, "decimals");
  if (d == nullptr || !d->is_number()) return -1;
  const auto r = d->to_number<double>();
  return r >= 0 && r <= 12 ? static_cast<int>(r) : -1;
}

namespace {

std::string readable_key(std::string_view key) {
  std::string s(key);
  for (char& c : s) {
    if (c == '_') c = ' ';
  }
  return s;
}

}  // namespace

const json::value* member(const json::object& o, std::string_view key) {
  return o.if_contains(key);
}

const json::object* object_member(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr ? v->if_object() : nullptr;
}

const json::array* array_member(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr ? v->if_array() : nullptr;
}

std::string scalar_text(const json::value* v) {
  if (v == nullptr) return "";
  switch (v->kind()) {
    case json::kind::null: return "";
    case json::kind::bool_: return v->get_bool() ? "yes" : "no";
    case json::kind::string: return std::string(v->get_string());
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return number_text(v);
    case json::kind::array: {
      std::string out;
      for (const auto& item : v->get_array()) {
        if (item.is_object() || item.is_array()) return canonical_json(*v);
        append(out, ", ", scalar_text(&item));
      }
      return out;
    }
    case json::kind::object: return canonical_json(*v);
  }
  return "";
}

std::string text_member(const json::object& o, std::string_view key) {
  return scalar_text(member(o, key));
}

std::string number_text(const json::value* v, int decimals) {
  if (v == nullptr) return "";
  std::string s;
  if (v->is_int64()) {
    s = std::to_string(v->get_int64());
  } else if (v->is_uint64()) {
    s = std::to_string(v->get_uint64());
  } else if (v->is_double()) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v->get_double());
    s.assign(buf, r.ptr);
  } else {
    return scalar_text(v);
  }
  if (decimals <= 0 || s.find_first_of("eEn") != std::string::npos) return s;
  const auto dot = s.find('.');
  const std::size_t have = dot == std::string::npos ? 0 : s.size() - dot - 1;
  if (dot == std::string::npos) s += '.';
  if (have < static_cast<std::size_t>(decimals)) {
    s.append(static_cast<std::size_t>(decimals) - have, '0');
  }
  return s;
}

std::string utc_time_text(std::string_view rfc3339) {
  const auto t = parse_rfc3339(rfc3339);
  if (!t.ok()) return std::string(rfc3339);
  // "YYYY-MM-DDTHH:MM:SS.ffffffZ"
  std::string s = format_rfc3339(*t).substr(0, 19);
  s[10] = ' ';
  return s + " UTC";
}

std::string time_member(const json::object& o, std::string_view key) {
  const auto* v = member(o, key);
  if (v != nullptr && v->is_string()) return utc_time_text(v->get_string());
  return scalar_text(v);
}

std::string person_text(const json::value* v) {
  if (v == nullptr) return "";
  if (const auto* o = v->if_object()) {
    std::string name = text_member(*o, "printed_name");
    if (!name.empty()) return name;
    const auto* id = member(*o, "user_id");
    if (id != nullptr && id->is_string() && id->get_string().empty()) return "system";
    return id != nullptr ? "user " + scalar_text(id) : canonical_json(*v);
  }
  return scalar_text(v);
}

std::string meaning_text(std::string_view meaning) {
  if (auto known = trust::parse_meaning(meaning); known.ok()) {
    return std::string(trust::meaning_text(*known));
  }
  if (meaning.empty()) return "Signed by";
  std::string s = readable_key(meaning);
  if (s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s + " by";
}

std::string manifestation_text(const json::object& m) {
  const std::string meaning = text_member(m, "meaning");
  std::string text = meaning_text(meaning);
  std::string qualifier;
  if (const auto open = text.find(" ("); open != std::string::npos && text.back() == ')') {
    qualifier = text.substr(open);
    text.resize(open);
  }
  std::string name = text_member(m, "printed_name");
  if (name.empty()) {
    const std::string id = text_member(m, "user_id");
    name = id.empty() ? "(no printed name)" : "user " + id + " (no printed name)";
  }
  std::string out = text + " " + name + qualifier;
  append(out, kDash, time_member(m, "signed_at"));
  append(out, kDash, meaning);
  return out;
}

std::string value_text(const json::object& value, int decimals) {
  std::string out;
  const std::string unit = text_member(value, "unit");
  append(out, ", ", with_unit(number_text(member(value, "number"), decimals), unit));
  append(out, ", ", text_member(value, "text"));
  append(out, ", ", text_member(value, "boolean"));
  append(out, ", ", time_member(value, "time"));
  const std::string lot = text_member(value, "lot");
  if (!lot.empty()) append(out, ", ", "lot " + lot);
  const std::string entered =
      with_unit(number_text(member(value, "entered_number")), text_member(value, "entered_unit"));
  if (!entered.empty()) append(out, " ", "(entered as " + entered + ")");
  std::string tag = text_member(value, "tag");
  if (!tag.empty()) {
    tag = "from tag " + tag;
    const std::string at = time_member(value, "tag_time");
    if (!at.empty()) tag += " at " + at;
    const std::string quality = text_member(value, "tag_quality");
    if (!quality.empty()) tag += ", quality " + quality;
    append(out, " ", "(" + tag + ")");
  }
  static constexpr std::string_view kKnown[] = {
      "number", "unit",           "text",         "boolean",  "time",       "lot",
      "tag",    "entered_number", "entered_unit", "tag_time", "tag_quality"};
  for (const auto& kv : value) {
    bool known = false;
    for (auto k : kKnown) known = known || kv.key() == k;
    if (!known) append(out, ", ", readable_key(kv.key()) + ": " + scalar_text(&kv.value()));
  }
  return out;
}

std::string limits_text(const json::object& spec) {
  const int decimals = spec_decimals(spec);
  const std::string unit = text_member(spec, "unit");
  std::string out;
  const std::string target = number_text(member(spec, "target"), decimals);
  if (!target.empty()) append(out, "; ", "target " + with_unit(target, unit));
  const std::string limits = range_text(member(spec, "limits"), unit, decimals);
  if (!limits.empty()) append(out, "; ", "limits " + limits);
  const std::string alarm = range_text(member(spec, "alarm"), unit, decimals);
  if (!alarm.empty()) append(out, "; ", "alarm " + alarm);
  return out;
}

std::string spec_details_text(const json::object& spec) {
  std::string out;
  for (const auto& kv : spec) {
    const std::string_view k = kv.key();
    if (k == "target" || k == "limits" || k == "alarm" || k == "decimals") continue;
    if (k == "unit" && !limits_text(spec).empty()) continue;
    std::string v = scalar_text(&kv.value());
    if (v.empty()) continue;
    append(out, "; ", readable_key(k) + ": " + v);
  }
  return out;
}

}  // namespace gemba::batch::pdf
