#pragma once
// LogbookService: the physical model (sites, areas, rooms, equipment classes, equipment), the
// logbooks (typed, templated, signed entries with verification and corrections) and the status of
// equipment and rooms they make, at any instant. It also answers the batch engine's equipment
// interlock and records, inside a batch action's own unit of work, the equipment a batch starts
// and stops using.
//
// Status is event-sourced: each entry (and each batch start or finish on equipment) produces
// events (equipment/model/status.h); the state after each event is stored with its time, so the
// status at a past instant is the newest stored state at or before it, evaluated at that instant
// (hold times, calibration). The current state of every piece of equipment and room is also kept
// in memory, updated after each commit, for the interlock and the plant board.
//
// Which entries make which events:
//   usage (activity)       use_start / use_end (with its batch) / maintenance_start / ... /
//                          calibrated (calibration_due: the new due date) on its equipment
//   cleaning               cleaning_start when recorded, cleaned (level) when verified, on its
//                          equipment; a room cleaning (no equipment) is a room `cleaned`
//   clearance              room `cleared` for its batch when verified, unless its checklist has
//                          an unexpected answer (then the room stays not cleared)
//   environment            room `monitored` (its excursions, if any)
//   gowning, receipt,      no status
//   general
// Batches: an equipment_use step done → a usage entry (automatic) and use_start; its unit
// procedure finished, or the batch completed or aborted → use_end (dirty). A batch completed or
// aborted ends the line clearances made for it.
//
// Thread-safe. References given to open() must outlive the service.

#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "gemba/batch/model/engine.h"
#include "gemba/batch/service.h"
#include "gemba/core/clock.h"
#include "gemba/core/ids.h"
#include "gemba/core/result.h"
#include "gemba/equipment/model/plant.h"
#include "gemba/equipment/model/status.h"
#include "gemba/logbook/model/template.h"
#include "gemba/store/database.h"
#include "gemba/trust/audit_trail.h"
#include "gemba/trust/principal.h"
#include "gemba/trust/signatures.h"

namespace gemba {
class EventBus;
}

namespace gemba::logbook {
namespace detail {
struct Applied;
struct AppliedRoom;
}  // namespace detail

// Record type of an entry revision's signature (id: the logbook_revision id).
inline constexpr std::string_view kRevisionRecordType = "logbook_entry_revision";
// Record type of a verification's signature (id: the entry id).
inline constexpr std::string_view kVerificationRecordType = "logbook_entry_verification";

enum class EntryState { kRecorded, kVerified };
std::string_view entry_state_name(EntryState s);  // "recorded", "verified"

struct Revision {
  std::string id;
  int revision = 1;
  boost::json::object values;
  std::vector<CheckedEntry::Exception> exceptions;
  std::string reason;  // empty for the original
  std::string by_user;
  std::string by_name;
  Timestamp at{};
  std::string signature_id;
};

struct Entry {
  std::string id;
  std::string number;  // "LB-2026-000042"
  std::string type;
  int template_version = 1;
  Kind kind = Kind::kGeneral;
  Timestamp recorded_at{};  // server time
  std::string recorded_by;
  std::string recorded_name;
  bool automatic = false;   // written by the system (a batch's equipment use)
  std::string client_time;  // the time the client claimed, as given: a note only
  std::string equipment_id;
  std::string room_id;
  std::string batch_id;
  std::string batch_number;
  std::string lot_id;
  std::string comment;
  EntryState state = EntryState::kRecorded;
  int revision = 1;
  boost::json::object values;
  std::vector<CheckedEntry::Exception> exceptions;
  std::string signature_id;  // of the current revision
  std::string verified_by;
  std::string verified_name;
  std::optional<Timestamp> verified_at;
  std::string verify_signature_id;
  std::vector<Revision> revisions;  // filled by get_entry: every revision, the original first
};

// A new entry as the API gives it.
struct EntryInput {
  boost::json::object fields;  // key → value (template.h check_entry)
  std::string equipment;       // id or code
  std::string room;            // id or code
  std::string batch;           // id or number
  std::string lot;             // id or lot number
  std::string comment;
  std::string client_time;  // kept as a note; the server's time is the entry's time
};

struct EntryFilter {
  std::string equipment;
  std::string room;
  std::string batch;
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;
  int limit = 50;
  std::string cursor;  // from the previous page
};

struct EntryPage {
  std::vector<Entry> items;
  std::string next_cursor;
};

// The status of a piece of equipment at an instant, with what made it so.
struct EquipmentStatus {
  equipment::Equipment equipment;
  equipment::EquipmentClass equipment_class;
  equipment::StatusView view;
  Timestamp at{};
  std::vector<Entry> entries;  // the entries named by the state (state, cleaning, calibration)
};

struct RoomStatus {
  equipment::Room room;
  equipment::RoomState state;
  Timestamp at{};
  std::vector<Entry> entries;  // clearance, cleaning, monitoring
};

struct BoardRow {
  equipment::Equipment equipment;  // its id, code, name, class and room (not asset or capabilities)
  std::string room_code;
  equipment::StatusView view;
};

class LogbookService {
 public:
  // Loads the plant into memory; creates the default logbook types when none exist. When
  // `batches` is given, joins its actions (persist hook). REQUIRES: trust, recipe, batch and
  // logbook migrations applied.
  static Result<std::unique_ptr<LogbookService>> open(store::Database& db, Clock& clock,
                                                      IdGenerator& ids,
                                                      const trust::AuditTrail& audit,
                                                      trust::Signatures& signatures,
                                                      batch::BatchService* batches);
  ~LogbookService();
  // Where the service announces new entries and status changes (equipment.status_changed,
  // room.status_changed, logbook.entry_*; readers need logbook.read). Set before serving.
  void set_events(EventBus* events) { events_ = events; }
  LogbookService(const LogbookService&) = delete;
  LogbookService& operator=(const LogbookService&) = delete;

