// Logbook types and entries: recording, verifying, correcting and reading them, and the status
// events they make (service.h).

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <mutex>
#include <set>

#include "gemba/core/time.h"
#include "gemba/logbook/service.h"
#include "gemba/logbook/service_support.h"
#include "gemba/trust/permissions.h"
#include "gemba/trust/signature.h"

namespace gemba::logbook {

namespace json = boost::json;
namespace perm = trust::perm;
using detail::from_us;
using detail::us;
using namespace equipment;

namespace {

constexpr std::size_t kMaxComment = 4000;

std::string_view exception_text(const CheckedEntry::Exception& x) { return x.message; }

// The fields whose value decided a status: a correction may not change them.
std::set<std::string> status_fields(const Template& t) {
  switch (t.kind) {
    case Kind::kUsage: return {"activity", "calibration_due"};
    case Kind::kCleaning: return {"level"};
    case Kind::kClearance: {
      std::set<std::string> out;
      for (const Field& f : t.fields) {
        if (std::holds_alternative<recipe::BooleanEntrySpec>(f.step.spec)) out.insert(f.step.key);
      }
      return out;
    }
    default: return {};
  }
}

std::optional<EventKind> usage_event(std::string_view activity) {
  auto k = parse_event_kind(activity);
  if (!k || *k == EventKind::kCleaningStart || *k == EventKind::kCleaned) return std::nullopt;
  return k;
}

Result<void> check_comment(const std::string& text, std::string_view field) {
  if (text.size() > kMaxComment) {
    return Error::invalid_argument(std::string(field) + " is at most 4000 bytes",
                                   {{"field", field}});
  }
  return ok();
}

}  // namespace

std::string_view entry_state_name(EntryState s) {
  return s == EntryState::kVerified ? "verified" : "recorded";
}

namespace detail {

json::array exceptions_json(const std::vector<CheckedEntry::Exception>& x) {
  json::array out;
  for (const auto& e : x) {
    out.push_back(json::object{{"kind", e.kind}, {"severity", e.severity}, {"message", e.message}});
  }
  return out;
}

Result<std::vector<CheckedEntry::Exception>> exceptions_from_json(const std::string& text) {
  std::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return Error::internal("stored entry exceptions are malformed");
  std::vector<CheckedEntry::Exception> out;
  for (const auto& e : v.get_array()) {
    const auto* o = e.if_object();
    if (!o || !o->contains("kind") || !o->contains("severity") || !o->contains("message")) {
      return Error::internal("stored entry exceptions are malformed");
    }
    out.push_back({std::string(o->at("kind").as_string()),
                   std::string(o->at("severity").as_string()),
                   std::string(o->at("message").as_string())});
  }
  return out;
}

Result<Entry> entry_from_row(const store::Row& r) {
  Entry e;
  e.id = r.text(0);
  e.number = r.text(1);
  e.type = r.text(2);
  e.template_version = static_cast<int>(r.int64(3));
  const auto kind = parse_kind(r.text(4));
  if (!kind) return Error::internal("a stored entry has an unknown kind");
  e.kind = *kind;
  e.recorded_at = from_us(r.int64(5));
  e.recorded_by = r.text(6);
  e.recorded_name = r.text(7);
  e.automatic = r.int64(8) != 0;
  e.client_time = r.text(9);
  e.equipment_id = r.text(10);
  e.room_id = r.text(11);
  e.batch_id = r.text(12);
  e.batch_number = r.text(13);
  e.lot_id = r.text(14);
  e.comment = r.text(15);
  e.state = r.text(16) == "verified" ? EntryState::kVerified : EntryState::kRecorded;
  e.revision = static_cast<int>(r.int64(17));
  std::error_code ec;
  json::value values = json::parse(r.text(18), ec);
  if (ec || !values.is_object()) return Error::internal("stored entry values are malformed");
  e.values = std::move(values.get_object());
  GEMBA_TRY(x, exceptions_from_json(r.text(19)));
  e.exceptions = std::move(x);
  e.signature_id = r.text(20);
  e.verified_by = r.text(21);
  e.verified_name = r.text(22);
  if (auto v = r.opt_int64(23)) e.verified_at = from_us(*v);
  e.verify_signature_id = r.text(24);
  return e;
}

Result<void> insert_entry(store::Tx& tx, const Entry& e) {
  return discard(tx.exec(
      "INSERT INTO logbook_entry (id, number, type, template_version, kind, recorded_at_us, "
      "recorded_by, recorded_name, automatic, client_time, equipment_id, room_id, batch_id, "
      "batch_number, lot_id, comment, state, revision, entry_values, exceptions, "
      "signature_id, verified_by, verified_name, verified_at_us, verify_signature_id) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      e.id, e.number, e.type, e.template_version, kind_name(e.kind), us(e.recorded_at),
      e.recorded_by, e.recorded_name, e.automatic, e.client_time, e.equipment_id, e.room_id,
      e.batch_id, e.batch_number, e.lot_id, e.comment, entry_state_name(e.state), e.revision,
      json::serialize(e.values), json::serialize(exceptions_json(e.exceptions)), e.signature_id,
      e.verified_by, e.verified_name,
      e.verified_at ? std::optional<std::int64_t>(us(*e.verified_at)) : std::nullopt,
      e.verify_signature_id));
}

Result<void> update_entry(store::Tx& tx, const Entry& e, int previous_revision,
                          EntryState previous_state) {
  GEMBA_TRY(
      n, tx.exec("UPDATE logbook_entry SET state = ?, revision = ?, entry_values = ?, "
                 "exceptions = ?, signature_id = ?, verified_by = ?, verified_name = ?, "
                 "verified_at_us = ?, verify_signature_id = ? WHERE id = ? AND "
                 "revision = ? AND state = ?",
                 entry_state_name(e.state), e.revision, json::serialize(e.values),
                 json::serialize(exceptions_json(e.exceptions)), e.signature_id, e.verified_by,
                 e.verified_name,
                 e.verified_at ? std::optional<std::int64_t>(us(*e.verified_at)) : std::nullopt,
                 e.verify_signature_id, e.id, previous_revision, entry_state_name(previous_state)));
  if (n != 1) return Error::conflict("entry " + e.number + " changed meanwhile; try again");
  return ok();
}

json::object entry_json(const Entry& e) {
  json::object o{
      {"id", e.id},
      {"number", e.number},
      {"type", e.type},
      {"template_version", e.template_version},
      {"kind", kind_name(e.kind)},
      {"recorded_at", format_rfc3339(e.recorded_at)},
      {"recorded_by", json::object{{"user_id", e.recorded_by}, {"printed_name", e.recorded_name}}},
      {"automatic", e.automatic},
      {"client_time", e.client_time.empty() ? json::value(nullptr) : json::value(e.client_time)},
      {"equipment_id", e.equipment_id},
      {"room_id", e.room_id},
      {"batch", e.batch_id.empty()
                    ? json::value(nullptr)
                    : json::value(json::object{{"id", e.batch_id}, {"number", e.batch_number}})},
      {"lot_id", e.lot_id},
      {"comment", e.comment},
      {"state", entry_state_name(e.state)},
      {"revision", e.revision},
      {"values", e.values},
      {"exceptions", exceptions_json(e.exceptions)},
      {"signature_id", e.signature_id}};
  if (e.verified_at) {
    o["verified"] = json::object{{"user_id", e.verified_by},
                                 {"printed_name", e.verified_name},
                                 {"at", format_rfc3339(*e.verified_at)},
                                 {"signature_id", e.verify_signature_id}};
  }
  if (!e.revisions.empty()) {
    json::array revs;
    for (const Revision& r : e.revisions) {
      revs.push_back(
          json::object{{"id", r.id},
                       {"revision", r.revision},
                       {"values", r.values},
                       {"exceptions", exceptions_json(r.exceptions)},
                       {"reason", r.reason},
                       {"by", json::object{{"user_id", r.by_user}, {"printed_name", r.by_name}}},
                       {"at", format_rfc3339(r.at)},
                       {"signature_id", r.signature_id}});
    }
    o["revisions"] = std::move(revs);
  }
  return o;
}

}  // namespace detail

namespace {

// The canonical content of a revision (what its signature binds).
json::object revision_content(const Entry& e, const Revision& r) {
  return {{"entry_id", e.id},
          {"number", e.number},
          {"type", e.type},
          {"template_version", e.template_version},
          {"revision", r.revision},
          {"values", r.values},
          {"exceptions", detail::exceptions_json(r.exceptions)},
          {"equipment_id", e.equipment_id},
          {"room_id", e.room_id},
          {"batch_id", e.batch_id},
          {"lot_id", e.lot_id},
          {"recorded_at", format_rfc3339(e.recorded_at)},
          {"reason", r.reason},
          {"by", r.by_user},
          {"at", format_rfc3339(r.at)}};
}

Result<void> insert_revision(store::Tx& tx, const Entry& e, const Revision& r) {
  GEMBA_RETURN_IF_ERROR(tx.exec(
      "INSERT INTO logbook_revision (id, entry_id, revision, entry_values, exceptions, reason, "
      "by_user, by_name, at_us, signature_id, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      r.id, e.id, r.revision, json::serialize(r.values),
      json::serialize(detail::exceptions_json(r.exceptions)), r.reason, r.by_user, r.by_name,
      us(r.at), r.signature_id, json::serialize(revision_content(e, r))));
  return ok();
}

}  // namespace

// ---- Types ------------------------------------------------------------------------------------

std::vector<Template> LogbookService::types() const {
  std::shared_lock lock(mu_);
  std::vector<Template> out;
  for (const auto& [type, t] : plant_->templates) out.push_back(t);
  return out;
}

Result<Template> LogbookService::type(const std::string& type) const {
  std::shared_lock lock(mu_);
  auto it = plant_->templates.find(type);
  if (it == plant_->templates.end()) return Error::not_found("no logbook " + type);
  return it->second;
}

Result<Template> LogbookService::define_type(const trust::Principal& p, Template t) {
  if (!p.can(perm::kLogbookConfigure)) {
    return Error::permission_denied("defining logbook types needs the permission " +
                                    std::string(perm::kLogbookConfigure));
  }
  {
    // The same rules as a template read from JSON (kinds, fields, links).
    GEMBA_TRY(checked, parse_template(template_json(t)));
    t = std::move(checked);
  }
  const Timestamp now = clock_.now();
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    GEMBA_TRY(rows, tx.query("SELECT version, kind FROM logbook_template WHERE type = ? ORDER BY "
                             "version DESC LIMIT 1",
                             t.type));
    t.version = 1;
    if (!rows.empty()) {
      if (rows[0].text(1) != kind_name(t.kind)) {
        return Error::failed_precondition(
            "logbook " + t.type + " is a " + rows[0].text(1) + " logbook; its kind cannot change",
            {{"field", "kind"}});
      }
      t.version = static_cast<int>(rows[0].int64(0)) + 1;
    }
    const json::object body = template_json(t);
    GEMBA_RETURN_IF_ERROR(tx.exec(
        "INSERT INTO logbook_template (type, version, kind, template, created_at_us, created_by) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        t.type, t.version, kind_name(t.kind), json::serialize(body), us(now), p.user_id));
    GEMBA_RETURN_IF_ERROR(
        atx.append({t.version == 1 ? "logbook.type_defined" : "logbook.template_revised",
                    "logbook_template",
                    t.type + "/" + std::to_string(t.version),
                    {{"template", nullptr, body}},
                    ""}));
    tx.on_commit([this, t] {
      std::unique_lock lock(mu_);
      // try_emplace: a new type (version 1) must not lose to a default Template (also version 1).
      auto [current, inserted] = plant_->templates.try_emplace(t.type, t);
      if (!inserted && current->second.version < t.version) current->second = t;
    });
    return ok();
  }));
  return t;
}

