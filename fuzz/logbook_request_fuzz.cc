// Fuzzes the logbook API's body readers (logbook/request_body.h): strict JSON, then every body.
// Nothing may crash, hang or leak. Whatever they accept must be something the service can be
// given (the bounds the readers promise; a signature on every signed action; only the members the
// body names); whatever they refuse must name the field at fault.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "gemba/core/json.h"
#include "gemba/logbook/request_body.h"

namespace {

namespace json = boost::json;
namespace lb = gemba::logbook;

// A refusal says why and names the member at fault (empty only when that member's name is).
template <typename T, typename Check>
void expect(const json::object& o, const gemba::Result<T>& r, Check check) {
  if (!r.ok()) {
    const gemba::Error& e = r.error();
    if (e.message.empty()) __builtin_trap();
    const json::value* field = e.details.if_contains("field");
    if (!field || !field->is_string()) __builtin_trap();
    if (field->get_string().empty() && !o.contains("")) __builtin_trap();
    return;
  }
  check(r.value());
}

// Only the members a body names are accepted.
void only(const json::object& o, std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : o) {
    bool known = false;
    for (std::string_view a : allowed) known = known || kv.key() == a;
    if (!known) __builtin_trap();
  }
}

void required(const json::object& o, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    const json::value* v = o.if_contains(k);
    if (!v || !v->is_string()) __builtin_trap();
  }
}

void signed_by_body(const json::object& o) {
  const json::value* s = o.if_contains("signature");
  if (!s || !s->is_object()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed =
      gemba::parse_json_strict(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed.ok() || !parsed->is_object()) return 0;
  const json::object& o = parsed->as_object();

  expect(o, lb::parse_site_body(o), [&](const gemba::equipment::Site& s) {
    only(o, {"code", "name"});
    required(o, {"code", "name"});
    if (s.code.size() > 64 || s.code != o.at("code").get_string()) __builtin_trap();
  });
  expect(o, lb::parse_area_body(o), [&](const gemba::equipment::Area& a) {
    only(o, {"site", "code", "name"});
    required(o, {"site", "code", "name"});
    if (a.site_id.size() > 64 || a.code.size() > 64) __builtin_trap();
  });
  expect(o, lb::parse_room_body(o), [&](const gemba::equipment::Room& r) {
    only(o, {"area", "code", "name", "grade"});
    required(o, {"area", "code", "name", "grade"});
    if (r.area_id.size() > 64 || r.code.size() > 64 || r.grade.size() > 8) __builtin_trap();
  });
  expect(o, lb::parse_class_body(o), [&](const gemba::equipment::EquipmentClass& c) {
    only(o, {"code", "name", "clean_hold", "dirty_hold", "campaign_batches",
             "calibration_interval_days"});
    required(o, {"code", "name"});
    if (c.cleaning.campaign_batches < 1 || c.cleaning.campaign_batches > 1000) __builtin_trap();
    if (c.calibration_interval_days &&
        (*c.calibration_interval_days < 1 || *c.calibration_interval_days > 3650)) {
      __builtin_trap();
    }
    if (c.cleaning.clean_hold.has_value() !=
        (o.contains("clean_hold") && !o.at("clean_hold").is_null())) {
      __builtin_trap();
    }
  });
  expect(o, lb::parse_equipment_body(o), [&](const gemba::equipment::Equipment& e) {
    only(o, {"code", "name", "class", "room", "asset_id", "capabilities"});
    required(o, {"code", "name", "class", "room"});
    if (e.code.size() > 64 || e.class_code.size() > 64 || e.room_id.size() > 64 ||
        e.asset_id.size() > 256 || e.capabilities.size() > 100) {
      __builtin_trap();
    }
  });
  expect(o, lb::parse_entry_body(o), [&](const lb::EntryBody& b) {
    only(o, {"fields", "equipment", "room", "batch", "lot", "comment", "client_time", "signature"});
    signed_by_body(o);
    const json::value* fields = o.if_contains("fields");
    if (!fields || !fields->is_object() || b.input.fields.size() != fields->get_object().size()) {
      __builtin_trap();
    }
    if (b.input.equipment.size() > 64 || b.input.room.size() > 64 || b.input.batch.size() > 64 ||
        b.input.lot.size() > 64 || b.input.comment.size() > 4000 ||
        b.input.client_time.size() > 64) {
      __builtin_trap();
    }
  });
  expect(o, lb::parse_verify_body(o), [&](const gemba::batch::SignatureInput&) {
    only(o, {"signature"});
    signed_by_body(o);
  });
  expect(o, lb::parse_correct_body(o), [&](const lb::CorrectBody& b) {
    only(o, {"fields", "reason", "signature"});
    signed_by_body(o);
    required(o, {"reason"});
    if (b.reason.size() > 4000 || b.fields.size() != o.at("fields").get_object().size()) {
      __builtin_trap();
    }
  });
  return 0;
}