  // ---- Physical model (equipment.manage; audited) ----
  Result<equipment::Site> create_site(const trust::Principal& p, equipment::Site s);
  Result<equipment::Area> create_area(const trust::Principal& p, equipment::Area a);
  Result<equipment::Room> create_room(const trust::Principal& p, equipment::Room r);
  Result<equipment::EquipmentClass> create_class(const trust::Principal& p,
                                                 equipment::EquipmentClass c);
  Result<equipment::Equipment> create_equipment(const trust::Principal& p, equipment::Equipment e);
  std::vector<equipment::Site> sites() const;
  std::vector<equipment::Area> areas(const std::string& site) const;
  std::vector<equipment::Room> rooms(const std::string& area) const;
  std::vector<equipment::EquipmentClass> classes() const;
  std::vector<equipment::Equipment> equipment_list(const std::string& room,
                                                   const std::string& equipment_class) const;
  Result<equipment::Equipment> find_equipment(const std::string& id_or_code) const;
  Result<equipment::Room> find_room(const std::string& id_or_code) const;

  // ---- Status ----
  // Now, or at a past instant (not in the future).
  Result<EquipmentStatus> equipment_status(const std::string& id_or_code,
                                           std::optional<Timestamp> at);
  Result<RoomStatus> room_status(const std::string& id_or_code, std::optional<Timestamp> at);
  // Every piece of equipment, now, ordered by code.
  std::vector<BoardRow> board() const;
  // The board as it was at a past instant (not in the future): the equipment registered by
  // then, each with the status it had.
  Result<std::vector<BoardRow>> board_at(Timestamp at);

  // ---- Logbooks ----
  std::vector<Template> types() const;  // current versions
  Result<Template> type(const std::string& type) const;
  // A new type (version 1) or a new version of an existing one (its kind cannot change).
  // logbook.configure; audited.
  Result<Template> define_type(const trust::Principal& p, Template t);
  // logbook.write; signed by the person recording (meaning: the template's).
  Result<Entry> record(const trust::Principal& p, const std::string& type, const EntryInput& in,
                       const batch::SignatureInput& signature);
  // A second person (logbook.write, not the one who recorded it) signs "verified".
  Result<Entry> verify(const trust::Principal& p, const std::string& id,
                       const batch::SignatureInput& signature);
  // New values for the fields named (the others keep theirs), with a reason, signed; the
  // original stays as revision 1. Fields that decided a status (activity, level,
  // calibration_due) cannot be corrected: record a new entry.
  Result<Entry> correct(const trust::Principal& p, const std::string& id,
                        const boost::json::object& fields, const std::string& reason,
                        const batch::SignatureInput& signature);
  Result<EntryPage> entries(const std::string& type, const EntryFilter& filter);
  Result<Entry> get_entry(const std::string& id);

  // ---- The batch engine ----
  Result<void> check_equipment(const batch::EquipmentUse& use) const;

 private:
  LogbookService(store::Database& db, Clock& clock, IdGenerator& ids,
                 const trust::AuditTrail& audit, trust::Signatures& signatures);
  struct Plant;
  Result<void> load();
  // A new state of a piece of equipment or a room: kept in memory once the unit of work
  // commits, and announced to live screens (equipment.status_changed, room.status_changed).
  void keep_state(store::Tx& tx, const equipment::Equipment& e, const detail::Applied& applied);
  void keep_state(store::Tx& tx, const equipment::Room& r, const detail::AppliedRoom& applied);
  // An entry recorded, verified or corrected, announced to live screens once committed.
  void announce(store::Tx& tx, std::string type, const Entry& e);
  // A board row's equipment and room, without its status. REQUIRES: mu_ held.
  BoardRow board_row(const equipment::Equipment& e) const;
  // The state recorded last at or before `at` (registered and never changed: dirty since then).
  static Result<equipment::EquipmentState> state_at(store::Tx& tx, const equipment::Equipment& e,
                                                    Timestamp at);
  Result<Template> template_version(const std::string& type, int version);
  Result<void> on_batch_persist(trust::AuditedTx& atx, const batch::Batch& b,
                                const batch::Changes& changes);

  store::Database& db_;
  Clock& clock_;
  IdGenerator& ids_;
  const trust::AuditTrail& audit_;
  trust::Signatures& signatures_;
  mutable std::shared_mutex mu_;
  std::unique_ptr<Plant> plant_;
  EventBus* events_ = nullptr;

  friend struct ServiceAccess;
};

// The batch engine's questions, answered by materials (lots) and logbooks (equipment).
class PlantChecks final : public batch::CapabilityChecks {
 public:
  explicit PlantChecks(const batch::CapabilityChecks& lots) : lots_(lots) {}
  void set_logbooks(const LogbookService* logbooks) { logbooks_ = logbooks; }
  Result<void> check_equipment(const batch::EquipmentUse& use) const override;
  Result<void> check_lot(const batch::LotUse& use, std::string_view lot) const override;
  Result<std::optional<batch::Weighed>> weighed(const batch::LotUse& use) const override;

 private:
  const batch::CapabilityChecks& lots_;
  const LogbookService* logbooks_ = nullptr;
};

}  // namespace gemba::logbook
