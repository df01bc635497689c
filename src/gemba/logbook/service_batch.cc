// The batch engine and the logbooks: the equipment interlock, and the equipment a batch starts
// and stops using, recorded inside the batch action's own unit of work (service.h).

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <mutex>
#include <set>
#include <unordered_map>

#include "gemba/core/time.h"
#include "gemba/logbook/service.h"
#include "gemba/logbook/service_support.h"
#include "gemba/logbook/state_json.h"

namespace gemba::logbook {

namespace json = boost::json;
using namespace equipment;

namespace {

boost::json::object refusal_details(const Refusal& r, const std::vector<Refusal>& all) {
  json::array reasons;
  bool overridable = true;
  for (const auto& x : all) {
    reasons.push_back(json::object{{"reason", x.reason},
                                   {"message", x.message},
                                   {"overridable", x.overridable},
                                   {"entry_id", x.entry_id}});
    overridable = overridable && x.overridable;
  }
  return {{"reason", r.reason},
          {"overridable", overridable},
          {"entry_id", r.entry_id},
          {"reasons", std::move(reasons)}};
}

std::string joined(const std::vector<Refusal>& all) {
  std::string out;
  for (const auto& r : all) out += (out.empty() ? "" : "; ") + r.message;
  return out;
}

bool batch_over(batch::BatchState s) {
  return s != batch::BatchState::kCreated && s != batch::BatchState::kInProgress &&
         s != batch::BatchState::kOnHold;
}

// The key of a run id "key#occurrence".
std::string_view key_of(std::string_view run_id) { return run_id.substr(0, run_id.rfind('#')); }

bool overridden(const batch::Batch& b, const batch::StepRun& run) {
  for (const batch::BatchException& x : b.exceptions) {
    if (x.kind == batch::ExceptionKind::kInterlockOverride && x.step_key == run.key &&
        x.occurrence == run.occurrence) {
      return true;
    }
  }
  return false;
}

Result<json::value> stored(const std::string& text) {
  std::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Error::internal("a stored equipment or room state is not JSON");
  return v;
}

Result<void> recheck(store::Tx& tx, const Equipment& eq, const CleaningRules& rules,
                     const batch::Batch& b, Timestamp now) {
  GEMBA_TRY(rows, tx.query("SELECT e.state, r.state, r.code FROM equipment e JOIN plant_room r ON "
                           "r.id = e.room_id WHERE e.id = ?",
                           eq.id));
  if (rows.empty()) return Error::not_found("no equipment " + eq.code);
  GEMBA_TRY(ev, stored(rows[0].text(0)));
  GEMBA_TRY(state, state_from_json(ev));
  GEMBA_TRY(rv, stored(rows[0].text(1)));
  GEMBA_TRY(room, room_state_from_json(rv));
  std::vector<Refusal> refusals =
      check_use(evaluate(state, rules, now), rules, b.header.id, b.header.product_code, eq.code);
  if (auto r = check_clearance(room, b.header.id, b.header.number, rows[0].text(2))) {
    refusals.push_back(std::move(*r));
  }
  if (refusals.empty()) return ok();
  return Error::failed_precondition(joined(refusals), refusal_details(refusals.front(), refusals));
}

}  // namespace

Result<void> LogbookService::check_equipment(const batch::EquipmentUse& use) const {
  std::shared_lock lock(mu_);
  const Equipment* e = plant_->equipment_of(use.equipment_id);
  // Every refusal has the same details (reason, overridable, entry_id, reasons).
  auto refuse = [](std::string reason, std::string message) {
    const Refusal r{std::move(reason), std::move(message), false, ""};
    return Error::failed_precondition(r.message, refusal_details(r, {r}));
  };
  if (!e) {
    return refuse("unknown_equipment", "no equipment " + std::string(use.equipment_id) +
                                           " is registered; scan the asset label of a " +
                                           std::string(use.equipment_class));
  }
  if (e->class_code != use.equipment_class) {
    return refuse("wrong_class", e->code + " is a " + e->class_code + "; this step needs a " +
                                     std::string(use.equipment_class));
  }
  const EquipmentClass& cls = plant_->classes.at(e->class_code);
  const StatusView view = evaluate(plant_->equipment_state.at(e->id).state, cls.cleaning, use.now);
  std::vector<Refusal> refusals = check_use(view, cls.cleaning, use.batch_id, use.product, e->code);
  const Room& room = plant_->rooms.at(e->room_id);
  if (auto r = check_clearance(plant_->room_state.at(room.id).state, use.batch_id, use.batch_number,
                               room.code)) {
    refusals.push_back(std::move(*r));
  }
  if (refusals.empty()) return ok();
  return Error::failed_precondition(joined(refusals), refusal_details(refusals.front(), refusals));
}

Result<void> LogbookService::on_batch_persist(trust::AuditedTx& atx, const batch::Batch& b,
                                              const batch::Changes& changes) {
  if (!b.recipe) return ok();
  const bool over = changes.header && batch_over(b.header.state);
  const Timestamp now = clock_.now();
  store::Tx& tx = atx.tx();
  struct Use {
    const Equipment* eq;
    const batch::StepRun* run;  // the step that bound it (start), or nullptr
    bool start;                 // else end
  };
  std::vector<Use> uses;
  std::vector<std::pair<Room, RoomEvent>> room_events;
  {
    // The unit procedures that bind equipment and had a run changed now (a unit procedure
    // finishes when its last run is done, and that run changed now). Most actions touch none:
    // this pass costs a few comparisons per step.
    const auto& ups = b.recipe->unit_procedures;
    std::vector<bool> has_equipment(ups.size(), false);
    std::vector<bool> touched(ups.size(), over);
    bool any = false;
    for (std::size_t i = 0; i < ups.size(); ++i) {
      for (const recipe::Operation& op : ups[i].operations) {
        for (const recipe::Step& step : op.steps) {
          if (std::holds_alternative<recipe::EquipmentUseSpec>(step.spec)) has_equipment[i] = true;
          for (const std::string& id : changes.runs) {
            if (key_of(id) == step.key) touched[i] = true;
          }
        }
      }
      any = any || (touched[i] && has_equipment[i]);
    }
    if (!any && !over) return ok();
    // Where each step is: its unit procedure, and whether it binds equipment.
    struct Place {
      std::size_t up = 0;
      bool equipment = false;
    };
    std::unordered_map<std::string_view, Place> places;
    for (std::size_t i = 0; i < ups.size(); ++i) {
      for (const recipe::Operation& op : ups[i].operations) {
        for (const recipe::Step& step : op.steps) {
          places[step.key] = {i, std::holds_alternative<recipe::EquipmentUseSpec>(step.spec)};
        }
      }
    }
    std::vector<bool> finished(has_equipment.size(), true);
    struct Bound {
      const batch::StepRun* run;
      std::size_t up;
    };
    std::vector<Bound> bound;
    std::set<std::string> candidates;  // equipment this batch has named, corrections included
    for (const batch::StepRun& run : b.steps) {
      auto it = places.find(run.key);
      if (it == places.end()) continue;
      const std::size_t up = it->second.up;
      if (run.state != batch::StepState::kDone && run.state != batch::StepState::kNotApplicable) {
        finished[up] = false;
      }
      if (!it->second.equipment) continue;
      if (run.entry && run.entry->value.text) {
        bound.push_back({&run, up});
        candidates.insert(*run.entry->value.text);
      }
      for (const batch::Correction& c : run.corrections) {
        if (c.previous.value.text) candidates.insert(*c.previous.value.text);
      }
    }
    std::shared_lock lock(mu_);
    std::set<std::string> keep;  // equipment ids this batch still uses
    std::vector<Use> starts;
    std::vector<Use> start_ends;  // bound by the last step of its unit procedure: used and done
    for (const Bound& x : bound) {
      const Equipment* eq = plant_->equipment_of(*x.run->entry->value.text);
      if (!eq) continue;
      const bool ending = finished[x.up] || over;
      if (!ending) keep.insert(eq->id);
      if (!touched[x.up]) continue;
      const auto& current = plant_->equipment_state.at(eq->id).state;
      if (current.state == State::kInUse && current.batch_id == b.header.id) continue;
      const std::string id = batch::run_id(x.run->key, x.run->occurrence);
      bool changed_now = false;
      for (const std::string& c : changes.runs) changed_now = changed_now || c == id;
      if (!changed_now) continue;
      starts.push_back({eq, x.run, true});
      if (ending) start_ends.push_back({eq, x.run, false});
    }
    // What the batch no longer uses ends: its unit procedure finished, the batch is over, or a
    // correction named other equipment.
    for (const std::string& name : candidates) {
      const Equipment* eq = plant_->equipment_of(name);
      if (!eq || keep.contains(eq->id)) continue;
      const auto& current = plant_->equipment_state.at(eq->id).state;
      if (current.state == State::kInUse && current.batch_id == b.header.id) {
        uses.push_back({eq, nullptr, false});
      }
    }
    uses.insert(uses.end(), starts.begin(), starts.end());
    uses.insert(uses.end(), start_ends.begin(), start_ends.end());
    if (over) {
      for (const auto& [id, current] : plant_->room_state) {
        if (current.state.cleared && current.state.cleared_batch_id == b.header.id) {
          room_events.push_back(
              {plant_->rooms.at(id), RoomEvent{.kind = RoomEventKind::kClearanceEnded,
                                               .at = now,
                                               .entry_id = current.state.clearance_entry,
                                               .batch_id = b.header.id,
                                               .batch_number = b.header.number}});
        }
      }
    }
  }
  if (uses.empty() && room_events.empty()) return ok();
  Template usage;
  {
    std::shared_lock lock(mu_);
    for (const auto& [type, t] : plant_->templates) {
      if (t.kind == Kind::kUsage && (usage.type.empty() || type == "usage")) usage = t;
    }
  }
  if (usage.type.empty()) {
    return Error::failed_precondition("no equipment usage logbook is defined");
  }
  for (const Use& u : uses) {
    CleaningRules rules;
    {
      std::shared_lock lock(mu_);
      rules = plant_->classes.at(u.eq->class_code).cleaning;
    }
    // Who: the operator who bound it (start), or who made the batch action that ended it.
    const batch::Person by = u.run ? u.run->entry->performer
                                   : batch::Person{atx.actor().user_id, atx.actor().printed_name};
    Entry e;
    e.id = ids_.new_id();
    GEMBA_TRY(n, detail::next_sequence(tx, "entry"));
    std::string digits = std::to_string(n);
    if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
    e.number = "LB-" + format_rfc3339(now).substr(0, 4) + "-" + digits;
    e.type = usage.type;
    e.template_version = usage.version;
    e.kind = Kind::kUsage;
    e.recorded_at = now;
    e.recorded_by = by.user_id;
    e.recorded_name = by.printed_name.empty() ? "Gemba (automatic)" : by.printed_name;
    e.automatic = true;
    e.equipment_id = u.eq->id;
    e.room_id = u.eq->room_id;
    e.batch_id = b.header.id;
    e.batch_number = b.header.number;
    const std::string activity = u.start ? "use_start" : "use_end";
    e.values = json::object{{"activity", json::object{{"value", activity}}}};
    e.comment = u.start ? "bound by step " + batch::run_id(u.run->key, u.run->occurrence) +
                              " of batch " + b.header.number
                        : "batch " + b.header.number +
                              (over ? " is over" : " finished its use (unit procedure finished)");
    const Revision r{.id = ids_.new_id(),
                     .revision = 1,
                     .values = e.values,
                     .by_user = e.recorded_by,
                     .by_name = e.recorded_name,
                     .at = now};
    GEMBA_RETURN_IF_ERROR(detail::insert_entry(tx, e));
    GEMBA_RETURN_IF_ERROR(tx.exec(
        "INSERT INTO logbook_revision (id, entry_id, revision, entry_values, exceptions, reason, "
        "by_user, by_name, at_us, signature_id, content) VALUES (?, ?, 1, ?, '[]', '', ?, ?, ?, "
        "'', ?)",
        r.id, e.id, json::serialize(e.values), r.by_user, r.by_name, detail::us(now),
        json::serialize(detail::entry_json(e))));
    if (u.start && !overridden(b, *u.run)) {
      // The interlock again, on the state as this unit of work reads it: the engine asked
      // before the write began, and the equipment or its room may have changed since.
      GEMBA_RETURN_IF_ERROR(recheck(tx, *u.eq, rules, b, now));
    }
    equipment::Event ev{.kind = u.start ? EventKind::kUseStart : EventKind::kUseEnd,
                        .at = now,
                        .entry_id = e.id,
                        .batch_id = b.header.id,
                        .batch_number = b.header.number,
                        .product = b.header.product_code};
    GEMBA_TRY(applied, detail::apply_equipment_event(tx, *u.eq, rules, ev));
    keep_state(tx, *u.eq, applied);
    announce(tx, "logbook.entry_recorded", e);
    GEMBA_RETURN_IF_ERROR(
        atx.append({u.start ? "logbook.equipment_use_started" : "logbook.equipment_use_ended",
                    "logbook_entry",
                    e.id,
                    {{"entry", nullptr, detail::entry_json(e)}},
                    ""}));
  }
  for (auto& [room, ev] : room_events) {
    GEMBA_TRY(applied, detail::apply_room_event(tx, room, ev));
    keep_state(tx, room, applied);
    GEMBA_RETURN_IF_ERROR(atx.append({"logbook.line_clearance_ended",
                                      "plant_room",
                                      room.id,
                                      {{"cleared_for", b.header.number, nullptr}},
                                      "batch " + b.header.number + " is over"}));
  }
  return ok();
}

// ---- PlantChecks ------------------------------------------------------------------------------

Result<void> PlantChecks::check_equipment(const batch::EquipmentUse& use) const {
  if (!logbooks_) return lots_.check_equipment(use);
  return logbooks_->check_equipment(use);
}

Result<void> PlantChecks::check_lot(const batch::LotUse& use, std::string_view lot) const {
  return lots_.check_lot(use, lot);
}

Result<std::optional<batch::Weighed>> PlantChecks::weighed(const batch::LotUse& use) const {
  return lots_.weighed(use);
}

}  // namespace gemba::logbook
