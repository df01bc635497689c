#pragma once
// The demo plant's physical model and logbooks, made through the service as people would make them
// (every entry validated, signed and audited): one site, areas for dispensing, granulation,
// compression and coating with their rooms and the equipment of the demo recipe, and four weeks
// of logbook history (calibrations, cleanings, maintenance, gowning, environmental monitoring
// twice a day with one excursion). The history is written by a service on a clock that walks
// through those weeks; signatures and audit entries carry the time they were really written.

#include <functional>
#include <string>

#include "gemba/batch/model/batch.h"
#include "gemba/core/clock.h"
#include "gemba/logbook/service.h"

namespace gemba::logbook {

struct DemoPlantCrew {
  const trust::Principal* engineer = nullptr;   // equipment.manage: registers the plant
  const trust::Principal* operator_ = nullptr;  // records entries
  const trust::VerifiedSigner* operator_signer = nullptr;
  const trust::VerifiedSigner* verifier_signer = nullptr;  // a second operator verifies
};

// Registers the plant and writes its history through `past`, a service on `clock`, which this
// moves from four weeks before `now` up to `now`. Call once, on a plant without sites.
Result<void> seed_demo_plant(LogbookService& past, ManualClock& clock, Timestamp now,
                             const DemoPlantCrew& crew);

// The hook of batch::DemoCrew: before a demo batch scans equipment, its room is cleared for the
// batch and, unless it is usable, it is cleaned (major) — each recorded and verified.
std::function<Result<void>(const batch::Batch&, const batch::StepRun&, const std::string&)>
demo_equipment_preparer(LogbookService& service, const DemoPlantCrew& crew);

// After the demo batches: the cleaning crew cleans what they left dirty, except one granulator
// (dirty, so the interlock can be seen); the drying room is cleared for the batch in progress.
Result<void> seed_demo_aftermath(LogbookService& service, const DemoPlantCrew& crew,
                                 const std::string& batch_in_progress);

}  // namespace gemba::logbook
