#include "gemba/batch/model/test_batches.h"

#include "gemba/core/time.h"
#include "gemba/recipe/model/format.h"

namespace gemba::batch::testing {

std::shared_ptr<const recipe::MasterRecipe> make_recipe(std::string_view unit_procedures_json) {
  const std::string json = R"({"format": "gemba.recipe/1", "product_code": "TEST-1",
    "product_name": "Test tablets", "site": "SITE-1",
    "header": {"batch_size": {"value": 10, "unit": "kg"},
               "theoretical_yield": {"value": 10, "unit": "kg"},
               "yield_limits": {"low": 95, "high": 101}},
    "formula": [
      {"key": "api", "material_code": "RM-1", "name": "Active ingredient",
       "quantity": {"value": 2, "unit": "kg"},
       "tolerance": {"minus": 1, "plus": 1, "unit": "%"}, "scaling": "scalable"},
      {"key": "filler", "material_code": "RM-2", "name": "Filler",
       "quantity": {"value": 8, "unit": "kg"},
       "tolerance": {"minus": 0.1, "plus": 0.1, "unit": "kg"}, "scaling": "scalable"}],
    "unit_procedures": )" + std::string(unit_procedures_json) +
                           "}";
  auto r = recipe::parse_recipe(json);
  if (!r.ok()) {
    ADD_FAILURE() << r.error().to_string() << "\n" << json;
    return std::make_shared<recipe::MasterRecipe>();
  }
  return std::make_shared<recipe::MasterRecipe>(std::move(r).value());
}

std::shared_ptr<const recipe::MasterRecipe> one_operation(std::string_view steps_json) {
  return make_recipe(R"([{"key": "up", "name": "Unit procedure", "operations": [
      {"key": "op", "name": "Operation", "steps": [)" +
                     std::string(steps_json) + "]}]}]");
}

std::string step(std::string_view key, std::string_view type, std::string_view more) {
  std::string s = R"({"key": ")" + std::string(key) + R"(", "name": ")" + std::string(key) +
                  R"(", "type": ")" + std::string(type) + R"(", "text": "Do it")";
  if (!more.empty()) s += ", " + std::string(more);
  return s + "}";
}

Result<TagReading> FakeTags::read(const TagRequest& request) const {
  requests.push_back(request);
  const auto it = readings.find(request.tag);
  if (it == readings.end()) {
    return Error::unavailable("no equipment connection is configured for tag " + request.tag +
                              " of " + request.equipment_id);
  }
  return it->second;
}

Result<void> FakeChecks::check_equipment(const EquipmentUse& use) const {
  equipment_asked.push_back(std::string(use.batch_id) + "/" + std::string(use.product) + "/" +
                            std::string(use.step_key) + "/" + std::string(use.equipment_class) +
                            "/" + std::string(use.equipment_id) + "@" + format_rfc3339(use.now));
  if (use.equipment_id == refuse_equipment) {
    return Error::failed_precondition(
        "equipment " + std::string(use.equipment_id) + " is not clean",
        {{"reason", "dirty"}, {"overridable", refusal_overridable}});
  }
  return ok();
}

Result<void> FakeChecks::check_lot(const LotUse& use, std::string_view lot) const {
  if (lot == refuse_lot) {
    return Error::failed_precondition("lot " + std::string(lot) + " of " + use.line.material_code +
                                      " is quarantined");
  }
  return ok();
}

Result<std::optional<Weighed>> FakeChecks::weighed(const LotUse& use) const {
  return use.dispense ? weighed_result : std::nullopt;
}

ValueInput num(double v, std::string unit) {
  ValueInput in;
  in.number = v;
  in.unit = std::move(unit);
  return in;
}
ValueInput text(std::string s) {
  ValueInput in;
  in.text = std::move(s);
  return in;
}
ValueInput yes_no(bool b) {
  ValueInput in;
  in.boolean = b;
  return in;
}
ValueInput at(Timestamp t) {
  ValueInput in;
  in.time = t;
  return in;
}
ValueInput quantity(double v, std::string unit, std::string lot) {
  ValueInput in = num(v, std::move(unit));
  in.lot = std::move(lot);
  return in;
}

Actor operator_anna() { return {{"u-anna", "Anna Operator"}, true, true, false, false, false}; }
Actor operator_ben() { return {{"u-ben", "Ben Operator"}, true, true, false, false, false}; }
Actor supervisor_sam() { return {{"u-sam", "Sam Supervisor"}, true, true, true, false, false}; }
Actor qa_quinn() { return {{"u-quinn", "Quinn QA"}, false, false, false, true, true}; }

SignatureRef signature_of(const Actor& a, std::string meaning, Timestamp at) {
  return {"sig-" + a.person.user_id + "-" + meaning, a.person.user_id, a.person.printed_name,
          std::move(meaning), at};
}

void Harness::begin(std::shared_ptr<const recipe::MasterRecipe> recipe, recipe::Quantity size) {
  NewBatch spec{"b-1", "TST-2026-0001", "r-1", 1, "sha", size, std::nullopt};
  auto batch = instantiate(std::move(recipe), spec, operator_anna().person, now);
  ASSERT_TRUE(batch.ok()) << batch.error().to_string();
  b = std::move(batch).value();
  auto started = start(b, operator_anna(), now, ids);
  ASSERT_TRUE(started.ok()) << started.error().to_string();
}

void Harness::advance(Duration d) {
  now += d;
  (void)refresh(b, now, tags, ids);
}

Result<Changes> Harness::record(std::string_view key, ValueInput v, const Actor& a,
                                std::string comment) {
  CompleteInput in;
  in.key = std::string(key);
  in.value = std::move(v);
  in.comment = std::move(comment);
  return record(in, a);
}

Result<Changes> Harness::record(const CompleteInput& in, const Actor& a) {
  return complete_step(b, a, in, now, tags, checks, ids);
}

Result<Changes> Harness::verify(std::string_view key, const Actor& a) {
  return verify_step(b, a, key, std::nullopt, std::nullopt, signature_of(a, "verified", now), now);
}

void Harness::must_record(std::string_view key, ValueInput v, const Actor& a) {
  auto r = record(key, v, a);
  ASSERT_TRUE(r.ok()) << key << ": " << r.error().to_string();
  const StepRun* latest = nullptr;
  for (const auto& run : b.steps) {
    if (run.key == key && run.state == StepState::kInProgress) latest = &run;
  }
  if (latest) {
    auto w = verify(key, a.person.user_id == "u-ben" ? operator_anna() : operator_ben());
    ASSERT_TRUE(w.ok()) << key << ": " << w.error().to_string();
  }
}

StepState Harness::state(std::string_view key, int occurrence) const {
  return run(key, occurrence).state;
}

const StepRun& Harness::run(std::string_view key, int occurrence) const {
  static const StepRun kMissing{.key = "(missing)"};
  const StepRun* r = find_run(b, key, occurrence);
  if (!r) {
    ADD_FAILURE() << "no run " << key << "#" << occurrence;
    return kMissing;
  }
  return *r;
}

std::vector<const BatchException*> Harness::exceptions(ExceptionKind kind) const {
  std::vector<const BatchException*> out;
  for (const auto& e : b.exceptions) {
    if (e.kind == kind) out.push_back(&e);
  }
  return out;
}

}  // namespace gemba::batch::testing
