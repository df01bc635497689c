#include "gemba/logbook/state_json.h"

#include "gemba/core/time.h"

namespace gemba::logbook {
namespace {

namespace json = boost::json;
using namespace equipment;

json::value opt_time(const std::optional<Timestamp>& t) {
  return t ? json::value(format_rfc3339(*t)) : json::value(nullptr);
}

// Readers of our own rows: every member present, of the right type.
struct Reader {
  const json::object* o = nullptr;
  bool bad = false;

  std::string text(std::string_view k) {
    const auto* v = o->if_contains(k);
    if (!v || !v->is_string()) {
      bad = true;
      return {};
    }
    return std::string(v->get_string());
  }
  bool boolean(std::string_view k) {
    const auto* v = o->if_contains(k);
    if (!v || !v->is_bool()) {
      bad = true;
      return false;
    }
    return v->get_bool();
  }
  std::int64_t integer(std::string_view k) {
    const auto* v = o->if_contains(k);
    if (!v || !v->is_int64()) {
      bad = true;
      return 0;
    }
    return v->get_int64();
  }
  Timestamp time(std::string_view k) {
    auto t = parse_rfc3339(text(k));
    if (!t.ok()) {
      bad = true;
      return {};
    }
    return *t;
  }
  std::optional<Timestamp> opt_time(std::string_view k) {
    const auto* v = o->if_contains(k);
    if (!v) {
      bad = true;
      return std::nullopt;
    }
    if (v->is_null()) return std::nullopt;
    return time(k);
  }
};

Error malformed(std::string_view what) {
  return Error::internal("a stored " + std::string(what) + " is malformed");
}

}  // namespace

json::object state_to_json(const EquipmentState& s) {
  return {{"state", state_name(s.state)},
          {"since", format_rfc3339(s.since)},
          {"clean_level", cleaning_level_name(s.clean_level)},
          {"major_required", s.major_required},
          {"batch_id", s.batch_id},
          {"batch_number", s.batch_number},
          {"product", s.product},
          {"last_product", s.last_product},
          {"batches_since_major", s.batches_since_major},
          {"calibration_due", opt_time(s.calibration_due)},
          {"state_entry", s.state_entry},
          {"cleaning_entry", s.cleaning_entry},
          {"calibration_entry", s.calibration_entry}};
}

Result<EquipmentState> state_from_json(const json::value& v) {
  if (!v.is_object()) return malformed("equipment state");
  Reader r{&v.get_object()};
  EquipmentState s;
  const auto state = parse_state(r.text("state"));
  const auto level = parse_cleaning_level(r.text("clean_level"));
  s.since = r.time("since");
  s.major_required = r.boolean("major_required");
  s.batch_id = r.text("batch_id");
  s.batch_number = r.text("batch_number");
  s.product = r.text("product");
  s.last_product = r.text("last_product");
  s.batches_since_major = static_cast<int>(r.integer("batches_since_major"));
  s.calibration_due = r.opt_time("calibration_due");
  s.state_entry = r.text("state_entry");
  s.cleaning_entry = r.text("cleaning_entry");
  s.calibration_entry = r.text("calibration_entry");
  if (r.bad || !state || !level) return malformed("equipment state");
  s.state = *state;
  s.clean_level = *level;
  return s;
}

json::object event_to_json(const equipment::Event& e) {
  json::object o{
      {"kind", event_kind_name(e.kind)}, {"at", format_rfc3339(e.at)}, {"entry_id", e.entry_id}};
  if (e.kind == EventKind::kUseStart || e.kind == EventKind::kUseEnd) {
    o["batch_id"] = e.batch_id;
    o["batch_number"] = e.batch_number;
    o["product"] = e.product;
  }
  if (e.kind == EventKind::kCleaned) o["level"] = cleaning_level_name(e.level);
  if (e.kind == EventKind::kCalibrated) o["calibration_due"] = opt_time(e.calibration_due);
  return o;
}

Result<equipment::Event> event_from_json(const json::value& v) {
  if (!v.is_object()) return malformed("equipment event");
  const json::object& o = v.get_object();
  Reader r{&o};
  equipment::Event e;
  const auto kind = parse_event_kind(r.text("kind"));
  e.at = r.time("at");
  e.entry_id = r.text("entry_id");
  if (r.bad || !kind) return malformed("equipment event");
  e.kind = *kind;
  if (e.kind == EventKind::kUseStart || e.kind == EventKind::kUseEnd) {
    e.batch_id = r.text("batch_id");
    e.batch_number = r.text("batch_number");
    e.product = r.text("product");
  }
  if (e.kind == EventKind::kCleaned) {
    const auto level = parse_cleaning_level(r.text("level"));
    if (!level) return malformed("equipment event");
    e.level = *level;
  }
  if (e.kind == EventKind::kCalibrated) e.calibration_due = r.opt_time("calibration_due");
  if (r.bad) return malformed("equipment event");
  return e;
}

json::object room_state_to_json(const RoomState& s) {
  json::array excursions;
  for (const auto& x : s.excursions) excursions.emplace_back(x);
  return {{"cleared", s.cleared},
          {"cleared_batch_id", s.cleared_batch_id},
          {"cleared_batch_number", s.cleared_batch_number},
          {"cleared_since", s.cleared_since == Timestamp{}
                                ? json::value(nullptr)
                                : json::value(format_rfc3339(s.cleared_since))},
          {"clearance_entry", s.clearance_entry},
          {"cleaned_at", opt_time(s.cleaned_at)},
          {"cleaning_entry", s.cleaning_entry},
          {"environment", environment_name(s.environment)},
          {"monitored_at", opt_time(s.monitored_at)},
          {"monitoring_entry", s.monitoring_entry},
          {"excursions", std::move(excursions)}};
}

Result<RoomState> room_state_from_json(const json::value& v) {
  if (!v.is_object()) return malformed("room state");
  const json::object& o = v.get_object();
  Reader r{&o};
  RoomState s;
  s.cleared = r.boolean("cleared");
  s.cleared_batch_id = r.text("cleared_batch_id");
  s.cleared_batch_number = r.text("cleared_batch_number");
  s.cleared_since = r.opt_time("cleared_since").value_or(Timestamp{});
  s.clearance_entry = r.text("clearance_entry");
  s.cleaned_at = r.opt_time("cleaned_at");
  s.cleaning_entry = r.text("cleaning_entry");
  const std::string environment = r.text("environment");
  s.monitored_at = r.opt_time("monitored_at");
  s.monitoring_entry = r.text("monitoring_entry");
  const auto* x = o.if_contains("excursions");
  if (r.bad || !x || !x->is_array()) return malformed("room state");
  for (const auto& e : x->get_array()) {
    if (!e.is_string()) return malformed("room state");
    s.excursions.emplace_back(e.get_string());
  }
  if (environment == environment_name(Environment::kInLimits)) {
    s.environment = Environment::kInLimits;
  } else if (environment == environment_name(Environment::kOutOfLimits)) {
    s.environment = Environment::kOutOfLimits;
  } else if (environment != environment_name(Environment::kNoData)) {
    return malformed("room state");
  }
  return s;
}

json::object room_event_to_json(const RoomEvent& e) {
  json::object o{{"kind", room_event_kind_name(e.kind)},
                 {"at", format_rfc3339(e.at)},
                 {"entry_id", e.entry_id}};
  if (e.kind == RoomEventKind::kCleared || e.kind == RoomEventKind::kClearanceEnded) {
    o["batch_id"] = e.batch_id;
    o["batch_number"] = e.batch_number;
  }
  if (e.kind == RoomEventKind::kMonitored) {
    json::array x;
    for (const auto& s : e.excursions) x.emplace_back(s);
    o["excursions"] = std::move(x);
  }
  return o;
}

json::object view_to_json(const StatusView& v, json::storage_ptr sp) {
  auto time = [](const std::optional<Timestamp>& t, json::value& slot) {
    if (t) {
      slot = format_rfc3339(*t);
    } else {
      slot = nullptr;
    }
  };
  json::object o(sp);
  o.reserve(16);
  o["status"] = status_name(v.status);
  o["since"] = format_rfc3339(v.since);
  time(v.clean_expires_at, o["clean_expires_at"]);
  time(v.clean_by, o["clean_by"]);
  o["clean_hold_expired"] = v.clean_hold_expired;
  o["dirty_hold_exceeded"] = v.dirty_hold_exceeded;
  o["calibration_overdue"] = v.calibration_overdue;
  time(v.state.calibration_due, o["calibration_due"]);
  if (v.state.state == State::kInUse) {
    json::object batch(sp);
    batch["id"] = v.state.batch_id;
    batch["number"] = v.state.batch_number;
    batch["product"] = v.state.product;
    o["batch"] = std::move(batch);
  }
  if (v.state.state == State::kClean) o["clean_level"] = cleaning_level_name(v.state.clean_level);
  o["last_product"] = v.state.last_product;
  o["batches_since_major"] = v.state.batches_since_major;
  o["major_cleaning_required"] = v.state.major_required;
  return o;
}

}  // namespace gemba::logbook
