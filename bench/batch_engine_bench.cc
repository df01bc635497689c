// Batch engine on a 5,000-step batch: a generated recipe (numeric entries with alarm limits, so
// exceptions arise; calculations; conditional instructions; boolean checks; a step repeated twice
// per operation; a parallel unit procedure) instantiated, started and executed step by step.
// complete_step is timed on every step (median and p99; it includes the sequence refresh it
// runs). Then refresh with nothing to do (half way and at the end), ready_runs, release_blockers,
// record_json and its canonical JSON, on the finished batch. The baseline, measured in the same
// run, is one copy of the whole Batch struct (the least a copy-on-write operation costs);
// record_json is also compared with the canonical JSON of the record it produced.
// Targets: refresh <= 2 ms; complete_step <= 5 ms; ready_runs, release_blockers, record_json
// <= 10 ms each.
//
//   batch_engine_bench [--steps N] [--runs R]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>
#include "bench_support.h"

#include "gemba/batch/model/batch_json.h"
#include "gemba/batch/model/engine.h"
#include "gemba/core/json.h"
#include "gemba/recipe/model/validate.h"

namespace {

using gemba::bench::median_ms;

using namespace gemba;
using namespace gemba::batch;
using Stopwatch = std::chrono::steady_clock;

recipe::Step make(std::string key, std::string name, recipe::StepSpec spec) {
  recipe::Step s;
  s.key = std::move(key);
  s.name = std::move(name);
  s.spec = std::move(spec);
  return s;
}

// °C, one decimal, target 60, hard limits 50–70, alarm limits 55–65.
recipe::NumericSpec temperature() {
  recipe::NumericSpec n;
  n.unit = "°C";
  n.decimals = 1;
  n.target = 60;
  n.limits = {50.0, 70.0};
  n.alarm = {55.0, 65.0};
  return n;
}

// A valid recipe of `steps` steps: unit procedures of 500 steps in operations of 50 (the sixth
// unit procedure parallel to the fifth). Per ten steps of an operation: six temperatures, the
// mean of three of them (a calculation), an instruction that applies only when that mean is
// above 60.5, a boolean check and a temperature; step 25 of each operation is taken twice. The
// last step is the yield (a calculation in %).
recipe::MasterRecipe generate(std::size_t steps) {
  recipe::MasterRecipe r;
  r.product_code = "BENCH-1";
  r.product_name = "Benchmark tablets";
  r.site = "BENCH";
  r.header.batch_size = {100, "kg"};
  r.header.theoretical_yield = {100, "kg"};
  r.header.yield_limits = {97.0, 101.0};
  const std::size_t ups = (steps + 499) / 500;
  std::size_t n = 0;
  for (std::size_t u = 0; u < ups && n < steps; ++u) {
    recipe::UnitProcedure up;
    up.key = "up" + std::to_string(u);
    up.name = "Unit procedure " + std::to_string(u);
    up.parallel = u == 5;
    for (std::size_t o = 0; o < 10 && n < steps; ++o) {
      recipe::Operation op{
          "op" + std::to_string(u) + "_" + std::to_string(o), "Operation " + std::to_string(o), {}};
      const std::string p = "s" + std::to_string(u) + "_" + std::to_string(o) + "_";
      for (std::size_t i = 0; i < 50 && n < steps; ++i, ++n) {
        const std::string key = p + std::to_string(i);
        recipe::Step s;
        if (n + 1 == steps && n > 0) {
          recipe::CalculationSpec c;
          c.unit = "%";
          c.decimals = 1;
          c.expression = "100 * theoretical_yield / batch_size";
          s = make(key, "Yield", c);
        } else if (i % 10 == 6) {
          recipe::CalculationSpec c;
          static_cast<recipe::NumericSpec&>(c) = temperature();
          c.expression = "(" + p + std::to_string(i - 3) + " + " + p + std::to_string(i - 2) +
                         " + " + p + std::to_string(i - 1) + ") / 3";
          s = make(key, "Mean temperature", c);
        } else if (i % 10 == 7) {
          s = make(key, "Check the jacket", recipe::InstructionSpec{});
          s.text = "The mean is high: check the jacket temperature.";
          s.condition = p + std::to_string(i - 1) + " > 60.5";
        } else if (i % 10 == 8) {
          s = make(key, "Seal intact", recipe::BooleanEntrySpec{true});
        } else {
          s = make(key, "Temperature", recipe::NumericEntrySpec{temperature()});
          if (i == 25) s.repeat = recipe::Repeat{std::nullopt, 2};
        }
        op.steps.push_back(std::move(s));
      }
      up.operations.push_back(std::move(op));
    }
    r.unit_procedures.push_back(std::move(up));
  }
  return r;
}

double ms_since(Stopwatch::time_point start) {
  return std::chrono::duration<double, std::milli>(Stopwatch::now() - start).count();
}

double percentile(std::vector<double> t, double p) {
  std::sort(t.begin(), t.end());
  return t[std::min(t.size() - 1, static_cast<std::size_t>(p * static_cast<double>(t.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t steps = 5000;
  int runs = 15;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--steps") == 0) steps = std::strtoul(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::atoi(argv[i + 1]);
  }
  auto recipe = std::make_shared<const recipe::MasterRecipe>(generate(steps));
  const auto problems = recipe::validate(*recipe);
  if (!problems.empty()) {
    std::fprintf(stderr, "the generated recipe is invalid: %s\n", problems[0].to_string().c_str());
    return 1;
  }
  std::map<std::string, const recipe::Step*, std::less<>> step_of;
  for (const recipe::StepRef& ref : recipe::all_steps(*recipe)) step_of[ref.step->key] = ref.step;

  const Person op{"u-op", "Olga Operator"};
  const Actor actor{op, true, false, false, false, false};
  Timestamp now = std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} + std::chrono::hours(8);
  int next_id = 0;
  const IdSource ids = [&] { return "ex-" + std::to_string(++next_id); };
  NoTagSource tags;
  CapabilityChecks checks;

  NewBatch spec{"b-1", "BENCH-2026-0001", "r-1", 1, "", {100, "kg"}, std::nullopt};
  auto made = instantiate(recipe, spec, op, now);
  BENCH_CHECK(made);
  Batch b = std::move(made).value();
  BENCH_CHECK(start(b, actor, now, ids));

  // Execute: always the first Ready run; every 17th temperature is above the alarm limit.
  std::vector<double> completes;
  std::optional<Batch> half_way;
  std::size_t entered = 0;
  for (;;) {
    const std::vector<const StepRun*> ready = ready_runs(b);
    if (ready.empty()) break;
    CompleteInput in;
    in.key = ready.front()->key;
    in.occurrence = ready.front()->occurrence;
    const recipe::Step& step = *step_of.at(in.key);
    switch (recipe::step_type(step)) {
      case recipe::StepType::kNumericEntry: in.value.number = ++entered % 17 == 0 ? 66 : 60; break;
      case recipe::StepType::kBooleanEntry: in.value.boolean = true; break;
      case recipe::StepType::kInstruction: break;
      default:
        std::fprintf(stderr, "%s is Ready and cannot be completed by hand: %s\n", in.key.c_str(),
                     ready.front()->blocked_reason.c_str());
        return 1;
    }
    now += std::chrono::seconds(10);
    const auto t0 = Stopwatch::now();
    BENCH_CHECK(complete_step(b, actor, in, now, tags, checks, ids));
    completes.push_back(ms_since(t0));
    if (!half_way && completes.size() * 2 >= steps) half_way = b;
  }
  std::size_t open = 0;
  for (const StepRun& r : b.steps)
    open += r.state != StepState::kDone && r.state != StepState::kNotApplicable;
  if (open != 0 || !half_way) {
    std::fprintf(stderr, "%zu runs are not finished after executing every Ready one\n", open);
    return 1;
  }

  std::size_t sink = 0;
  const double copy = median_ms(runs, [&] {
    Batch c = b;
    sink += c.steps.size();
  });
  const double refresh_half =
      median_ms(runs, [&] { sink += refresh(*half_way, now, tags, ids).runs.size() + 1; });
  const double refresh_end =
      median_ms(runs, [&] { sink += refresh(b, now, tags, ids).runs.size() + 1; });
  const double ready = median_ms(runs, [&] { sink += ready_runs(b).size() + 1; });
  BENCH_CHECK(complete(b, actor, std::nullopt, now, ids));
  const Person qa{"u-qa", "Quinn QA"};
  const double blockers = median_ms(runs, [&] { sink += release_blockers(b, qa).size(); });
  const double record = median_ms(runs, [&] { sink += record_json(b, now).size(); });
  const boost::json::value record_value = record_json(b, now);
  const double canonical = median_ms(runs, [&] { sink += canonical_json(record_value).size(); });
  const double record_canonical =
      median_ms(runs, [&] { sink += canonical_json(record_json(b, now)).size(); });

  const double median = percentile(completes, 0.5);
  const double p99 = percentile(completes, 0.99);
  std::printf(
      "## batch_engine_bench (%zu steps, %zu runs, %zu exceptions, %.1f MB record; median of %d "
      "calls)\n\n",
      steps, b.steps.size(), b.exceptions.size(), canonical_json(record_value).size() / 1e6, runs);
  std::printf("| operation | ms | / Batch copy |\n|---|---:|---:|\n");
  auto row = [&](const char* name, double ms) {
    std::printf("| %s | %.3f | %.2fx |\n", name, ms, ms / copy);
  };
  row("copy of the Batch struct (baseline)", copy);
  row("complete_step, median of every step (with its refresh)", median);
  row("complete_step, p99", p99);
  row("refresh, nothing to do (half way)", refresh_half);
  row("refresh, nothing to do (every step done)", refresh_end);
  row("ready_runs", ready);
  row("release_blockers (completed batch)", blockers);
  row("record_json", record);
  row("canonical_json of the record (baseline for record_json)", canonical);
  row("record_json + canonical_json", record_canonical);
  std::printf("\nrecord_json / canonical_json of the record: %.2fx\n", record / canonical);
  const bool met = std::max(refresh_half, refresh_end) <= 2 && p99 <= 5 && ready <= 10 &&
                   blockers <= 10 && record <= 10;
  std::printf(
      "target: refresh <= 2 ms, complete_step p99 <= 5 ms, ready_runs, release_blockers and "
      "record_json <= 10 ms each: %s\n",
      met ? "met" : "NOT met");
  return sink == 0 ? 2 : 0;
}
