#pragma once
// MaterialService: the use cases of materials — the item master, receiving lots, QC's signed
// status changes, adjustments, weighing containers for a batch's dispense step, a batch's output
// lot, scanning, genealogy and labels. The rules are the model's (material/model/*.h); this
// loads, asks the model, writes the rows, the movement and the audit entry in one unit of work,
// and keeps the genealogy index (material/genealogy) in step after each commit.
//
// Thread-safe. References given to the constructor must outlive the service.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gemba/batch/service.h"
#include "gemba/core/clock.h"
#include "gemba/core/ids.h"
#include "gemba/core/result.h"
#include "gemba/material/genealogy/genealogy.h"
#include "gemba/material/genealogy/genealogy_index.h"
#include "gemba/material/gs1/gs1.h"
#include "gemba/material/model/dispensing.h"
#include "gemba/material/model/item.h"
#include "gemba/material/model/lot.h"
#include "gemba/material/model/movement.h"
#include "gemba/store/database.h"
#include "gemba/trust/audit_trail.h"
#include "gemba/trust/principal.h"
#include "gemba/trust/signatures.h"

namespace gemba {
class EventBus;
}

namespace gemba::material {

// Record type of QC's signed status changes (id: the material_lot_event id).
inline constexpr std::string_view kLotEventRecordType = "material_lot_event";
// Record type of signed adjustments (id: the movement id).
inline constexpr std::string_view kMovementRecordType = "material_movement";

struct MaterialServiceOptions {
  std::string lot_prefix = "L";        // lot numbers: L-2026-00042
  std::string container_prefix = "C";  // container ids: C-000123
};

// A lot with what a person needs beside it.
struct LotView {
  Lot lot;
  Item item;
  LotStatus effective = LotStatus::kQuarantine;  // expired when past its expiry date
  std::vector<Container> containers;
};

// A QC status change of a lot (release, reject, block), with its signature's manifestation
// checked against the content it binds.
struct LotEvent {
  std::string id;
  std::string action;  // "release", "reject", "block"
  std::string from_status;
  std::string to_status;
  std::string reason;
  Timestamp at{};
  boost::json::object signature;  // trust::manifestation; empty when the signature is missing
};

struct ReceiptInput {
  std::string item;  // id or material code
  std::string supplier;
  std::string supplier_lot;
  std::vector<double> containers;  // the quantity of each container, in `unit`
  std::string unit;                // empty: the item's base unit
  std::optional<Date> expiry;      // default: received + the item's shelf life, if it has one
  std::optional<Date> retest;      // default: received + the item's retest interval
  std::optional<double> assay_percent;
};

struct DispenseInput {
  std::string batch_id;
  std::string step_key;
  int occurrence = 1;
  std::string container;  // a container id, or a scan of its label
  Weighing weighing;
};

struct DispenseResult {
  Portion portion;
  std::vector<Portion> portions;  // all of the step occurrence's, this one last
  double target = 0;              // the line's (potency-adjusted targets are shown per portion)
  double low = 0;
  double high = 0;
  std::string unit;
  bool complete = false;  // the counted total is within [low, high]
};

struct ProduceInput {
  std::string batch_id;
  std::string item;  // id or code of the produced item
  std::vector<double> containers;
  std::string unit;
  std::optional<Date> expiry;
};

// What a scan names: the parsed elements and the container, lot and item it matches (each when
// found).
struct ScanResult {
  gs1::Scan scan;
  std::optional<Item> item;
  std::optional<LotView> lot;
  std::optional<Container> container;
};

class MaterialService {
 public:
  // REQUIRES: trust, batch and material migrations applied. Loads the genealogy index.
  static Result<std::unique_ptr<MaterialService>> open(store::Database& db, Clock& clock,
                                                       IdGenerator& ids,
                                                       const trust::AuditTrail& audit,
                                                       trust::Signatures& signatures,
                                                       batch::BatchService& batches,
                                                       MaterialServiceOptions options = {});
  MaterialService(const MaterialService&) = delete;
  MaterialService& operator=(const MaterialService&) = delete;
  // Where the service announces each change to a lot once committed (material.lot_received,
  // material.lot_released, material.dispensed, …; readers need material.read). Set before serving.
  void set_events(EventBus* events) { events_ = events; }

  // Items (material.manage). conflict when the code or a GTIN is taken.
  Result<Item> create_item(const trust::Principal& p, Item item);
  Result<std::vector<Item>> list_items();
  Result<Item> get_item(const std::string& id_or_code);

