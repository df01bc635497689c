#pragma once
// BatchService: the use cases of batch execution — create a batch from a recipe version, run it
// step by step, review it by exception, release it, and give its record. The rules are the
// engine's (batch/model/engine.h); this loads, asks the engine, persists, audits and signs:
//
//   (outside)   authenticate the signer, if the action is signed (Argon2id never runs inside a
//               unit of work)
//   read unit   load the batch (its recipe snapshot is parsed once and cached: it never changes)
//   (engine)    refresh (due occurrences, automatic steps), then the action, on the copy in memory
//   write unit  the batch row's version must still be the one loaded (otherwise another change
//               came first: load again and retry, a few times); write the runs and exceptions the
//               engine changed, sign what it asked to sign, append the audit entry
//   on commit   publish the event (batch.step_completed, ...)
//
// Keeping the engine out of the write unit keeps the single SQLite writer free for commits:
// operators on different batches never wait for each other's rules.
//
// Thread-safe. References given to the constructor must outlive the service.

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gemba/batch/model/batch.h"
#include "gemba/batch/model/engine.h"
#include "gemba/core/clock.h"
#include "gemba/core/event_bus.h"
#include "gemba/core/ids.h"
#include "gemba/core/result.h"
#include "gemba/recipe/service.h"
#include "gemba/store/database.h"
#include "gemba/trust/audit_trail.h"
#include "gemba/trust/permissions.h"
#include "gemba/trust/principal.h"
#include "gemba/trust/signatures.h"

namespace gemba::batch {

namespace detail {
class RunOrdinals;  // service.cc
}  // namespace detail

// Record types of batch signatures and audit entries.
inline constexpr std::string_view kBatchRecordType = "batch";
inline constexpr std::string_view kRunRecordType = "batch_run";
inline constexpr std::string_view kExceptionRecordType = "batch_exception";

struct BatchServiceOptions {
  // The batch number: {product} = the product code up to its first '-' or digit (at most 4
  // letters: "PCM500-FCT" → "PCM"), {site}, {yyyy}, {seq:N} = a counter per prefix, N digits.
  std::string number_pattern = "{product}-{yyyy}-{seq:4}";
  int max_retries = 8;  // write units lost to a concurrent change of the same batch
};

// An e-signature as the API receives it.
struct SignatureInput {
  std::optional<std::string> username;  // omitted: the session's user
  std::string password;
  std::string comment;
  // In-process callers (the demo seed, benchmarks) that authenticated the signer already:
  // used instead of username and password. Must outlive the call.
  const trust::VerifiedSigner* verified = nullptr;
};

struct CreateBatchInput {
  std::string recipe_id;
  std::optional<int> recipe_version;           // default: the effective version
  std::optional<recipe::Quantity> batch_size;  // default: the nominal size
  std::optional<Timestamp> planned_start;
};

struct BatchSummary {
  BatchHeader header;
  int steps_total = 0;
  int steps_finished = 0;  // done or not applicable
  int exceptions_open = 0;
};

struct BatchPage {
  std::vector<BatchSummary> items;
  std::optional<std::string> next_cursor;
};

// What an action did: the batch after it, what changed, and the signature applied (if any).
struct ActionResult {
  std::shared_ptr<const Batch> batch;
  Changes changes;
  std::optional<SignatureRef> signature;
};

// The signer of an action: authenticated for this call (owned) or given by an in-process caller
// (SignatureInput::verified).
struct Signing {
  std::optional<trust::VerifiedSigner> owned;    // authenticated for this call
  const trust::VerifiedSigner* given = nullptr;  // SignatureInput::verified
  std::string comment;
  const trust::VerifiedSigner* signer() const { return given ? given : owned ? &*owned : nullptr; }
};

// Authenticates the signature of an action (Argon2id: call outside any unit of work), or takes
// SignatureInput::verified. invalid_argument when the password is missing; as
// trust::Signatures::authenticate otherwise.
Result<Signing> authenticate_signer(trust::Signatures& signatures, const trust::Principal& p,
                                    const SignatureInput& s);

class BatchService {
 public:
  // `events` may be null. REQUIRES: trust, recipe and batch migrations applied.
  BatchService(store::Database& db, Clock& clock, IdGenerator& ids, const trust::AuditTrail& audit,
               trust::Signatures& signatures, recipe::RecipeService& recipes, EventBus* events,
               const TagReader& tags, const CapabilityChecks& checks,
               BatchServiceOptions options = {});
  BatchService(const BatchService&) = delete;
  BatchService& operator=(const BatchService&) = delete;

