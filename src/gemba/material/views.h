#pragma once
// The JSON shapes of materials (docs/api.md "Materials"): what the API returns and what audit
// entries and signatures record.

#include <boost/json/object.hpp>

#include "gemba/material/model/dispensing.h"
#include "gemba/material/model/item.h"
#include "gemba/material/model/lot.h"
#include "gemba/material/model/movement.h"

namespace gemba::material {

boost::json::object item_to_json(const Item& item);
boost::json::object lot_to_json(const Lot& lot, const Item& item);
boost::json::object container_to_json(const Container& c);
boost::json::object movement_to_json(const Movement& m);
boost::json::object portion_to_json(const Portion& p);

}  // namespace gemba::material
