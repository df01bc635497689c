#include "gemba/logbook/service.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <mutex>

#include "gemba/core/event_bus.h"
#include "gemba/core/time.h"
#include "gemba/logbook/service_support.h"
#include "gemba/logbook/state_json.h"
#include "gemba/trust/permissions.h"
#include "gemba/trust/signature.h"

namespace gemba::logbook {

namespace json = boost::json;
namespace perm = trust::perm;
using detail::from_us;
using detail::us;
using namespace equipment;

namespace {

Result<json::value> parse_stored(const std::string& text, std::string_view what) {
  std::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Error::internal("a stored " + std::string(what) + " is not JSON");
  return v;
}

// Codes: what labels and scanners carry.
Result<void> check_code(const std::string& code, std::string_view field) {
  bool ok = !code.empty() && code.size() <= 64 && std::isalnum(static_cast<unsigned char>(code[0]));
  for (char c : code) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      ok = false;
    }
  }
  if (ok) return gemba::ok();
  return Error::invalid_argument(std::string(field) +
                                     " is 1 to 64 letters, digits, '-', '_' or '.', starting with "
                                     "a letter or digit",
                                 {{"field", field}});
}

Result<void> check_name(const std::string& name, std::string_view field) {
  if (name.empty() || name.size() > 200) {
    return Error::invalid_argument(std::string(field) + " is 1 to 200 characters",
                                   {{"field", field}});
  }
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) {
      return Error::invalid_argument(std::string(field) + " has a control character",
                                     {{"field", field}});
    }
  }
  return ok();
}

Result<void> require(const trust::Principal& p, std::string_view permission,
                     std::string_view what) {
  if (p.can(permission)) return ok();
  return Error::permission_denied(std::string(what) + " needs the permission " +
                                  std::string(permission));
}

std::optional<std::int64_t> seconds(const std::optional<Duration>& d) {
  if (!d) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(*d).count();
}

}  // namespace

// ---- Plant ------------------------------------------------------------------------------------

const Equipment* LogbookService::Plant::equipment_of(std::string_view id_or_code) const {
  if (auto it = equipment_by_code.find(id_or_code); it != equipment_by_code.end()) {
    return &equipment.at(it->second);
  }
  auto it = equipment.find(std::string(id_or_code));
  return it == equipment.end() ? nullptr : &it->second;
}

const Room* LogbookService::Plant::room_of(std::string_view id_or_code) const {
  if (auto it = room_by_code.find(id_or_code); it != room_by_code.end()) {
    return &rooms.at(it->second);
  }
  auto it = rooms.find(std::string(id_or_code));
  return it == rooms.end() ? nullptr : &it->second;
}

