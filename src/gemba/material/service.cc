#include "gemba/material/service.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "gemba/core/event_bus.h"
#include "gemba/core/json.h"
#include "gemba/core/time.h"
#include "gemba/material/genealogy/genealogy_loader.h"
#include "gemba/material/service_support.h"
#include "gemba/material/views.h"
#include "gemba/recipe/model/units.h"
#include "gemba/trust/permissions.h"
#include "gemba/trust/signature.h"

namespace gemba::material {

namespace json = boost::json;
namespace perm = trust::perm;
using detail::from_us;
using detail::us;

Result<std::unique_ptr<MaterialService>> MaterialService::open(
    store::Database& db, Clock& clock, IdGenerator& ids, const trust::AuditTrail& audit,
    trust::Signatures& signatures, batch::BatchService& batches, MaterialServiceOptions options) {
  std::unique_ptr<MaterialService> s(
      new MaterialService(db, clock, ids, audit, signatures, batches, std::move(options)));
  GEMBA_RETURN_IF_ERROR(load_genealogy(db, *s->index_));
  batches.add_persist_hook(
      [m = s.get()](trust::AuditedTx& atx, const batch::Batch& b, const batch::Changes& changes) {
        return m->consume_charged(atx, b, changes);
      });
  return s;
}

MaterialService::MaterialService(store::Database& db, Clock& clock, IdGenerator& ids,
                                 const trust::AuditTrail& audit, trust::Signatures& signatures,
                                 batch::BatchService& batches, MaterialServiceOptions options)
    : db_(db),
      clock_(clock),
      ids_(ids),
      audit_(audit),
      signatures_(signatures),
      batches_(batches),
      options_(std::move(options)),
      index_(std::make_unique<GenealogyIndex>()) {
  // Status changes and adjustments bind their stored content (immutable rows).
  auto stored_content = [](const char* sql) {
    return [sql](store::Tx& tx, const std::string& id) -> Result<std::optional<std::string>> {
      GEMBA_TRY(rows, tx.query(sql, id));
      if (rows.empty()) return std::optional<std::string>();
      std::error_code ec;
      json::value v = json::parse(rows[0].text(0), ec);
      if (ec) return Error::internal("a stored material record is not JSON");
      return std::optional<std::string>(trust::content_hash(v));
    };
  };
  signatures_.register_content_source(
      std::string(kLotEventRecordType),
      stored_content("SELECT content FROM material_lot_event WHERE id = ?"));
  signatures_.register_content_source(
      std::string(kMovementRecordType),
      [this](store::Tx& tx, const std::string& id) -> Result<std::optional<std::string>> {
        GEMBA_TRY(m, detail::load_movement(tx, id));
        if (!m) return std::optional<std::string>();
        return std::optional<std::string>(trust::content_hash(movement_to_json(*m)));
      });
}

// ---- Items ------------------------------------------------------------------------------------

Result<Item> MaterialService::create_item(const trust::Principal& p, Item item) {
  if (!p.can(perm::kMaterialManage)) {
    return Error::permission_denied("creating an item needs the permission material.manage");
  }
  GEMBA_RETURN_IF_ERROR(validate_item(item));
  item.id = ids_.new_id();
  item.version = 1;
  const Timestamp now = clock_.now();
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    GEMBA_TRY(same, tx.query("SELECT id FROM material_item WHERE code = ?", item.code));
    if (!same.empty()) {
      return Error::conflict("material code " + item.code + " is already in the item master",
                             {{"field", "code"}});
    }
    for (const std::string& g : item.gtins) {
      GEMBA_TRY(taken, tx.query("SELECT i.code FROM material_item_gtin g JOIN material_item i "
                                "ON i.id = g.item_id WHERE g.gtin = ?",
                                g));
      if (!taken.empty()) {
        return Error::conflict("GTIN " + g + " already belongs to " + taken[0].text(0),
                               {{"field", "gtins"}});
      }
    }
    GEMBA_RETURN_IF_ERROR(tx.exec(
        "INSERT INTO material_item (id, code, name, type, base_unit, storage_conditions, "
        "shelf_life_days, retest_interval_days, potency_adjusted, version, created_at_us) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        item.id, item.code, item.name, item_type_name(item.type), item.base_unit,
        item.storage_conditions, item.shelf_life_days, item.retest_interval_days,
        item.potency_adjusted, item.version, us(now)));
    for (const std::string& g : item.gtins) {
      GEMBA_RETURN_IF_ERROR(
          tx.exec("INSERT INTO material_item_gtin (gtin, item_id) VALUES (?, ?)", g, item.id));
    }
    return detail::discard(atx.append({"material.item_created",
                                       "material_item",
                                       item.id,
                                       {{"item", nullptr, item_to_json(item)}},
                                       ""}));
  }));
  return item;
}

