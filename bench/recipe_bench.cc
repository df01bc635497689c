// Recipe model on a 5,000-step master recipe: import (parse into the model), validate and export
// (canonical JSON), each timed against the plain JSON parse of the same document measured in the
// same run (the baseline). Target: validate and export <= 50 ms each. Then the store: the same
// recipe written as a draft through the RecipeService on SQLite (validate + canonical JSON +
// insert + audit, one durable unit of work), read back (with validation) and exported from it,
// beside the store's floor: one write unit inserting the same text into a bare table. The write is
// sensitive to allocator page faults and fsync latency on a shared machine; see the report.
//
//   recipe_bench [--steps N] [--runs R]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>
#include "bench_support.h"

#include <unistd.h>

#include "gemba/core/clock.h"
#include "gemba/core/ids.h"
#include "gemba/core/json.h"
#include "gemba/recipe/model/diff.h"
#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/validate.h"
#include "gemba/recipe/service.h"
#include "gemba/recipe/store.h"
#include "gemba/store/migrations.h"
#include "gemba/trust/migrations.h"
#include "gemba/trust/trust.h"

namespace {

using gemba::bench::median_ms;

using namespace gemba::recipe;
using Clock = std::chrono::steady_clock;

Step make(std::string key, std::string name, StepSpec spec) {
  Step s;
  s.key = std::move(key);
  s.name = std::move(name);
  s.spec = std::move(spec);
  return s;
}

NumericSpec numeric(const char* unit, int decimals, double target, double spread) {
  NumericSpec n;
  n.unit = unit;
  n.decimals = decimals;
  n.target = target;
  n.limits = {target - spread, target + spread};
  n.alarm = {target - spread / 2, target + spread / 2};
  return n;
}

// A valid recipe of `steps` steps: unit procedures of 500 steps in operations of 50, each
// operation a realistic mix of step types with expressions over earlier values.
MasterRecipe generate(std::size_t steps) {
  MasterRecipe r;
  r.product_code = "BENCH-1";
  r.product_name = "Benchmark tablets";
  r.site = "BENCH";
  r.header.batch_size = {100, "kg"};
  r.header.theoretical_yield = {100, "kg"};
  r.header.yield_limits = {97.0, 101.0};
  const std::size_t ups = (steps + 499) / 500;
  for (std::size_t u = 0; u < ups; ++u) {
    r.formula.push_back({"m" + std::to_string(u),
                         "RM-" + std::to_string(1000 + u),
                         "Material " + std::to_string(u),
                         {10, "kg"},
                         {1, 1, "%"},
                         Scaling::kScalable});
  }
  std::size_t n = 0;
  for (std::size_t u = 0; u < ups && n < steps; ++u) {
    UnitProcedure up;
    up.key = "up" + std::to_string(u);
    up.name = "Unit procedure " + std::to_string(u);
    up.equipment_classes = {"VESSEL"};
    for (std::size_t o = 0; o < 10 && n < steps; ++o) {
      Operation op{
          "op" + std::to_string(u) + "_" + std::to_string(o), "Operation " + std::to_string(o), {}};
      const std::string p = "s" + std::to_string(u) + "_" + std::to_string(o) + "_";
      for (std::size_t i = 0; i < 50 && n < steps; ++i, ++n) {
        const std::string key = p + std::to_string(i);
        const std::string prev = p + std::to_string(i - 1);
        Step s;
        switch (o == 0 && i < 4 ? i + 100 : i % 10) {
          case 100: s = make(key, "Bind the vessel", EquipmentUseSpec{"VESSEL"}); break;
          case 101: s = make(key, "Dispense", DispenseSpec{"m" + std::to_string(u)}); break;
          case 102: s = make(key, "Charge", ChargeSpec{"m" + std::to_string(u)}); break;
          case 103: s = make(key, "Temperature", NumericEntrySpec{numeric("°C", 1, 60, 5)}); break;
          case 0:
          case 1:
          case 2: s = make(key, "Temperature", NumericEntrySpec{numeric("°C", 1, 60, 5)}); break;
          case 3: {
            CalculationSpec c{numeric("°C", 1, 60, 5), "(" + p + std::to_string(i - 3) + " + " + p +
                                                           std::to_string(i - 2) + " + " + prev +
                                                           ") / 3"};
            s = make(key, "Mean temperature", c);
            break;
          }
          case 4: {
            ProcessParameterSpec pp;
            static_cast<NumericSpec&>(pp) = numeric("rpm", 0, 150, 10);
            pp.equipment_step = "s" + std::to_string(u) + "_0_0";
            pp.tag = "impeller.speed";
            pp.capture = CaptureRule::kMean;
            pp.window = std::chrono::minutes(5);
            s = make(key, "Impeller speed", pp);
            s.repeat = Repeat{std::chrono::minutes(30), std::nullopt};
            break;
          }
          case 5:
            s = make(key, "Check", InstructionSpec{});
            s.text = "Check the seal and the gauge before continuing.";
            s.condition = prev + " > 140 && " + p + std::to_string(i - 2) + " < 62";
            break;
          case 6:
            s = make(key, "Clean", BooleanEntrySpec{true});
            s.witness = Witness::kAlways;
            break;
          case 7:
            s = make(key, "Appearance",
                     ChoiceEntrySpec{{"Conforms", "Does not conform"}, "Conforms"});
            break;
          case 8:
            s = make(key, "Label", TextEntrySpec{20, "[A-Z]{2}-[0-9]{6}-" + std::to_string(o)});
            break;
          default:
            s = make(key, "Sample", SamplingSpec{"IPC", {"LOD", "Assay"}, std::nullopt});
            break;
        }
        op.steps.push_back(std::move(s));
      }
      up.operations.push_back(std::move(op));
    }
    r.unit_procedures.push_back(std::move(up));
  }
  return r;
}

struct StoreTimes {
  double raw_insert = 0;  // the store's own floor: one write unit inserting the canonical text
  double write = 0;
  double read = 0;
  double export_ms = 0;
};

// The recipe written through the service as a new draft `runs` times (each a new product), the
// last one read and exported `runs` times. SQLite in a temporary directory.
StoreTimes store_times(const MasterRecipe& recipe, int runs) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("gemba-recipe-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  gemba::SystemClock clock;
  gemba::UuidV7Generator ids(clock);
  StoreTimes t;
  {
    auto db = gemba::store::open_database("sqlite:" + (dir / "bench.db").string());
    BENCH_CHECK(db);
    std::vector<gemba::store::Migration> migrations = gemba::trust_migrations();
    migrations.insert(migrations.end(), gemba::recipe_migrations().begin(),
                      gemba::recipe_migrations().end());
    BENCH_CHECK(gemba::store::apply_migrations(**db, migrations, clock));
    gemba::trust::TrustSetup setup;
    setup.options.argon2 = gemba::trust::Argon2Params::for_tests();
    setup.audit_key_file = (dir / "audit.key").string();
    auto trust = gemba::trust::TrustCore::create(**db, clock, ids, nullptr, setup);
    BENCH_CHECK(trust);
    gemba::trust::NewUser u;
    u.username = "bench.engineer";
    u.printed_name = "Bench Engineer";
    u.roles = {"process_engineer"};
    u.identity_evidence = "benchmark";
    u.password = "bench-password-42";
    u.must_change_password = false;
    BENCH_CHECK((*trust)->users().create(gemba::trust::Actor::system("bench"), u));
    auto session =
        (*trust)->sessions().login({"bench.engineer", "bench-password-42", "bench", "", ""});
    BENCH_CHECK(session);
    RecipeService service(**db, clock, ids, (*trust)->audit(), (*trust)->signatures(), nullptr);
    BENCH_CHECK((**db).write([](gemba::store::Tx& tx) -> gemba::Result<void> {
      BENCH_CHECK(tx.exec("CREATE TABLE bench_blob (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"));
      return gemba::ok();
    }));
    const std::string text = write_recipe(recipe);
    int n = 0;
    t.raw_insert = median_ms(runs, [&] {
      BENCH_CHECK((**db).write([&](gemba::store::Tx& tx) -> gemba::Result<void> {
        BENCH_CHECK(tx.exec("INSERT INTO bench_blob (id, body) VALUES (?, ?)", ++n, text));
        return gemba::ok();
      }));
    });
    // Each run writes a new product (one recipe per product and site). The copy is made just
    // before its run, as a request's content is parsed just before it is stored.
    std::string id;
    std::vector<double> writes;
    for (int i = 0; i < runs; ++i) {
      MasterRecipe product = recipe;
      product.product_code = "BENCH-" + std::to_string(i);
      const auto start = Clock::now();
      auto v = service.create_recipe(session->principal, product);
      writes.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      BENCH_CHECK(v);
      id = v->recipe.id;
    }
    std::sort(writes.begin(), writes.end());
    t.write = writes[writes.size() / 2];
    std::size_t sink = 0;
    t.read = median_ms(runs, [&] {
      auto v = service.get_version(id, 1);
      BENCH_CHECK(v);
      sink += v->version.content.size();
    });
    t.export_ms = median_ms(runs, [&] {
      auto exported = service.export_version(id, 1);
      BENCH_CHECK(exported);
      sink += exported->size();
    });
    if (sink == 0) std::exit(2);
    (*db)->close();
  }
  fs::remove_all(dir);
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t steps = 5000;
  int runs = 15;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--steps") == 0) steps = std::strtoul(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::atoi(argv[i + 1]);
  }
  const MasterRecipe recipe = generate(steps);
  const auto problems = validate(recipe);
  if (!problems.empty()) {
    std::fprintf(stderr, "the generated recipe is invalid: %s\n", problems[0].to_string().c_str());
    return 1;
  }
  const std::string text = write_recipe(recipe);
  std::size_t sink = 0;
  const double parse =
      median_ms(runs, [&] { sink += gemba::parse_json_strict(text)->is_object(); });
  const double import = median_ms(runs, [&] { sink += parse_recipe(text)->formula.size(); });
  const double valid = median_ms(runs, [&] { sink += validate(recipe).size(); });
  const double export_ms = median_ms(runs, [&] { sink += write_recipe(recipe).size(); });
  const double diff = median_ms(runs, [&] { sink += diff_recipes(recipe, recipe).changes.size(); });

  std::printf("## recipe_bench (%zu steps, %.1f MB of JSON, median of %d runs)\n\n", steps,
              text.size() / 1e6, runs);
  std::printf("| operation | ms | / JSON parse |\n|---|---:|---:|\n");
  auto row = [&](const char* name, double ms) {
    std::printf("| %s | %.1f | %.2fx |\n", name, ms, ms / parse);
  };
  row("JSON parse (baseline)", parse);
  row("import (parse into the model)", import);
  row("validate", valid);
  row("export (canonical JSON)", export_ms);
  row("diff (with itself)", diff);
  const StoreTimes st = store_times(recipe, std::max(5, runs / 2));
  row("store: one write unit inserting the same JSON text (SQLite floor)", st.raw_insert);
  row("store: write a draft through the service (SQLite)", st.write);
  row("store: read the version (with validation)", st.read);
  row("store: export from the store", st.export_ms);
  const bool met = valid <= 50 && export_ms <= 50 && st.write <= 50 && st.export_ms <= 50;
  std::printf("\ntarget: validate, export, store and export from the store <= 50 ms each: %s\n",
              met ? "met" : "NOT met");
  return sink == 0 ? 2 : 0;
}