namespace detail {

Result<std::int64_t> next_sequence(store::Tx& tx, const std::string& name) {
  GEMBA_TRY(rows, tx.query("SELECT value FROM logbook_sequence WHERE name = ?", name));
  const std::int64_t next = rows.empty() ? 1 : rows[0].int64(0) + 1;
  if (rows.empty()) {
    GEMBA_RETURN_IF_ERROR(
        tx.exec("INSERT INTO logbook_sequence (name, value) VALUES (?, ?)", name, next));
  } else {
    GEMBA_RETURN_IF_ERROR(
        tx.exec("UPDATE logbook_sequence SET value = ? WHERE name = ?", next, name));
  }
  return next;
}

Result<Applied> apply_equipment_event(store::Tx& tx, const Equipment& eq,
                                      const CleaningRules& rules, const equipment::Event& e) {
  GEMBA_TRY(rows, tx.query("SELECT state, status_seq FROM equipment WHERE id = ?", eq.id));
  if (rows.empty()) return Error::not_found("no equipment " + eq.code);
  GEMBA_TRY(stored, parse_stored(rows[0].text(0), "equipment state"));
  GEMBA_TRY(before, state_from_json(stored));
  const std::int64_t seq = rows[0].int64(1);
  GEMBA_TRY(after, apply(before, e, rules, eq.code));
  const std::string state_text = json::serialize(state_to_json(after));
  GEMBA_RETURN_IF_ERROR(
      tx.exec("INSERT INTO equipment_status (equipment_id, seq, at_us, entry_id, event, state) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              eq.id, seq + 1, us(e.at), e.entry_id, json::serialize(event_to_json(e)), state_text));
  GEMBA_TRY(n, tx.exec("UPDATE equipment SET state = ?, status_seq = ? WHERE id = ? AND "
                       "status_seq = ?",
                       state_text, seq + 1, eq.id, seq));
  if (n != 1) return Error::conflict(eq.code + " changed meanwhile; try again");
  return Applied{std::move(after), seq + 1};
}

Result<AppliedRoom> apply_room_event(store::Tx& tx, const Room& room, const RoomEvent& e) {
  GEMBA_TRY(rows, tx.query("SELECT state, status_seq FROM plant_room WHERE id = ?", room.id));
  if (rows.empty()) return Error::not_found("no room " + room.code);
  GEMBA_TRY(stored, parse_stored(rows[0].text(0), "room state"));
  GEMBA_TRY(before, room_state_from_json(stored));
  const std::int64_t seq = rows[0].int64(1);
  RoomState after = apply_room(before, e);
  const std::string state_text = json::serialize(room_state_to_json(after));
  GEMBA_RETURN_IF_ERROR(tx.exec(
      "INSERT INTO room_status (room_id, seq, at_us, entry_id, event, state) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      room.id, seq + 1, us(e.at), e.entry_id, json::serialize(room_event_to_json(e)), state_text));
  GEMBA_TRY(n, tx.exec("UPDATE plant_room SET state = ?, status_seq = ? WHERE id = ? AND "
                       "status_seq = ?",
                       state_text, seq + 1, room.id, seq));
  if (n != 1) return Error::conflict(room.code + " changed meanwhile; try again");
  return AppliedRoom{std::move(after), seq + 1};
}

}  // namespace detail

// ---- Opening ------------------------------------------------------------------------------------

LogbookService::LogbookService(store::Database& db, Clock& clock, IdGenerator& ids,
                               const trust::AuditTrail& audit, trust::Signatures& signatures)
    : db_(db),
      clock_(clock),
      ids_(ids),
      audit_(audit),
      signatures_(signatures),
      plant_(std::make_unique<Plant>()) {}

LogbookService::~LogbookService() = default;

Result<std::unique_ptr<LogbookService>> LogbookService::open(store::Database& db, Clock& clock,
                                                             IdGenerator& ids,
                                                             const trust::AuditTrail& audit,
                                                             trust::Signatures& signatures,
                                                             batch::BatchService* batches) {
  std::unique_ptr<LogbookService> s(new LogbookService(db, clock, ids, audit, signatures));
  auto stored_content = [](store::Tx& tx,
                           const std::string& id) -> Result<std::optional<std::string>> {
    GEMBA_TRY(rows, tx.query("SELECT content FROM logbook_revision WHERE id = ?", id));
    if (rows.empty()) return std::optional<std::string>();
    GEMBA_TRY(v, parse_stored(rows[0].text(0), "logbook revision"));
    return std::optional<std::string>(trust::content_hash(v));
  };
  signatures.register_content_source(std::string(kRevisionRecordType), stored_content);
  signatures.register_content_source(std::string(kVerificationRecordType), stored_content);
  GEMBA_RETURN_IF_ERROR(s->load());
  if (s->plant_->templates.empty()) {
    // The default logbook types, once: a plant changes them by defining new versions.
    const Timestamp now = clock.now();
    GEMBA_RETURN_IF_ERROR(audit.write(
        db, trust::Actor::system("logbook defaults"), [&](trust::AuditedTx& atx) -> Result<void> {
          for (const Template& t : default_templates()) {
            const json::object body = template_json(t);
            GEMBA_RETURN_IF_ERROR(atx.tx().exec(
                "INSERT INTO logbook_template (type, version, kind, template, created_at_us, "
                "created_by) VALUES (?, ?, ?, ?, ?, ?)",
                t.type, t.version, kind_name(t.kind), json::serialize(body), us(now), "system"));
            GEMBA_RETURN_IF_ERROR(atx.append({"logbook.type_defined",
                                              "logbook_template",
                                              t.type + "/" + std::to_string(t.version),
                                              {{"template", nullptr, body}},
                                              "the default logbook types of a new plant"}));
          }
          return ok();
        }));
    for (const Template& t : default_templates()) s->plant_->templates[t.type] = t;
  }
  if (batches) {
    batches->add_persist_hook(
        [l = s.get()](trust::AuditedTx& atx, const batch::Batch& b, const batch::Changes& c) {
          return l->on_batch_persist(atx, b, c);
        });
  }
  return s;
}

Result<void> LogbookService::load() {
  auto plant = std::make_unique<Plant>();
  GEMBA_RETURN_IF_ERROR(db_.read_unit([&](store::Tx& tx) -> Result<void> {
    GEMBA_TRY(sites, tx.query("SELECT id, code, name, created_at_us FROM plant_site"));
    for (const auto& r : sites) {
      plant->sites[r.text(0)] = Site{r.text(0), r.text(1), r.text(2), from_us(r.int64(3))};
    }
    GEMBA_TRY(areas, tx.query("SELECT id, site_id, code, name, created_at_us FROM plant_area"));
    for (const auto& r : areas) {
      plant->areas[r.text(0)] =
          Area{r.text(0), r.text(1), r.text(2), r.text(3), from_us(r.int64(4))};
    }
    GEMBA_TRY(rooms, tx.query("SELECT id, area_id, code, name, grade, created_at_us, state, "
                              "status_seq FROM plant_room"));
    for (const auto& r : rooms) {
      Room room{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), from_us(r.int64(5))};
      GEMBA_TRY(v, parse_stored(r.text(6), "room state"));
      GEMBA_TRY(state, room_state_from_json(v));
      plant->room_by_code[room.code] = room.id;
      plant->room_state[room.id] = {std::move(state), r.int64(7)};
      plant->rooms[room.id] = std::move(room);
    }
    GEMBA_TRY(classes, tx.query("SELECT code, name, clean_hold_s, dirty_hold_s, campaign_batches, "
                                "calibration_interval_days, created_at_us FROM equipment_class"));
    for (const auto& r : classes) {
      EquipmentClass c;
      c.code = r.text(0);
      c.name = r.text(1);
      if (auto s = r.opt_int64(2)) c.cleaning.clean_hold = std::chrono::seconds(*s);
      if (auto s = r.opt_int64(3)) c.cleaning.dirty_hold = std::chrono::seconds(*s);
      c.cleaning.campaign_batches = static_cast<int>(r.int64(4));
      if (auto d = r.opt_int64(5)) c.calibration_interval_days = static_cast<int>(*d);
      c.created_at = from_us(r.int64(6));
      plant->classes[c.code] = std::move(c);
    }
    GEMBA_TRY(equipment,
              tx.query("SELECT id, code, name, class_code, room_id, asset_id, capabilities, "
                       "created_at_us, state, status_seq FROM equipment"));
    for (const auto& r : equipment) {
      Equipment e;
      e.id = r.text(0);
      e.code = r.text(1);
      e.name = r.text(2);
      e.class_code = r.text(3);
      e.room_id = r.text(4);
      e.asset_id = r.text(5);
      GEMBA_TRY(caps, parse_stored(r.text(6), "capability list"));
      if (caps.is_array()) {
        for (const auto& c : caps.get_array()) {
          if (c.is_string()) e.capabilities.emplace_back(c.get_string());
        }
      }
      e.created_at = from_us(r.int64(7));
      GEMBA_TRY(v, parse_stored(r.text(8), "equipment state"));
      GEMBA_TRY(state, state_from_json(v));
      plant->equipment_by_code[e.code] = e.id;
      plant->equipment_state[e.id] = {std::move(state), r.int64(9)};
      plant->equipment[e.id] = std::move(e);
    }
    GEMBA_TRY(templates, tx.query("SELECT type, version, template FROM logbook_template "
                                  "ORDER BY type, version"));
    for (const auto& r : templates) {
      GEMBA_TRY(v, parse_stored(r.text(2), "logbook template"));
      auto t = parse_template(v);
      if (!t.ok()) {
        return Error::internal("the stored template " + r.text(0) + " v" +
                               std::to_string(r.int64(1)) +
                               " no longer reads: " + t.error().message);
      }
      t->version = static_cast<int>(r.int64(1));
      plant->templates[r.text(0)] = std::move(*t);
    }
    return ok();
  }));
  std::unique_lock lock(mu_);
  plant_ = std::move(plant);
  return ok();
}

// ---- Physical model -----------------------------------------------------------------------------

Result<Site> LogbookService::create_site(const trust::Principal& p, Site s) {
  GEMBA_RETURN_IF_ERROR(require(p, perm::kEquipmentManage, "registering a site"));
  GEMBA_RETURN_IF_ERROR(check_code(s.code, "code"));
  GEMBA_RETURN_IF_ERROR(check_name(s.name, "name"));
  s.id = ids_.new_id();
  s.created_at = clock_.now();
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    GEMBA_TRY(dup, atx.tx().query("SELECT id FROM plant_site WHERE code = ?", s.code));
    if (!dup.empty()) {
      return Error::conflict("a site " + s.code + " exists already", {{"field", "code"}});
    }
    GEMBA_RETURN_IF_ERROR(
        atx.tx().exec("INSERT INTO plant_site (id, code, name, created_at_us) VALUES (?, ?, ?, ?)",
                      s.id, s.code, s.name, us(s.created_at)));
    GEMBA_RETURN_IF_ERROR(atx.append({"plant.site_created",
                                      "plant_site",
                                      s.id,
                                      {{"code", nullptr, s.code}, {"name", nullptr, s.name}},
                                      ""}));
    atx.tx().on_commit([this, s] {
      std::unique_lock lock(mu_);
      plant_->sites[s.id] = s;
    });
    return ok();
  }));
  return s;
}