// ---- Entries ----------------------------------------------------------------------------------

Result<Entry> LogbookService::record(const trust::Principal& p, const std::string& type,
                                     const EntryInput& in, const batch::SignatureInput& signature) {
  if (!p.can(perm::kLogbookWrite)) {
    return Error::permission_denied("writing logbook entries needs the permission " +
                                    std::string(perm::kLogbookWrite));
  }
  GEMBA_TRY(t, this->type(type));
  GEMBA_TRY(checked, check_entry(t, in.fields, in.comment));
  GEMBA_RETURN_IF_ERROR(check_comment(in.comment, "comment"));
  if (in.client_time.size() > 64) {
    return Error::invalid_argument("client_time is at most 64 characters",
                                   {{"field", "client_time"}});
  }

  // Links, as the template asks.
  auto link = [](LinkRule rule, const std::string& given, std::string_view field,
                 std::string_view what) -> Result<void> {
    if (rule == LinkRule::kRequired && given.empty()) {
      return Error::invalid_argument("this logbook's entries name their " + std::string(what),
                                     {{"field", field}});
    }
    if (rule == LinkRule::kNone && !given.empty()) {
      return Error::invalid_argument("this logbook's entries name no " + std::string(what),
                                     {{"field", field}});
    }
    return ok();
  };
  GEMBA_RETURN_IF_ERROR(link(t.links.equipment, in.equipment, "equipment", "equipment"));
  GEMBA_RETURN_IF_ERROR(link(t.links.batch, in.batch, "batch", "batch"));
  GEMBA_RETURN_IF_ERROR(link(t.links.lot, in.lot, "lot", "lot"));
  if (t.links.room == LinkRule::kRequired && in.room.empty() && in.equipment.empty()) {
    return Error::invalid_argument("this logbook's entries name their room", {{"field", "room"}});
  }
  if (t.links.room == LinkRule::kNone && !in.room.empty()) {
    return Error::invalid_argument("this logbook's entries name no room", {{"field", "room"}});
  }
  if (t.kind == Kind::kCleaning && in.equipment.empty() && in.room.empty()) {
    return Error::invalid_argument("a cleaning names the equipment or the room cleaned",
                                   {{"field", "equipment"}});
  }
  Entry e;
  std::optional<Equipment> eq;
  std::optional<Room> room;
  CleaningRules rules;
  std::optional<int> calibration_interval;
  {
    std::shared_lock lock(mu_);
    if (!in.equipment.empty()) {
      const Equipment* found = plant_->equipment_of(in.equipment);
      if (!found) {
        return Error::invalid_argument("no equipment " + in.equipment, {{"field", "equipment"}});
      }
      eq = *found;
      const auto& cls = plant_->classes.at(found->class_code);
      rules = cls.cleaning;
      calibration_interval = cls.calibration_interval_days;
    }
    if (!in.room.empty()) {
      const Room* found = plant_->room_of(in.room);
      if (!found) return Error::invalid_argument("no room " + in.room, {{"field", "room"}});
      if (eq && eq->room_id != found->id) {
        return Error::invalid_argument(eq->code + " is not in room " + found->code,
                                       {{"field", "room"}});
      }
      room = *found;
    } else if (eq) {
      room = plant_->rooms.at(eq->room_id);
    }
  }
  GEMBA_TRY(meaning, trust::parse_meaning(t.meaning, "meaning"));
  GEMBA_TRY(signing, batch::authenticate_signer(signatures_, p, signature));
  const trust::VerifiedSigner* signer = signing.signer();
  if (signer->user_id() != p.user_id) {
    return Error::permission_denied(
        "an entry is signed by the person recording it (sign without a username, or log in as " +
        signer->printed_name() + ")");
  }
  const Timestamp now = clock_.now();

  // What the entry does to equipment and rooms when recorded.
  std::optional<equipment::Event> event;
  std::optional<RoomEvent> room_event;
  if (t.kind == Kind::kUsage) {
    const std::string activity = text_of(checked, "activity").value_or("");
    auto kind = usage_event(activity);
    if (!kind) {
      return Error::invalid_argument("activity " + activity + " is not an equipment activity",
                                     {{"field", "fields.activity"}});
    }
    event = equipment::Event{.kind = *kind, .at = now};
    if (*kind == EventKind::kCalibrated) {
      auto due = time_of(checked, "calibration_due");
      if (!due) {
        return Error::invalid_argument(
            "a calibration gives the date the next one is due (calibration_due)",
            {{"field", "fields.calibration_due"}});
      }
      event->calibration_due = *due;
      if (*due <= now) {
        return Error::invalid_argument("the next calibration is due in the future",
                                       {{"field", "fields.calibration_due"}});
      }
      const auto latest = std::chrono::floor<std::chrono::days>(now) +
                          std::chrono::days(calibration_interval.value_or(0) + 1);
      if (calibration_interval && *due > latest) {
        return Error::invalid_argument("the calibration interval of " + eq->class_code + " is " +
                                           std::to_string(*calibration_interval) +
                                           " days: the next calibration is due by " +
                                           format_rfc3339(latest).substr(0, 10),
                                       {{"field", "fields.calibration_due"}});
      }
    }
    if ((*kind == EventKind::kUseStart || *kind == EventKind::kUseEnd) && in.batch.empty()) {
      return Error::invalid_argument("a use of equipment names its batch", {{"field", "batch"}});
    }
  } else if (t.kind == Kind::kCleaning && eq) {
    event = equipment::Event{.kind = EventKind::kCleaningStart, .at = now};
  } else if (t.kind == Kind::kEnvironment) {
    RoomEvent re{.kind = RoomEventKind::kMonitored, .at = now};
    for (const auto& x : checked.exceptions) re.excursions.emplace_back(exception_text(x));
    room_event = std::move(re);
  }

  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    e.id = ids_.new_id();
    GEMBA_TRY(n, detail::next_sequence(tx, "entry"));
    const std::string year = format_rfc3339(now).substr(0, 4);
    std::string digits = std::to_string(n);
    if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
    e.number = "LB-" + year + "-" + digits;
    e.type = t.type;
    e.template_version = t.version;
    e.kind = t.kind;
    e.recorded_at = now;
    e.recorded_by = p.user_id;
    e.recorded_name = p.printed_name;
    e.client_time = in.client_time;
    e.comment = in.comment;
    if (eq) e.equipment_id = eq->id;
    if (room) e.room_id = room->id;
    std::string product;
    if (!in.batch.empty()) {
      GEMBA_TRY(rows, tx.query("SELECT id, number, product_code FROM batch WHERE id = ? OR "
                               "number = ?",
                               in.batch, in.batch));
      if (rows.empty()) {
        return Error::invalid_argument("no batch " + in.batch, {{"field", "batch"}});
      }
      e.batch_id = rows[0].text(0);
      e.batch_number = rows[0].text(1);
      product = rows[0].text(2);
    }
    if (!in.lot.empty()) {
      GEMBA_TRY(rows, tx.query("SELECT id FROM material_lot WHERE id = ? OR lot_number = ?", in.lot,
                               in.lot));
      if (rows.empty()) return Error::invalid_argument("no lot " + in.lot, {{"field", "lot"}});
      e.lot_id = rows[0].text(0);
    }
    e.values = checked.values;
    e.exceptions = checked.exceptions;
    Revision r{.id = ids_.new_id(),
               .revision = 1,
               .values = e.values,
               .exceptions = e.exceptions,
               .by_user = p.user_id,
               .by_name = p.printed_name,
               .at = now};
    GEMBA_TRY(sig,
              signatures_.sign(tx, *signer, meaning, kRevisionRecordType, r.id,
                               trust::content_hash(revision_content(e, r)), signature.comment));
    r.signature_id = sig.id;
    e.signature_id = sig.id;
    GEMBA_RETURN_IF_ERROR(detail::insert_entry(tx, e));
    GEMBA_RETURN_IF_ERROR(insert_revision(tx, e, r));
    if (event && eq) {
      event->entry_id = e.id;
      event->batch_id = e.batch_id;
      event->batch_number = e.batch_number;
      event->product = product;
      if (event->kind == EventKind::kUseStart) {
        // A use recorded by hand passes the same interlock as a batch's.
        std::shared_lock lock(mu_);
        const auto view = evaluate(plant_->equipment_state.at(eq->id).state, rules, now);
        auto refusals = check_use(view, rules, e.batch_id, product, eq->code);
        if (!refusals.empty()) {
          return Error::failed_precondition(refusals.front().message,
                                            {{"reason", refusals.front().reason}});
        }
      }
      GEMBA_TRY(applied, detail::apply_equipment_event(tx, *eq, rules, *event));
      keep_state(tx, *eq, applied);
    }
    if (room_event && room) {
      room_event->entry_id = e.id;
      GEMBA_TRY(applied, detail::apply_room_event(tx, *room, *room_event));
      keep_state(tx, *room, applied);
    }
    announce(tx, "logbook.entry_recorded", e);
    std::vector<trust::Change> changes{{"entry", nullptr, detail::entry_json(e)}};
    return detail::discard(atx.append(
        {"logbook.entry_recorded", "logbook_entry", e.id, std::move(changes), in.comment}));
  }));
  return e;
}

