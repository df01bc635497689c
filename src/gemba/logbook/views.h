#pragma once
// The JSON the logbook API shows: the physical model, statuses, the board and entries.

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gemba/equipment/model/plant.h"
#include "gemba/logbook/service.h"

namespace gemba::logbook {

boost::json::object site_json(const equipment::Site& s);
boost::json::object area_json(const equipment::Area& a);
boost::json::object room_json(const equipment::Room& r);
boost::json::object class_json(const equipment::EquipmentClass& c);
boost::json::object equipment_json(const equipment::Equipment& e);
boost::json::object equipment_status_json(const EquipmentStatus& s);
boost::json::object room_status_json(const RoomStatus& s);
boost::json::object board_row_json(const BoardRow& r, boost::json::storage_ptr sp = {});
// The board as GET /api/v1/equipment/board answers it: {"items": [board rows], "counts": {status:
// n}}, serialised. The JSON values are built in a buffer each thread keeps and reuses, so a board
// of thousands of rows allocates little beyond its text.
// `at`: the past instant a board shows (named in the answer); none for now.
std::string board_text(const std::vector<BoardRow>& rows,
                       std::optional<Timestamp> at = std::nullopt);
boost::json::object entry_view(const Entry& e);  // with every revision when filled

}  // namespace gemba::logbook