Result<Area> LogbookService::create_area(const trust::Principal& p, Area a) {
  GEMBA_RETURN_IF_ERROR(require(p, perm::kEquipmentManage, "registering an area"));
  GEMBA_RETURN_IF_ERROR(check_code(a.code, "code"));
  GEMBA_RETURN_IF_ERROR(check_name(a.name, "name"));
  {
    std::shared_lock lock(mu_);
    const Site* site = nullptr;
    for (const auto& [id, s] : plant_->sites) {
      if (id == a.site_id || s.code == a.site_id) site = &s;
    }
    if (!site) {
      return Error::invalid_argument("no site " + a.site_id, {{"field", "site"}});
    }
    a.site_id = site->id;
  }
  a.id = ids_.new_id();
  a.created_at = clock_.now();
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    GEMBA_TRY(dup, atx.tx().query("SELECT id FROM plant_area WHERE code = ?", a.code));
    if (!dup.empty()) {
      return Error::conflict("an area " + a.code + " exists already", {{"field", "code"}});
    }
    GEMBA_RETURN_IF_ERROR(atx.tx().exec(
        "INSERT INTO plant_area (id, site_id, code, name, created_at_us) VALUES (?, ?, ?, ?, ?)",
        a.id, a.site_id, a.code, a.name, us(a.created_at)));
    GEMBA_RETURN_IF_ERROR(atx.append(
        {"plant.area_created",
         "plant_area",
         a.id,
         {{"code", nullptr, a.code}, {"name", nullptr, a.name}, {"site_id", nullptr, a.site_id}},
         ""}));
    atx.tx().on_commit([this, a] {
      std::unique_lock lock(mu_);
      plant_->areas[a.id] = a;
    });
    return ok();
  }));
  return a;
}