Result<std::vector<Item>> MaterialService::list_items() {
  return db_.read([&](store::Tx& tx) -> Result<std::vector<Item>> {
    GEMBA_TRY(rows, tx.query("SELECT id FROM material_item ORDER BY code"));
    std::vector<Item> out;
    for (const auto& r : rows) {
      GEMBA_TRY(item, load_item(tx, r.text(0)));
      out.push_back(std::move(item));
    }
    return out;
  });
}

Result<Item> MaterialService::get_item(const std::string& id_or_code) {
  return db_.read([&](store::Tx& tx) { return load_item(tx, id_or_code); });
}

Result<Item> MaterialService::load_item(store::Tx& tx, const std::string& id_or_code) {
  GEMBA_TRY(rows, tx.query(std::string(detail::kItemColumns) +
                               " FROM material_item WHERE id = ? OR code = ?",
                           id_or_code, id_or_code));
  if (rows.empty()) {
    return Error::not_found("item " + id_or_code + " is not in the item master",
                            {{"item", id_or_code}});
  }
  Item item = detail::item_from_row(rows[0]);
  GEMBA_TRY(gtins, tx.query("SELECT gtin FROM material_item_gtin WHERE item_id = ? ORDER BY gtin",
                            item.id));
  for (const auto& g : gtins) item.gtins.push_back(g.text(0));
  return item;
}

// ---- Lots -------------------------------------------------------------------------------------

Result<LotView> MaterialService::load_lot(store::Tx& tx, const std::string& id_or_number) {
  GEMBA_TRY(rows, tx.query(std::string(detail::kLotColumns) +
                               " FROM material_lot WHERE id = ? OR lot_number = ?",
                           id_or_number, id_or_number));
  if (rows.empty()) {
    return Error::not_found("lot " + id_or_number + " does not exist", {{"lot", id_or_number}});
  }
  LotView v;
  v.lot = detail::lot_from_row(rows[0]);
  GEMBA_TRY(item, load_item(tx, v.lot.item_id));
  v.item = std::move(item);
  GEMBA_TRY(containers, tx.query(std::string(detail::kContainerColumns) +
                                     " FROM material_container WHERE lot_id = ? ORDER BY id",
                                 v.lot.id));
  for (const auto& r : containers) v.containers.push_back(detail::container_from_row(r));
  v.effective = effective_status(v.lot, clock_.now());
  return v;
}

Result<std::optional<Container>> MaterialService::load_container(store::Tx& tx,
                                                                 const std::string& id) {
  GEMBA_TRY(rows, tx.query(std::string(detail::kContainerColumns) +
                               " FROM material_container WHERE id = ?",
                           id));
  if (rows.empty()) return std::optional<Container>();
  return std::optional<Container>(detail::container_from_row(rows[0]));
}

Result<LotView> MaterialService::get_lot(const std::string& id_or_number) {
  return db_.read([&](store::Tx& tx) { return load_lot(tx, id_or_number); });
}