Result<Entry> LogbookService::verify(const trust::Principal& p, const std::string& id,
                                     const batch::SignatureInput& signature) {
  if (!p.can(perm::kLogbookWrite)) {
    return Error::permission_denied("verifying logbook entries needs the permission " +
                                    std::string(perm::kLogbookWrite));
  }
  GEMBA_TRY(before, get_entry(id));
  GEMBA_TRY(t, template_version(before.type, before.template_version));
  if (!t.verification) {
    return Error::failed_precondition("entries of the " + t.name + " logbook are not verified");
  }
  if (before.state == EntryState::kVerified) {
    return Error::failed_precondition("entry " + before.number + " was verified already by " +
                                      before.verified_name);
  }
  GEMBA_TRY(signing, batch::authenticate_signer(signatures_, p, signature));
  const trust::VerifiedSigner* signer = signing.signer();
  if (!signer->can(perm::kLogbookWrite)) {
    return Error::permission_denied("the verifier does not hold the permission " +
                                    std::string(perm::kLogbookWrite));
  }
  if (signer->user_id() == before.recorded_by) {
    return Error::permission_denied("entry " + before.number +
                                    " is verified by a second person, not by " +
                                    before.recorded_name + " who recorded it");
  }
  const Timestamp now = clock_.now();
  std::optional<Equipment> eq;
  std::optional<Room> room;
  CleaningRules rules;
  {
    std::shared_lock lock(mu_);
    if (!before.equipment_id.empty()) {
      eq = plant_->equipment.at(before.equipment_id);
      rules = plant_->classes.at(eq->class_code).cleaning;
    }
    if (!before.room_id.empty()) room = plant_->rooms.at(before.room_id);
  }
  Entry e = before;
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    GEMBA_TRY(rows, tx.query("SELECT id, content FROM logbook_revision WHERE entry_id = ? AND "
                             "revision = ?",
                             e.id, e.revision));
    if (rows.empty()) return Error::internal("entry " + e.number + " has no current revision");
    std::error_code ec;
    const json::value content = json::parse(rows[0].text(1), ec);
    if (ec) return Error::internal("a stored logbook revision is not JSON");
    GEMBA_TRY(sig, signatures_.sign(tx, *signer, trust::SignatureMeaning::kVerified,
                                    kVerificationRecordType, rows[0].text(0),
                                    trust::content_hash(content), signature.comment));
    e.state = EntryState::kVerified;
    e.verified_by = signer->user_id();
    e.verified_name = signer->printed_name();
    e.verified_at = now;
    e.verify_signature_id = sig.id;
    GEMBA_RETURN_IF_ERROR(detail::update_entry(tx, e, e.revision, EntryState::kRecorded));
    // What a verified entry does to equipment and rooms.
    if (t.kind == Kind::kCleaning) {
      CheckedEntry stored;
      stored.values = e.values;
      const auto level = parse_cleaning_level(text_of(stored, "level").value_or(""));
      if (!level) return Error::internal("entry " + e.number + " has no cleaning level");
      if (eq) {
        equipment::Event ev{
            .kind = EventKind::kCleaned, .at = now, .entry_id = e.id, .level = *level};
        GEMBA_TRY(applied, detail::apply_equipment_event(tx, *eq, rules, ev));
        keep_state(tx, *eq, applied);
      } else if (room) {
        RoomEvent ev{.kind = RoomEventKind::kCleaned, .at = now, .entry_id = e.id};
        GEMBA_TRY(applied, detail::apply_room_event(tx, *room, ev));
        keep_state(tx, *room, applied);
      }
    } else if (t.kind == Kind::kClearance && room && e.exceptions.empty()) {
      RoomEvent ev{.kind = RoomEventKind::kCleared,
                   .at = now,
                   .entry_id = e.id,
                   .batch_id = e.batch_id,
                   .batch_number = e.batch_number};
      GEMBA_TRY(applied, detail::apply_room_event(tx, *room, ev));
      keep_state(tx, *room, applied);
    }
    announce(tx, "logbook.entry_verified", e);
    return detail::discard(atx.append(
        {"logbook.entry_verified",
         "logbook_entry",
         e.id,
         {{"state", "recorded", "verified"}},
         signature.comment.empty() ? "verified by a second person (" + signer->printed_name() + ")"
                                   : signature.comment}));
  }));
  return e;
}