Result<Room> LogbookService::create_room(const trust::Principal& p, Room r) {
  GEMBA_RETURN_IF_ERROR(require(p, perm::kEquipmentManage, "registering a room"));
  GEMBA_RETURN_IF_ERROR(check_code(r.code, "code"));
  GEMBA_RETURN_IF_ERROR(check_name(r.name, "name"));
  bool grade_ok = false;
  for (auto g : kRoomGrades) grade_ok = grade_ok || g == r.grade;
  if (!grade_ok) {
    return Error::invalid_argument("grade is one of A, B, C, D (EU GMP Annex 1) or CNC",
                                   {{"field", "grade"}});
  }
  {
    std::shared_lock lock(mu_);
    const Area* area = nullptr;
    for (const auto& [id, a] : plant_->areas) {
      if (id == r.area_id || a.code == r.area_id) area = &a;
    }
    if (!area) return Error::invalid_argument("no area " + r.area_id, {{"field", "area"}});
    r.area_id = area->id;
  }
  r.id = ids_.new_id();
  r.created_at = clock_.now();
  const RoomState initial;
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    GEMBA_TRY(dup, atx.tx().query("SELECT id FROM plant_room WHERE code = ?", r.code));
    if (!dup.empty()) {
      return Error::conflict("a room " + r.code + " exists already", {{"field", "code"}});
    }
    GEMBA_RETURN_IF_ERROR(atx.tx().exec(
        "INSERT INTO plant_room (id, area_id, code, name, grade, created_at_us, state, "
        "status_seq) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
        r.id, r.area_id, r.code, r.name, r.grade, us(r.created_at),
        json::serialize(room_state_to_json(initial))));
    GEMBA_RETURN_IF_ERROR(atx.append({"plant.room_created",
                                      "plant_room",
                                      r.id,
                                      {{"code", nullptr, r.code},
                                       {"name", nullptr, r.name},
                                       {"grade", nullptr, r.grade},
                                       {"area_id", nullptr, r.area_id}},
                                      ""}));
    atx.tx().on_commit([this, r, initial] {
      std::unique_lock lock(mu_);
      plant_->rooms[r.id] = r;
      plant_->room_by_code[r.code] = r.id;
      plant_->room_state.try_emplace(r.id, Plant::CurrentRoom{initial, 0});
    });
    return ok();
  }));
  return r;
}