  // Lots. receive: a quarantined lot with its containers and receipt movements
  // (material.manage).
  Result<LotView> receive(const trust::Principal& p, const ReceiptInput& in);
  // Newest first; `item` (id or code) and `status` (effective status name) filter when set.
  Result<std::vector<LotView>> list_lots(const std::string& item, const std::string& status,
                                         int limit);
  Result<LotView> get_lot(const std::string& id_or_number);
  Result<std::vector<Movement>> movements(const std::string& lot);
  // The lot's QC status changes, oldest first.
  Result<std::vector<LotEvent>> lot_events(const std::string& lot);
  // QC's disposition (material.release), signed; a reason is required for reject and block.
  // Releasing may set a new retest date (required when the old one has passed).
  Result<LotView> change_status(const trust::Principal& p, const std::string& lot, LotAction action,
                                const std::string& reason, std::optional<Date> new_retest,
                                const batch::SignatureInput& signature);
  // A signed correction of a container's quantity (material.manage), reason required.
  Result<LotView> adjust(const trust::Principal& p, const std::string& lot,
                         const std::string& container, double delta, const std::string& reason,
                         const batch::SignatureInput& signature);
  // Moves `quantity` (the lot's unit) between two containers of the lot; without `to`, into a
  // new container (a split, with its own label). material.manage.
  Result<LotView> transfer(const trust::Principal& p, const std::string& lot,
                           const std::string& from, const std::string& to, double quantity);
  // Puts what is left in a dispensed container back into its source container (or `to`, a stock
  // container of the lot): the batch did not need it. `quantity` 0 = all of it. batch.execute.
  Result<LotView> return_to_stock(const trust::Principal& p, const std::string& container,
                                  const std::string& to, double quantity);

  // Weighing for a dispense step (batch.execute): the scan interlock, the weighing, a dispensed
  // container, the dispense movement and the genealogy edge lot → batch.
  Result<DispenseResult> dispense(const trust::Principal& p, const DispenseInput& in);
  Result<std::vector<Portion>> portions(const std::string& batch_id, const std::string& step_key,
                                        int occurrence);
  // A batch's output lot (material.manage): quarantined, with its genealogy edge batch → lot.
  Result<LotView> produce(const trust::Principal& p, const ProduceInput& in);

  // Inside a batch action's unit of work: a charge step done consumes the dispensed containers
  // of its formula line (consume movements, audited in the same unit).
  Result<void> consume_charged(trust::AuditedTx& atx, const batch::Batch& b,
                               const batch::Changes& changes);

  // What a scanned barcode names (GS1 or our container labels).
  Result<ScanResult> scan(std::string_view data);

  // Genealogy of a lot, either way.
  Result<Trace> genealogy(const std::string& lot, Direction direction,
                          std::optional<int> max_depth);
  // A person-readable name for each node of a trace: lot numbers with their item code, batch
  // numbers.
  Result<std::function<std::string(const NodeRef&)>> node_labels(const Trace& trace);

  // A container's label (ZPL text or PDF bytes).
  Result<std::string> label(const std::string& container_id, bool pdf);

  Timestamp now() { return clock_.now(); }

 private:
  MaterialService(store::Database& db, Clock& clock, IdGenerator& ids,
                  const trust::AuditTrail& audit, trust::Signatures& signatures,
                  batch::BatchService& batches, MaterialServiceOptions options);

  Result<LotView> load_lot(store::Tx& tx, const std::string& id_or_number);
  Result<Item> load_item(store::Tx& tx, const std::string& id_or_code);
  Result<std::optional<Container>> load_container(store::Tx& tx, const std::string& id);
  Result<std::string> next_container_id(store::Tx& tx);
  Result<std::string> next_lot_number(store::Tx& tx, Timestamp now);
  Result<void> insert_lot(store::Tx& tx, const Lot& lot);
  Result<void> write_quantities(store::Tx& tx, const Lot& lot,
                                const std::vector<ContainerChange>& changes);
  Result<void> insert_container(store::Tx& tx, const Container& c);
  Result<void> insert_movement(store::Tx& tx, const Movement& m);
  // Applies `m` to `v` in the unit: quantities, the movement, and an audit entry `action` naming
  // every container changed. Returns the lot after.
  Result<LotView> record_move(trust::AuditedTx& atx, LotView v, const Movement& m,
                              const std::string& action, const std::string& reason, Timestamp now);
  // A change to `lot`, announced to live screens once `tx` commits (`type`: its audit action).
  void announce(store::Tx& tx, std::string type, const Lot& lot);
  // New containers of `lot` holding `quantities` (base unit), each with its receipt or produce
  // movement; the lot's quantity follows.
  Result<std::vector<Container>> fill_containers(store::Tx& tx, Lot& lot,
                                                 const std::vector<double>& quantities,
                                                 MovementKind kind, const std::string& batch_id,
                                                 const trust::Principal& p, Timestamp now);
  Result<void> record_edge(store::Tx& tx, const NodeRef& parent, const NodeRef& child,
                           double quantity, const std::string& unit, Timestamp at);
  Result<std::vector<Portion>> load_portions(store::Tx& tx, const std::string& batch_id,
                                             const std::string& step_key, int occurrence);

  store::Database& db_;
  Clock& clock_;
  IdGenerator& ids_;
  const trust::AuditTrail& audit_;
  trust::Signatures& signatures_;
  batch::BatchService& batches_;
  const MaterialServiceOptions options_;
  std::unique_ptr<GenealogyIndex> index_;
  EventBus* events_ = nullptr;
};

// The batch engine's questions about lots, answered from the materials tables: a dispense step
// records what was weighed for it (and needs something weighed); a charge step's lot must have
// been dispensed for the same line of the same batch. Thread-safe.
class MaterialChecks final : public batch::CapabilityChecks {
 public:
  explicit MaterialChecks(store::Database& db) : db_(db) {}
  Result<void> check_lot(const batch::LotUse& use, std::string_view lot) const override;
  Result<std::optional<batch::Weighed>> weighed(const batch::LotUse& use) const override;

 private:
  store::Database& db_;
};

}  // namespace gemba::material
