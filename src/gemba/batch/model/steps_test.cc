// Process parameters, witnesses, corrections, comments and optimistic concurrency.

#include <gtest/gtest.h>

#include "gemba/batch/model/test_batches.h"
#include "gemba/core/time.h"

namespace gemba::batch {
namespace {

using namespace testing;
using std::chrono::minutes;

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

std::shared_ptr<const recipe::MasterRecipe> press_recipe() {
  return one_operation(step("bind_mixer", "equipment_use", R"("equipment_class": "MIXER")") + "," +
                       step("speed", "process_parameter",
                            R"("equipment_step": "bind_mixer", "tag": "drive.speed",
                               "capture": "mean", "window": "PT5M", "unit": "rpm",
                               "decimals": 0, "limits": {"low": 90, "high": 110})"));
}

TEST(ProcessParameterTest, ReadingsFromTheTagReader) {
  const struct {
    const char* label;
    std::optional<TagReading> reading;  // relative: `at` is added to now
    Duration age;
    std::optional<double> stored;
    std::string refusal;
  } table[] = {
      {"good", TagReading{100.4, "rpm", {}, TagQuality::kGood, "opcua://mx/speed"}, {}, 100, ""},
      {"wrong unit",
       TagReading{1.6, "N", {}, TagQuality::kGood, ""},
       {},
       std::nullopt,
       "cannot convert N (force) to rpm"},
      {"stale", TagReading{100, "rpm", {}, TagQuality::kGood, ""}, minutes(10), std::nullopt,
       "is stale"},
      {"bad quality",
       TagReading{100, "rpm", {}, TagQuality::kBad, ""},
       {},
       std::nullopt,
       "has quality bad"},
      {"uncertain",
       TagReading{100, "rpm", {}, TagQuality::kUncertain, ""},
       {},
       std::nullopt,
       "has quality uncertain"},
      {"unavailable",
       std::nullopt,
       {},
       std::nullopt,
       "no equipment connection is configured for tag drive.speed of MX-1"},
      {"outside limits",
       TagReading{130, "rpm", {}, TagQuality::kGood, ""},
       {},
       std::nullopt,
       "speed 130 rpm is above the upper limit 110 rpm"},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.label);
    Harness h;
    h.begin(press_recipe());
    h.must_record("bind_mixer", text("MX-1"));
    h.advance(minutes(1));
    if (row.reading) {
      TagReading r = *row.reading;
      r.at = h.now - row.age;
      h.tags.readings["drive.speed"] = r;
    }
    (void)refresh(h.b, h.now, h.tags, h.ids);
    const bool good_reading =
        row.reading && row.reading->quality == TagQuality::kGood && row.age < kMaxTagAge;
    EXPECT_EQ(h.run("speed").blocked_reason.empty(), good_reading) << h.run("speed").blocked_reason;
    auto done = h.record("speed", {});
    ASSERT_FALSE(h.tags.requests.empty());
    EXPECT_EQ(h.tags.requests.back().equipment_id, "MX-1");
    EXPECT_EQ(h.tags.requests.back().window, minutes(5));
    if (!row.stored) {
      ASSERT_FALSE(done.ok());
      EXPECT_TRUE(contains(done.error().message, row.refusal)) << done.error().message;
      EXPECT_EQ(h.state("speed"), StepState::kReady);
      continue;
    }
    ASSERT_TRUE(done.ok()) << done.error().to_string();
    const Entry& e = *h.run("speed").entry;
    EXPECT_EQ(e.source, ValueSource::kEquipment);
    EXPECT_DOUBLE_EQ(*e.value.number, *row.stored);
    EXPECT_EQ(e.value.tag_quality, TagQuality::kGood);
    EXPECT_EQ(e.value.tag_time, h.now - row.age);
    EXPECT_FALSE(e.value.tag.empty());
  }
}

TEST(ProcessParameterTest, ManualOverrideRules) {
  auto sign = [](const Actor& a, Timestamp t) { return signature_of(a, "performed", t); };
  const struct {
    const char* label;
    Actor actor;
    std::string comment;
    bool signed_;
    std::optional<ErrorCode> code;
    std::string field;
  } table[] = {
      {"operator may not override", operator_anna(), "tag down", true, ErrorCode::kPermissionDenied,
       ""},
      {"no reason", supervisor_sam(), "", true, ErrorCode::kInvalidArgument, "comment"},
      {"no signature", supervisor_sam(), "tag down", false, ErrorCode::kInvalidArgument,
       "signature"},
      {"allowed", supervisor_sam(), "tag down, read from the local display", true, std::nullopt,
       ""},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.label);
    Harness h;
    h.begin(press_recipe());
    h.must_record("bind_mixer", text("MX-1"));
    CompleteInput in{
        .key = "speed", .value = num(101), .comment = row.comment, .manual_override = true};
    if (row.signed_) in.signature = sign(row.actor, h.now);
    EXPECT_TRUE(needs_signature(h.b, h.run("speed"), in));
    auto r = h.record(in, row.actor);
    if (row.code) {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, *row.code) << r.error().to_string();
      if (!row.field.empty()) {
        EXPECT_EQ(r.error().details.at("field").as_string(), row.field);
      }
      continue;
    }
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    const Entry& e = *h.run("speed").entry;
    EXPECT_EQ(e.source, ValueSource::kManual);
    EXPECT_EQ(e.signature, in.signature);
    const auto ex = h.exceptions(ExceptionKind::kManualOverride);
    ASSERT_EQ(ex.size(), 1u);
    EXPECT_EQ(ex[0]->severity, Severity::kMajor);
    EXPECT_TRUE(contains(ex[0]->message, "speed 101 rpm entered by hand (no equipment connection"))
        << ex[0]->message;
  }
}