Result<std::vector<LotView>> MaterialService::list_lots(const std::string& item,
                                                        const std::string& status, int limit) {
  if (limit < 1 || limit > 500) {
    return Error::invalid_argument("limit must be a number from 1 to 500", {{"field", "limit"}});
  }
  std::optional<LotStatus> wanted;
  if (!status.empty()) {
    wanted = parse_lot_status(status);
    if (!wanted) {
      return Error::invalid_argument(
          "status must be quarantine, released, rejected, blocked or expired",
          {{"field", "status"}});
    }
  }
  return db_.read([&](store::Tx& tx) -> Result<std::vector<LotView>> {
    std::string item_id;
    if (!item.empty()) {
      GEMBA_TRY(it, load_item(tx, item));
      item_id = it.id;
    }
    GEMBA_TRY(rows, item_id.empty()
                        ? tx.query("SELECT id FROM material_lot ORDER BY received_at_us DESC, id "
                                   "DESC")
                        : tx.query("SELECT id FROM material_lot WHERE item_id = ? ORDER BY "
                                   "received_at_us DESC, id DESC",
                                   item_id));
    std::vector<LotView> out;
    for (const auto& r : rows) {
      if (out.size() >= static_cast<std::size_t>(limit)) break;
      GEMBA_TRY(v, load_lot(tx, r.text(0)));
      if (wanted && v.effective != *wanted) continue;
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<std::vector<Movement>> MaterialService::movements(const std::string& lot) {
  return db_.read([&](store::Tx& tx) -> Result<std::vector<Movement>> {
    GEMBA_TRY(v, load_lot(tx, lot));
    GEMBA_TRY(rows, tx.query("SELECT id FROM material_movement WHERE lot_id = ? ORDER BY at_us, id",
                             v.lot.id));
    std::vector<Movement> out;
    for (const auto& r : rows) {
      GEMBA_TRY(m, detail::load_movement(tx, r.text(0)));
      if (m) out.push_back(std::move(*m));
    }
    return out;
  });
}

Result<std::vector<LotEvent>> MaterialService::lot_events(const std::string& lot) {
  return db_.read([&](store::Tx& tx) -> Result<std::vector<LotEvent>> {
    GEMBA_TRY(v, load_lot(tx, lot));
    GEMBA_TRY(rows, tx.query("SELECT id, action, from_status, to_status, reason, signature_id, "
                             "at_us, content FROM material_lot_event WHERE lot_id = ? "
                             "ORDER BY at_us, id",
                             v.lot.id));
    std::vector<LotEvent> out;
    for (const auto& r : rows) {
      LotEvent& e = out.emplace_back();
      e.id = r.text(0);
      e.action = r.text(1);
      e.from_status = r.text(2);
      e.to_status = r.text(3);
      e.reason = r.text(4);
      e.at = from_us(r.int64(6));
      GEMBA_TRY(sig, signatures_.find(tx, r.text(5)));
      if (!sig) continue;
      std::error_code ec;
      const json::value content = json::parse(r.text(7), ec);
      if (ec) return Error::internal("a stored lot status change is not JSON");
      e.signature =
          trust::manifestation(*sig, trust::check_content(*sig, trust::content_hash(content)));
    }
    return out;
  });
}

Result<std::string> MaterialService::next_container_id(store::Tx& tx) {
  GEMBA_TRY(n, detail::next_sequence(tx, "container"));
  return detail::padded(options_.container_prefix + "-", n, 6);
}

Result<std::string> MaterialService::next_lot_number(store::Tx& tx, Timestamp now) {
  const std::chrono::year_month_day ymd{date_of(now)};
  const std::string prefix =
      options_.lot_prefix + "-" + std::to_string(static_cast<int>(ymd.year())) + "-";
  GEMBA_TRY(n, detail::next_sequence(tx, "lot:" + prefix));
  return detail::padded(prefix, n, 5);
}

Result<void> MaterialService::insert_lot(store::Tx& tx, const Lot& l) {
  return detail::discard(
      tx.exec("INSERT INTO material_lot (id, lot_number, item_id, supplier, supplier_lot, status, "
              "quantity, unit, expiry, retest, assay_percent, produced_by_batch, received_at_us, "
              "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              l.id, l.lot_number, l.item_id, l.supplier, l.supplier_lot, lot_status_name(l.status),
              l.quantity, l.unit, detail::opt_date(l.expiry), detail::opt_date(l.retest),
              l.assay_percent, l.produced_by_batch, us(l.received_at), l.version));
}

Result<void> MaterialService::insert_container(store::Tx& tx, const Container& c) {
  return detail::discard(tx.exec(
      "INSERT INTO material_container (id, lot_id, quantity, dispensed, batch_id, step_key, "
      "occurrence, created_at_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      c.id, c.lot_id, c.quantity, c.dispensed, c.batch_id, c.step_key, c.occurrence,
      us(c.created_at)));
}

Result<void> MaterialService::insert_movement(store::Tx& tx, const Movement& m) {
  return detail::discard(tx.exec(
      "INSERT INTO material_movement (id, lot_id, kind, from_container, to_container, "
      "quantity, unit, batch_id, step_key, occurrence, reason, user_id, printed_name, at_us) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      m.id, m.lot_id, movement_kind_name(m.kind), m.from_container, m.to_container, m.quantity,
      m.unit, m.batch_id, m.step_key, m.occurrence, m.reason, m.user_id, m.printed_name, us(m.at)));
}

Result<void> MaterialService::write_quantities(store::Tx& tx, const Lot& lot,
                                               const std::vector<ContainerChange>& changes) {
  for (const ContainerChange& c : changes) {
    GEMBA_RETURN_IF_ERROR(tx.exec("UPDATE material_container SET quantity = ? WHERE id = ?",
                                  c.after, c.container_id));
  }
  GEMBA_TRY(n, tx.exec("UPDATE material_lot SET quantity = ?, status = ?, retest = ?, "
                       "version = version + 1 WHERE id = ? AND version = ?",
                       lot.quantity, lot_status_name(lot.status), detail::opt_date(lot.retest),
                       lot.id, lot.version));
  if (n != 1) {
    return Error::conflict("lot " + lot.lot_number + " was changed by someone else; try again");
  }
  return ok();
}

Result<void> MaterialService::record_edge(store::Tx& tx, const NodeRef& parent,
                                          const NodeRef& child, double quantity,
                                          const std::string& unit, Timestamp at) {
  GEMBA_TRY(n, detail::next_sequence(tx, "genealogy_edge"));
  GEMBA_RETURN_IF_ERROR(tx.exec(
      "INSERT INTO material_genealogy_edge (id, parent_kind, parent_id, child_kind, child_id, "
      "quantity, unit, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      n, node_kind_name(parent.kind), parent.id, node_kind_name(child.kind), child.id, quantity,
      unit, format_rfc3339(at)));
  // The index learns the edge once it is durable.
  tx.on_commit([this, parent, child, quantity, unit] {
    (void)index_->add_edge(parent, child, quantity, unit);
  });
  return ok();
}

Result<std::vector<Container>> MaterialService::fill_containers(
    store::Tx& tx, Lot& lot, const std::vector<double>& quantities, MovementKind kind,
    const std::string& batch_id, const trust::Principal& p, Timestamp now) {
  std::vector<Container> containers;
  for (double q : quantities) {
    Container c;
    GEMBA_TRY(cid, next_container_id(tx));
    c.id = std::move(cid);
    c.lot_id = lot.id;
    c.created_at = now;
    GEMBA_RETURN_IF_ERROR(insert_container(tx, c));
    containers.push_back(c);
    Movement m;
    m.id = ids_.new_id();
    m.kind = kind;
    m.lot_id = lot.id;
    m.to_container = c.id;
    m.quantity = q;
    m.unit = lot.unit;
    m.batch_id = batch_id;
    m.user_id = p.user_id;
    m.printed_name = p.printed_name;
    m.at = now;
    GEMBA_TRY(changes, apply_movement(lot, containers, m, now));
    for (const ContainerChange& ch : changes) {
      GEMBA_RETURN_IF_ERROR(tx.exec("UPDATE material_container SET quantity = ? WHERE id = ?",
                                    ch.after, ch.container_id));
    }
    GEMBA_RETURN_IF_ERROR(insert_movement(tx, m));
  }
  GEMBA_RETURN_IF_ERROR(
      tx.exec("UPDATE material_lot SET quantity = ? WHERE id = ?", lot.quantity, lot.id));
  return containers;
}

Result<LotView> MaterialService::receive(const trust::Principal& p, const ReceiptInput& in) {
  if (!p.can(perm::kMaterialManage)) {
    return Error::permission_denied("receiving material needs the permission material.manage");
  }
  if (in.containers.empty() || in.containers.size() > 1000) {
    return Error::invalid_argument("a receipt lists 1 to 1000 containers with their quantities",
                                   {{"field", "containers"}});
  }
  GEMBA_RETURN_IF_ERROR(detail::check_text(in.supplier, "supplier", 1, 200));
  GEMBA_RETURN_IF_ERROR(detail::check_text(in.supplier_lot, "supplier_lot", 1, 64));
  if (in.assay_percent &&
      (!std::isfinite(*in.assay_percent) || *in.assay_percent <= 0 || *in.assay_percent > 110)) {
    return Error::invalid_argument("the assay is a percentage above 0 and at most 110",
                                   {{"field", "assay_percent"}});
  }
  const Timestamp now = clock_.now();
  LotView out;
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    GEMBA_TRY(item, load_item(tx, in.item));
    std::vector<double> quantities;
    for (double q : in.containers) {
      GEMBA_TRY(base, detail::to_base_unit(q, in.unit, item, "containers"));
      quantities.push_back(base);
    }
    Lot lot;
    lot.id = ids_.new_id();
    GEMBA_TRY(number, next_lot_number(tx, now));
    lot.lot_number = std::move(number);
    lot.item_id = item.id;
    lot.supplier = in.supplier;
    lot.supplier_lot = in.supplier_lot;
    lot.status = LotStatus::kQuarantine;
    lot.unit = item.base_unit;
    lot.expiry = in.expiry;
    if (!lot.expiry && item.shelf_life_days) {
      lot.expiry = date_of(now) + std::chrono::days(*item.shelf_life_days);
    }
    lot.retest = in.retest;
    if (!lot.retest && item.retest_interval_days) {
      lot.retest = date_of(now) + std::chrono::days(*item.retest_interval_days);
    }
    if (lot.expiry && lot.retest && *lot.retest > *lot.expiry) lot.retest = lot.expiry;
    // Expired material that arrives is recorded as it is: it shows expired, and can neither be
    // released nor used (the receipt is the evidence for returning it to the supplier).
    lot.assay_percent = in.assay_percent;
    lot.received_at = now;
    lot.version = 1;
    GEMBA_RETURN_IF_ERROR(insert_lot(tx, lot));
    GEMBA_TRY(containers, fill_containers(tx, lot, quantities, MovementKind::kReceipt, "", p, now));
    json::array ids;
    for (const Container& c : containers) ids.emplace_back(c.id);
    announce(atx.tx(), "material.lot_received", lot);
    GEMBA_RETURN_IF_ERROR(atx.append(
        {"material.lot_received",
         "material_lot",
         lot.id,
         {{"lot", nullptr, lot_to_json(lot, item)}, {"containers", nullptr, std::move(ids)}},
         ""}));
    out.lot = lot;
    out.item = item;
    out.containers = std::move(containers);
    out.effective = effective_status(lot, now);
    return ok();
  }));
  return out;
}

Result<LotView> MaterialService::change_status(const trust::Principal& p, const std::string& lot,
                                               LotAction action, const std::string& reason,
                                               std::optional<Date> new_retest,
                                               const batch::SignatureInput& signature) {
  if (!p.can(perm::kMaterialRelease)) {
    return Error::permission_denied(
        "QC disposition of a lot needs the permission "
        "material.release");
  }
  if (action != LotAction::kRelease && reason.empty()) {
    return Error::invalid_argument(
        std::string(lot_action_name(action)) + "ing a lot needs a reason", {{"field", "reason"}});
  }
  GEMBA_RETURN_IF_ERROR(detail::check_text(reason, "reason", 0, 4000));
  if (new_retest && action != LotAction::kRelease) {
    return Error::invalid_argument("a new retest date is given when releasing",
                                   {{"field", "retest"}});
  }
  GEMBA_TRY(signing, batch::authenticate_signer(signatures_, p, signature));
  const trust::VerifiedSigner* signer = signing.signer();
  if (!signer->can(perm::kMaterialRelease)) {
    return Error::permission_denied("the signer does not hold the permission material.release");
  }
  const Timestamp now = clock_.now();
  LotView out;
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    GEMBA_TRY(v, load_lot(tx, lot));
    GEMBA_TRY(to, next_status(v.lot, action, now));
    Lot after = v.lot;
    after.status = to;
    if (new_retest) {
      if (*new_retest < date_of(now)) {
        return Error::invalid_argument(
            "the new retest date " + format_date(*new_retest) + " has passed",
            {{"field", "retest"}});
      }
      after.retest = new_retest;
    } else if (action == LotAction::kRelease && after.retest && date_of(now) > *after.retest) {
      return Error::failed_precondition("lot " + after.lot_number + " was due for retest on " +
                                            format_date(*after.retest) +
                                            "; give the new retest date from the retest result",
                                        {{"field", "retest"}});
    }
    GEMBA_RETURN_IF_ERROR(write_quantities(tx, after, {}));
    const std::string event_id = ids_.new_id();
    json::object content{
        {"lot_id", after.id},
        {"lot_number", after.lot_number},
        {"item", v.item.code},
        {"action", lot_action_name(action)},
        {"from", lot_status_name(v.lot.status)},
        {"to", lot_status_name(to)},
        {"reason", reason},
        {"retest", after.retest ? json::value(format_date(*after.retest)) : json::value(nullptr)},
        {"at", format_rfc3339(now)}};
    const trust::SignatureMeaning meaning =
        action == LotAction::kRelease  ? trust::SignatureMeaning::kReleased
        : action == LotAction::kReject ? trust::SignatureMeaning::kRejected
                                       : trust::SignatureMeaning::kApproved;
    GEMBA_TRY(sig, signatures_.sign(tx, *signer, meaning, kLotEventRecordType, event_id,
                                    trust::content_hash(content), signature.comment));
    GEMBA_RETURN_IF_ERROR(tx.exec(
        "INSERT INTO material_lot_event (id, lot_id, action, from_status, to_status, reason, "
        "signature_id, at_us, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        event_id, after.id, lot_action_name(action), lot_status_name(v.lot.status),
        lot_status_name(to), reason, sig.id, us(now), json::serialize(content)));
    std::vector<trust::Change> changes{
        {"status", lot_status_name(v.lot.status), lot_status_name(to)}};
    if (after.retest != v.lot.retest) {
      changes.push_back({"retest", detail::opt_date(v.lot.retest).value_or(""),
                         detail::opt_date(after.retest).value_or("")});
    }
    const std::string done = "material.lot_" + std::string(lot_action_name(action)) +
                             (action == LotAction::kBlock ? "ed" : "d");
    announce(atx.tx(), done, after);
    GEMBA_RETURN_IF_ERROR(atx.append({done, "material_lot", after.id, std::move(changes),
                                      reason.empty() ? "QC released the lot" : reason}));
    after.version += 1;
    out = std::move(v);
    out.lot = after;
    out.effective = effective_status(after, now);
    return ok();
  }));
  return out;
}