Result<EquipmentClass> LogbookService::create_class(const trust::Principal& p, EquipmentClass c) {
  GEMBA_RETURN_IF_ERROR(require(p, perm::kEquipmentManage, "registering an equipment class"));
  GEMBA_RETURN_IF_ERROR(check_code(c.code, "code"));
  GEMBA_RETURN_IF_ERROR(check_name(c.name, "name"));
  auto positive = [](const std::optional<Duration>& d, std::string_view field) -> Result<void> {
    if (d && (*d < std::chrono::minutes(1) || *d > std::chrono::days(3650))) {
      return Error::invalid_argument(std::string(field) +
                                         " is a duration of at least 1 minute and at most 10 "
                                         "years (ISO 8601, \"P3D\")",
                                     {{"field", field}});
    }
    return ok();
  };
  GEMBA_RETURN_IF_ERROR(positive(c.cleaning.clean_hold, "clean_hold"));
  GEMBA_RETURN_IF_ERROR(positive(c.cleaning.dirty_hold, "dirty_hold"));
  if (c.cleaning.campaign_batches < 1 || c.cleaning.campaign_batches > 1000) {
    return Error::invalid_argument("campaign_batches is 1 to 1000",
                                   {{"field", "campaign_batches"}});
  }
  if (c.calibration_interval_days &&
      (*c.calibration_interval_days < 1 || *c.calibration_interval_days > 3650)) {
    return Error::invalid_argument("calibration_interval_days is 1 to 3650",
                                   {{"field", "calibration_interval_days"}});
  }
  c.created_at = clock_.now();
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    GEMBA_TRY(dup, atx.tx().query("SELECT code FROM equipment_class WHERE code = ?", c.code));
    if (!dup.empty()) {
      return Error::conflict("an equipment class " + c.code + " exists already",
                             {{"field", "code"}});
    }
    GEMBA_RETURN_IF_ERROR(atx.tx().exec(
        "INSERT INTO equipment_class (code, name, clean_hold_s, dirty_hold_s, campaign_batches, "
        "calibration_interval_days, created_at_us) VALUES (?, ?, ?, ?, ?, ?, ?)",
        c.code, c.name, seconds(c.cleaning.clean_hold), seconds(c.cleaning.dirty_hold),
        c.cleaning.campaign_batches,
        c.calibration_interval_days ? std::optional<std::int64_t>(*c.calibration_interval_days)
                                    : std::nullopt,
        us(c.created_at)));
    GEMBA_RETURN_IF_ERROR(
        atx.append({"plant.equipment_class_created",
                    "equipment_class",
                    c.code,
                    {{"name", nullptr, c.name},
                     {"clean_hold", nullptr,
                      c.cleaning.clean_hold ? format_iso8601_duration(*c.cleaning.clean_hold) : ""},
                     {"dirty_hold", nullptr,
                      c.cleaning.dirty_hold ? format_iso8601_duration(*c.cleaning.dirty_hold) : ""},
                     {"campaign_batches", nullptr, c.cleaning.campaign_batches},
                     {"calibration_interval_days", nullptr,
                      c.calibration_interval_days ? json::value(*c.calibration_interval_days)
                                                  : json::value(nullptr)}},
                    ""}));
    atx.tx().on_commit([this, c] {
      std::unique_lock lock(mu_);
      plant_->classes[c.code] = c;
    });
    return ok();
  }));
  return c;
}

