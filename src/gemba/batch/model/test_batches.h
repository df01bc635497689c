#pragma once
// Test helpers (batch_test only): small recipes built from JSON snippets, a harness holding one
// batch with explicit time, fake ports and a cast of people.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "gemba/batch/model/batch.h"
#include "gemba/batch/model/engine.h"

namespace gemba::batch::testing {

// A recipe of 10 kg (yield limits 95–101 %, formula: api 2 kg ±1 %, filler 8 kg ±0.1 kg) whose
// unit_procedures member is `unit_procedures_json` (a JSON array). The test fails if it does not
// parse.
std::shared_ptr<const recipe::MasterRecipe> make_recipe(std::string_view unit_procedures_json);
// One unit procedure with one operation holding `steps_json` (comma-separated step objects).
std::shared_ptr<const recipe::MasterRecipe> one_operation(std::string_view steps_json);

// "key": ..., "name": ... of a step (for compact snippets).
std::string step(std::string_view key, std::string_view type, std::string_view more = "");

class FakeTags final : public TagReader {
 public:
  // Reading by tag name; a tag not listed is unavailable.
  std::map<std::string, TagReading, std::less<>> readings;
  mutable std::vector<TagRequest> requests;
  Result<TagReading> read(const TagRequest& request) const override;
};

class FakeChecks final : public CapabilityChecks {
 public:
  std::string refuse_equipment;                      // this id is refused
  bool refusal_overridable = false;                  // and the refusal may be overridden
  std::string refuse_lot;                            // this lot is refused
  std::optional<Weighed> weighed_result;             // what weighed() answers (dispense steps)
  mutable std::vector<std::string> equipment_asked;  // "batch/product/step/class/id@time"
  Result<void> check_equipment(const EquipmentUse& use) const override;
  Result<void> check_lot(const LotUse& use, std::string_view lot) const override;
  Result<std::optional<Weighed>> weighed(const LotUse& use) const override;
};

ValueInput num(double v, std::string unit = "");
ValueInput text(std::string s);
ValueInput yes_no(bool b);
ValueInput at(Timestamp t);
ValueInput quantity(double v, std::string unit, std::string lot);

Actor operator_anna();
Actor operator_ben();
Actor supervisor_sam();  // executes, verifies, approves overrides, holds
Actor qa_quinn();        // reviews and releases

SignatureRef signature_of(const Actor& a, std::string meaning, Timestamp at);

inline const Timestamp kT0 =
    std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} + std::chrono::hours(8);

// One batch and its world. Time moves only through advance().
struct Harness {
  Timestamp now = kT0;
  Batch b;
  FakeTags tags;
  FakeChecks checks;
  int next_id = 0;
  IdSource ids = [this] { return "ex-" + std::to_string(++next_id); };

  // Instantiates and starts a batch of `recipe` (the test fails on error).
  void begin(std::shared_ptr<const recipe::MasterRecipe> recipe,
             recipe::Quantity size = {10, "kg"});
  void advance(Duration d);  // moves time and refreshes
  Result<Changes> record(std::string_view key, ValueInput v, const Actor& a = operator_anna(),
                         std::string comment = "");
  Result<Changes> record(const CompleteInput& in, const Actor& a = operator_anna());
  Result<Changes> verify(std::string_view key, const Actor& a = operator_ben());
  // Records (and, with a witness, verifies) every Ready run with `v`; the test fails on error.
  void must_record(std::string_view key, ValueInput v, const Actor& a = operator_anna());
  StepState state(std::string_view key, int occurrence = 1) const;
  const StepRun& run(std::string_view key, int occurrence = 1) const;
  // Exceptions of a kind (in order raised).
  std::vector<const BatchException*> exceptions(ExceptionKind kind) const;
};

}  // namespace gemba::batch::testing