Result<Entry> LogbookService::correct(const trust::Principal& p, const std::string& id,
                                      const json::object& fields, const std::string& reason,
                                      const batch::SignatureInput& signature) {
  if (!p.can(perm::kLogbookWrite)) {
    return Error::permission_denied("correcting logbook entries needs the permission " +
                                    std::string(perm::kLogbookWrite));
  }
  if (reason.empty()) {
    return Error::invalid_argument("a correction needs a reason", {{"field", "reason"}});
  }
  GEMBA_RETURN_IF_ERROR(check_comment(reason, "reason"));
  if (fields.empty()) {
    return Error::invalid_argument("a correction gives the new value of at least one field",
                                   {{"field", "fields"}});
  }
  GEMBA_TRY(before, get_entry(id));
  if (before.automatic) {
    return Error::failed_precondition("entry " + before.number +
                                      " was written by the system from its batch; correct the "
                                      "batch record instead");
  }
  // The template the entry was recorded with.
  GEMBA_TRY(t, template_version(before.type, before.template_version));
  const auto protected_fields = status_fields(t);
  for (const auto& [key, value] : fields) {
    if (protected_fields.contains(std::string(key))) {
      return Error::failed_precondition("fields." + std::string(key) +
                                            " decided the status of equipment or a room; it cannot "
                                            "be corrected: record a new entry",
                                        {{"field", "fields." + std::string(key)}});
    }
  }
  // The stored values, as the entry input gives them, with the corrected ones replaced.
  json::object merged;
  for (const auto& [key, value] : before.values) {
    if (const auto* o = value.if_object()) {
      json::object in;
      for (const auto& [k, v] : *o) {
        if (k == "value" || k == "unit" || k == "time") in[k] = v;
      }
      merged[key] = std::move(in);
    }
  }
  for (const auto& [key, value] : fields) merged[key] = value;
  GEMBA_TRY(checked, check_entry(t, merged, reason));
  GEMBA_TRY(signing, batch::authenticate_signer(signatures_, p, signature));
  const trust::VerifiedSigner* signer = signing.signer();
  if (signer->user_id() != p.user_id) {
    return Error::permission_denied("a correction is signed by the person making it");
  }
  const Timestamp now = clock_.now();
  std::optional<Room> room;
  bool latest_monitoring = false;
  {
    std::shared_lock lock(mu_);
    if (!before.room_id.empty()) {
      room = plant_->rooms.at(before.room_id);
      latest_monitoring = plant_->room_state.at(room->id).state.monitoring_entry == before.id;
    }
  }
  Entry e = before;
  e.revisions.clear();
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    const int previous = e.revision;
    e.revision += 1;
    e.values = checked.values;
    e.exceptions = checked.exceptions;
    Revision r{.id = ids_.new_id(),
               .revision = e.revision,
               .values = e.values,
               .exceptions = e.exceptions,
               .reason = reason,
               .by_user = p.user_id,
               .by_name = p.printed_name,
               .at = now};
    GEMBA_TRY(sig, signatures_.sign(
                       tx, *signer, trust::SignatureMeaning::kPerformed, kRevisionRecordType, r.id,
                       trust::content_hash(revision_content(e, r)), signature.comment));
    r.signature_id = sig.id;
    e.signature_id = sig.id;
    GEMBA_RETURN_IF_ERROR(insert_revision(tx, e, r));
    GEMBA_RETURN_IF_ERROR(detail::update_entry(tx, e, previous, e.state));
    // A corrected monitoring that is the room's latest: its environment status follows from now.
    if (e.kind == Kind::kEnvironment && room && latest_monitoring) {
      RoomEvent ev{.kind = RoomEventKind::kMonitored, .at = now, .entry_id = e.id};
      for (const auto& x : e.exceptions) ev.excursions.emplace_back(exception_text(x));
      GEMBA_TRY(applied, detail::apply_room_event(tx, *room, ev));
      keep_state(tx, *room, applied);
    }
    announce(tx, "logbook.entry_corrected", e);
    std::vector<trust::Change> changes;
    for (const auto& [key, value] : fields) {
      const auto* old = before.values.if_contains(key);
      const auto* now_value = e.values.if_contains(key);
      changes.push_back({"fields." + std::string(key), old ? *old : json::value(nullptr),
                         now_value ? *now_value : json::value(nullptr)});
    }
    return detail::discard(
        atx.append({"logbook.entry_corrected", "logbook_entry", e.id, std::move(changes), reason}));
  }));
  return get_entry(e.id);
}

