#pragma once
// The ISA-88 physical model as the plant registers it: site → area → room (cleanroom grade) →
// equipment (of an equipment class, with its asset id, capabilities and calibration due date).
// The cleaning rules belong to the class. Plain value types; the logbook service stores them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/equipment/model/status.h"

namespace gemba::equipment {

struct Site {
  std::string id;
  std::string code;  // "SITE-BCN"
  std::string name;
  Timestamp created_at{};
};

struct Area {
  std::string id;
  std::string site_id;
  std::string code;  // "GRANULATION"
  std::string name;
  Timestamp created_at{};
};

// EU GMP Annex 1 cleanroom grades, and "CNC" (controlled not classified).
inline constexpr std::string_view kRoomGrades[] = {"A", "B", "C", "D", "CNC"};

struct Room {
  std::string id;
  std::string area_id;
  std::string code;  // "GRAN-101"
  std::string name;
  std::string grade;
  Timestamp created_at{};
};

struct EquipmentClass {
  std::string code;  // "HIGH-SHEAR-GRANULATOR": what recipes' equipment_use steps ask for
  std::string name;
  CleaningRules cleaning;
  std::optional<int> calibration_interval_days;  // a calibration is due again within this
  Timestamp created_at{};
};

struct Equipment {
  std::string id;
  std::string code;  // "GRAN-01": printed on the asset, scanned by the operator
  std::string name;
  std::string class_code;
  std::string room_id;
  std::string asset_id;                   // the maintenance system's asset number
  std::vector<std::string> capabilities;  // "spray", "vacuum", ...
  Timestamp created_at{};
};

}  // namespace gemba::equipment
