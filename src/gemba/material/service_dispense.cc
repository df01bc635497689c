// Dispensing (weighing containers for a batch's dispense step), a batch's output lot, and the
// batch engine's lot checks.
#include <algorithm>
#include <boost/json/array.hpp>

#include "gemba/material/service.h"
#include "gemba/material/service_support.h"
#include "gemba/material/views.h"
#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/units.h"
#include "gemba/trust/permissions.h"

namespace gemba::material {

namespace json = boost::json;
namespace perm = trust::perm;
using detail::us;

namespace {

// The dispense step occurrence and its scaled line, if the batch is where weighing may happen.
struct DispenseTarget {
  const recipe::ScaledLine* line = nullptr;
  std::string label;  // "Dispense paracetamol (dispense_paracetamol)"
};

Result<DispenseTarget> dispense_target(const batch::Batch& b, const std::string& key,
                                       int occurrence) {
  const recipe::Step* step = batch::find_step(b, key);
  if (step == nullptr) {
    return Error::not_found("batch " + b.header.number + " has no step " + key, {{"step", key}});
  }
  const auto* spec = std::get_if<recipe::DispenseSpec>(&step->spec);
  if (spec == nullptr) {
    return Error::failed_precondition(step->name +
                                          " is not a dispense step; only dispense steps "
                                          "are weighed",
                                      {{"step", key}});
  }
  if (b.header.state != batch::BatchState::kInProgress) {
    return Error::failed_precondition("batch " + b.header.number + " is " +
                                      std::string(batch::batch_state_name(b.header.state)) +
                                      "; material is weighed for a batch in progress");
  }
  const batch::StepRun* run = batch::find_run(b, key, occurrence);
  if (run == nullptr) {
    return Error::not_found("step " + key + " has no occurrence " + std::to_string(occurrence),
                            {{"step", key}});
  }
  if (run->state != batch::StepState::kReady) {
    return Error::failed_precondition(step->name + " is " +
                                          std::string(batch::step_state_name(run->state)) +
                                          "; containers are weighed for a step that is Ready",
                                      {{"state", std::string(batch::step_state_name(run->state))}});
  }
  const auto line =
      std::find_if(b.formula.lines.begin(), b.formula.lines.end(),
                   [&](const recipe::ScaledLine& l) { return l.key == spec->formula_line; });
  if (line == b.formula.lines.end()) {
    return Error::failed_precondition(step->name + " refers to formula line " + spec->formula_line +
                                      ", which the batch's formula does not have");
  }
  return DispenseTarget{&*line, step->name};
}

}  // namespace

Result<std::vector<Portion>> MaterialService::load_portions(store::Tx& tx,
                                                            const std::string& batch_id,
                                                            const std::string& step_key,
                                                            int occurrence) {
  GEMBA_TRY(rows, tx.query(std::string(detail::kPortionColumns) +
                               " FROM material_portion WHERE batch_id = ? AND step_key = ? AND "
                               "occurrence = ? ORDER BY at_us, id",
                           batch_id, step_key, occurrence));
  std::vector<Portion> out;
  for (const auto& r : rows) out.push_back(detail::portion_from_row(r));
  return out;
}

Result<std::vector<Portion>> MaterialService::portions(const std::string& batch_id,
                                                       const std::string& step_key,
                                                       int occurrence) {
  GEMBA_TRY(b, batches_.get(batch_id));
  return db_.read(
      [&](store::Tx& tx) { return load_portions(tx, b->header.id, step_key, occurrence); });
}

Result<DispenseResult> MaterialService::dispense(const trust::Principal& p,
                                                 const DispenseInput& in) {
  if (!p.can(perm::kBatchExecute)) {
    return Error::permission_denied("weighing for a batch needs the permission batch.execute");
  }
  if (in.container.empty() || in.container.size() > 512) {
    return Error::invalid_argument("give the container: its id or a scan of its label",
                                   {{"field", "container"}});
  }
  GEMBA_TRY(b, batches_.get(in.batch_id));
  GEMBA_TRY(target, dispense_target(*b, in.step_key, in.occurrence));
  const recipe::ScaledLine line = *target.line;
  // A scan of our label carries the container id in AI 91.
  std::string container_id = in.container;
  if (container_id.find('(') != std::string::npos || container_id.starts_with("]") ||
      container_id.find(gs1::kGroupSeparator) != std::string::npos ||
      std::all_of(container_id.begin(), container_id.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    GEMBA_TRY(scanned, scan(container_id));
    if (!scanned.container) {
      return Error::not_found(
          "the scan names no container of ours; scan the container's Gemba "
          "label",
          {{"field", "container"}});
    }
    container_id = scanned.container->id;
  }
  const Timestamp now = clock_.now();
  DispenseResult out;
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    GEMBA_TRY(source, load_container(tx, container_id));
    if (!source) {
      return Error::not_found("container " + container_id + " does not exist",
                              {{"field", "container"}});
    }
    GEMBA_TRY(v, load_lot(tx, source->lot_id));
    GEMBA_RETURN_IF_ERROR(check_container_for_line(line, v.item, v.lot, *source, now));
    GEMBA_TRY(earlier, load_portions(tx, b->header.id, in.step_key, in.occurrence));
    GEMBA_TRY(portion, weigh_portion(line, v.item, v.lot, *source, in.weighing, earlier));
    GEMBA_TRY(base_net, recipe::convert(portion.net, line.unit, v.item.base_unit));
    // The dispensed container: the net weighed out, labelled for the batch.
    Container dispensed;
    GEMBA_TRY(cid, next_container_id(tx));
    dispensed.id = std::move(cid);
    dispensed.lot_id = v.lot.id;
    dispensed.dispensed = true;
    dispensed.batch_id = b->header.id;
    dispensed.step_key = in.step_key;
    dispensed.occurrence = in.occurrence;
    dispensed.created_at = now;
    GEMBA_RETURN_IF_ERROR(insert_container(tx, dispensed));
    v.containers.push_back(dispensed);
    Movement m;
    m.id = ids_.new_id();
    m.kind = MovementKind::kDispense;
    m.lot_id = v.lot.id;
    m.from_container = source->id;
    m.to_container = dispensed.id;
    m.quantity = round_quantity(base_net);
    m.unit = v.lot.unit;
    m.batch_id = b->header.id;
    m.step_key = in.step_key;
    m.occurrence = in.occurrence;
    m.user_id = p.user_id;
    m.printed_name = p.printed_name;
    m.at = now;
    Lot after = v.lot;
    GEMBA_TRY(changes, apply_movement(after, v.containers, m, now));
    GEMBA_RETURN_IF_ERROR(write_quantities(tx, after, changes));
    GEMBA_RETURN_IF_ERROR(insert_movement(tx, m));
    portion.id = ids_.new_id();
    portion.batch_id = b->header.id;
    portion.step_key = in.step_key;
    portion.occurrence = in.occurrence;
    portion.dispensed_container = dispensed.id;
    portion.user_id = p.user_id;
    portion.printed_name = p.printed_name;
    portion.at = now;
    GEMBA_RETURN_IF_ERROR(tx.exec(
        "INSERT INTO material_portion (id, batch_id, step_key, occurrence, line_key, "
        "source_container, dispensed_container, lot_id, lot_number, tare, gross, net, counted, "
        "assay_percent, unit, user_id, printed_name, at_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?)",
        portion.id, portion.batch_id, portion.step_key, portion.occurrence, line.key,
        portion.source_container, portion.dispensed_container, portion.lot_id, portion.lot_number,
        portion.tare, portion.gross, portion.net, portion.counted, portion.assay_percent,
        portion.unit, portion.user_id, portion.printed_name, us(now)));
    GEMBA_RETURN_IF_ERROR(record_edge(tx, NodeRef::lot(v.lot.id), NodeRef::batch(b->header.id),
                                      m.quantity, m.unit, now));
    announce(atx.tx(), "material.dispensed", v.lot);
    GEMBA_RETURN_IF_ERROR(
        atx.append({"material.dispensed",
                    "material_lot",
                    v.lot.id,
                    {{"portion", nullptr, portion_to_json(portion)},
                     {"container." + source->id, changes[0].before, changes[0].after}},
                    "weighed for batch " + b->header.number + ", " + target.label}));
    earlier.push_back(portion);
    out.portion = portion;
    out.portions = std::move(earlier);
    return ok();
  }));
  out.target = line.target;
  out.low = line.low;
  out.high = line.high;
  out.unit = line.unit;
  const double total = counted_total(out.portions);
  out.complete = total >= line.low - 5e-7 && total <= line.high + 5e-7;
  return out;
}

