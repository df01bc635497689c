// The batch lifecycle: the state machine as a table, dispositions and release blockers.

#include <gtest/gtest.h>

#include <functional>

#include "gemba/batch/model/test_batches.h"

namespace gemba::batch {
namespace {

using namespace testing;
using std::chrono::minutes;

// A batch of one instruction brought to `state`.
Harness batch_in(BatchState state) {
  Harness h;
  NewBatch spec{"b-1", "TST-2026-0001", "r-1", 1, "sha", {10, "kg"}, std::nullopt};
  h.b = instantiate(one_operation(step("a", "instruction")), spec, operator_anna().person, h.now)
            .value();
  if (state == BatchState::kCreated) return h;
  EXPECT_TRUE(start(h.b, operator_anna(), h.now, h.ids).ok());
  if (state == BatchState::kAborted) {
    EXPECT_TRUE(abort(h.b, supervisor_sam(), "contamination",
                      signature_of(supervisor_sam(), "performed", h.now), h.now)
                    .ok());
    return h;
  }
  h.must_record("a", {});
  if (state == BatchState::kOnHold) {
    EXPECT_TRUE(hold(h.b, supervisor_sam(), "stop", h.now).ok());
  }
  if (state == BatchState::kInProgress || state == BatchState::kOnHold) return h;
  EXPECT_TRUE(complete(h.b, operator_anna(), std::nullopt, h.now, h.ids).ok());
  if (state == BatchState::kCompleted) return h;
  EXPECT_TRUE(begin_review(h.b, qa_quinn(), h.now).ok());
  if (state == BatchState::kReleased) {
    EXPECT_TRUE(release(h.b, qa_quinn(), signature_of(qa_quinn(), "released", h.now), h.now).ok());
  }
  if (state == BatchState::kRejected) {
    EXPECT_TRUE(
        reject(h.b, qa_quinn(), "failed assay", signature_of(qa_quinn(), "rejected", h.now), h.now)
            .ok());
  }
  return h;
}

enum class Action { kStart, kHold, kResume, kAbort, kComplete, kBeginReview, kRelease, kReject };

Result<Changes> act(Harness& h, Action a) {
  const Timestamp t = h.now;
  switch (a) {
    case Action::kStart: return start(h.b, operator_anna(), t, h.ids);
    case Action::kHold: return hold(h.b, supervisor_sam(), "power cut", t);
    case Action::kResume: return resume(h.b, supervisor_sam(), t, h.ids);
    case Action::kAbort:
      return abort(h.b, supervisor_sam(), "contamination",
                   signature_of(supervisor_sam(), "performed", t), t);
    case Action::kComplete: return complete(h.b, operator_anna(), std::nullopt, t, h.ids);
    case Action::kBeginReview: return begin_review(h.b, qa_quinn(), t);
    case Action::kRelease:
      return release(h.b, qa_quinn(), signature_of(qa_quinn(), "released", t), t);
    case Action::kReject:
      return reject(h.b, qa_quinn(), "out of specification",
                    signature_of(qa_quinn(), "rejected", t), t);
  }
  return Error::internal("unknown action");
}

TEST(LifecycleTest, StateMachine) {
  using S = BatchState;
  using A = Action;
  const S kAll[] = {S::kCreated,  S::kInProgress, S::kOnHold,   S::kCompleted,
                    S::kInReview, S::kReleased,   S::kRejected, S::kAborted};
  const A kActions[] = {A::kStart,    A::kHold,        A::kResume,  A::kAbort,
                        A::kComplete, A::kBeginReview, A::kRelease, A::kReject};
  // (state, action) → new state; every pair not listed is refused with failed_precondition.
  const struct {
    S from;
    A action;
    S to;
  } allowed[] = {
      {S::kCreated, A::kStart, S::kInProgress},      {S::kCreated, A::kAbort, S::kAborted},
      {S::kInProgress, A::kHold, S::kOnHold},        {S::kInProgress, A::kAbort, S::kAborted},
      {S::kInProgress, A::kComplete, S::kCompleted}, {S::kOnHold, A::kResume, S::kInProgress},
      {S::kOnHold, A::kAbort, S::kAborted},          {S::kCompleted, A::kBeginReview, S::kInReview},
      {S::kCompleted, A::kRelease, S::kReleased},    {S::kCompleted, A::kReject, S::kRejected},
      {S::kInReview, A::kRelease, S::kReleased},     {S::kInReview, A::kReject, S::kRejected},
  };
  for (const S from : kAll) {
    for (const A action : kActions) {
      std::optional<S> to;
      for (const auto& row : allowed) {
        if (row.from == from && row.action == action) to = row.to;
      }
      Harness h = batch_in(from);
      ASSERT_EQ(h.b.header.state, from);
      const std::int64_t version = h.b.header.version;
      auto r = act(h, action);
      SCOPED_TRACE(std::string(batch_state_name(from)) + " action " +
                   std::to_string(static_cast<int>(action)));
      if (!to) {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition) << r.error().to_string();
        EXPECT_EQ(h.b.header.state, from);
        EXPECT_EQ(h.b.header.version, version);
        continue;
      }
      ASSERT_TRUE(r.ok()) << r.error().to_string();
      EXPECT_EQ(h.b.header.state, *to);
      EXPECT_TRUE(r->header);
      EXPECT_EQ(h.b.header.version, version + 1);
    }
  }
}

TEST(LifecycleTest, TimesReasonsAndSignaturesRecorded) {
  Harness h = batch_in(BatchState::kInProgress);
  EXPECT_EQ(h.b.header.started_at, kT0);
  ASSERT_TRUE(hold(h.b, supervisor_sam(), "power cut", h.now).ok());
  EXPECT_EQ(h.b.header.hold_reason, "power cut");
  ASSERT_TRUE(resume(h.b, supervisor_sam(), h.now, h.ids).ok());
  EXPECT_TRUE(h.b.header.hold_reason.empty());
  h.now += minutes(5);
  const SignatureRef done = signature_of(operator_anna(), "performed", h.now);
  ASSERT_TRUE(complete(h.b, operator_anna(), done, h.now, h.ids).ok());
  EXPECT_EQ(h.b.header.completed_at, h.now);
  EXPECT_EQ(h.b.header.signatures, std::vector<SignatureRef>{done});
}

TEST(LifecycleTest, RefusalsOfReasonsPermissionsAndSigners) {
  Harness h = batch_in(BatchState::kInProgress);
  const struct {
    const char* label;
    std::function<Result<Changes>()> op;
    ErrorCode code;
  } table[] = {
      {"hold without reason", [&] { return hold(h.b, supervisor_sam(), "", h.now); },
       ErrorCode::kInvalidArgument},
      {"hold by an operator", [&] { return hold(h.b, operator_anna(), "x", h.now); },
       ErrorCode::kPermissionDenied},
      {"abort without reason",
       [&] {
         return abort(h.b, supervisor_sam(), "", signature_of(supervisor_sam(), "performed", h.now),
                      h.now);
       },
       ErrorCode::kInvalidArgument},
      {"abort signed by someone else",
       [&] {
         return abort(h.b, supervisor_sam(), "x", signature_of(operator_anna(), "performed", h.now),
                      h.now);
       },
       ErrorCode::kPermissionDenied},
      {"start twice", [&] { return start(h.b, operator_anna(), h.now, h.ids); },
       ErrorCode::kFailedPrecondition},
  };
  for (const auto& row : table) {
    auto r = row.op();
    ASSERT_FALSE(r.ok()) << row.label;
    EXPECT_EQ(r.error().code, row.code) << row.label << ": " << r.error().to_string();
  }
  EXPECT_EQ(h.b.header.state, BatchState::kInProgress);
}

TEST(LifecycleTest, CompleteListsWhatIsNotFinished) {
  Harness h;
  h.begin(one_operation(step("a", "instruction") + "," + step("b", "instruction")));
  auto r = complete(h.b, operator_anna(), std::nullopt, h.now, h.ids);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(r.error().message,
            "batch TST-2026-0001 cannot be completed: 2 step(s) are not finished: a#1 (ready), "
            "b#1 (pending)");
  EXPECT_EQ(r.error().details.at("runs").as_array().size(), 2u);
}

// A completed batch of a numeric entry w and a yield calculation (no limits of its own), with
// `w_value` recorded by `performer`.
Harness completed_with(double w_value, const Actor& performer = operator_anna()) {
  Harness h;
  h.begin(one_operation(step("w", "numeric_entry", R"("unit": "kg", "decimals": 1,
                                 "alarm": {"high": 10.5})") +
                        "," +
                        step("y", "calculation", R"("expression": "w / theoretical_yield * 100",
                                 "unit": "%", "decimals": 1)")));
  h.must_record("w", num(w_value), performer);
  EXPECT_TRUE(complete(h.b, operator_anna(), std::nullopt, h.now, h.ids).ok());
  return h;
}

std::vector<std::string> blocker_codes(const Batch& b, const Actor& a) {
  std::vector<std::string> out;
  for (const auto& bl : release_blockers(b, a.person)) out.push_back(bl.code);
  return out;
}

TEST(ReleaseTest, Blockers) {
  using V = std::vector<std::string>;
  {
    Harness h;
    h.begin(one_operation(step("a", "instruction")));
    EXPECT_EQ(blocker_codes(h.b, qa_quinn()), (V{"state", "steps_open"}));
  }
  {
    Harness h = completed_with(10);  // yield 100 %
    EXPECT_EQ(blocker_codes(h.b, qa_quinn()), V{});
    EXPECT_EQ(blocker_codes(h.b, operator_anna()), V{"executed_batch"});
    Actor anna_qa = qa_quinn();
    anna_qa.person = operator_anna().person;
    auto r = release(h.b, anna_qa, signature_of(anna_qa, "released", h.now), h.now);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
    EXPECT_TRUE(r.error().message.find("Anna Operator performed") != std::string::npos)
        << r.error().message;
  }
  {
    Harness h = completed_with(10.6);  // alarm exception, yield 106 % (limits 95–101)
    EXPECT_EQ(blocker_codes(h.b, qa_quinn()), (V{"exceptions_open", "yield_unjustified"}));
    auto r = release(h.b, qa_quinn(), signature_of(qa_quinn(), "released", h.now), h.now);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(r.error().details.at("blockers").as_array().size(), 2u);
    ASSERT_TRUE(disposition(h.b, qa_quinn(), h.b.exceptions[0].id, DispositionOutcome::kAccepted,
                            "within validated range", "",
                            signature_of(qa_quinn(), "reviewed", h.now), h.now)
                    .ok());
    EXPECT_EQ(h.b.header.state, BatchState::kInReview) << "the first disposition starts review";
    EXPECT_EQ(blocker_codes(h.b, qa_quinn()), V{"yield_unjustified"});
    // A flagged comment on the yield, dispositioned, justifies it.
    ASSERT_TRUE(add_comment(h.b, qa_quinn(), "y", 1, "yield above limits: counting error", true,
                            h.now, h.ids)
                    .ok());
    ASSERT_TRUE(disposition(h.b, qa_quinn(), h.b.exceptions.back().id,
                            DispositionOutcome::kEscalated, "investigated", "DEV-2026-00042",
                            signature_of(qa_quinn(), "reviewed", h.now), h.now)
                    .ok());
    EXPECT_EQ(blocker_codes(h.b, qa_quinn()), V{});
    ASSERT_TRUE(release(h.b, qa_quinn(), signature_of(qa_quinn(), "released", h.now), h.now).ok());
    EXPECT_EQ(h.b.header.state, BatchState::kReleased);
    EXPECT_EQ(h.b.header.closed_at, h.now);
  }
}

// A disposition is QA's signed decision (meaning "reviewed"), by a reviewer, once per exception.
TEST(ReleaseTest, DispositionRules) {
  Harness h = completed_with(10.6);
  const std::string id = h.b.exceptions[0].id;
  const SignatureRef quinn_reviews = signature_of(qa_quinn(), "reviewed", h.now);
  const struct {
    const char* label;
    Actor actor;
    std::string id;
    DispositionOutcome outcome;
    std::string comment, deviation;
    SignatureRef signature;
    ErrorCode code;
    std::string field;  // details.field, when the refusal names one
  } table[] = {
      {"not a reviewer", operator_ben(), id, DispositionOutcome::kAccepted, "ok", "",
       signature_of(operator_ben(), "reviewed", h.now), ErrorCode::kPermissionDenied, ""},
      {"unknown", qa_quinn(), "nope", DispositionOutcome::kAccepted, "ok", "", quinn_reviews,
       ErrorCode::kNotFound, "exception_id"},
      {"no comment", qa_quinn(), id, DispositionOutcome::kAccepted, "", "", quinn_reviews,
       ErrorCode::kInvalidArgument, "comment"},
      {"escalated without deviation", qa_quinn(), id, DispositionOutcome::kEscalated, "bad", "",
       quinn_reviews, ErrorCode::kInvalidArgument, "deviation_ref"},
      {"signed by someone else", qa_quinn(), id, DispositionOutcome::kAccepted, "ok", "",
       signature_of(operator_ben(), "reviewed", h.now), ErrorCode::kPermissionDenied, "signature"},
      {"signed with another meaning", qa_quinn(), id, DispositionOutcome::kAccepted, "ok", "",
       signature_of(qa_quinn(), "approved", h.now), ErrorCode::kInvalidArgument,
       "signature.meaning"},
  };
  for (const auto& row : table) {
    auto r = disposition(h.b, row.actor, row.id, row.outcome, row.comment, row.deviation,
                         row.signature, h.now);
    ASSERT_FALSE(r.ok()) << row.label;
    EXPECT_EQ(r.error().code, row.code) << row.label << ": " << r.error().to_string();
    if (!row.field.empty()) {
      EXPECT_EQ(r.error().details.at("field").as_string(), row.field) << row.label;
    }
  }
  EXPECT_EQ(h.b.header.state, BatchState::kCompleted);
  EXPECT_FALSE(h.b.exceptions[0].disposition) << "a refused disposition records nothing";
  auto ok = disposition(h.b, qa_quinn(), id, DispositionOutcome::kAccepted, "fine", "",
                        quinn_reviews, h.now);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->exceptions, std::vector<std::string>{id});
  ASSERT_TRUE(h.b.exceptions[0].disposition);
  const Disposition& d = *h.b.exceptions[0].disposition;
  EXPECT_EQ(d.by, qa_quinn().person);
  EXPECT_EQ(d.signature, quinn_reviews) << "the reviewer's signature is on the disposition";
  auto twice = disposition(h.b, qa_quinn(), id, DispositionOutcome::kAccepted, "fine", "",
                           quinn_reviews, h.now);
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace gemba::batch
