#include "gemba/equipment/model/status.h"

#include <array>
#include <utility>

#include "gemba/core/time.h"

namespace gemba::equipment {
namespace {

constexpr std::array<std::string_view, 2> kCleaningLevelNames = {"minor", "major"};
constexpr std::array<std::string_view, 6> kStateNames = {
    "clean", "in_use", "dirty", "cleaning", "maintenance", "out_of_service"};
constexpr std::array<std::string_view, kEventKindCount> kEventKindNames = {
    "use_start",       "use_end",        "cleaning_start",    "cleaned",   "maintenance_start",
    "maintenance_end", "out_of_service", "return_to_service", "calibrated"};
constexpr std::array<std::string_view, 7> kStatusNames = {
    "clean", "in_use", "dirty", "cleaning", "maintenance", "out_of_service", "calibration_overdue"};
constexpr std::array<std::string_view, 3> kEnvironmentNames = {"no_data", "in_limits",
                                                               "out_of_limits"};
constexpr std::array<std::string_view, 4> kRoomEventKindNames = {"cleared", "clearance_ended",
                                                                 "cleaned", "monitored"};

template <typename Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names,
                               std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

// "2026-11-20 08:00 UTC": what a person reads in a message.
std::string format_minute(Timestamp t) {
  std::string s = format_rfc3339(t).substr(0, 16);  // "2026-11-20T08:00"
  s[10] = ' ';
  return s + " UTC";
}

std::string batch_label(std::string_view batch_number, std::string_view batch_id) {
  return std::string(batch_number.empty() ? batch_id : batch_number);
}

// When the equipment became dirty, if it is dirty at `at`: stored dirty, or clean with an expired
// clean hold (dirty from the expiry instant).
std::optional<Timestamp> dirty_since(const EquipmentState& s, const CleaningRules& rules,
                                     Timestamp at) {
  if (s.state == State::kDirty) return s.since;
  if (s.state == State::kClean && rules.clean_hold && at >= s.since + *rules.clean_hold) {
    return s.since + *rules.clean_hold;
  }
  return std::nullopt;
}

bool dirty_hold_exceeded_at(const EquipmentState& s, const CleaningRules& rules, Timestamp at) {
  const std::optional<Timestamp> dirty = dirty_since(s, rules, at);
  return dirty && rules.dirty_hold && at >= *dirty + *rules.dirty_hold;
}

// The product history after the use of `s.product` ends (use_end, or out of service in use).
void end_use(EquipmentState& s) {
  if (s.product == s.last_product) {
    ++s.batches_since_major;
  } else {
    s.last_product = s.product;
    s.batches_since_major = 1;
  }
  s.batch_id.clear();
  s.batch_number.clear();
  s.product.clear();
}

void enter(EquipmentState& s, State state, const Event& e) {
  s.state = state;
  s.since = e.at;
  s.state_entry = e.entry_id;
}

// How a refused transition reads: "<name> is <the state>".
std::string describe(const EquipmentState& s, std::string_view name) {
  std::string d(name);
  switch (s.state) {
    case State::kClean: return d + " is clean";
    case State::kInUse: return d + " is in use by batch " + batch_label(s.batch_number, s.batch_id);
    case State::kDirty: return d + " is dirty";
    case State::kCleaning: return d + " is being cleaned";
    case State::kMaintenance: return d + " is in maintenance";
    case State::kOutOfService: return d + " is out of service";
  }
  return d;
}

// What to do before anything else can happen in a blocking state.
std::string_view unblock(State s) {
  switch (s) {
    case State::kInUse: return "end that use first";
    case State::kCleaning: return "record the end of the cleaning first";
    case State::kMaintenance: return "record the end of the maintenance first";
    case State::kOutOfService: return "return it to service first";
    case State::kClean:
    case State::kDirty: break;
  }
  return "";
}

// Why the next cleaning must be a major one for a batch of `product`; nullopt when a minor one
// would do. `v` is dirty (stored, or its clean hold expired) or clean with a minor cleaning.
std::optional<std::string> major_cleaning_reason(const StatusView& v, const CleaningRules& rules,
                                                 std::string_view product) {
  const EquipmentState& s = v.state;
  if (v.dirty_hold_exceeded) {
    return "its dirty hold time was exceeded at " + format_minute(*v.clean_by);
  }
  if (s.major_required) {
    return std::string("its dirty hold time was exceeded before its last cleaning");
  }
  if (s.last_product.empty()) {
    return "it has no product history and product " + std::string(product) +
           " needs a major cleaning";
  }
  if (s.last_product != product) {
    return "product " + std::string(product) + " follows product " + s.last_product +
           " and needs a major cleaning";
  }
  if (s.batches_since_major >= rules.campaign_batches) {
    return "it has been used for " + std::to_string(s.batches_since_major) + " batches of " +
           s.last_product + " since its last major cleaning (campaign limit " +
           std::to_string(rules.campaign_batches) + ")";
  }
  return std::nullopt;
}

// The cleanliness rule, for equipment the record shows clean or dirty: at most one of "dirty",
// "clean_hold_expired", "major_cleaning_required".
std::optional<Refusal> check_clean(const StatusView& v, const CleaningRules& rules,
                                   std::string_view product, const std::string& equipment) {
  const EquipmentState& s = v.state;
  constexpr std::string_view kClean =
      ": record a cleaning in the cleaning logbook and have it verified";
  constexpr std::string_view kMajor =
      ": record a major cleaning in the cleaning logbook and have it verified";
  auto what_to_do = [&](const std::string& message) {
    if (std::optional<std::string> why = major_cleaning_reason(v, rules, product)) {
      return message + " and " + *why + std::string(kMajor);
    }
    return message + std::string(kClean);
  };
  const std::string last_product =
      s.last_product.empty() ? std::string() : "last product " + s.last_product;
  if (s.state == State::kDirty) {
    return Refusal{"dirty",
                   what_to_do(equipment + " is dirty since " + format_minute(s.since) +
                              (last_product.empty() ? "" : " (" + last_product + ")")),
                   true, s.state_entry};
  }
  if (v.clean_hold_expired) {
    const Timestamp expired_at = rules.clean_hold ? s.since + *rules.clean_hold : v.since;
    return Refusal{"clean_hold_expired",
                   what_to_do(equipment + "'s clean hold time expired at " +
                              format_minute(expired_at) + " (cleaned " + format_minute(s.since) +
                              (last_product.empty() ? "" : "; " + last_product) + ")"),
                   true, s.cleaning_entry};
  }
  if (s.clean_level == CleaningLevel::kMajor && !s.major_required) return std::nullopt;
  const std::optional<std::string> why = major_cleaning_reason(v, rules, product);
  if (!why) return std::nullopt;
  std::string message =
      equipment + " was cleaned (" + std::string(cleaning_level_name(s.clean_level)) + ")";
  if (s.major_required) {
    message += " after its dirty hold time was exceeded; only a major cleaning makes it usable";
  } else if (s.last_product.empty()) {
    message +=
        " with no product history; product " + std::string(product) + " needs a major cleaning";
  } else if (s.last_product != product) {
    message += " for product " + s.last_product + "; product " + std::string(product) +
               " needs a major cleaning";
  } else {
    message += " for product " + s.last_product + "; " + *why;
  }
  return Refusal{"major_cleaning_required", message + std::string(kMajor), true, s.cleaning_entry};
}

}  // namespace

std::string_view cleaning_level_name(CleaningLevel l) {
  return kCleaningLevelNames[static_cast<std::size_t>(l)];
}
std::optional<CleaningLevel> parse_cleaning_level(std::string_view name) {
  return parse_name<CleaningLevel>(kCleaningLevelNames, name);
}

std::string_view state_name(State s) { return kStateNames[static_cast<std::size_t>(s)]; }
std::optional<State> parse_state(std::string_view name) {
  return parse_name<State>(kStateNames, name);
}

std::string_view event_kind_name(EventKind k) {
  return kEventKindNames[static_cast<std::size_t>(k)];
}
std::optional<EventKind> parse_event_kind(std::string_view name) {
  return parse_name<EventKind>(kEventKindNames, name);
}

std::string_view status_name(Status s) { return kStatusNames[static_cast<std::size_t>(s)]; }

std::string_view environment_name(Environment e) {
  return kEnvironmentNames[static_cast<std::size_t>(e)];
}

std::string_view room_event_kind_name(RoomEventKind k) {
  return kRoomEventKindNames[static_cast<std::size_t>(k)];
}

Result<EquipmentState> apply(const EquipmentState& s, const Event& e, const CleaningRules& rules,
                             std::string_view name) {
  const std::string state(state_name(s.state));
  if (e.at < s.since) {
    return Error::invalid_argument(std::string(name) + ": events are applied in time order; this " +
                                       std::string(event_kind_name(e.kind)) + " at " +
                                       format_rfc3339(e.at) + " is before the current state (" +
                                       state + ") began at " + format_rfc3339(s.since),
                                   {{"reason", "out_of_order"}, {"state", state}});
  }
  auto refuse = [&](std::string_view reason, std::string message) -> Result<EquipmentState> {
    return Error::failed_precondition(std::move(message),
                                      {{"reason", std::string(reason)}, {"state", state}});
  };
  // The current state forbids the event until it ends.
  auto blocked = [&] {
    return refuse(state, describe(s, name) + ": " + std::string(unblock(s.state)));
  };
  auto already = [&] { return refuse(state, describe(s, name) + " already"); };

  EquipmentState n = s;
  switch (e.kind) {
    case EventKind::kUseStart:
      if (s.state == State::kInUse) {
        if (s.batch_id == e.batch_id) return s;
        return blocked();
      }
      if (s.state != State::kClean && s.state != State::kDirty) return blocked();
      enter(n, State::kInUse, e);
      n.batch_id = e.batch_id;
      n.batch_number = e.batch_number;
      n.product = e.product;
      return n;

    case EventKind::kUseEnd:
      if (s.state != State::kInUse) {
        return refuse("not_in_use", describe(s, name) + " and not in use: there is no use to end");
      }
      if (s.batch_id != e.batch_id) {
        return refuse("in_use", describe(s, name) + ", not by batch " +
                                    batch_label(e.batch_number, e.batch_id) +
                                    ": only that batch can end its use");
      }
      enter(n, State::kDirty, e);
      end_use(n);
      return n;

    case EventKind::kCleaningStart:
      if (s.state == State::kCleaning) return already();
      if (s.state != State::kClean && s.state != State::kDirty) return blocked();
      if (dirty_hold_exceeded_at(s, rules, e.at)) n.major_required = true;
      enter(n, State::kCleaning, e);
      return n;

    case EventKind::kCleaned:
      if (s.state != State::kClean && s.state != State::kDirty && s.state != State::kCleaning) {
        return blocked();
      }
      // The dirty hold runs to the start of cleaning: from cleaning, cleaning_start judged it.
      if (dirty_hold_exceeded_at(s, rules, e.at)) n.major_required = true;
      if (e.level == CleaningLevel::kMajor) {
        n.major_required = false;
        n.batches_since_major = 0;
      }
      n.clean_level = e.level;
      n.cleaning_entry = e.entry_id;
      enter(n, State::kClean, e);
      return n;

    case EventKind::kMaintenanceStart:
      if (s.state == State::kMaintenance) return already();
      if (s.state == State::kInUse || s.state == State::kCleaning) return blocked();
      enter(n, State::kMaintenance, e);
      return n;

    case EventKind::kMaintenanceEnd:
      if (s.state != State::kMaintenance) {
        return refuse(
            "not_in_maintenance",
            describe(s, name) + " and not in maintenance: there is no maintenance to end");
      }
      enter(n, State::kDirty, e);
      return n;

    case EventKind::kOutOfService:
      if (s.state == State::kOutOfService) return already();
      if (s.state == State::kInUse) end_use(n);
      enter(n, State::kOutOfService, e);
      return n;

    case EventKind::kReturnToService:
      if (s.state != State::kOutOfService) {
        return refuse("not_out_of_service", describe(s, name) +
                                                " and not out of service: there is nothing to "
                                                "return to service");
      }
      enter(n, State::kDirty, e);
      return n;

    case EventKind::kCalibrated:
      if (s.state == State::kInUse || s.state == State::kCleaning) return blocked();
      if (!e.calibration_due) {
        return Error::invalid_argument(
            std::string(name) + ": a calibration must say when the next one is due",
            {{"reason", "calibration_due_required"}, {"state", state}});
      }
      n.calibration_due = e.calibration_due;
      n.calibration_entry = e.entry_id;
      return n;
  }
  return Error::internal("unknown equipment event");
}

StatusView evaluate(const EquipmentState& s, const CleaningRules& rules, Timestamp at) {
  StatusView v;
  v.state = s;
  v.since = s.since;
  switch (s.state) {
    case State::kClean: v.status = Status::kClean; break;
    case State::kInUse: v.status = Status::kInUse; break;
    case State::kDirty: v.status = Status::kDirty; break;
    case State::kCleaning: v.status = Status::kCleaning; break;
    case State::kMaintenance: v.status = Status::kMaintenance; break;
    case State::kOutOfService: v.status = Status::kOutOfService; break;
  }
  if (s.state == State::kClean && rules.clean_hold) {
    const Timestamp expires = s.since + *rules.clean_hold;
    if (at >= expires) {
      v.status = Status::kDirty;
      v.since = expires;
      v.clean_hold_expired = true;
    } else {
      v.clean_expires_at = expires;
    }
  }
  if (v.status == Status::kDirty && rules.dirty_hold) {
    v.clean_by = v.since + *rules.dirty_hold;
    v.dirty_hold_exceeded = at >= *v.clean_by;
  }
  v.calibration_overdue = s.calibration_due && at >= *s.calibration_due;
  if (v.calibration_overdue && (v.status == Status::kClean || v.status == Status::kDirty)) {
    v.status = Status::kCalibrationOverdue;
    v.since = *s.calibration_due;
  }
  return v;
}

std::vector<Refusal> check_use(const StatusView& v, const CleaningRules& rules,
                               std::string_view batch_id, std::string_view product,
                               std::string_view name) {
  const EquipmentState& s = v.state;
  const std::string equipment(name);
  std::vector<Refusal> out;
  auto refuse = [&](std::string reason, std::string message, bool overridable,
                    const std::string& entry_id) {
    out.push_back({std::move(reason), std::move(message), overridable, entry_id});
  };

  switch (s.state) {
    case State::kOutOfService:
      refuse("out_of_service",
             equipment + " is out of service since " + format_minute(s.since) +
                 ": record its return to service in the equipment usage logbook, then clean it",
             false, s.state_entry);
      break;
    case State::kMaintenance:
      refuse(
          "maintenance",
          equipment + " is in maintenance since " + format_minute(s.since) +
              ": record the end of the maintenance in the equipment usage logbook, then clean it",
          false, s.state_entry);
      break;
    case State::kCleaning:
      refuse("cleaning",
             equipment + " is being cleaned since " + format_minute(s.since) +
                 ": record the cleaning as done in the cleaning logbook and have it verified",
             false, s.state_entry);
      break;
    case State::kInUse:
      if (s.batch_id != batch_id) {
        refuse("in_use",
               equipment + " is in use by batch " + batch_label(s.batch_number, s.batch_id) +
                   " since " + format_minute(s.since) +
                   ": record the end of that use in the equipment usage logbook first",
               false, s.state_entry);
      }
      break;
    case State::kDirty:
    case State::kClean:
      if (std::optional<Refusal> r = check_clean(v, rules, product, equipment)) {
        out.push_back(std::move(*r));
      }
      break;
  }
  if (v.calibration_overdue) {
    refuse("calibration_overdue",
           equipment + "'s calibration was due " + format_minute(*s.calibration_due) +
               ": record a calibration in the equipment usage logbook",
           true, s.calibration_entry);
  }
  return out;
}

RoomState apply_room(const RoomState& s, const RoomEvent& e) {
  RoomState n = s;
  switch (e.kind) {
    case RoomEventKind::kCleared:
      n.cleared = true;
      n.cleared_batch_id = e.batch_id;
      n.cleared_batch_number = e.batch_number;
      n.cleared_since = e.at;
      n.clearance_entry = e.entry_id;
      break;
    case RoomEventKind::kClearanceEnded:
      if (!s.cleared || s.cleared_batch_id != e.batch_id) break;
      n.cleared = false;
      n.cleared_batch_id.clear();
      n.cleared_batch_number.clear();
      n.cleared_since = e.at;
      n.clearance_entry = e.entry_id;
      break;
    case RoomEventKind::kCleaned:
      n.cleaned_at = e.at;
      n.cleaning_entry = e.entry_id;
      break;
    case RoomEventKind::kMonitored:
      n.monitored_at = e.at;
      n.monitoring_entry = e.entry_id;
      n.excursions = e.excursions;
      n.environment = e.excursions.empty() ? Environment::kInLimits : Environment::kOutOfLimits;
      break;
  }
  return n;
}

std::optional<Refusal> check_clearance(const RoomState& s, std::string_view batch_id,
                                       std::string_view batch_number, std::string_view room_name) {
  if (s.cleared && s.cleared_batch_id == batch_id) return std::nullopt;
  const std::string batch = batch_label(batch_number, batch_id);
  std::string message = "room " + std::string(room_name);
  if (s.cleared) {
    message += " is not cleared for batch " + batch + " (cleared for " +
               batch_label(s.cleared_batch_number, s.cleared_batch_id) + ")";
  } else {
    message += " has no line clearance in force for batch " + batch;
  }
  message += ": record a line clearance in the area/line clearance logbook and have it verified";
  return Refusal{"no_line_clearance", std::move(message), true, s.clearance_entry};
}

}  // namespace gemba::equipment