Result<LotView> MaterialService::adjust(const trust::Principal& p, const std::string& lot,
                                        const std::string& container, double delta,
                                        const std::string& reason,
                                        const batch::SignatureInput& signature) {
  if (!p.can(perm::kMaterialManage)) {
    return Error::permission_denied("adjusting a lot needs the permission material.manage");
  }
  if (reason.empty()) {
    return Error::invalid_argument("an adjustment needs a reason", {{"field", "reason"}});
  }
  GEMBA_RETURN_IF_ERROR(detail::check_text(reason, "reason", 1, 4000));
  GEMBA_TRY(signing, batch::authenticate_signer(signatures_, p, signature));
  const trust::VerifiedSigner* signer = signing.signer();
  const Timestamp now = clock_.now();
  LotView out;
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    GEMBA_TRY(v, load_lot(tx, lot));
    Lot after = v.lot;
    Movement m;
    m.id = ids_.new_id();
    m.kind = MovementKind::kAdjust;
    m.lot_id = after.id;
    m.from_container = container;
    m.quantity = round_quantity(delta);
    m.unit = after.unit;
    m.reason = reason;
    m.user_id = signer->user_id();
    m.printed_name = signer->printed_name();
    m.at = now;
    GEMBA_TRY(changes, apply_movement(after, v.containers, m, now));
    GEMBA_RETURN_IF_ERROR(write_quantities(tx, after, changes));
    GEMBA_RETURN_IF_ERROR(insert_movement(tx, m));
    GEMBA_RETURN_IF_ERROR(
        signatures_.sign(tx, *signer, trust::SignatureMeaning::kPerformed, kMovementRecordType,
                         m.id, trust::content_hash(movement_to_json(m)), signature.comment));
    announce(atx.tx(), "material.lot_adjusted", after);
    GEMBA_RETURN_IF_ERROR(
        atx.append({"material.lot_adjusted",
                    "material_lot",
                    after.id,
                    {{"quantity", v.lot.quantity, after.quantity},
                     {"container." + container, changes[0].before, changes[0].after}},
                    reason}));
    after.version += 1;
    out = std::move(v);
    out.lot = after;
    out.effective = effective_status(after, now);
    return ok();
  }));
  return out;
}

