#pragma once
// The logbook API's request bodies (docs/api.md "Logbooks and equipment"), parsed and checked for
// shape: unknown fields, wrong types and out-of-range numbers are invalid_argument naming the
// field. The service checks the rules. Pure; fuzzed by fuzz/logbook_request_fuzz.cc.

#include <boost/json/object.hpp>
#include <string>

#include "gemba/batch/service.h"
#include "gemba/core/result.h"
#include "gemba/equipment/model/plant.h"
#include "gemba/logbook/service.h"

namespace gemba::logbook {

// {code, name}
Result<equipment::Site> parse_site_body(const boost::json::object& o);
// {site, code, name}
Result<equipment::Area> parse_area_body(const boost::json::object& o);
// {area, code, name, grade}
Result<equipment::Room> parse_room_body(const boost::json::object& o);
// {code, name, clean_hold? (ISO 8601), dirty_hold?, campaign_batches?, calibration_interval_days?}
Result<equipment::EquipmentClass> parse_class_body(const boost::json::object& o);
// {code, name, class, room, asset_id?, capabilities?}
Result<equipment::Equipment> parse_equipment_body(const boost::json::object& o);

struct EntryBody {
  EntryInput input;
  batch::SignatureInput signature;
};
// {fields: {key: value | {value, unit?, time?}}, equipment?, room?, batch?, lot?, comment?,
//  client_time?, signature}
Result<EntryBody> parse_entry_body(const boost::json::object& o);

// {signature}
Result<batch::SignatureInput> parse_verify_body(const boost::json::object& o);

struct CorrectBody {
  boost::json::object fields;
  std::string reason;
  batch::SignatureInput signature;
};
// {fields, reason, signature}
Result<CorrectBody> parse_correct_body(const boost::json::object& o);

}  // namespace gemba::logbook
