#pragma once
// The demo plant's batches of the demo recipe, made through the service exactly as people would
// make them (every value validated, signed and audited): one released, one in review with three
// exceptions still open, one in progress at granulation.

#include <functional>
#include <string>

#include "gemba/batch/service.h"

namespace gemba::batch {

// The people of the demo, logged in, with their signatures already authenticated (the seed
// signs dozens of times; each authentication costs one Argon2id run).
struct DemoCrew {
  const trust::Principal* operator_ = nullptr;  // executes steps
  const trust::VerifiedSigner* operator_signer = nullptr;
  const trust::VerifiedSigner* witness_signer = nullptr;  // a second operator
  const trust::Principal* supervisor = nullptr;           // creates, starts, overrides
  const trust::VerifiedSigner* supervisor_signer = nullptr;
  const trust::Principal* reviewer = nullptr;  // QA: dispositions, signed "reviewed"
  const trust::VerifiedSigner* reviewer_signer = nullptr;
  const trust::Principal* approver = nullptr;  // QP: releases
  const trust::VerifiedSigner* approver_signer = nullptr;
  // Weighs the containers for a Ready dispense step (the materials capability), before the step
  // is completed with what was weighed. Unset: the quantity and a lot are entered.
  std::function<Result<void>(const Batch&, const StepRun&)> weigh;
  // Makes the equipment an equipment_use step will scan usable (the logbooks: its cleaning and
  // its room's line clearance recorded and verified), before the step is completed. Unset:
  // nothing is prepared.
  std::function<Result<void>(const Batch&, const StepRun&, const std::string& equipment)>
      prepare_equipment;
};

struct DemoBatches {
  std::string released;
  std::string in_review;
  std::string in_progress;
};

// Seeds the three batches from the recipe's effective version. Call once, on an empty plant.
Result<DemoBatches> seed_demo_batches(BatchService& service, const std::string& recipe_id,
                                      const DemoCrew& crew);

}  // namespace gemba::batch
