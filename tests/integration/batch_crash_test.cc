// Crash safety of batch execution: operators execute several batches at once through the real
// server, which is SIGKILLed at a random moment, 20 times. After every restart each step the
// server acknowledged (200) is in the record with the value sent, no run is half-done (a value
// without its state, a state without its value), and the audit chain verifies.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "testing/batch_driver.h"
#include "testing/gemba_process.h"

#ifndef GEMBA_BINARY
#error "GEMBA_BINARY must name the gemba binary"
#endif

namespace gemba {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using testing::BatchDriver;
using testing::GembaProcess;
using testing::HttpClient;

constexpr int kBatches = 6;
constexpr int kKills = 20;

struct Acked {
  std::string batch;
  std::string run_id;
  std::string action;
  json::object body;
};

TEST(BatchCrash, EveryAcknowledgedStepSurvivesSigkillAndTheAuditChainVerifies) {
  const fs::path dir =
      fs::temp_directory_path() / ("gemba-batch-crash-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "gemba.toml") << "[security]\nargon2_opslimit = 1\nargon2_memlimit_mib = 1\n";
  const std::string db = "sqlite:" + (dir / "gemba.db").string();
  const std::vector<std::string> args = {"demo", "--config", (dir / "gemba.toml").string(),
                                         "--database", db};
  std::mt19937 rng(20261125);
  std::vector<std::string> batches;
  std::vector<Acked> acked;
  int kills = 0;
  for (int round = 0; round <= kKills; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    GembaProcess server(GEMBA_BINARY, args,
                        (dir / ("serve-" + std::to_string(round) + ".log")).string());
    auto port = server.start(std::chrono::seconds(180));
    ASSERT_TRUE(port.ok()) << port.error().message << server.log();
    HttpClient client("127.0.0.1", *port, std::chrono::seconds(60));
    std::map<std::string, std::string> tokens;
    for (const char* u : {"op.anna", "op.ben", "sup.carla"}) {
      auto t = BatchDriver::login(client, u);
      ASSERT_TRUE(t.ok()) << t.error().message;
      tokens[u] = *t;
    }
    BatchDriver checker(*port, tokens);

    // Everything acknowledged before the last kill is there, exactly as sent.
    std::map<std::string, json::value> records;
    for (const std::string& b : batches) {
      auto rec = checker.get("op.anna", "/api/v1/batches/" + b + "/record.json");
      ASSERT_TRUE(rec.ok()) << rec.error().message;
      records[b] = std::move(*rec);
    }
    std::map<std::string, const json::object*> runs;  // "batch/run id" → run
    for (auto& [b, rec] : records) {
      for (const auto& up : rec.at("unit_procedures").as_array()) {
        for (const auto& op : up.at("operations").as_array()) {
          for (const auto& st : op.at("steps").as_array()) {
            for (const auto& r : st.at("runs").as_array()) {
              const std::string state(r.at("state").as_string());
              const bool has_entry = r.as_object().contains("entry");
              // Not half-done: a recorded value goes with a state that says so, and back.
              if (state == "done" || state == "in_progress") {
                EXPECT_TRUE(has_entry || state == "done") << b << " " << json::serialize(r);
              } else {
                EXPECT_FALSE(has_entry) << b << " " << json::serialize(r);
              }
              if (r.as_object().contains("witness")) {
                EXPECT_EQ(state, "done");
              }
              runs[b + "/" + std::string(st.at("key").as_string()) + "#" +
                   std::to_string(r.at("occurrence").to_number<int>())] = &r.as_object();
            }
          }
        }
      }
    }
    for (const Acked& a : acked) {
      const auto it = runs.find(a.batch + "/" + a.run_id);
      ASSERT_NE(it, runs.end()) << a.batch << "/" << a.run_id << " lost";
      const json::object& run = *it->second;
      if (a.action == "verify") {
        EXPECT_TRUE(run.contains("witness")) << a.run_id << " lost its witness";
        continue;
      }
      ASSERT_TRUE(run.contains("entry")) << a.run_id << " lost its value";
      const auto& value = run.at("entry").at("value").as_object();
      if (a.body.contains("value") && a.body.at("value").is_number() && value.contains("number") &&
          !a.body.contains("unit")) {
        EXPECT_NEAR(value.at("number").to_number<double>(), a.body.at("value").to_number<double>(),
                    1e-9)
            << a.run_id;
      }
    }
    if (round == kKills) break;

    if (batches.empty()) {
      for (int i = 0; i < kBatches; ++i) {
        auto id = checker.create_and_start();
        ASSERT_TRUE(id.ok()) << id.error().message;
        batches.push_back(*id);
      }
    }
    // Operators work on every batch at once; the server dies under them.
    std::mutex mu;
    std::atomic<bool> stop{false};
    std::vector<std::thread> operators;
    for (const std::string& b : batches) {
      operators.emplace_back([&, b, port = *port] {
        BatchDriver driver(port, tokens);
        while (!stop) {
          auto step = driver.step(b);
          if (!step.ok() || step->run_id.empty()) return;  // the server died, or the batch is done
          if (step->response.status == 200) {
            std::lock_guard lock(mu);
            acked.push_back({b, step->run_id, step->action, step->body});
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 1500));
    EXPECT_EQ(server.stop(SIGKILL), 128 + SIGKILL);
    ++kills;
    stop = true;
    for (auto& t : operators) t.join();
  }
  EXPECT_EQ(kills, kKills);
  EXPECT_GT(acked.size(), 40u) << "the operators got little done; the test proves little";

  auto [code, out] = GembaProcess::run(
      GEMBA_BINARY,
      {"audit", "verify", "--config", (dir / "gemba.toml").string(), "--database", db});
  EXPECT_EQ(code, 0) << out;
  if (!::testing::Test::HasFailure()) fs::remove_all(dir);
}

}  // namespace
}  // namespace gemba
