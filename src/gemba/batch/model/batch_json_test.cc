// Persistence JSON round trips, refusals of bad documents, and the record's shape.

#include "gemba/batch/model/batch_json.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "gemba/batch/model/test_batches.h"
#include "gemba/core/json.h"

namespace gemba::batch {
namespace {

using namespace testing;
using std::chrono::microseconds;
using std::chrono::minutes;

const Timestamp kT1 = kT0 + microseconds(123456);

SignatureRef full_signature() { return {"sig-1", "u-anna", "Anna Operator", "performed", kT1}; }

Entry full_entry() {
  Value v;
  v.number = 0.600001;
  v.unit = "kg";
  v.text = "";  // set but empty: still round-trips
  v.boolean = false;
  v.time = kT1;
  v.lot = "LOT-1";
  v.entered_number = 600.001;
  v.entered_unit = "g";
  v.tag = "opcua://press/force";
  v.tag_time = kT1 - minutes(1);
  v.tag_quality = TagQuality::kUncertain;
  return {v,   ValueSource::kScanned, {"u-anna", "Anna Operator"},
          kT1, "a comment",           full_signature()};
}

// Round trip through the value and through canonical text.
template <typename T, typename To, typename From>
void round_trip(const T& x, To to_json, From from_json, const std::string& label) {
  SCOPED_TRACE(label);
  const boost::json::object o = to_json(x);
  auto back = from_json(boost::json::value(o));
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_TRUE(*back == x);
  auto parsed = parse_json_strict(canonical_json(o));
  ASSERT_TRUE(parsed.ok());
  auto again = from_json(*parsed);
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_TRUE(*again == x);
  EXPECT_EQ(canonical_json(to_json(*again)), canonical_json(o));
}

TEST(BatchJsonTest, HeaderRoundTrip) {
  BatchHeader minimal;
  minimal.id = "b-1";
  BatchHeader full;
  full.id = "b-2";
  full.number = "PCM-2026-0042";
  full.recipe_id = "r-1";
  full.recipe_version = 3;
  full.recipe_content_sha256 = std::string(64, 'a');
  full.product_code = "PCM500";
  full.product_name = "Paracetamol";
  full.site = "DEMO";
  full.batch_size = {82.5, "kg"};
  full.planned_start = kT0;
  full.state = BatchState::kRejected;
  full.version = 9000000000;
  full.created_by = {"u-anna", "Anna Operator"};
  full.created_at = kT1;
  full.started_at = kT1 + minutes(1);
  full.completed_at = kT1 + minutes(2);
  full.review_started_at = kT1 + minutes(3);
  full.closed_at = kT1 + minutes(4);
  full.hold_reason = "h";
  full.abort_reason = "a";
  full.reject_reason = "r";
  full.signatures = {full_signature(), {"sig-2", "u-q", "Quinn", "rejected", kT1}};
  const struct {
    const char* label;
    BatchHeader h;
  } table[] = {{"minimal", minimal}, {"full", full}};
  for (const auto& row : table) round_trip(row.h, header_to_json, header_from_json, row.label);
}

TEST(BatchJsonTest, StepRunRoundTrip) {
  StepRun minimal;
  minimal.key = "a";
  StepRun full;
  full.key = "tablet_weight";
  full.occurrence = 3;
  full.state = StepState::kDone;
  full.version = 7;
  full.due_at = kT0;
  full.not_before = kT0 + minutes(1);
  full.ready_at = kT0 + minutes(2);
  full.done_at = kT1;
  full.entry = full_entry();
  Entry system{{}, ValueSource::kCalculated, system_person(), kT0, "", std::nullopt};
  full.corrections = {{full_entry(), "typo", {"u-ben", "Ben"}, kT1, full_signature()},
                      {system, "recalculated after correction of x", system_person(), kT1, {}}};
  full.witness = SignatureRef{"sig-w", "u-ben", "Ben", "verified", kT1};
  full.witnessed_by = Person{"u-ben", "Ben"};
  full.witnessed_at = kT1;
  full.not_applicable_reason = "condition false";
  full.decided_by = {{"x", 4.25}, {"y", -1e-7}};
  full.blocked_reason = "blocked";
  full.comments = {{"c-1", "hello", {"u-anna", "Anna"}, kT1, true},
                   {"c-2", "°C ✓", {"u-ben", "Ben"}, kT1, false}};
  const struct {
    const char* label;
    StepRun r;
  } table[] = {{"minimal", minimal}, {"full", full}};
  for (const auto& row : table) round_trip(row.r, step_run_to_json, step_run_from_json, row.label);
}

TEST(BatchJsonTest, ExceptionRoundTrip) {
  BatchException minimal;
  minimal.id = "e-1";
  BatchException full;
  full.id = "e-2";
  full.kind = ExceptionKind::kConditionUnresolved;
  full.severity = Severity::kCritical;
  full.step_key = "tablet_weight";
  full.occurrence = 2;
  full.message = "tablet_weight 612 mg is above the alarm limit 610 mg";
  full.values = {{"value", 612}, {"alarm_high", 610}};
  full.raised_by = system_person();
  full.raised_at = kT1;
  full.disposition = Disposition{DispositionOutcome::kEscalated,
                                 "see deviation",
                                 "DEV-2026-0042",
                                 {"u-q", "Quinn"},
                                 kT1,
                                 SignatureRef{"sig-d", "u-q", "Quinn", "reviewed", kT1}};
  BatchException unsigned_disposition = full;
  unsigned_disposition.disposition->signature.reset();
  const struct {
    const char* label;
    BatchException e;
  } table[] = {{"minimal", minimal},
               {"full", full},
               {"disposition recorded before dispositions were signed", unsigned_disposition}};
  for (const auto& row : table)
    round_trip(row.e, exception_to_json, exception_from_json, row.label);
}

// Exceptions stored before dispositions were signed stay readable, as unsigned dispositions; a
// signature that is stored must be a whole one.
TEST(BatchJsonTest, StoredDispositions) {
  const std::string before = R"json({"id": "e-1", "kind": "alarm_excursion",
      "severity": "minor", "message": "m", "raised_by": {"user_id": "", "printed_name": "Gemba"},
      "raised_at": "2026-11-25T08:00:00.000000Z", "disposition": {"outcome": "accepted",
      "comment": "ok", "by": {"user_id": "u-q", "printed_name": "Quinn"},
      "at": "2026-11-25T09:00:00.000000Z")json";
  const struct {
    const char* label;
    std::string json;
    std::string field;  // "" = read
  } table[] = {
      {"without a signature", before + "}}", ""},
      {"with a signature",
       before + R"(, "signature": {"signature_id": "s-1", "user_id": "u-q", "printed_name":
       "Quinn", "meaning": "reviewed", "signed_at": "2026-11-25T09:00:00.000001Z"}}})",
       ""},
      {"a signature without its id", before + R"(, "signature": {"meaning": "reviewed",
       "signed_at": "2026-11-25T09:00:00.000001Z"}}})",
       "disposition.signature.signature_id"},
      {"a signature that is not an object", before + R"(, "signature": "Quinn"}})",
       "disposition.signature"},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.label);
    auto v = parse_json_strict(row.json);
    ASSERT_TRUE(v.ok()) << v.error().to_string();
    auto e = exception_from_json(*v);
    if (row.field.empty()) {
      ASSERT_TRUE(e.ok()) << e.error().to_string();
      ASSERT_TRUE(e->disposition);
      EXPECT_EQ(e->disposition->by.printed_name, "Quinn");
      EXPECT_EQ(e->disposition->signature.has_value(), row.json.find("s-1") != std::string::npos);
      continue;
    }
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(e.error().details.at("field").as_string(), row.field);
  }
}