// The equipment interlock: the port is asked with the batch, product, step and server time; a
// refusal refuses the step, and only an overridable one can be overridden, by someone holding
// equipment.override_interlock, with a reason and a signature, as a major exception.
TEST(InterlockTest, RefusalAndOverride) {
  auto sign = [](const Actor& a, Timestamp t) { return signature_of(a, "performed", t); };
  Actor interlock_sam = supervisor_sam();
  interlock_sam.may_override_interlock = true;
  const struct {
    const char* label;
    bool overridable;
    bool override_;
    Actor actor;
    std::string comment;
    bool signed_;
    std::string id;
    std::optional<ErrorCode> code;
    std::string message;  // a part of the error's message
  } table[] = {
      {"usable", false, false, operator_anna(), "", false, "MX-1", std::nullopt, ""},
      {"refused", false, false, operator_anna(), "", false, "MX-DIRTY",
       ErrorCode::kFailedPrecondition, "MX-DIRTY is not clean"},
      {"refused, says it can be overridden", true, false, operator_anna(), "", false, "MX-DIRTY",
       ErrorCode::kFailedPrecondition, "override the interlock"},
      {"override of a usable one", true, true, interlock_sam, "why", true, "MX-1",
       ErrorCode::kInvalidArgument, "passes every interlock"},
      {"not overridable", false, true, interlock_sam, "why", true, "MX-DIRTY",
       ErrorCode::kFailedPrecondition, "cannot be overridden"},
      {"without the permission", true, true, supervisor_sam(), "why", true, "MX-DIRTY",
       ErrorCode::kPermissionDenied, "equipment.override_interlock"},
      {"without a reason", true, true, interlock_sam, "", true, "MX-DIRTY",
       ErrorCode::kInvalidArgument, "needs a reason"},
      {"without a signature", true, true, interlock_sam, "why", false, "MX-DIRTY",
       ErrorCode::kInvalidArgument, "needs your signature"},
      {"overridden", true, true, interlock_sam, "cleaning verified on paper, logbook down", true,
       "MX-DIRTY", std::nullopt, ""},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.label);
    Harness h;
    h.checks.refuse_equipment = "MX-DIRTY";
    h.checks.refusal_overridable = row.overridable;
    h.begin(press_recipe());
    CompleteInput in{.key = "bind_mixer",
                     .value = text(row.id),
                     .comment = row.comment,
                     .manual_override = row.override_};
    if (row.signed_) in.signature = sign(row.actor, h.now);
    auto r = h.record(in, row.actor);
    // Permission, reason and signature are checked before the port is asked.
    const bool refused_before = row.code == ErrorCode::kPermissionDenied ||
                                (row.override_ && contains(row.message, "needs"));
    ASSERT_EQ(h.checks.equipment_asked.empty(), refused_before);
    if (!refused_before) {
      EXPECT_EQ(h.checks.equipment_asked.back(), h.b.header.id + "/" + h.b.header.product_code +
                                                     "/bind_mixer/MIXER/" + row.id + "@" +
                                                     format_rfc3339(h.now));
    }
    if (row.code) {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, *row.code) << r.error().to_string();
      EXPECT_TRUE(contains(r.error().message, row.message)) << r.error().message;
      EXPECT_EQ(h.run("bind_mixer").state, StepState::kReady);
      continue;
    }
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(h.run("bind_mixer").entry->value.text, row.id);
    const auto ex = h.exceptions(ExceptionKind::kInterlockOverride);
    if (!row.override_) {
      EXPECT_TRUE(ex.empty());
      continue;
    }
    ASSERT_EQ(ex.size(), 1u);
    EXPECT_EQ(ex[0]->severity, Severity::kMajor);
    EXPECT_TRUE(contains(ex[0]->message, "MX-DIRTY used although the interlock refused it"))
        << ex[0]->message;
    EXPECT_EQ(h.run("bind_mixer").entry->signature, in.signature);
  }
}