void MaterialService::announce(store::Tx& tx, std::string type, const Lot& lot) {
  if (!events_) return;
  gemba::Event e;
  e.type = std::move(type);
  e.subject_type = "material_lot";
  e.subject_id = lot.id;
  e.data = json::object{{"number", lot.lot_number}, {"status", lot_status_name(lot.status)}};
  e.required_permission = std::string(perm::kMaterialRead);
  tx.on_commit([events = events_, e = std::move(e)] { events->publish(e); });
}

Result<LotView> MaterialService::record_move(trust::AuditedTx& atx, LotView v, const Movement& m,
                                             const std::string& action, const std::string& reason,
                                             Timestamp now) {
  Lot after = v.lot;
  GEMBA_TRY(changes, apply_movement(after, v.containers, m, now));
  GEMBA_RETURN_IF_ERROR(write_quantities(atx.tx(), after, changes));
  GEMBA_RETURN_IF_ERROR(insert_movement(atx.tx(), m));
  std::vector<trust::Change> audit;
  for (const ContainerChange& c : changes) {
    audit.push_back({"container." + c.container_id, c.before, c.after});
  }
  announce(atx.tx(), action, after);
  GEMBA_RETURN_IF_ERROR(atx.append({action, "material_lot", after.id, std::move(audit), reason}));
  after.version += 1;
  v.lot = after;
  v.effective = effective_status(after, now);
  return v;
}

