#pragma once
// The demo plant's materials, made through the service as people would: the item master of the
// demo recipe, released lots (one dispensed by potency), one lot still in quarantine and one
// expired (to show the interlock), the weighing of every dispense step of the demo batches, and
// the batches' output lots, so genealogy runs from supplier lots to finished goods.

#include "gemba/batch/service_demo.h"
#include "gemba/material/service.h"

namespace gemba::material {

struct DemoMaterialsCrew {
  const trust::Principal* store_keeper = nullptr;  // material.manage: items, receipts, outputs
  const trust::Principal* qc = nullptr;            // material.release
  const trust::VerifiedSigner* qc_signer = nullptr;
  const trust::Principal* operator_ = nullptr;  // weighs (batch.execute)
};

// Items and lots. Call once, on a plant without items.
Result<void> seed_demo_materials(MaterialService& service, const DemoMaterialsCrew& crew);

// The weighing hook of batch::DemoCrew: weighs released stock of the line's material for a
// Ready dispense step, container by container, until the line's target is reached.
std::function<Result<void>(const batch::Batch&, const batch::StepRun&)> demo_weigher(
    MaterialService& service, const DemoMaterialsCrew& crew);

// The output lots of the demo batches that reached the end of coating (released and in review);
// the released batch's lot is released by QC.
Result<void> seed_demo_outputs(MaterialService& service, const DemoMaterialsCrew& crew,
                               const batch::DemoBatches& batches);

}  // namespace gemba::material
