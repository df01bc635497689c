// Sequence (engine.h "Sequence"): readiness, unit procedures, operations, conditions, recurrences,
// hold times, calculations.

#include <gtest/gtest.h>

#include "gemba/batch/model/test_batches.h"

namespace gemba::batch {
namespace {

using namespace testing;
using std::chrono::hours;
using std::chrono::minutes;

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

TEST(SequenceTest, OnlyReadyStepsCanBeCompleted) {
  Harness h;
  h.begin(one_operation(step("lod_sample", "sampling", R"("sample_label": "L", "tests": ["LOD"])") +
                        "," + step("lod", "numeric_entry", R"("unit": "%", "decimals": 2)")));
  EXPECT_EQ(h.state("lod_sample"), StepState::kReady);
  EXPECT_EQ(h.state("lod"), StepState::kPending);
  auto r = h.record("lod", num(1.5));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(r.error().message, "step lod is pending: lod_sample must be done first");
  h.must_record("lod_sample", text("S-1"));
  EXPECT_EQ(h.state("lod"), StepState::kReady);
  h.must_record("lod", num(1.5));
  auto again = h.record("lod", num(1.4));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, "step lod is already done");
  auto unknown = h.record("nope", {});
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST(SequenceTest, NothingExecutesUnlessInProgress) {
  Harness h;
  h.begin(one_operation(step("a", "instruction")));
  ASSERT_TRUE(hold(h.b, supervisor_sam(), "line stop", h.now).ok());
  auto r = h.record("a", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(contains(r.error().message, "is on_hold")) << r.error().message;
  auto no_permission = complete_step(h.b, qa_quinn(), {.key = "a"}, h.now, h.tags, h.checks, h.ids);
  EXPECT_EQ(no_permission.error().code, ErrorCode::kPermissionDenied);
}

TEST(SequenceTest, OperationsRunInOrder) {
  Harness h;
  h.begin(make_recipe(R"([{"key": "up", "name": "U", "operations": [
      {"key": "op1", "name": "O1", "steps": [)" +
                      step("a", "instruction") + "," + step("b", "instruction") + R"(]},
      {"key": "op2", "name": "O2", "steps": [)" +
                      step("c", "instruction") + "]}]}]"));
  const struct {
    const char* done;
    StepState a, b, c;
  } table[] = {
      {"", StepState::kReady, StepState::kPending, StepState::kPending},
      {"a", StepState::kDone, StepState::kReady, StepState::kPending},
      {"b", StepState::kDone, StepState::kDone, StepState::kReady},
  };
  for (const auto& row : table) {
    if (*row.done) h.must_record(row.done, {});
    EXPECT_EQ(h.state("a"), row.a) << row.done;
    EXPECT_EQ(h.state("b"), row.b) << row.done;
    EXPECT_EQ(h.state("c"), row.c) << row.done;
  }
}

TEST(SequenceTest, UnitProceduresAndParallelOnes) {
  const struct {
    bool parallel;
    StepState p_at_start;
  } table[] = {{true, StepState::kReady}, {false, StepState::kPending}};
  for (const auto& row : table) {
    SCOPED_TRACE(row.parallel);
    Harness h;
    h.begin(make_recipe(
        std::string(R"([{"key": "up1", "name": "U1", "operations": [{"key": "o1", "name": "O",
        "steps": [)") +
        step("a", "instruction") + R"(]}]},
        {"key": "up2", "name": "U2", "parallel": )" +
        (row.parallel ? "true" : "false") + R"(, "operations": [{"key": "o2", "name": "O",
        "steps": [)" +
        step("p", "instruction") +
        R"(]}]},
        {"key": "up3", "name": "U3", "operations": [{"key": "o3", "name": "O", "steps": [)" +
        step("z", "instruction") + "]}]}]"));
    EXPECT_EQ(h.state("a"), StepState::kReady);
    EXPECT_EQ(h.state("p"), row.p_at_start);
    EXPECT_EQ(h.state("z"), StepState::kPending);
    auto z = h.record("z", {});
    ASSERT_FALSE(z.ok());
    EXPECT_EQ(z.error().message,
              "step z is pending: unit procedure up1 must be finished first (a#1 is not done)");
    h.must_record("a", {});
    EXPECT_EQ(h.state("p"), StepState::kReady);
    EXPECT_EQ(h.state("z"), StepState::kPending);  // up2 is not finished
    h.must_record("p", {});
    EXPECT_EQ(h.state("z"), StepState::kReady);
  }
}

TEST(SequenceTest, Conditions) {
  const auto recipe =
      one_operation(step("x", "numeric_entry", R"("unit": "%", "decimals": 1)") + "," +
                    step("never", "instruction", R"("condition": "1 > 2")") + "," +
                    step("c", "instruction", R"("condition": "x > 5")") + "," +
                    step("u", "instruction", R"("condition": "never_value > 1")") + "," +
                    step("never_value", "numeric_entry", R"("unit": "%", "decimals": 1)"));
  const struct {
    double x;
    StepState c;
  } table[] = {{6, StepState::kReady}, {4, StepState::kNotApplicable}};
  for (const auto& row : table) {
    SCOPED_TRACE(row.x);
    Harness h;
    h.begin(recipe);
    h.must_record("x", num(row.x));
    EXPECT_EQ(h.state("never"), StepState::kNotApplicable);
    EXPECT_EQ(h.state("c"), row.c);
    const StepRun& c = h.run("c");
    if (row.c == StepState::kNotApplicable) {
      EXPECT_EQ(c.decided_by, (recipe::ExpressionValues{{"x", 4}}));
      EXPECT_EQ(c.not_applicable_reason, "condition \"x > 5\" is false (x = 4)");
      ASSERT_EQ(h.exceptions(ExceptionKind::kNotApplicable).size(), 2u);
      EXPECT_EQ(h.exceptions(ExceptionKind::kNotApplicable)[1]->step_key, "c");
      EXPECT_EQ(h.exceptions(ExceptionKind::kNotApplicable)[1]->severity, Severity::kMinor);
      EXPECT_TRUE(h.exceptions(ExceptionKind::kNotApplicable)[1]->raised_by.is_system());
    } else {
      EXPECT_TRUE(c.decided_by.empty());
      h.must_record("c", {});
    }
    // u's condition reads a value that does not exist yet: the step applies, with an exception.
    EXPECT_EQ(h.state("u"), StepState::kReady);
    const auto unresolved = h.exceptions(ExceptionKind::kConditionUnresolved);
    ASSERT_EQ(unresolved.size(), 1u);
    EXPECT_EQ(unresolved[0]->step_key, "u");
    EXPECT_TRUE(contains(unresolved[0]->message, "could not be evaluated"))
        << unresolved[0]->message;
    h.advance(minutes(1));
    EXPECT_EQ(h.exceptions(ExceptionKind::kConditionUnresolved).size(), 1u) << "raised once";
  }
}

TEST(SequenceTest, EverySeriesDueReadyLateAndEndedWithItsOperation) {
  Harness h;
  h.begin(make_recipe(
      R"([{"key": "up", "name": "U", "operations": [
      {"key": "checks", "name": "Checks", "steps": [)" +
      step("w", "numeric_entry", R"("unit": "mg", "decimals": 0, "repeat": {"every": "PT30M"})") +
      "," + step("end", "instruction") + R"(]},
      {"key": "after", "name": "After", "steps": [)" +
      step("next", "instruction") + "]}]}]"));
  h.must_record("w", num(600));
  EXPECT_EQ(h.state("w", 2), StepState::kPending);
  EXPECT_EQ(h.run("w", 2).due_at, kT0 + minutes(30));
  EXPECT_EQ(h.run("w", 2).version, 1) << "a new occurrence starts at version 1";
  EXPECT_EQ(h.state("end"), StepState::kReady) << "the first occurrence counts for the sequence";
  auto early = h.record(CompleteInput{.key = "w", .occurrence = 2, .value = num(600)});
  ASSERT_FALSE(early.ok());
  EXPECT_TRUE(contains(early.error().message, "is not due yet: it falls due at 2026-11-25T08:30"))
      << early.error().message;

  h.advance(minutes(32));  // 2 minutes after due: inside the grace of 3 minutes
  EXPECT_EQ(h.state("w", 2), StepState::kReady);
  EXPECT_EQ(h.run("w", 2).ready_at, kT0 + minutes(30));
  ASSERT_TRUE(ready_runs(h.b).size() == 2u);
  h.must_record("w", num(601));
  EXPECT_TRUE(h.exceptions(ExceptionKind::kLateEntry).empty());
  EXPECT_EQ(h.run("w", 3).due_at, kT0 + minutes(62));

  h.advance(minutes(34));  // 66: 4 minutes late
  h.must_record("w", num(602));
  ASSERT_EQ(h.exceptions(ExceptionKind::kLateEntry).size(), 1u);
  EXPECT_EQ(h.exceptions(ExceptionKind::kLateEntry)[0]->occurrence, 3);

  h.advance(minutes(34));  // 100: w#4 (due 96) is due and not done
  EXPECT_EQ(h.state("w", 4), StepState::kReady);
  EXPECT_EQ(h.state("next"), StepState::kPending);
  auto ended = h.record("end", {});
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(h.state("w", 4), StepState::kNotApplicable);
  ASSERT_EQ(h.exceptions(ExceptionKind::kAbortedOccurrence).size(), 1u);
  EXPECT_EQ(h.exceptions(ExceptionKind::kAbortedOccurrence)[0]->occurrence, 4);
  EXPECT_EQ(find_run(h.b, "w", 5), nullptr);
  EXPECT_EQ(h.state("next"), StepState::kReady);
}

TEST(SequenceTest, EverySeriesNotYetDueIsRemoved) {
  Harness h;
  h.begin(one_operation(
      step("w", "numeric_entry", R"("unit": "mg", "decimals": 0, "repeat": {"every": "PT30M"})") +
      "," + step("end", "instruction")));
  h.must_record("w", num(600));
  ASSERT_NE(find_run(h.b, "w", 2), nullptr);
  auto ended = h.record("end", {});
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(find_run(h.b, "w", 2), nullptr);
  EXPECT_EQ(ended->removed, std::vector<std::string>{"w#2"});
  EXPECT_TRUE(h.exceptions(ExceptionKind::kAbortedOccurrence).empty());
}

TEST(SequenceTest, TimesSeriesAllRequired) {
  Harness h;
  h.begin(make_recipe(R"([{"key": "up", "name": "U", "operations": [
      {"key": "o1", "name": "O1", "steps": [)" +
                      step("t", "instruction", R"("repeat": {"times": 3})") + R"(]},
      {"key": "o2", "name": "O2", "steps": [)" +
                      step("after", "instruction") + "]}]}]"));
  for (int n = 1; n <= 3; ++n) {
    EXPECT_EQ(h.state("t", n), StepState::kReady) << n;
    EXPECT_EQ(h.state("after"), StepState::kPending) << n;
    h.must_record("t", {});
  }
  EXPECT_EQ(find_run(h.b, "t", 4), nullptr);
  EXPECT_EQ(h.state("after"), StepState::kReady);
}

TEST(SequenceTest, HoldTimeOnTheHoldStepItself) {
  const struct {
    Duration wait;
    bool violation;
  } table[] = {{hours(2), false}, {hours(5), true}};
  for (const auto& row : table) {
    Harness h;
    h.begin(one_operation(
        step("from", "instruction") + "," +
        step("hold", "hold_time", R"("from_step": "from", "min": "PT2H", "max": "PT4H")")));
    h.must_record("from", {});
    EXPECT_EQ(h.state("hold"), StepState::kPending);
    EXPECT_EQ(h.run("hold").not_before, kT0 + hours(2));
    auto early = h.record("hold", {});
    ASSERT_FALSE(early.ok());
    EXPECT_TRUE(contains(early.error().message, "may be completed from 2026-11-25T10:00:00"))
        << early.error().message;
    h.advance(row.wait);
    EXPECT_EQ(h.state("hold"), StepState::kReady);
    EXPECT_EQ(h.run("hold").ready_at, kT0 + hours(2));
    h.must_record("hold", {});
    const auto v = h.exceptions(ExceptionKind::kHoldTimeViolation);
    ASSERT_EQ(v.size(), row.violation ? 1u : 0u);
    if (row.violation) {
      EXPECT_EQ(v[0]->severity, Severity::kMajor);
      EXPECT_TRUE(contains(v[0]->message, "more than the maximum hold time of PT4H"))
          << v[0]->message;
    }
  }
}

TEST(SequenceTest, HoldTimeToAnotherStep) {
  const struct {
    Duration wait;
    bool refused;
    bool violation;
  } table[] = {{minutes(30), true, false}, {hours(1), false, false}, {hours(4), false, true}};
  for (const auto& row : table) {
    Harness h;
    h.begin(one_operation(
        step("from", "instruction") + "," +
        step("hold", "hold_time",
             R"("from_step": "from", "to_step": "to", "min": "PT1H", "max": "PT3H")") +
        "," + step("to", "instruction")));
    h.must_record("from", {});
    EXPECT_EQ(h.state("hold"), StepState::kDone) << "completes automatically";
    EXPECT_TRUE(h.run("hold").entry->performer.is_system());
    EXPECT_EQ(h.state("to"), StepState::kReady);
    h.advance(row.wait);
    auto r = h.record("to", {});
    if (row.refused) {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
      EXPECT_EQ(r.error().details.at("not_before").as_string(), "2026-11-25T09:00:00.000000Z");
      continue;
    }
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(h.exceptions(ExceptionKind::kHoldTimeViolation).size(), row.violation ? 1u : 0u);
  }
}

std::shared_ptr<const recipe::MasterRecipe> yield_recipe() {
  return one_operation(
      step("a", "numeric_entry", R"("unit": "kg", "decimals": 1)") + "," +
      step("b", "numeric_entry", R"("unit": "kg", "decimals": 1)") + "," +
      step("y", "calculation", R"("expression": "a / b * 100", "unit": "%", "decimals": 1,
           "limits": {"low": 80, "high": 110}, "alarm": {"low": 95, "high": 105})") +
      "," + step("after", "instruction"));
}

TEST(SequenceTest, CalculationsCompleteAutomatically) {
  const struct {
    double a, b;
    std::optional<double> y;
    std::optional<ExceptionKind> exception;
  } table[] = {
      {10, 10, 100, std::nullopt},
      {9.5, 10, 95, std::nullopt},
      {9, 10, 90, ExceptionKind::kAlarmExcursion},
      {12, 10, 120, ExceptionKind::kHardLimitOverride},  // nobody to refuse
      {10, 0, std::nullopt, std::nullopt},               // division by zero: blocked
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.a / row.b);
    Harness h;
    h.begin(yield_recipe());
    h.must_record("a", num(row.a));
    h.must_record("b", num(row.b));
    const StepRun& y = h.run("y");
    if (!row.y) {
      EXPECT_EQ(y.state, StepState::kReady);
      EXPECT_TRUE(contains(y.blocked_reason, "y cannot be calculated")) << y.blocked_reason;
      EXPECT_EQ(h.state("after"), StepState::kPending);
      continue;
    }
    EXPECT_EQ(y.state, StepState::kDone);
    EXPECT_EQ(y.entry->source, ValueSource::kCalculated);
    EXPECT_TRUE(y.entry->performer.is_system());
    EXPECT_DOUBLE_EQ(*y.entry->value.number, *row.y);
    EXPECT_EQ(batch_yield(h.b), *row.y);
    EXPECT_EQ(h.state("after"), StepState::kReady);
    ASSERT_EQ(h.b.exceptions.size(), row.exception ? 1u : 0u);
    if (row.exception) {
      EXPECT_EQ(h.b.exceptions[0].kind, *row.exception);
    }
  }
}

TEST(SequenceTest, BlockedCalculationOnlyByManualOverride) {
  Harness h;
  h.begin(yield_recipe());
  h.must_record("a", num(10));
  h.must_record("b", num(0));
  auto plain = h.record("y", num(100));
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(contains(plain.error().message, "manual override")) << plain.error().message;
  CompleteInput in{.key = "y",
                   .value = num(100),
                   .comment = "b was weighed wrongly; see DEV-1",
                   .manual_override = true};
  in.signature = signature_of(supervisor_sam(), "performed", h.now);
  auto r = h.record(in, supervisor_sam());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(h.run("y").entry->source, ValueSource::kManual);
  ASSERT_EQ(h.exceptions(ExceptionKind::kManualOverride).size(), 1u);
  EXPECT_EQ(h.exceptions(ExceptionKind::kManualOverride)[0]->severity, Severity::kMajor);
}

TEST(SequenceTest, RecalculationAfterCorrection) {
  Harness h;
  h.begin(yield_recipe());
  h.must_record("a", num(10));
  h.must_record("b", num(10));
  ASSERT_EQ(*h.run("y").entry->value.number, 100);
  h.advance(minutes(5));
  auto c = correct_step(h.b, operator_anna(), "b", 1, std::nullopt, num(10.5), "misread display",
                        signature_of(operator_anna(), "performed", h.now), h.now, h.checks, h.ids);
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  const StepRun& y = h.run("y");
  EXPECT_DOUBLE_EQ(*y.entry->value.number, 95.2);
  ASSERT_EQ(y.corrections.size(), 1u);
  EXPECT_EQ(y.corrections[0].reason, "recalculated after correction of b");
  EXPECT_DOUBLE_EQ(*y.corrections[0].previous.value.number, 100);
  EXPECT_TRUE(y.corrections[0].corrected_by.is_system());
  EXPECT_FALSE(y.corrections[0].signature);
  EXPECT_NE(std::find(c->runs.begin(), c->runs.end(), "y#1"), c->runs.end());
  EXPECT_EQ(h.exceptions(ExceptionKind::kCorrection).size(), 1u);
}

}  // namespace
}  // namespace gemba::batch