Result<LotView> MaterialService::transfer(const trust::Principal& p, const std::string& lot,
                                          const std::string& from, const std::string& to,
                                          double quantity) {
  if (!p.can(perm::kMaterialManage)) {
    return Error::permission_denied(
        "moving material between containers needs the permission "
        "material.manage");
  }
  const Timestamp now = clock_.now();
  LotView out;
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    GEMBA_TRY(v, load_lot(tx, lot));
    std::string target = to;
    if (target.empty()) {
      Container split;
      GEMBA_TRY(cid, next_container_id(tx));
      split.id = std::move(cid);
      split.lot_id = v.lot.id;
      split.created_at = now;
      GEMBA_RETURN_IF_ERROR(insert_container(tx, split));
      v.containers.push_back(split);
      target = split.id;
    }
    for (const Container& c : v.containers) {
      if ((c.id == from || c.id == target) && c.dispensed) {
        return Error::failed_precondition("container " + c.id +
                                          " holds material dispensed for a batch; return it to "
                                          "stock first");
      }
    }
    Movement m;
    m.id = ids_.new_id();
    m.kind = MovementKind::kTransfer;
    m.lot_id = v.lot.id;
    m.from_container = from;
    m.to_container = target;
    m.quantity = round_quantity(quantity);
    m.unit = v.lot.unit;
    m.user_id = p.user_id;
    m.printed_name = p.printed_name;
    m.at = now;
    GEMBA_TRY(moved, record_move(atx, std::move(v), m, "material.transferred",
                                 "transfer of " + format_json_number(m.quantity) + " " + m.unit +
                                     " from " + from + " to " + target,
                                 now));
    out = std::move(moved);
    return ok();
  }));
  return out;
}