Result<Template> LogbookService::template_version(const std::string& type, int version) {
  {
    std::shared_lock lock(mu_);
    auto it = plant_->templates.find(type);
    if (it != plant_->templates.end() && it->second.version == version) return it->second;
  }
  Template out;
  GEMBA_RETURN_IF_ERROR(db_.read_unit([&](store::Tx& tx) -> Result<void> {
    GEMBA_TRY(rows, tx.query("SELECT template FROM logbook_template WHERE type = ? AND version = ?",
                             type, version));
    if (rows.empty())
      return Error::not_found("no logbook " + type + " version " + std::to_string(version));
    std::error_code ec;
    const json::value v = json::parse(rows[0].text(0), ec);
    if (ec) return Error::internal("a stored logbook template is not JSON");
    GEMBA_TRY(t, parse_template(v));
    out = std::move(t);
    out.version = version;
    return ok();
  }));
  return out;
}

Result<EntryPage> LogbookService::entries(const std::string& type, const EntryFilter& f) {
  GEMBA_TRY(t, this->type(type));
  if (f.limit < 1 || f.limit > 500) {
    return Error::invalid_argument("limit is 1 to 500", {{"field", "limit"}, {"in", "query"}});
  }
  std::string equipment_id;
  std::string room_id;
  {
    std::shared_lock lock(mu_);
    if (!f.equipment.empty()) {
      const Equipment* e = plant_->equipment_of(f.equipment);
      if (!e) {
        return Error::invalid_argument("no equipment " + f.equipment,
                                       {{"field", "equipment"}, {"in", "query"}});
      }
      equipment_id = e->id;
    }
    if (!f.room.empty()) {
      const Room* r = plant_->room_of(f.room);
      if (!r) {
        return Error::invalid_argument("no room " + f.room, {{"field", "room"}, {"in", "query"}});
      }
      room_id = r->id;
    }
  }
  // The cursor: "<recorded_at_us>.<id>" of the last entry of the previous page.
  std::optional<std::int64_t> cursor_us;
  std::string cursor_id;
  if (!f.cursor.empty()) {
    const auto dot = f.cursor.find('.');
    try {
      if (dot == std::string::npos) throw std::invalid_argument("cursor");
      std::size_t used = 0;
      cursor_us = std::stoll(f.cursor.substr(0, dot), &used);
      if (used != dot) throw std::invalid_argument("cursor");
      cursor_id = f.cursor.substr(dot + 1);
    } catch (const std::exception&) {
      return Error::invalid_argument("cursor is not one this API returned",
                                     {{"field", "cursor"}, {"in", "query"}});
    }
  }
  std::string sql = std::string(detail::kEntryColumns) + " FROM logbook_entry WHERE type = ?";
  std::vector<store::Value> params{t.type};
  if (!equipment_id.empty()) {
    sql += " AND equipment_id = ?";
    params.emplace_back(equipment_id);
  }
  if (!room_id.empty()) {
    sql += " AND room_id = ?";
    params.emplace_back(room_id);
  }
  if (!f.batch.empty()) {
    sql += " AND (batch_id = ? OR batch_number = ?)";
    params.emplace_back(f.batch);
    params.emplace_back(f.batch);
  }
  if (f.from) {
    sql += " AND recorded_at_us >= ?";
    params.emplace_back(us(*f.from));
  }
  if (f.to) {
    sql += " AND recorded_at_us < ?";
    params.emplace_back(us(*f.to));
  }
  if (cursor_us) {
    sql += " AND (recorded_at_us < ? OR (recorded_at_us = ? AND id < ?))";
    params.emplace_back(*cursor_us);
    params.emplace_back(*cursor_us);
    params.emplace_back(cursor_id);
  }
  sql += " ORDER BY recorded_at_us DESC, id DESC LIMIT ?";
  params.emplace_back(std::int64_t(f.limit + 1));
  EntryPage page;
  GEMBA_RETURN_IF_ERROR(db_.read_unit([&](store::Tx& tx) -> Result<void> {
    GEMBA_TRY(rows, tx.query_values(sql, params));
    for (const auto& r : rows) {
      if (page.items.size() == static_cast<std::size_t>(f.limit)) {
        const Entry& last = page.items.back();
        page.next_cursor = std::to_string(us(last.recorded_at)) + "." + last.id;
        break;
      }
      GEMBA_TRY(e, detail::entry_from_row(r));
      page.items.push_back(std::move(e));
    }
    return ok();
  }));
  return page;
}