  // A Created batch. A version other than the effective one needs recipe.make_effective and an
  // approved or effective version; failed_precondition when the recipe has no effective version.
  Result<ActionResult> create(const trust::Principal& p, const CreateBatchInput& in);

  // Newest first. `state` and `recipe_id` filter when not empty; limit 1..500.
  Result<BatchPage> list(const std::string& state, const std::string& recipe_id, int limit,
                         const std::string& cursor);
  // The batch as it is now (due occurrences and automatic steps brought up to date in memory),
  // by id or by its number (PCM-2026-0042).
  Result<std::shared_ptr<const Batch>> get(const std::string& id_or_number);

  // Batch lifecycle. Abort and complete are signed (abort needs a reason too).
  Result<ActionResult> start(const trust::Principal& p, const std::string& id,
                             std::optional<std::int64_t> expected_version);
  Result<ActionResult> hold(const trust::Principal& p, const std::string& id,
                            const std::string& reason,
                            std::optional<std::int64_t> expected_version);
  Result<ActionResult> resume(const trust::Principal& p, const std::string& id,
                              std::optional<std::int64_t> expected_version);
  Result<ActionResult> abort(const trust::Principal& p, const std::string& id,
                             const std::string& reason, const SignatureInput& signature);
  Result<ActionResult> complete(const trust::Principal& p, const std::string& id,
                                const std::optional<SignatureInput>& signature);

  // Steps. The signature, when given (or required), is the performer's.
  Result<ActionResult> complete_step(const trust::Principal& p, const std::string& id,
                                     CompleteInput in,
                                     const std::optional<SignatureInput>& signature);
  // The witness signs (on their own session, or on the performer's tablet with a username).
  Result<ActionResult> verify_step(const trust::Principal& p, const std::string& id,
                                   const std::string& key, std::optional<int> occurrence,
                                   std::optional<std::int64_t> expected_version,
                                   const SignatureInput& signature);
  Result<ActionResult> correct_step(const trust::Principal& p, const std::string& id,
                                    const std::string& key, int occurrence,
                                    std::optional<std::int64_t> expected_version,
                                    const ValueInput& value, const std::string& reason,
                                    const SignatureInput& signature);
  Result<ActionResult> add_comment(const trust::Principal& p, const std::string& id,
                                   const std::string& key, int occurrence, const std::string& text,
                                   bool flagged);

  // Review and release. A disposition is signed "reviewed" by the reviewer (who must hold
  // batch.review); the signature binds the exception and its disposition.
  Result<ActionResult> disposition(const trust::Principal& p, const std::string& id,
                                   const std::string& exception_id, DispositionOutcome outcome,
                                   const std::string& comment, const std::string& deviation_ref,
                                   const SignatureInput& signature);
  Result<ActionResult> release(const trust::Principal& p, const std::string& id,
                               const SignatureInput& signature);
  Result<ActionResult> reject(const trust::Principal& p, const std::string& id,
                              const std::string& reason, const SignatureInput& signature);

  // The record: canonical JSON (record_json.h) and its SHA-256; the PDF of the same content.
  struct Record {
    std::string json;
    std::string sha256;
    std::string number;
  };
  Result<Record> record(const std::string& id);
  Result<std::string> record_pdf(const std::string& id);

  // Runs inside every write unit of an action, after the batch's rows are written, with the
  // batch as changed: another capability's part of the same change (materials consume what a
  // charge step added; logbooks record the equipment a batch uses). An error rolls the whole
  // action back. Added during wiring only; they run in the order added.
  using PersistHook = std::function<Result<void>(trust::AuditedTx&, const Batch&, const Changes&)>;
  void add_persist_hook(PersistHook hook) { persist_hooks_.push_back(std::move(hook)); }

