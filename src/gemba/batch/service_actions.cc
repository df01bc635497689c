// The actions of BatchService: the batch lifecycle, steps, review and release. Each authenticates
// its signer (if signed), builds the engine Actor and runs through mutate() (service.cc).
#include "gemba/batch/service.h"
#include "gemba/trust/permissions.h"

namespace gemba::batch {
namespace {

namespace perm = trust::perm;

Actor signer_actor(const trust::VerifiedSigner& s) {
  return actor_of(Person{s.user_id(), s.printed_name()}, s);
}

// A signature the engine records before the trust core has written it: the id and time are
// filled in inside the unit of work (sign_placeholders).
SignatureRef placeholder(const trust::VerifiedSigner& s, trust::SignatureMeaning m, Timestamp now) {
  return SignatureRef{"", s.user_id(), s.printed_name(), std::string(trust::meaning_name(m)), now};
}
}  // namespace

Result<ActionResult> BatchService::start(const trust::Principal& p, const std::string& id,
                                         std::optional<std::int64_t> expected_version) {
  Actor a = batch_actor(p);
  a.may_execute = a.may_execute || p.can(perm::kBatchStart);
  IdSource ids = [this] { return ids_.new_id(); };
  return mutate(p, id, "batch.started", {}, [&](Batch& b, Timestamp now) -> Result<Changes> {
    if (expected_version && *expected_version != b.header.version) {
      return Error::conflict(
          "the batch changed (now version " + std::to_string(b.header.version) + ")",
          {{"version", b.header.version}});
    }
    return batch::start(b, a, now, ids);
  });
}

Result<ActionResult> BatchService::hold(const trust::Principal& p, const std::string& id,
                                        const std::string& reason,
                                        std::optional<std::int64_t> expected_version) {
  const Actor a = batch_actor(p);
  return mutate(p, id, "batch.held", {}, [&](Batch& b, Timestamp now) -> Result<Changes> {
    if (expected_version && *expected_version != b.header.version) {
      return Error::conflict(
          "the batch changed (now version " + std::to_string(b.header.version) + ")",
          {{"version", b.header.version}});
    }
    return batch::hold(b, a, reason, now);
  });
}

Result<ActionResult> BatchService::resume(const trust::Principal& p, const std::string& id,
                                          std::optional<std::int64_t> expected_version) {
  const Actor a = batch_actor(p);
  IdSource ids = [this] { return ids_.new_id(); };
  return mutate(p, id, "batch.resumed", {}, [&](Batch& b, Timestamp now) -> Result<Changes> {
    if (expected_version && *expected_version != b.header.version) {
      return Error::conflict(
          "the batch changed (now version " + std::to_string(b.header.version) + ")",
          {{"version", b.header.version}});
    }
    return batch::resume(b, a, now, ids);
  });
}

Result<ActionResult> BatchService::abort(const trust::Principal& p, const std::string& id,
                                         const std::string& reason,
                                         const SignatureInput& signature) {
  GEMBA_TRY(signing, authenticate_signer(signatures_, p, signature));
  if (signing.comment.empty()) signing.comment = "aborted: " + reason;
  const Actor a = signer_actor(*signing.signer());
  const SignatureRef ref =
      placeholder(*signing.signer(), trust::SignatureMeaning::kApproved, clock_.now());
  return mutate(
      p, id, "batch.aborted", std::move(signing),
      [&](Batch& b, Timestamp now) { return batch::abort(b, a, reason, ref, now); }, reason);
}

Result<ActionResult> BatchService::complete(const trust::Principal& p, const std::string& id,
                                            const std::optional<SignatureInput>& signature) {
  Signing signing;
  Actor a = batch_actor(p);
  std::optional<SignatureRef> ref;
  if (signature) {
    GEMBA_TRY(s, authenticate_signer(signatures_, p, *signature));
    signing = std::move(s);
    a = signer_actor(*signing.signer());
    ref = placeholder(*signing.signer(), trust::SignatureMeaning::kPerformed, clock_.now());
  }
  IdSource ids = [this] { return ids_.new_id(); };
  return mutate(p, id, "batch.completed", std::move(signing),
                [&](Batch& b, Timestamp now) { return batch::complete(b, a, ref, now, ids); });
}

Result<ActionResult> BatchService::complete_step(const trust::Principal& p, const std::string& id,
                                                 CompleteInput in,
                                                 const std::optional<SignatureInput>& signature) {
  Signing signing;
  Actor a = batch_actor(p);
  if (signature) {
    GEMBA_TRY(s, authenticate_signer(signatures_, p, *signature));
    signing = std::move(s);
    a = signer_actor(*signing.signer());
  }
  const bool signed_step = signing.signer() != nullptr;
  IdSource ids = [this] { return ids_.new_id(); };
  return mutate(
      p, id, "batch.step_completed", std::move(signing),
      [&, this](Batch& b, Timestamp now) -> Result<Changes> {
        CompleteInput input = in;
        if (signed_step) {
          // The meaning: a sign-off step's own, otherwise "performed".
          std::string meaning = "performed";
          if (const recipe::Step* step = find_step(b, in.key)) {
            if (const auto* s = std::get_if<recipe::SignOffSpec>(&step->spec)) {
              meaning = s->meaning;
            }
          }
          input.signature = SignatureRef{"", a.person.user_id, a.person.printed_name, meaning, now};
        }
        return batch::complete_step(b, a, input, now, tags_, checks_, ids);
      });
}

Result<ActionResult> BatchService::verify_step(const trust::Principal& p, const std::string& id,
                                               const std::string& key,
                                               std::optional<int> occurrence,
                                               std::optional<std::int64_t> expected_version,
                                               const SignatureInput& signature) {
  GEMBA_TRY(signing, authenticate_signer(signatures_, p, signature));
  const Actor a = signer_actor(*signing.signer());
  const SignatureRef ref =
      placeholder(*signing.signer(), trust::SignatureMeaning::kVerified, clock_.now());
  return mutate(p, id, "batch.step_verified", std::move(signing), [&](Batch& b, Timestamp now) {
    return batch::verify_step(b, a, key, occurrence, expected_version, ref, now);
  });
}

Result<ActionResult> BatchService::correct_step(const trust::Principal& p, const std::string& id,
                                                const std::string& key, int occurrence,
                                                std::optional<std::int64_t> expected_version,
                                                const ValueInput& value, const std::string& reason,
                                                const SignatureInput& signature) {
  GEMBA_TRY(signing, authenticate_signer(signatures_, p, signature));
  if (signing.comment.empty()) signing.comment = "correction: " + reason;
  const Actor a = signer_actor(*signing.signer());
  const SignatureRef ref =
      placeholder(*signing.signer(), trust::SignatureMeaning::kPerformed, clock_.now());
  IdSource ids = [this] { return ids_.new_id(); };
  return mutate(
      p, id, "batch.step_corrected", std::move(signing),
      [&](Batch& b, Timestamp now) {
        return batch::correct_step(b, a, key, occurrence, expected_version, value, reason, ref, now,
                                   checks_, ids);
      },
      reason);
}

Result<ActionResult> BatchService::add_comment(const trust::Principal& p, const std::string& id,
                                               const std::string& key, int occurrence,
                                               const std::string& text, bool flagged) {
  const Actor a = batch_actor(p);
  IdSource ids = [this] { return ids_.new_id(); };
  return mutate(p, id, "batch.comment_added", {}, [&](Batch& b, Timestamp now) {
    return batch::add_comment(b, a, key, occurrence, text, flagged, now, ids);
  });
}

Result<ActionResult> BatchService::disposition(const trust::Principal& p, const std::string& id,
                                               const std::string& exception_id,
                                               DispositionOutcome outcome,
                                               const std::string& comment,
                                               const std::string& deviation_ref,
                                               const SignatureInput& signature) {
  GEMBA_TRY(signing, authenticate_signer(signatures_, p, signature));
  const Actor a = signer_actor(*signing.signer());
  const SignatureRef ref =
      placeholder(*signing.signer(), trust::SignatureMeaning::kReviewed, clock_.now());
  return mutate(
      p, id, "batch.exception_dispositioned", std::move(signing), [&](Batch& b, Timestamp now) {
        return batch::disposition(b, a, exception_id, outcome, comment, deviation_ref, ref, now);
      });
}

Result<ActionResult> BatchService::release(const trust::Principal& p, const std::string& id,
                                           const SignatureInput& signature) {
  GEMBA_TRY(signing, authenticate_signer(signatures_, p, signature));
  const Actor a = signer_actor(*signing.signer());
  const SignatureRef ref =
      placeholder(*signing.signer(), trust::SignatureMeaning::kReleased, clock_.now());
  return mutate(p, id, "batch.released", std::move(signing),
                [&](Batch& b, Timestamp now) { return batch::release(b, a, ref, now); });
}

Result<ActionResult> BatchService::reject(const trust::Principal& p, const std::string& id,
                                          const std::string& reason,
                                          const SignatureInput& signature) {
  GEMBA_TRY(signing, authenticate_signer(signatures_, p, signature));
  if (signing.comment.empty()) signing.comment = reason;
  const Actor a = signer_actor(*signing.signer());
  const SignatureRef ref =
      placeholder(*signing.signer(), trust::SignatureMeaning::kRejected, clock_.now());
  return mutate(
      p, id, "batch.rejected", std::move(signing),
      [&](Batch& b, Timestamp now) { return batch::reject(b, a, reason, ref, now); }, reason);
}

}  // namespace gemba::batch