Result<Equipment> LogbookService::create_equipment(const trust::Principal& p, Equipment e) {
  GEMBA_RETURN_IF_ERROR(require(p, perm::kEquipmentManage, "registering equipment"));
  GEMBA_RETURN_IF_ERROR(check_code(e.code, "code"));
  GEMBA_RETURN_IF_ERROR(check_name(e.name, "name"));
  if (e.asset_id.size() > 64) {
    return Error::invalid_argument("asset_id is at most 64 characters", {{"field", "asset_id"}});
  }
  if (e.capabilities.size() > 32) {
    return Error::invalid_argument("at most 32 capabilities", {{"field", "capabilities"}});
  }
  for (const auto& c : e.capabilities) GEMBA_RETURN_IF_ERROR(check_code(c, "capabilities"));
  {
    std::shared_lock lock(mu_);
    if (!plant_->classes.contains(e.class_code)) {
      return Error::invalid_argument("no equipment class " + e.class_code + "; register it first",
                                     {{"field", "class"}});
    }
    const Room* room = plant_->room_of(e.room_id);
    if (!room) return Error::invalid_argument("no room " + e.room_id, {{"field", "room"}});
    e.room_id = room->id;
  }
  e.id = ids_.new_id();
  e.created_at = clock_.now();
  // New equipment is dirty until its first cleaning.
  EquipmentState initial;
  initial.since = e.created_at;
  json::array caps;
  for (const auto& c : e.capabilities) caps.emplace_back(c);
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    GEMBA_TRY(dup, atx.tx().query("SELECT id FROM equipment WHERE code = ?", e.code));
    if (!dup.empty()) {
      return Error::conflict("equipment " + e.code + " exists already", {{"field", "code"}});
    }
    GEMBA_RETURN_IF_ERROR(atx.tx().exec(
        "INSERT INTO equipment (id, code, name, class_code, room_id, asset_id, capabilities, "
        "created_at_us, state, status_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        e.id, e.code, e.name, e.class_code, e.room_id, e.asset_id, json::serialize(caps),
        us(e.created_at), json::serialize(state_to_json(initial))));
    GEMBA_RETURN_IF_ERROR(atx.append({"plant.equipment_registered",
                                      "equipment",
                                      e.id,
                                      {{"code", nullptr, e.code},
                                       {"name", nullptr, e.name},
                                       {"class", nullptr, e.class_code},
                                       {"room_id", nullptr, e.room_id},
                                       {"asset_id", nullptr, e.asset_id},
                                       {"capabilities", nullptr, caps}},
                                      ""}));
    atx.tx().on_commit([this, e, initial] {
      std::unique_lock lock(mu_);
      plant_->equipment[e.id] = e;
      plant_->equipment_by_code[e.code] = e.id;
      plant_->equipment_state.try_emplace(e.id, Plant::Current{initial, 0});
    });
    return ok();
  }));
  return e;
}

std::vector<Site> LogbookService::sites() const {
  std::shared_lock lock(mu_);
  std::vector<Site> out;
  for (const auto& [id, s] : plant_->sites) out.push_back(s);
  std::sort(out.begin(), out.end(), [](const Site& a, const Site& b) { return a.code < b.code; });
  return out;
}

std::vector<Area> LogbookService::areas(const std::string& site) const {
  std::shared_lock lock(mu_);
  std::vector<Area> out;
  for (const auto& [id, a] : plant_->areas) {
    if (site.empty() || a.site_id == site || plant_->sites.at(a.site_id).code == site) {
      out.push_back(a);
    }
  }
  std::sort(out.begin(), out.end(), [](const Area& a, const Area& b) { return a.code < b.code; });
  return out;
}

std::vector<Room> LogbookService::rooms(const std::string& area) const {
  std::shared_lock lock(mu_);
  std::vector<Room> out;
  for (const auto& [id, r] : plant_->rooms) {
    if (area.empty() || r.area_id == area || plant_->areas.at(r.area_id).code == area) {
      out.push_back(r);
    }
  }
  std::sort(out.begin(), out.end(), [](const Room& a, const Room& b) { return a.code < b.code; });
  return out;
}

std::vector<EquipmentClass> LogbookService::classes() const {
  std::shared_lock lock(mu_);
  std::vector<EquipmentClass> out;
  for (const auto& [code, c] : plant_->classes) out.push_back(c);
  return out;
}

std::vector<Equipment> LogbookService::equipment_list(const std::string& room,
                                                      const std::string& equipment_class) const {
  std::shared_lock lock(mu_);
  std::string room_id = room;
  if (const Room* r = room.empty() ? nullptr : plant_->room_of(room)) room_id = r->id;
  std::vector<Equipment> out;
  for (const auto& [id, e] : plant_->equipment) {
    if (!room.empty() && e.room_id != room_id) continue;
    if (!equipment_class.empty() && e.class_code != equipment_class) continue;
    out.push_back(e);
  }
  std::sort(out.begin(), out.end(),
            [](const Equipment& a, const Equipment& b) { return a.code < b.code; });
  return out;
}

Result<Equipment> LogbookService::find_equipment(const std::string& id_or_code) const {
  std::shared_lock lock(mu_);
  const Equipment* e = plant_->equipment_of(id_or_code);
  if (!e) return Error::not_found("no equipment " + id_or_code);
  return *e;
}

Result<Room> LogbookService::find_room(const std::string& id_or_code) const {
  std::shared_lock lock(mu_);
  const Room* r = plant_->room_of(id_or_code);
  if (!r) return Error::not_found("no room " + id_or_code);
  return *r;
}

// ---- Status -------------------------------------------------------------------------------------