TEST(BatchJsonTest, BadDocuments) {
  const struct {
    const char* label;
    std::string json;
    std::string field;
  } table[] = {
      {"not an object", "[]", ""},
      {"no key", R"({"state": "ready"})", "key"},
      {"bad state", R"({"key": "a", "state": "sleeping"})", "state"},
      {"bad time", R"({"key": "a", "state": "ready", "done_at": "yesterday"})", "done_at"},
      {"bad occurrence", R"({"key": "a", "state": "ready", "occurrence": "1"})", "occurrence"},
      {"bad entry", R"({"key": "a", "state": "done", "entry": {"source": "magic",
        "recorded_at": "2026-11-25T08:00:00Z"}})",
       "entry.source"},
      {"bad comment", R"({"key": "a", "state": "done", "comments": [{"text": 1}]})",
       "comments[0].text"},
  };
  for (const auto& row : table) {
    auto v = parse_json_strict(row.json);
    ASSERT_TRUE(v.ok()) << row.label;
    auto r = step_run_from_json(*v);
    ASSERT_FALSE(r.ok()) << row.label;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << row.label;
    EXPECT_EQ(r.error().details.at("field").as_string(), row.field) << row.label;
  }
}

TEST(BatchJsonTest, RecordShape) {
  Harness h;
  h.begin(one_operation(step("w", "numeric_entry", R"("unit": "kg", "decimals": 1,
                                                      "alarm": {"high": 3})") +
                        "," + step("skip", "instruction", R"("condition": "w > 5")") + "," +
                        step("a", "instruction")),
          {5, "kg"});
  h.must_record("w", num(3.5));
  ASSERT_TRUE(add_comment(h.b, operator_ben(), "a", 1, "note", false, h.now, h.ids).ok());
  const boost::json::object rec = record_json(h.b, kT1);
  EXPECT_EQ(rec.at("format").as_string(), kBatchRecordFormat);
  EXPECT_EQ(rec.at("generated_at").as_string(), "2026-11-25T08:00:00.123456Z");
  const auto& batch = rec.at("batch").as_object();
  EXPECT_EQ(batch.at("state").as_string(), "in_progress");
  EXPECT_EQ(batch.at("number").as_string(), "TST-2026-0001");
  EXPECT_EQ(batch.at("started_at").as_string(), "2026-11-25T08:00:00.000000Z");
  EXPECT_FALSE(batch.contains("hold_reason"));
  EXPECT_FALSE(batch.contains("completed_at"));
  EXPECT_FALSE(batch.contains("signatures"));
  EXPECT_FALSE(batch.contains("yield_percent"));
  EXPECT_FALSE(rec.contains("signatures"));
  const auto& formula = rec.at("formula").as_array();
  ASSERT_EQ(formula.size(), 2u);
  EXPECT_EQ(formula[0].at("key").as_string(), "api");
  EXPECT_DOUBLE_EQ(formula[0].at("target").as_double(), 1);
  EXPECT_DOUBLE_EQ(formula[0].at("low").as_double(), 0.99);
  EXPECT_EQ(formula[1].at("scaling").as_string(), "scalable");
  const auto& steps =
      rec.at("unit_procedures").as_array()[0].at("operations").as_array()[0].at("steps").as_array();
  ASSERT_EQ(steps.size(), 3u);
  const auto& w = steps[0].as_object();
  EXPECT_EQ(w.at("type").as_string(), "numeric_entry");
  EXPECT_EQ(w.at("text").as_string(), "Do it");
  EXPECT_EQ(w.at("spec").at("unit").as_string(), "kg");
  EXPECT_EQ(w.at("spec").at("decimals").as_int64(), 1);
  EXPECT_FALSE(w.at("spec").as_object().contains("key"));
  const auto& run = w.at("runs").as_array()[0].as_object();
  EXPECT_EQ(run.at("occurrence").as_int64(), 1);
  EXPECT_EQ(run.at("state").as_string(), "done");
  EXPECT_FALSE(run.contains("version"));
  EXPECT_FALSE(run.contains("key"));
  EXPECT_DOUBLE_EQ(run.at("entry").at("value").at("number").as_double(), 3.5);
  EXPECT_EQ(run.at("entry").at("performer").at("printed_name").as_string(), "Anna Operator");
  EXPECT_EQ(run.at("entry").at("source").as_string(), "manual");
  const auto& skip = steps[1].at("runs").as_array()[0].as_object();
  EXPECT_EQ(skip.at("state").as_string(), "not_applicable");
  EXPECT_DOUBLE_EQ(skip.at("decided_by").at("w").as_double(), 3.5);
  EXPECT_TRUE(skip.contains("not_applicable_reason"));
  EXPECT_EQ(steps[2].at("runs").as_array()[0].at("comments").as_array()[0].at("text").as_string(),
            "note");
  EXPECT_FALSE(steps[2].as_object().contains("spec")) << "an instruction has no spec";
  const auto& exceptions = rec.at("exceptions").as_array();
  ASSERT_EQ(exceptions.size(), 2u);  // alarm, not applicable
  EXPECT_EQ(exceptions[0].at("kind").as_string(), "alarm_excursion");
  EXPECT_EQ(exceptions[0].at("step_key").as_string(), "w");
  EXPECT_DOUBLE_EQ(exceptions[0].at("values").at("alarm_high").as_double(), 3);
  // Same content, same bytes.
  EXPECT_EQ(canonical_json(record_json(h.b, kT1)), canonical_json(rec));
}

}  // namespace
}  // namespace gemba::batch