Result<LotView> MaterialService::produce(const trust::Principal& p, const ProduceInput& in) {
  if (!p.can(perm::kMaterialManage)) {
    return Error::permission_denied(
        "recording a batch's output lot needs the permission "
        "material.manage");
  }
  if (in.containers.empty() || in.containers.size() > 1000) {
    return Error::invalid_argument("the output lists 1 to 1000 containers with their quantities",
                                   {{"field", "containers"}});
  }
  GEMBA_TRY(b, batches_.get(in.batch_id));
  if (b->header.state == batch::BatchState::kCreated ||
      b->header.state == batch::BatchState::kAborted ||
      b->header.state == batch::BatchState::kRejected) {
    return Error::failed_precondition("batch " + b->header.number + " is " +
                                      std::string(batch::batch_state_name(b->header.state)) +
                                      "; it has no output lot");
  }
  const Timestamp now = clock_.now();
  LotView out;
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    GEMBA_TRY(item, load_item(tx, in.item));
    if (item.type != ItemType::kIntermediate && item.type != ItemType::kFinished) {
      return Error::invalid_argument(item.code + " is a " + std::string(item_type_name(item.type)) +
                                         " item; a batch produces an intermediate or finished one",
                                     {{"field", "item"}});
    }
    GEMBA_TRY(existing, tx.query("SELECT lot_number FROM material_lot WHERE produced_by_batch = ? "
                                 "AND item_id = ?",
                                 b->header.id, item.id));
    if (!existing.empty()) {
      return Error::conflict("batch " + b->header.number + " already produced lot " +
                             existing[0].text(0) + " of " + item.code);
    }
    Lot lot;
    lot.id = ids_.new_id();
    lot.lot_number = b->header.number;  // a batch's output lot carries the batch number
    lot.item_id = item.id;
    lot.supplier = "own production";
    lot.supplier_lot = b->header.number;
    lot.status = LotStatus::kQuarantine;
    lot.unit = item.base_unit;
    lot.expiry = in.expiry;
    if (!lot.expiry && item.shelf_life_days) {
      lot.expiry = date_of(now) + std::chrono::days(*item.shelf_life_days);
    }
    lot.produced_by_batch = b->header.id;
    lot.received_at = now;
    lot.version = 1;
    GEMBA_TRY(clash, tx.query("SELECT id FROM material_lot WHERE lot_number = ?", lot.lot_number));
    if (!clash.empty()) {
      GEMBA_TRY(n, next_lot_number(tx, now));
      lot.lot_number = std::move(n);
    }
    GEMBA_RETURN_IF_ERROR(insert_lot(tx, lot));
    std::vector<double> quantities;
    for (double q : in.containers) {
      GEMBA_TRY(base, detail::to_base_unit(q, in.unit, item, "containers"));
      quantities.push_back(base);
    }
    GEMBA_TRY(containers,
              fill_containers(tx, lot, quantities, MovementKind::kProduce, b->header.id, p, now));
    GEMBA_RETURN_IF_ERROR(record_edge(tx, NodeRef::batch(b->header.id), NodeRef::lot(lot.id),
                                      lot.quantity, lot.unit, now));
    announce(atx.tx(), "material.lot_produced", lot);
    GEMBA_RETURN_IF_ERROR(atx.append(
        {"material.lot_produced",
         "material_lot",
         lot.id,
         {{"lot", nullptr, lot_to_json(lot, item)}, {"batch", nullptr, b->header.number}},
         ""}));
    out.lot = lot;
    out.item = item;
    out.containers = std::move(containers);
    out.effective = effective_status(lot, now);
    return ok();
  }));
  return out;
}

