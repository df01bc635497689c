#pragma once
// Internal to the logbook service: the plant in memory, row mapping and the writing of status
// events, shared by its files.

#include <boost/json/object.hpp>
#include <map>
#include <string>

#include "gemba/equipment/model/plant.h"
#include "gemba/equipment/model/status.h"
#include "gemba/logbook/model/template.h"
#include "gemba/logbook/service.h"
#include "gemba/store/database.h"

namespace gemba::logbook {

// What the service keeps in memory: the physical model, the current status of every piece of
// equipment and room (with the seq of its last stored event, so that a late commit hook never
// replaces a newer state), and the current template of every type.
struct LogbookService::Plant {
  std::map<std::string, equipment::Site> sites;  // by id
  std::map<std::string, equipment::Area> areas;
  std::map<std::string, equipment::Room> rooms;
  std::map<std::string, std::string, std::less<>> room_by_code;
  std::map<std::string, equipment::EquipmentClass, std::less<>> classes;  // by code
  std::map<std::string, equipment::Equipment> equipment;                  // by id
  std::map<std::string, std::string, std::less<>> equipment_by_code;
  struct Current {
    equipment::EquipmentState state;
    std::int64_t seq = 0;
  };
  std::map<std::string, Current> equipment_state;  // by equipment id
  struct CurrentRoom {
    equipment::RoomState state;
    std::int64_t seq = 0;
  };
  std::map<std::string, CurrentRoom> room_state;  // by room id
  std::map<std::string, Template> templates;      // by type, current version

  const equipment::Equipment* equipment_of(std::string_view id_or_code) const;
  const equipment::Room* room_of(std::string_view id_or_code) const;
};

namespace detail {

inline std::int64_t us(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp from_us(std::int64_t v) { return Timestamp{std::chrono::microseconds(v)}; }

template <typename T>
Result<void> discard(Result<T> r) {
  if (!r.ok()) return std::move(r).error();
  return ok();
}

inline constexpr std::string_view kEntryColumns =
    "SELECT id, number, type, template_version, kind, recorded_at_us, recorded_by, "
    "recorded_name, automatic, client_time, equipment_id, room_id, batch_id, batch_number, "
    "lot_id, comment, state, revision, entry_values, exceptions, signature_id, verified_by, "
    "verified_name, verified_at_us, verify_signature_id";

Result<Entry> entry_from_row(const store::Row& r);
Result<void> insert_entry(store::Tx& tx, const Entry& e);
// Writes the entry's current revision columns (values, exceptions, revision, signature, state,
// verification).
// Only if it is still at `previous_revision` and `previous_state` (else conflict).
Result<void> update_entry(store::Tx& tx, const Entry& e, int previous_revision,
                          EntryState previous_state);
boost::json::array exceptions_json(const std::vector<CheckedEntry::Exception>& x);
Result<std::vector<CheckedEntry::Exception>> exceptions_from_json(const std::string& text);
boost::json::object entry_json(const Entry& e);  // the API's form (and the signed content)

// The next value of a named counter, in the caller's unit.
Result<std::int64_t> next_sequence(store::Tx& tx, const std::string& name);

// An equipment event: the state after it stored (equipment_status and the equipment row), read
// and written in `tx`. Returns the new state and its seq. The class's cleaning rules apply.
struct Applied {
  equipment::EquipmentState state;
  std::int64_t seq = 0;
};
Result<Applied> apply_equipment_event(store::Tx& tx, const equipment::Equipment& eq,
                                      const equipment::CleaningRules& rules,
                                      const equipment::Event& e);
struct AppliedRoom {
  equipment::RoomState state;
  std::int64_t seq = 0;
};
Result<AppliedRoom> apply_room_event(store::Tx& tx, const equipment::Room& room,
                                     const equipment::RoomEvent& e);

}  // namespace detail
}  // namespace gemba::logbook