Result<EquipmentStatus> LogbookService::equipment_status(const std::string& id_or_code,
                                                         std::optional<Timestamp> at) {
  const Timestamp now = clock_.now();
  if (at && *at > now) {
    return Error::invalid_argument(
        "the status can be asked for now or a past instant, not " + format_rfc3339(*at),
        {{"field", "at"}, {"in", "query"}});
  }
  EquipmentStatus out;
  out.at = at.value_or(now);
  EquipmentState state;
  {
    std::shared_lock lock(mu_);
    const Equipment* e = plant_->equipment_of(id_or_code);
    if (!e) return Error::not_found("no equipment " + id_or_code);
    out.equipment = *e;
    out.equipment_class = plant_->classes.at(e->class_code);
    state = plant_->equipment_state.at(e->id).state;
  }
  if (at) {
    if (*at < out.equipment.created_at) {
      return Error::not_found(out.equipment.code + " was registered at " +
                              format_rfc3339(out.equipment.created_at) + ", after " +
                              format_rfc3339(*at));
    }
    GEMBA_RETURN_IF_ERROR(db_.read_unit([&](store::Tx& tx) -> Result<void> {
      GEMBA_TRY(s, state_at(tx, out.equipment, *at));
      state = std::move(s);
      return ok();
    }));
  }
  out.view = evaluate(state, out.equipment_class.cleaning, out.at);
  for (const std::string* id :
       {&state.state_entry, &state.cleaning_entry, &state.calibration_entry}) {
    if (id->empty()) continue;
    bool seen = false;
    for (const auto& e : out.entries) seen = seen || e.id == *id;
    if (seen) continue;
    GEMBA_TRY(entry, get_entry(*id));
    entry.revisions.clear();
    out.entries.push_back(std::move(entry));
  }
  return out;
}

Result<RoomStatus> LogbookService::room_status(const std::string& id_or_code,
                                               std::optional<Timestamp> at) {
  const Timestamp now = clock_.now();
  if (at && *at > now) {
    return Error::invalid_argument(
        "the status can be asked for now or a past instant, not " + format_rfc3339(*at),
        {{"field", "at"}, {"in", "query"}});
  }
  RoomStatus out;
  out.at = at.value_or(now);
  {
    std::shared_lock lock(mu_);
    const Room* r = plant_->room_of(id_or_code);
    if (!r) return Error::not_found("no room " + id_or_code);
    out.room = *r;
    out.state = plant_->room_state.at(r->id).state;
  }
  if (at) {
    if (*at < out.room.created_at) {
      return Error::not_found("room " + out.room.code + " was registered at " +
                              format_rfc3339(out.room.created_at) + ", after " +
                              format_rfc3339(*at));
    }
    GEMBA_RETURN_IF_ERROR(db_.read_unit([&](store::Tx& tx) -> Result<void> {
      GEMBA_TRY(rows, tx.query("SELECT state FROM room_status WHERE room_id = ? AND at_us <= ? "
                               "ORDER BY at_us DESC, seq DESC LIMIT 1",
                               out.room.id, us(*at)));
      if (rows.empty()) {
        out.state = RoomState{};
        return ok();
      }
      GEMBA_TRY(v, parse_stored(rows[0].text(0), "room state"));
      GEMBA_TRY(s, room_state_from_json(v));
      out.state = std::move(s);
      return ok();
    }));
  }
  for (const std::string* id :
       {&out.state.clearance_entry, &out.state.cleaning_entry, &out.state.monitoring_entry}) {
    if (id->empty()) continue;
    GEMBA_TRY(entry, get_entry(*id));
    entry.revisions.clear();
    out.entries.push_back(std::move(entry));
  }
  return out;
}

void LogbookService::keep_state(store::Tx& tx, const Equipment& e, const detail::Applied& applied) {
  tx.on_commit([this, id = e.id, applied] {
    gemba::Event live;
    {
      std::unique_lock lock(mu_);
      auto& c = plant_->equipment_state[id];
      if (c.seq >= applied.seq) return;  // a later change committed first
      c = {applied.state, applied.seq};
      if (!events_) return;
      const Equipment& eq = plant_->equipment.at(id);
      const StatusView view =
          evaluate(c.state, plant_->classes.at(eq.class_code).cleaning, clock_.now());
      live.data = json::object{{"code", eq.code},
                               {"room", plant_->rooms.at(eq.room_id).code},
                               {"status", status_name(view.status)},
                               {"since", format_rfc3339(view.since)}};
    }
    live.type = "equipment.status_changed";
    live.subject_type = "equipment";
    live.subject_id = id;
    live.required_permission = std::string(perm::kLogbookRead);
    events_->publish(std::move(live));
  });
}