Result<Entry> LogbookService::get_entry(const std::string& id) {
  Entry out;
  GEMBA_RETURN_IF_ERROR(db_.read_unit([&](store::Tx& tx) -> Result<void> {
    GEMBA_TRY(rows, tx.query(std::string(detail::kEntryColumns) +
                                 " FROM logbook_entry WHERE id = ? OR number = ?",
                             id, id));
    if (rows.empty()) return Error::not_found("no logbook entry " + id);
    GEMBA_TRY(e, detail::entry_from_row(rows[0]));
    out = std::move(e);
    GEMBA_TRY(revs, tx.query("SELECT id, revision, entry_values, exceptions, reason, by_user, "
                             "by_name, at_us, signature_id FROM logbook_revision WHERE "
                             "entry_id = ? ORDER BY revision",
                             out.id));
    for (const auto& r : revs) {
      Revision rev;
      rev.id = r.text(0);
      rev.revision = static_cast<int>(r.int64(1));
      std::error_code ec;
      json::value values = json::parse(r.text(2), ec);
      if (ec || !values.is_object()) return Error::internal("a stored revision is malformed");
      rev.values = std::move(values.get_object());
      GEMBA_TRY(x, detail::exceptions_from_json(r.text(3)));
      rev.exceptions = std::move(x);
      rev.reason = r.text(4);
      rev.by_user = r.text(5);
      rev.by_name = r.text(6);
      rev.at = from_us(r.int64(7));
      rev.signature_id = r.text(8);
      out.revisions.push_back(std::move(rev));
    }
    return ok();
  }));
  return out;
}

}  // namespace gemba::logbook