 private:
  struct Loaded {
    Batch batch;
    std::int64_t stored_version = 0;
  };
  using Action = std::function<Result<Changes>(Batch&, Timestamp)>;

  Result<Loaded> load(store::Tx& tx, const std::string& id);
  // The batch as stored now: from the cache when the row's version is the cached one (one
  // small query), otherwise loaded and cached.
  Result<std::shared_ptr<const Batch>> current(const std::string& id);
  // The id of the batch with this id or number; not_found if none.
  Result<std::string> resolve(const std::string& id_or_number);
  void remember(std::shared_ptr<const Batch> b);
  // The batch to change: taken out of the cache (changed in place when no reader shares it) or,
  // without `trust_cache` or a cached copy, loaded. The caller owns it; remember() it once stored.
  Result<std::shared_ptr<Batch>> checkout(const std::string& id, bool trust_cache);
  Result<std::shared_ptr<const recipe::MasterRecipe>> snapshot(const std::string& batch_id,
                                                               const std::string& content);
  // Runs `action` on the current batch and persists it (retrying on concurrent changes).
  Result<ActionResult> mutate(const trust::Principal& p, const std::string& id,
                              std::string audit_action, Signing signing, const Action& action,
                              const std::string& reason = "");
  Result<void> persist(trust::AuditedTx& atx, Batch& after, const Changes& changes,
                       std::int64_t stored_version);
  Result<void> sign_placeholders(store::Tx& tx, Batch& b, const Changes& changes, Signing& signing,
                                 std::optional<SignatureRef>& applied);
  void publish(store::Tx& tx, const std::string& type, const Batch& b, const Changes& changes);
  Result<std::string> next_number(store::Tx& tx, const recipe::MasterRecipe& r, Timestamp now);

  std::vector<PersistHook> persist_hooks_;
  store::Database& db_;
  Clock& clock_;
  IdGenerator& ids_;
  const trust::AuditTrail& audit_;
  trust::Signatures& signatures_;
  recipe::RecipeService& recipes_;
  EventBus* const events_;
  const TagReader& tags_;
  const CapabilityChecks& checks_;
  const BatchServiceOptions options_;

  std::mutex cache_mu_;
  std::map<std::string, std::shared_ptr<const recipe::MasterRecipe>> snapshots_;  // by batch id
  std::map<std::string, std::shared_ptr<const Batch>> batches_;  // by id, as last stored
  // The procedure order of each recipe snapshot's steps, built once per snapshot.
  std::shared_ptr<const detail::RunOrdinals> ordinals_for(
      const std::shared_ptr<const recipe::MasterRecipe>& recipe);
  std::map<const recipe::MasterRecipe*, std::pair<std::weak_ptr<const recipe::MasterRecipe>,
                                                  std::shared_ptr<const detail::RunOrdinals>>>
      ordinals_;  // GUARDED_BY(cache_mu_)
};

// The engine Actor of `person` with the batch permissions `who` holds (a trust::Principal, or a
// trust::VerifiedSigner: a witness's own permissions, not the session's).
template <typename Who>
Actor actor_of(Person person, const Who& who) {
  Actor a;
  a.person = std::move(person);
  a.may_execute = who.can(trust::perm::kBatchExecute);
  a.may_verify = who.can(trust::perm::kBatchVerify);
  a.may_override = who.can(trust::perm::kBatchHold);
  a.may_review = who.can(trust::perm::kBatchReview);
  a.may_release = who.can(trust::perm::kBatchRelease);
  a.may_override_interlock = who.can(trust::perm::kEquipmentOverrideInterlock);
  return a;
}

// The engine Actor of a principal (permissions from the session's user).
Actor batch_actor(const trust::Principal& p);

// The SHA-256 a run's signatures bind: the entry (without its signature) of entry version
// `entry_index` (0 = the original, n = after the n-th correction).
std::string run_content_hash(const std::string& batch_id, const StepRun& run,
                             std::size_t entry_index);

// The SHA-256 a disposition's signature binds: the exception and its disposition (without the
// signature itself). Record id "<batch id>/<exception id>", type kExceptionRecordType.
std::string exception_content_hash(const std::string& batch_id, const BatchException& e);

}  // namespace gemba::batch
