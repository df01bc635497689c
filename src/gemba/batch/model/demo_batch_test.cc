// The demo recipe (paracetamol 500 mg) executed from start to release.

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "gemba/batch/model/batch_json.h"
#include "gemba/batch/model/test_batches.h"
#include "gemba/recipe/demo/demo_recipes.h"
#include "gemba/recipe/model/format.h"

namespace gemba::batch {
namespace {

using namespace testing;
using std::chrono::minutes;

// A value inside the limits of a numeric spec: the target, else the middle of the limits, else
// values chosen for the demo's yield (100 %).
double good_value(const recipe::Step& step, const recipe::NumericSpec& spec) {
  static const std::map<std::string, double, std::less<>> kChosen = {
      {"core_tablets_net", 100},  {"compression_rejects", 0.5}, {"coated_tablets_net", 102.5},
      {"qc_samples", 0.5},        {"friability", 0.2},          {"disintegration", 5},
      {"product_temperature", 40}};
  if (const auto it = kChosen.find(step.key); it != kChosen.end()) return it->second;
  if (spec.target) return *spec.target;
  if (spec.limits.low && spec.limits.high) {
    const double f = std::pow(10.0, spec.decimals);
    return std::round((*spec.limits.low + *spec.limits.high) / 2 * f) / f;
  }
  ADD_FAILURE() << "no good value for " << step.key;
  return 0;
}

// Good, fresh readings of every process parameter of the recipe.
class DemoTags final : public TagReader {
 public:
  explicit DemoTags(const recipe::MasterRecipe& r) {
    for (const auto& ref : recipe::all_steps(r)) {
      if (const auto* pp = std::get_if<recipe::ProcessParameterSpec>(&ref.step->spec)) {
        values_[pp->tag] = {good_value(*ref.step, *pp), pp->unit};
      }
    }
  }
  Result<TagReading> read(const TagRequest& req) const override {
    const auto it = values_.find(req.tag);
    if (it == values_.end()) return Error::unavailable("unknown tag " + req.tag);
    return TagReading{it->second.first, it->second.second, req.now, TagQuality::kGood,
                      "opcua://" + req.equipment_id + "/" + req.tag};
  }