TEST(ProcessParameterTest, ValueWithoutOverrideRefused) {
  Harness h;
  h.begin(press_recipe());
  h.must_record("bind_mixer", text("MX-1"));
  auto r = h.record("speed", num(100));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details.at("field").as_string(), "value");
}

TEST(WitnessTest, SecondPersonVerifies) {
  Actor no_verify = operator_ben();
  no_verify.may_verify = false;
  const struct {
    const char* label;
    Actor witness;
    std::string meaning;
    std::optional<ErrorCode> code;
  } table[] = {
      {"performer verifies", operator_anna(), "verified", ErrorCode::kPermissionDenied},
      {"no may_verify", no_verify, "verified", ErrorCode::kPermissionDenied},
      {"wrong meaning", operator_ben(), "performed", ErrorCode::kInvalidArgument},
      {"second person", operator_ben(), "verified", std::nullopt},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.label);
    Harness h;
    h.begin(one_operation(step("w", "numeric_entry", R"("unit": "kg", "decimals": 1,
                                                        "witness": "always")") +
                          "," + step("next", "instruction")));
    ASSERT_TRUE(h.record("w", num(2)).ok());
    EXPECT_EQ(h.state("w"), StepState::kInProgress);
    EXPECT_EQ(h.state("next"), StepState::kPending);
    auto again = h.record("w", num(2));
    EXPECT_TRUE(contains(again.error().message, "awaiting verification")) << again.error().message;
    h.advance(minutes(2));
    auto v = verify_step(h.b, row.witness, "w", std::nullopt, std::nullopt,
                         signature_of(row.witness, row.meaning, h.now), h.now);
    if (row.code) {
      ASSERT_FALSE(v.ok());
      EXPECT_EQ(v.error().code, *row.code) << v.error().to_string();
      EXPECT_EQ(h.state("w"), StepState::kInProgress);
      continue;
    }
    ASSERT_TRUE(v.ok()) << v.error().to_string();
    const StepRun& w = h.run("w");
    EXPECT_EQ(w.state, StepState::kDone);
    EXPECT_EQ(w.witnessed_by, operator_ben().person);
    EXPECT_EQ(w.witness->meaning, "verified");
    EXPECT_EQ(w.done_at, kT0 + minutes(2));
    EXPECT_EQ(h.state("next"), StepState::kReady);
  }
}

TEST(WitnessTest, FirstOccurrenceOnly) {
  Harness h;
  h.begin(one_operation(step("w", "numeric_entry", R"("unit": "mg", "decimals": 0,
                     "witness": "first", "repeat": {"every": "PT30M"})") +
                        "," + step("end", "instruction")));
  ASSERT_TRUE(h.record("w", num(600)).ok());
  EXPECT_EQ(h.state("w", 1), StepState::kInProgress);
  ASSERT_TRUE(h.verify("w").ok());
  h.advance(minutes(30));
  ASSERT_TRUE(h.record("w", num(600)).ok());
  EXPECT_EQ(h.state("w", 2), StepState::kDone);
}

