#pragma once
// The JSON form of equipment and room states and events: stored in equipment_status /
// room_status (and the current state on the equipment and room rows), and shown by the API.
// Readers are for our own stored rows: a malformed row is an internal error.

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include "gemba/core/result.h"
#include "gemba/equipment/model/status.h"

namespace gemba::logbook {

boost::json::object state_to_json(const equipment::EquipmentState& s);
Result<equipment::EquipmentState> state_from_json(const boost::json::value& v);

boost::json::object event_to_json(const equipment::Event& e);
Result<equipment::Event> event_from_json(const boost::json::value& v);

boost::json::object room_state_to_json(const equipment::RoomState& s);
Result<equipment::RoomState> room_state_from_json(const boost::json::value& v);

boost::json::object room_event_to_json(const equipment::RoomEvent& e);

// The status as the API shows it: status, since, the flags and deadlines, and the state; its
// values live in `sp` (default: the heap).
boost::json::object view_to_json(const equipment::StatusView& v, boost::json::storage_ptr sp = {});

}  // namespace gemba::logbook