Result<LotView> MaterialService::return_to_stock(const trust::Principal& p,
                                                 const std::string& container,
                                                 const std::string& to, double quantity) {
  if (!p.can(perm::kBatchExecute)) {
    return Error::permission_denied(
        "returning dispensed material needs the permission "
        "batch.execute");
  }
  // Material weighed for a batch goes back only once the batch is over: until then it counts in
  // the dispense step's record.
  GEMBA_TRY(peek, db_.read([&](store::Tx& tx) { return load_container(tx, container); }));
  if (peek && peek->dispensed) {
    GEMBA_TRY(b, batches_.get(peek->batch_id));
    const batch::BatchState st = b->header.state;
    if (st == batch::BatchState::kCreated || st == batch::BatchState::kInProgress ||
        st == batch::BatchState::kOnHold) {
      return Error::failed_precondition(
          "batch " + b->header.number + " is " + std::string(batch::batch_state_name(st)) +
              "; what was weighed for it is returned to stock once the batch is over",
          {{"reason", "batch_running"}});
    }
  }
  const Timestamp now = clock_.now();
  LotView out;
  GEMBA_RETURN_IF_ERROR(audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
    store::Tx& tx = atx.tx();
    GEMBA_TRY(c, load_container(tx, container));
    if (!c) {
      return Error::not_found("container " + container + " does not exist",
                              {{"container", container}});
    }
    if (!c->dispensed) {
      return Error::failed_precondition("container " + c->id +
                                        " is a stock container; only dispensed material is "
                                        "returned to stock");
    }
    if (round_quantity(c->quantity) <= 0) {
      return Error::failed_precondition("container " + c->id + " is empty: nothing to return",
                                        {{"reason", "empty"}});
    }
    std::string target = to;
    if (target.empty()) {
      GEMBA_TRY(rows, tx.query("SELECT source_container FROM material_portion WHERE "
                               "dispensed_container = ?",
                               c->id));
      if (rows.empty()) {
        return Error::invalid_argument("name the stock container to return to", {{"field", "to"}});
      }
      target = rows[0].text(0);
    }
    GEMBA_TRY(v, load_lot(tx, c->lot_id));
    Movement m;
    m.id = ids_.new_id();
    m.kind = MovementKind::kReturn;
    m.lot_id = v.lot.id;
    m.from_container = c->id;
    m.to_container = target;
    m.quantity = quantity == 0 ? c->quantity : round_quantity(quantity);
    m.unit = v.lot.unit;
    m.batch_id = c->batch_id;
    m.step_key = c->step_key;
    m.occurrence = c->occurrence;
    m.user_id = p.user_id;
    m.printed_name = p.printed_name;
    m.at = now;
    GEMBA_TRY(moved, record_move(atx, std::move(v), m, "material.returned",
                                 "returned to stock from container " + c->id, now));
    out = std::move(moved);
    return ok();
  }));
  return out;
}

}  // namespace gemba::material