Result<void> MaterialService::consume_charged(trust::AuditedTx& atx, const batch::Batch& b,
                                              const batch::Changes& changes) {
  store::Tx& tx = atx.tx();
  for (const std::string& rid : changes.runs) {
    const auto hash = rid.rfind('#');
    if (hash == std::string::npos) continue;
    const std::string key = rid.substr(0, hash);
    const batch::StepRun* run = batch::find_run(b, key, std::atoi(rid.c_str() + hash + 1));
    const recipe::Step* step = batch::find_step(b, key);
    const auto* charge = step ? std::get_if<recipe::ChargeSpec>(&step->spec) : nullptr;
    if (charge == nullptr || run == nullptr || run->state != batch::StepState::kDone) continue;
    GEMBA_TRY(rows, tx.query("SELECT c.id, c.lot_id FROM material_container c JOIN "
                             "material_portion p ON p.dispensed_container = c.id WHERE "
                             "p.batch_id = ? AND p.line_key = ? AND c.quantity > 0 ORDER BY c.id",
                             b.header.id, charge->formula_line));
    const Timestamp now = clock_.now();
    for (const auto& r : rows) {
      GEMBA_TRY(v, load_lot(tx, r.text(1)));
      const auto it = std::find_if(v.containers.begin(), v.containers.end(),
                                   [&](const Container& c) { return c.id == r.text(0); });
      if (it == v.containers.end()) continue;
      Movement m;
      m.id = ids_.new_id();
      m.kind = MovementKind::kConsume;
      m.lot_id = v.lot.id;
      m.from_container = it->id;
      m.quantity = it->quantity;
      m.unit = v.lot.unit;
      m.batch_id = b.header.id;
      m.step_key = key;
      m.occurrence = run->occurrence;
      m.user_id = atx.actor().user_id;
      m.printed_name = atx.actor().printed_name;
      m.at = now;
      Lot after = v.lot;
      GEMBA_TRY(change, apply_movement(after, v.containers, m, now));
      GEMBA_RETURN_IF_ERROR(write_quantities(tx, after, change));
      GEMBA_RETURN_IF_ERROR(insert_movement(tx, m));
      announce(atx.tx(), "material.consumed", v.lot);
      GEMBA_RETURN_IF_ERROR(
          atx.append({"material.consumed",
                      "material_lot",
                      v.lot.id,
                      {{"container." + it->id, change[0].before, change[0].after}},
                      "charged in batch " + b.header.number + ", " + step->name}));
    }
  }
  return ok();
}