TEST(CorrectionTest, OriginalKeptAndExceptionRaised) {
  Harness h;
  h.begin(one_operation(step("w", "numeric_entry", R"("unit": "kg", "decimals": 1,
                                                      "limits": {"low": 1, "high": 3})") +
                        "," + step("next", "instruction")));
  h.must_record("w", num(2));
  const Entry original = *h.run("w").entry;
  h.advance(minutes(10));
  const SignatureRef sig = signature_of(operator_anna(), "performed", h.now);
  const struct {
    const char* label;
    std::string key;
    int occurrence;
    std::optional<std::int64_t> version;
    ValueInput value;
    std::string reason;
    ErrorCode code;
  } refusals[] = {
      {"no reason", "w", 1, std::nullopt, num(2.1), "", ErrorCode::kInvalidArgument},
      {"outside limits", "w", 1, std::nullopt, num(4), "typo", ErrorCode::kInvalidArgument},
      {"not done", "next", 1, std::nullopt, {}, "typo", ErrorCode::kFailedPrecondition},
      {"no such run", "w", 2, std::nullopt, num(2.1), "typo", ErrorCode::kNotFound},
      {"stale version", "w", 1, 1, num(2.1), "typo", ErrorCode::kConflict},
  };
  for (const auto& row : refusals) {
    auto r = correct_step(h.b, operator_anna(), row.key, row.occurrence, row.version, row.value,
                          row.reason, sig, h.now, h.checks, h.ids);
    ASSERT_FALSE(r.ok()) << row.label;
    EXPECT_EQ(r.error().code, row.code) << row.label << ": " << r.error().to_string();
  }
  const std::int64_t version = h.run("w").version;
  auto r = correct_step(h.b, operator_anna(), "w", 1, version, num(2.1), "transcription error", sig,
                        h.now, h.checks, h.ids);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const StepRun& w = h.run("w");
  EXPECT_EQ(w.version, version + 1);
  EXPECT_DOUBLE_EQ(*w.entry->value.number, 2.1);
  ASSERT_EQ(w.corrections.size(), 1u);
  EXPECT_EQ(w.corrections[0].previous, original);
  EXPECT_EQ(w.corrections[0].reason, "transcription error");
  EXPECT_EQ(w.corrections[0].signature, sig);
  const auto ex = h.exceptions(ExceptionKind::kCorrection);
  ASSERT_EQ(ex.size(), 1u);
  EXPECT_EQ(ex[0]->message, "w corrected from 2 kg to 2.1 kg: transcription error");
  EXPECT_EQ(r->runs, std::vector<std::string>{"w#1"});
  EXPECT_TRUE(r->header);
}

TEST(CommentTest, FlaggedAndLimits) {
  const struct {
    const char* label;
    std::string text;
    bool flagged;
    std::optional<ErrorCode> code;
  } table[] = {
      {"plain", "container 2 relabelled", false, std::nullopt},
      {"flagged", "smell of solvent near the booth", true, std::nullopt},
      {"empty", "", false, ErrorCode::kInvalidArgument},
      {"at the limit", std::string(kMaxCommentBytes, 'x'), false, std::nullopt},
      {"too long", std::string(kMaxCommentBytes + 1, 'x'), false, ErrorCode::kInvalidArgument},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.label);
    Harness h;
    h.begin(one_operation(step("a", "instruction")));
    auto r = add_comment(h.b, operator_anna(), "a", 1, row.text, row.flagged, h.now, h.ids);
    if (row.code) {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, *row.code);
      EXPECT_TRUE(h.run("a").comments.empty());
      continue;
    }
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    ASSERT_EQ(h.run("a").comments.size(), 1u);
    EXPECT_EQ(h.run("a").comments[0].text, row.text);
    EXPECT_EQ(h.run("a").comments[0].flagged, row.flagged);
    EXPECT_EQ(h.exceptions(ExceptionKind::kFlaggedComment).size(), row.flagged ? 1u : 0u);
  }
}

TEST(ConcurrencyTest, StaleExpectedVersionIsAConflict) {
  Harness h;
  h.begin(one_operation(step("a", "instruction")));
  const std::int64_t v = h.run("a").version;
  const std::int64_t header_version = h.b.header.version;
  auto stale = h.record(CompleteInput{.key = "a", .expected_version = v - 1});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(stale.error().details.at("version").as_int64(), v);
  EXPECT_EQ(h.b.header.version, header_version) << "a refused operation changes nothing";
  ASSERT_TRUE(h.record(CompleteInput{.key = "a", .expected_version = v}).ok());
  EXPECT_EQ(h.run("a").version, v + 1);
  EXPECT_EQ(h.b.header.version, header_version + 1);
}

}  // namespace
}  // namespace gemba::batch