 private:
  std::map<std::string, std::pair<double, std::string>, std::less<>> values_;
};

CompleteInput input_for(const Batch& b, const recipe::Step& step, Timestamp now) {
  CompleteInput in{.key = step.key};
  std::visit(
      [&](const auto& spec) {
        using S = std::decay_t<decltype(spec)>;
        if constexpr (std::is_same_v<S, recipe::NumericEntrySpec>) {
          in.value = num(good_value(step, spec));
        } else if constexpr (std::is_same_v<S, recipe::BooleanEntrySpec>) {
          in.value = yes_no(spec.expected.value_or(true));
        } else if constexpr (std::is_same_v<S, recipe::ChoiceEntrySpec>) {
          in.value = text(spec.expected.value_or(spec.options.front()));
        } else if constexpr (std::is_same_v<S, recipe::TextEntrySpec>) {
          in.value = text("DEV-2026-00001");
        } else if constexpr (std::is_same_v<S, recipe::DateTimeEntrySpec>) {
          in.value = at(now);
        } else if constexpr (std::is_same_v<S, recipe::DispenseSpec> ||
                             std::is_same_v<S, recipe::ChargeSpec>) {
          for (const auto& line : b.formula.lines) {
            if (line.key == spec.formula_line) {
              in.value = quantity(std::round(line.target * 1000) / 1000, line.unit, "LOT-1");
            }
          }
        } else if constexpr (std::is_same_v<S, recipe::EquipmentUseSpec>) {
          in.value = text("EQ-" + step.key);
        } else if constexpr (std::is_same_v<S, recipe::SamplingSpec>) {
          in.value = text(spec.sample_label + "-1");
        } else if constexpr (std::is_same_v<S, recipe::SignOffSpec>) {
          in.signature = signature_of(operator_anna(), spec.meaning, now);
        }
      },
      step.spec);
  return in;
}

TEST(DemoBatchTest, ParacetamolFromStartToRelease) {
  auto parsed = recipe::parse_recipe(recipe::paracetamol_500mg_recipe_json());
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  auto recipe = std::make_shared<const recipe::MasterRecipe>(std::move(parsed).value());
  const DemoTags tags(*recipe);
  Harness h;
  h.begin(recipe, {100, "kg"});
  int operations = 0;
  while (h.b.header.state == BatchState::kInProgress && operations < 1000) {
    (void)refresh(h.b, h.now, tags, h.ids);
    const auto ready = ready_runs(h.b);
    if (ready.empty()) {
      // Nothing to do now: wait for the next due occurrence or hold-time minimum.
      std::optional<Timestamp> next;
      for (const auto& r : h.b.steps) {
        if (r.state != StepState::kPending) continue;
        for (const auto& t : {r.due_at, r.not_before}) {
          if (t && *t > h.now && (!next || *t < *next)) next = *t;
        }
      }
      if (!next) break;
      h.now = *next;
      continue;
    }
    const StepRun& run = *ready.front();
    const recipe::Step& step = *find_step(h.b, run.key);
    const CompleteInput in = input_for(h.b, step, h.now);
    auto r = complete_step(h.b, operator_anna(), in, h.now, tags, h.checks, h.ids);
    ASSERT_TRUE(r.ok()) << run.key << ": " << r.error().to_string();
    for (const auto& s : h.b.steps) {
      if (s.state == StepState::kInProgress) {
        ASSERT_TRUE(verify_step(h.b, operator_ben(), s.key, s.occurrence, s.version,
                                signature_of(operator_ben(), "verified", h.now), h.now)
                        .ok())
            << s.key;
        break;
      }
    }
    h.now += minutes(1);
    ++operations;
  }
  auto done = complete(h.b, operator_anna(), signature_of(operator_anna(), "performed", h.now),
                       h.now, h.ids);
  ASSERT_TRUE(done.ok()) << done.error().to_string();
  EXPECT_EQ(h.state("yield_deviation"), StepState::kNotApplicable);
  EXPECT_DOUBLE_EQ(batch_yield(h.b).value_or(0), 100);
  EXPECT_EQ(h.run("impeller_speed").entry->source, ValueSource::kEquipment);
  for (const auto& e : h.b.exceptions) {
    EXPECT_EQ(e.kind, ExceptionKind::kNotApplicable) << e.message;
    ASSERT_TRUE(disposition(h.b, qa_quinn(), e.id, DispositionOutcome::kAccepted, "as designed", "",
                            signature_of(qa_quinn(), "reviewed", h.now), h.now)
                    .ok());
  }
  auto released = release(h.b, qa_quinn(), signature_of(qa_quinn(), "released", h.now), h.now);
  ASSERT_TRUE(released.ok()) << released.error().to_string();
  EXPECT_EQ(h.b.header.state, BatchState::kReleased);

  const boost::json::object rec = record_json(h.b, h.now);
  EXPECT_EQ(rec.at("batch").at("state").as_string(), "released");
  EXPECT_DOUBLE_EQ(rec.at("batch").at("yield_percent").as_double(), 100);
  std::set<std::string> in_record;
  for (const auto& up : rec.at("unit_procedures").as_array()) {
    for (const auto& op : up.at("operations").as_array()) {
      for (const auto& s : op.at("steps").as_array()) {
        EXPECT_FALSE(s.at("runs").as_array().empty());
        in_record.insert(std::string(s.at("key").as_string()));
      }
    }
  }
  EXPECT_EQ(in_record.size(), recipe::step_count(*recipe));
  EXPECT_EQ(rec.at("signatures").as_array().size(), 2u);  // completed, released
}

}  // namespace
}  // namespace gemba::batch