void LogbookService::keep_state(store::Tx& tx, const Room& r, const detail::AppliedRoom& applied) {
  tx.on_commit([this, id = r.id, code = r.code, applied] {
    {
      std::unique_lock lock(mu_);
      auto& c = plant_->room_state[id];
      if (c.seq >= applied.seq) return;
      c = {applied.state, applied.seq};
    }
    if (!events_) return;
    gemba::Event live;
    live.type = "room.status_changed";
    live.subject_type = "room";
    live.subject_id = id;
    live.data = json::object{{"code", code}};
    live.required_permission = std::string(perm::kLogbookRead);
    events_->publish(std::move(live));
  });
}

void LogbookService::announce(store::Tx& tx, std::string type, const Entry& e) {
  if (!events_) return;
  tx.on_commit([this, type = std::move(type), id = e.id, number = e.number, kind = e.type,
                state = e.state, revision = e.revision, equipment_id = e.equipment_id,
                room_id = e.room_id, batch = e.batch_number] {
    json::object data{{"type", kind},
                      {"number", number},
                      {"state", entry_state_name(state)},
                      {"revision", revision},
                      {"batch", batch.empty() ? json::value(nullptr) : json::value(batch)}};
    {
      std::shared_lock lock(mu_);
      const auto eq = plant_->equipment.find(equipment_id);
      data["equipment"] =
          eq == plant_->equipment.end() ? json::value(nullptr) : json::value(eq->second.code);
      const auto room = plant_->rooms.find(room_id);
      data["room"] =
          room == plant_->rooms.end() ? json::value(nullptr) : json::value(room->second.code);
    }
    gemba::Event live;
    live.type = type;
    live.subject_type = "logbook_entry";
    live.subject_id = id;
    live.data = std::move(data);
    live.required_permission = std::string(perm::kLogbookRead);
    events_->publish(std::move(live));
  });
}

Result<EquipmentState> LogbookService::state_at(store::Tx& tx, const Equipment& e, Timestamp at) {
  GEMBA_TRY(rows, tx.query("SELECT state FROM equipment_status WHERE equipment_id = ? AND "
                           "at_us <= ? ORDER BY at_us DESC, seq DESC LIMIT 1",
                           e.id, us(at)));
  if (rows.empty()) {
    EquipmentState state;
    state.since = e.created_at;
    return state;
  }
  GEMBA_TRY(v, parse_stored(rows[0].text(0), "equipment state"));
  return state_from_json(v);
}

BoardRow LogbookService::board_row(const Equipment& e) const {
  BoardRow row;
  row.equipment.id = e.id;
  row.equipment.code = e.code;
  row.equipment.name = e.name;
  row.equipment.class_code = e.class_code;
  row.equipment.room_id = e.room_id;
  row.room_code = plant_->rooms.at(e.room_id).code;
  return row;
}

Result<std::vector<BoardRow>> LogbookService::board_at(Timestamp at) {
  const Timestamp now = clock_.now();
  if (at > now) {
    return Error::invalid_argument(
        "the board can be shown now or as it was at a past instant, not " + format_rfc3339(at),
        {{"field", "at"}, {"in", "query"}});
  }
  std::vector<BoardRow> out;
  std::vector<Equipment> equipment;
  std::vector<CleaningRules> rules;
  {
    std::shared_lock lock(mu_);
    for (const auto& [code, id] : plant_->equipment_by_code) {
      const Equipment& e = plant_->equipment.at(id);
      if (e.created_at > at) continue;  // not on the board yet
      out.push_back(board_row(e));
      equipment.push_back(e);
      rules.push_back(plant_->classes.at(e.class_code).cleaning);
    }
  }
  GEMBA_RETURN_IF_ERROR(db_.read_unit([&](store::Tx& tx) -> Result<void> {
    for (std::size_t i = 0; i < out.size(); ++i) {
      GEMBA_TRY(state, state_at(tx, equipment[i], at));
      out[i].view = evaluate(state, rules[i], at);
    }
    return ok();
  }));
  return out;
}

std::vector<BoardRow> LogbookService::board() const {
  const Timestamp now = clock_.now();
  std::shared_lock lock(mu_);
  std::vector<BoardRow> out;
  out.reserve(plant_->equipment.size());
  // By code: the order the board shows.
  for (const auto& [code, id] : plant_->equipment_by_code) {
    const Equipment& e = plant_->equipment.at(id);
    BoardRow& row = out.emplace_back(board_row(e));
    row.view = evaluate(plant_->equipment_state.at(id).state,
                        plant_->classes.at(e.class_code).cleaning, now);
  }
  return out;
}

}  // namespace gemba::logbook