// ---- The engine's checks ----------------------------------------------------------------------

Result<std::optional<batch::Weighed>> MaterialChecks::weighed(const batch::LotUse& use) const {
  return db_.read([&](store::Tx& tx) -> Result<std::optional<batch::Weighed>> {
    GEMBA_TRY(rows, tx.query("SELECT counted, lot_number FROM material_portion WHERE batch_id = ? "
                             "AND step_key = ? AND occurrence = ? ORDER BY at_us, id",
                             use.batch_id, use.step_key, use.occurrence));
    if (rows.empty()) {
      return Error::failed_precondition(
          "nothing is weighed for it yet: scan each container and weigh it (POST "
          "/api/v1/batches/{id}/steps/{key}/dispense), then complete the step",
          {{"reason", "not_weighed"}});
    }
    batch::Weighed w;
    std::vector<std::string> lots;
    for (const auto& r : rows) {
      w.total += r.real(0);
      if (std::find(lots.begin(), lots.end(), r.text(1)) == lots.end()) lots.push_back(r.text(1));
    }
    w.total = round_quantity(w.total);
    for (const auto& l : lots) w.lots += (w.lots.empty() ? "" : ",") + l;
    return std::optional<batch::Weighed>(std::move(w));
  });
}

Result<void> MaterialChecks::check_lot(const batch::LotUse& use, std::string_view lot) const {
  return db_.read([&](store::Tx& tx) -> Result<void> {
    GEMBA_TRY(rows, tx.query("SELECT DISTINCT lot_number FROM material_portion WHERE batch_id = ? "
                             "AND line_key = ?",
                             use.batch_id, use.line.key));
    if (rows.empty()) {
      return Error::failed_precondition("no " + use.line.material_code + " (" + use.line.name +
                                            ") was dispensed for this batch; dispense it first",
                                        {{"reason", "not_dispensed"}});
    }
    std::string weighed;
    for (const auto& r : rows) {
      // A charge names one lot or the dispense step's comma-separated list.
      std::string_view rest = lot;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view one = rest.substr(0, comma);
        if (one == r.text(0)) return ok();
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
      weighed += (weighed.empty() ? "" : ", ") + r.text(0);
    }
    return Error::failed_precondition("lot " + std::string(lot) + " was not dispensed for " +
                                          use.line.name + " in this batch; dispensed: " + weighed,
                                      {{"reason", "not_dispensed"}});
  });
}

}  // namespace gemba::material
