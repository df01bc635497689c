// Materials through the real `gemba` binary and its HTTP API, as the stores, QC and the floor use
// them: receive a lot (quarantine), try to weigh from it (refused), QC releases it (signed), the
// operator weighs two containers for the paracetamol line and the step records what was weighed;
// every dispensing refusal the API gives; movements, genealogy (JSON, CSV, PDF), scanning and
// labels; and a table of bad inputs for every endpoint, which must change nothing.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "testing/batch_driver.h"
#include "testing/gemba_process.h"
#include "testing/http_client.h"
#include "testing/postgres_schema.h"

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
using testing::HttpResponse;

class MaterialE2E : public ::testing::TestWithParam<std::string> {
 protected:
  std::string database_url() {
    if (GetParam() == "sqlite") return "sqlite:" + (dir_ / "gemba.db").string();
    schema_ =
        std::make_unique<testing::PostgresSchema>("gemba_material_" + std::to_string(getpid()));
    EXPECT_EQ(schema_->error(), "");
    return schema_->url();
  }

  void SetUp() override {
    if (GetParam() == "postgres") {
      bool must_fail = false;
      const std::string why = testing::PostgresSchema::unavailable_reason(&must_fail);
      if (must_fail) FAIL() << why;
      if (!why.empty()) GTEST_SKIP() << why;
    }
    dir_ = fs::temp_directory_path() /
           ("gemba-material-" + std::to_string(getpid()) + "-" + GetParam());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "gemba.toml")
        << "[security]\nargon2_opslimit = 1\nargon2_memlimit_mib = 1\n";
    server_ = std::make_unique<GembaProcess>(
        GEMBA_BINARY,
        std::vector<std::string>{"demo", "--config", (dir_ / "gemba.toml").string(), "--database",
                                 database_url()},
        (dir_ / "demo.log").string());
    auto port = server_->start(std::chrono::seconds(180));
    ASSERT_TRUE(port.ok()) << port.error().message << server_->log();
    HttpClient client("127.0.0.1", *port, std::chrono::seconds(60));
    std::map<std::string, std::string> tokens;
    for (const char* u : {"op.anna", "op.ben", "sup.carla", "qa.david", "qp.eva"}) {
      auto token = BatchDriver::login(client, u);
      ASSERT_TRUE(token.ok()) << token.error().message;
      tokens[u] = *token;
    }
    driver_ = std::make_unique<BatchDriver>(*port, tokens);
  }

  void TearDown() override {
    driver_.reset();
    server_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
    schema_.reset();
  }

  HttpResponse call(const std::string& who, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    auto r = driver_->call(who, method, target, body);
    EXPECT_TRUE(r.ok()) << method << " " << target;
    return r.ok() ? *r : HttpResponse{};
  }
  json::value post(const std::string& who, const std::string& target, const json::object& body,
                   int want) {
    HttpResponse r = call(who, "POST", target, json::serialize(body));
    EXPECT_EQ(r.status, want) << "POST " << target << " " << json::serialize(body) << "\n"
                              << r.body;
    return r.body.empty() ? json::value() : json::parse(r.body);
  }
  json::value get(const std::string& who, const std::string& target) {
    HttpResponse r = call(who, "GET", target);
    EXPECT_EQ(r.status, 200) << target << " " << r.body;
    return json::parse(r.body);
  }
  static json::object sig(const std::string& user) { return BatchDriver::signature(user); }

  // A lot of `item` received by the stores: its JSON (quarantined).
  json::object receive(const std::string& item, json::array containers, json::object more = {}) {
    json::object body{{"item", item},
                      {"supplier", "Test supplier"},
                      {"supplier_lot", "SUP-1"},
                      {"containers", std::move(containers)}};
    for (auto& kv : more) body[kv.key()] = kv.value();
    return post("sup.carla", "/api/v1/lots", body, 201).as_object();
  }
  static std::string first_container(const json::object& lot) {
    return std::string(lot.at("containers").at(0).at("id").as_string());
  }
  // Runs the batch until `run_id` is the first Ready run.
  void run_until(const std::string& batch, const std::string& run_id) {
    for (int guard = 0; guard < 100; ++guard) {
      json::value steps = get("op.anna", "/api/v1/batches/" + batch + "/steps");
      const auto& ready = steps.at("ready").as_array();
      bool witness_due = false;
      for (const auto& s : steps.at("steps").as_array()) {
        witness_due |= s.at("state") == "in_progress" && !s.as_object().contains("witness");
      }
      if (!witness_due && !ready.empty() && ready.at(0).as_string() == run_id) return;
      auto step = driver_->step(batch);
      ASSERT_TRUE(step.ok()) << step.error().message;
      ASSERT_EQ(step->response.status, 200) << step->run_id << " " << step->response.body;
    }
    FAIL() << run_id << " never became Ready";
  }

  fs::path dir_;
  std::unique_ptr<testing::PostgresSchema> schema_;
  std::unique_ptr<GembaProcess> server_;
  std::unique_ptr<BatchDriver> driver_;
};

INSTANTIATE_TEST_SUITE_P(Backends, MaterialE2E, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST_P(MaterialE2E, ReceiveReleaseWeighTraceScanAndLabel) {
  // The stores receive four drums of paracetamol: quarantined, with a lot number and containers.
  json::object lot = receive("RM-0101", {60, 60, 0.5}, {{"assay_percent", 100}});
  EXPECT_EQ(lot.at("status"), "quarantine");
  EXPECT_EQ(lot.at("quantity").to_number<double>(), 120.5);
  ASSERT_EQ(lot.at("containers").as_array().size(), 3u);
  const std::string lot_id(lot.at("id").as_string());
  const std::string lot_number(lot.at("lot_number").as_string());

  const std::string batch = *driver_->create_and_start();
  run_until(batch, "dispense_paracetamol#1");
  const std::string weigh = "/api/v1/batches/" + batch + "/steps/dispense_paracetamol/dispense";
  auto refused = [&](const std::string& container, double gross, const std::string& reason) {
    json::value e =
        post("op.anna", weigh, {{"container", container}, {"tare", 0}, {"gross", gross}}, 409);
    EXPECT_EQ(e.at("error").at("details").at("reason"), reason.c_str()) << json::serialize(e);
  };
  // Each interlock, with its reason.
  refused(first_container(lot), 25, "quarantine");
  json::value starch = get("qa.david", "/api/v1/lots?item=RM-0215&status=released");
  refused(std::string(starch.at("items").at(0).at("containers").at(0).at("id").as_string()), 5,
          "wrong_material");
  json::object expired = receive("RM-0101", {10}, {{"expiry", "2020-01-31"}});
  EXPECT_EQ(expired.at("effective_status"), "expired");
  refused(first_container(expired), 5, "expired");
  json::object rejected = receive("RM-0101", {10});
  post("qp.eva", "/api/v1/lots/" + std::string(rejected.at("id").as_string()) + "/reject",
       {{"reason", "Identity test failed"}, {"signature", sig("qp.eva")}}, 200);
  refused(first_container(rejected), 5, "rejected");
  // Releasing an expired lot is refused.
  post("qp.eva", "/api/v1/lots/" + std::string(expired.at("id").as_string()) + "/release",
       {{"signature", sig("qp.eva")}}, 409);

  // QC releases the lot (signed); now it can be weighed.
  json::value released = post("qp.eva", "/api/v1/lots/" + lot_id + "/release",
                              {{"reason", "CoA checked"}, {"signature", sig("qp.eva")}}, 200);
  EXPECT_EQ(released.at("status"), "released");
  // Its status history: the release, signed by the QP, the signature valid for what it binds;
  // the rejected lot's, its reject with the reason.
  const json::array history =
      get("op.anna", "/api/v1/lots/" + lot_id + "/events").at("items").as_array();
  ASSERT_EQ(history.size(), 1u) << json::serialize(history);
  EXPECT_EQ(history[0].at("action"), "release");
  EXPECT_EQ(history[0].at("from_status"), "quarantine");
  EXPECT_EQ(history[0].at("to_status"), "released");
  EXPECT_EQ(history[0].at("reason"), "CoA checked");
  EXPECT_EQ(history[0].at("signature").at("meaning"), "released");
  EXPECT_EQ(history[0].at("signature").at("valid"), true);
  const json::array rejects =
      get("op.anna", "/api/v1/lots/" + std::string(rejected.at("id").as_string()) + "/events")
          .at("items")
          .as_array();
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0].at("reason"), "Identity test failed");
  EXPECT_EQ(call("op.anna", "GET", "/api/v1/lots/NO-SUCH-LOT/events").status, 404);
  const json::array& drums = lot.at("containers").as_array();
  refused(std::string(drums.at(2).at("id").as_string()), 1, "insufficient");
  // Completing the step before anything is weighed is refused.
  post("op.anna", "/api/v1/batches/" + batch + "/steps/dispense_paracetamol/complete", {}, 409);

  json::value record = get("op.anna", "/api/v1/batches/" + batch + "/record.json");
  double target = 0;
  for (const auto& l : record.at("formula").as_array()) {
    if (l.at("key") == "paracetamol") target = l.at("target").to_number<double>();
  }
  ASSERT_GT(target, 30);
  // Two drums make up the line: 30 kg, then the rest (with 0.85 kg of bag on the scale).
  json::value first = post("op.anna", weigh,
                           {{"container", std::string(drums.at(0).at("id").as_string())},
                            {"tare", 0.85},
                            {"gross", 30.85}},
                           201);
  EXPECT_FALSE(first.at("complete").as_bool());
  EXPECT_EQ(first.at("portion").at("net").to_number<double>(), 30);
  // Too much from the second drum: over the line's upper limit.
  refused(std::string(drums.at(1).at("id").as_string()), target - 30 + 1.5, "over_limit");
  // A scan of the drum's label names it as well as its id does.
  const std::string scan =
      "]d291" + std::string(drums.at(1).at("id").as_string()) + "\x1d" + "10" + lot_number;
  json::value second = post("op.anna", weigh,
                            {{"container", scan},
                             {"tare", 0.85},
                             {"gross", std::round((target - 30 + 0.85) * 1000) / 1000}},
                            201);
  EXPECT_TRUE(second.at("complete").as_bool()) << json::serialize(second);
  EXPECT_EQ(second.at("portions").as_array().size(), 2u);

  // A quantity other than what was weighed is refused; none takes the weighing.
  post("op.anna", "/api/v1/batches/" + batch + "/steps/dispense_paracetamol/complete",
       {{"value", 1}}, 422);
  json::value done =
      post("op.anna", "/api/v1/batches/" + batch + "/steps/dispense_paracetamol/complete",
           {{"source", "scanned"}}, 200);
  const json::object& run = done.at("changed_runs").at(0).as_object();
  EXPECT_EQ(run.at("entry").at("value").at("lot"), lot_number.c_str());
  EXPECT_NEAR(run.at("entry").at("value").at("number").to_number<double>(), target, 1e-6);

  // Movements: three receipts, two dispenses; the lot still holds all of it (two containers are
  // now the batch's dispensed ones).
  json::value moves = get("qa.david", "/api/v1/lots/" + lot_id + "/movements");
  int receipts = 0, dispenses = 0;
  for (const auto& m : moves.at("items").as_array()) {
    receipts += m.at("kind") == "receipt";
    dispenses += m.at("kind") == "dispense";
    if (m.at("kind") == "dispense") {
      EXPECT_EQ(m.at("batch_id"), batch.c_str());
    }
  }
  EXPECT_EQ(receipts, 3);
  EXPECT_EQ(dispenses, 2);

  // Charging the line consumes the dispensed containers: the lot keeps what stayed in stock.
  run_until(batch, "charge_paracetamol#1");
  auto charged = driver_->step(batch);
  ASSERT_TRUE(charged.ok());
  ASSERT_EQ(charged->response.status, 200) << charged->response.body;
  int consumed = 0;
  const json::value after_charge = get("qa.david", "/api/v1/lots/" + lot_id + "/movements");
  for (const auto& m : after_charge.at("items").as_array()) consumed += m.at("kind") == "consume";
  EXPECT_EQ(consumed, 2);
  json::value after = get("qa.david", "/api/v1/lots/" + lot_id);
  EXPECT_NEAR(after.at("quantity").to_number<double>(), 120.5 - target, 1e-6);
  EXPECT_NEAR(after.at("available").to_number<double>(), 120.5 - target, 1e-6);

  // Genealogy: forward from the lot reaches the batch.
  json::value forward =
      get("qa.david", "/api/v1/lots/" + lot_number + "/genealogy?direction=forward");
  bool reached = false;
  for (const auto& n : forward.at("nodes").as_array()) reached |= n.at("id") == batch.c_str();
  EXPECT_TRUE(reached) << json::serialize(forward);
  HttpResponse csv =
      call("qa.david", "GET", "/api/v1/lots/" + lot_id + "/genealogy?direction=forward&format=csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find(lot_number), std::string::npos);
  HttpResponse pdf = call("qa.david", "GET", "/api/v1/lots/" + lot_id + "/genealogy?format=pdf");
  EXPECT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");

  // The dispensed container's label, and a scan of it.
  const std::string dispensed(first.at("portion").at("dispensed_container").as_string());
  HttpResponse zpl = call("op.anna", "GET", "/api/v1/containers/" + dispensed + "/label");
  EXPECT_EQ(zpl.status, 200);
  EXPECT_EQ(zpl.body.substr(0, 3), "^XA");
  EXPECT_NE(zpl.body.find(lot_number), std::string::npos);
  HttpResponse label =
      call("op.anna", "GET", "/api/v1/containers/" + dispensed + "/label?format=pdf");
  EXPECT_EQ(label.body.substr(0, 5), "%PDF-");
  json::value scanned =
      post("op.anna", "/api/v1/scan", {{"data", "(91)" + dispensed + "(10)" + lot_number}}, 200);
  EXPECT_EQ(scanned.at("container").at("id"), dispensed.c_str());
  EXPECT_EQ(scanned.at("lot").at("lot_number"), lot_number.c_str());
}

TEST_P(MaterialE2E, SplitAContainerAndReturnWhatABatchDidNotUse) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "the service is the same on both";
  json::object lot = receive("RM-0330", {25}, {});
  const std::string lot_id(lot.at("id").as_string());
  post("qp.eva", "/api/v1/lots/" + lot_id + "/release", {{"signature", sig("qp.eva")}}, 200);
  // Split 10 kg into a new container: the lot holds the same, in two containers.
  json::value split = post("sup.carla", "/api/v1/lots/" + lot_id + "/transfer",
                           {{"from", first_container(lot)}, {"quantity", 10}}, 200);
  ASSERT_EQ(split.at("containers").as_array().size(), 2u);
  EXPECT_EQ(split.at("quantity").to_number<double>(), 25);
  EXPECT_EQ(split.at("containers").at(1).at("quantity").to_number<double>(), 10);
  const std::string small(split.at("containers").at(1).at("id").as_string());

  // Weigh 5 kg of povidone for a batch, then abort the batch: the 5 kg go back to stock.
  const std::string batch = *driver_->create_and_start();
  run_until(batch, "dispense_povidone#1");
  json::value w = post("op.anna", "/api/v1/batches/" + batch + "/steps/dispense_povidone/dispense",
                       {{"container", small}, {"tare", 0}, {"gross", 5}}, 201);
  const std::string bag(w.at("portion").at("dispensed_container").as_string());
  json::value running = post("op.anna", "/api/v1/containers/" + bag + "/return", {}, 409);
  EXPECT_EQ(running.at("error").at("details").at("reason"), "batch_running");
  post("sup.carla", "/api/v1/batches/" + batch + "/abort",
       {{"reason", "Granulator out of order"}, {"signature", sig("sup.carla")}}, 200);
  json::value back = post("op.anna", "/api/v1/containers/" + bag + "/return", {}, 200);
  for (const auto& c : back.at("containers").as_array()) {
    const double q = c.at("quantity").to_number<double>();
    if (c.at("id") == small.c_str()) {
      EXPECT_EQ(q, 10);
    } else if (c.at("id") == bag.c_str()) {
      EXPECT_EQ(q, 0);
    }
  }
  EXPECT_EQ(back.at("available").to_number<double>(), 25);
  post("op.anna", "/api/v1/containers/" + bag + "/return", {}, 409);  // empty now
}

TEST_P(MaterialE2E, BadInputsGetClearErrorsAndChangeNothing) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "the table runs once";
  json::object lot = receive("RM-0330", {5});
  const std::string lot_id(lot.at("id").as_string());
  const std::string c = first_container(lot);
  const std::string batch = *driver_->create_and_start();
  const std::string weigh = "/api/v1/batches/" + batch + "/steps/dispense_povidone/dispense";
  const std::string ok_sig = json::serialize(json::object{{"signature", sig("qp.eva")}});
  struct Case {
    const char* name;
    std::string who, method, path, body;
    int status;
    const char* field;  // details.field, when the error names one
  };
  const Case cases[] = {
      {"item without a code", "sup.carla", "POST", "/api/v1/items",
       R"({"name": "X", "type": "raw", "base_unit": "kg"})", 422, "code"},
      {"item with an unknown type", "sup.carla", "POST", "/api/v1/items",
       R"({"code": "X-1", "name": "X", "type": "gas", "base_unit": "kg"})", 422, "type"},
      {"item in degrees", "sup.carla", "POST", "/api/v1/items",
       R"({"code": "X-1", "name": "X", "type": "raw", "base_unit": "°C"})", 422, "base_unit"},
      {"item with a bad GTIN", "sup.carla", "POST", "/api/v1/items",
       R"({"code": "X-1", "name": "X", "type": "raw", "base_unit": "kg", "gtins": ["123"]})", 422,
       "gtins"},
      {"item code taken", "sup.carla", "POST", "/api/v1/items",
       R"({"code": "RM-0101", "name": "X", "type": "raw", "base_unit": "kg"})", 409, "code"},
      {"item by an operator", "op.anna", "POST", "/api/v1/items",
       R"({"code": "X-1", "name": "X", "type": "raw", "base_unit": "kg"})", 403, nullptr},
      {"item: unknown field", "sup.carla", "POST", "/api/v1/items",
       R"({"code": "X-1", "name": "X", "type": "raw", "base_unit": "kg", "colour": 1})", 422,
       "colour"},
      {"receipt of an unknown item", "sup.carla", "POST", "/api/v1/lots",
       R"({"item": "NOPE", "supplier": "S", "supplier_lot": "1", "containers": [1]})", 404,
       nullptr},
      {"receipt without containers", "sup.carla", "POST", "/api/v1/lots",
       R"({"item": "RM-0330", "supplier": "S", "supplier_lot": "1", "containers": []})", 422,
       "containers"},
      {"receipt of a negative quantity", "sup.carla", "POST", "/api/v1/lots",
       R"({"item": "RM-0330", "supplier": "S", "supplier_lot": "1", "containers": [-1]})", 422,
       "containers"},
      {"receipt in litres of a powder", "sup.carla", "POST", "/api/v1/lots",
       R"({"item": "RM-0330", "supplier": "S", "supplier_lot": "1", "containers": [1], "unit": "L"})",
       422, "unit"},
      {"receipt with a bad date", "sup.carla", "POST", "/api/v1/lots",
       R"({"item": "RM-0330", "supplier": "S", "supplier_lot": "1", "containers": [1], "expiry": "2027-02-30"})",
       422, "expiry"},
      {"receipt with an assay of 500 %", "sup.carla", "POST", "/api/v1/lots",
       R"({"item": "RM-0330", "supplier": "S", "supplier_lot": "1", "containers": [1], "assay_percent": 500})",
       422, "assay_percent"},
      {"receipt by QA", "qa.david", "POST", "/api/v1/lots",
       R"({"item": "RM-0330", "supplier": "S", "supplier_lot": "1", "containers": [1]})", 403,
       nullptr},
      {"receipt that is not JSON", "sup.carla", "POST", "/api/v1/lots", "{", 400, nullptr},
      {"release without a signature", "qp.eva", "POST", "/api/v1/lots/" + lot_id + "/release", "{}",
       422, "signature"},
      {"release with a wrong password", "qp.eva", "POST", "/api/v1/lots/" + lot_id + "/release",
       R"({"signature": {"username": "qp.eva", "password": "wrong"}})", 422, "signature.password"},
      {"release by the stores", "sup.carla", "POST", "/api/v1/lots/" + lot_id + "/release", ok_sig,
       403, nullptr},
      {"reject without a reason", "qp.eva", "POST", "/api/v1/lots/" + lot_id + "/reject", ok_sig,
       422, "reason"},
      {"release of an unknown lot", "qp.eva", "POST", "/api/v1/lots/nope/release", ok_sig, 404,
       nullptr},
      {"release with a past retest date", "qp.eva", "POST", "/api/v1/lots/" + lot_id + "/release",
       R"({"retest": "2020-01-01", "signature": {"username": "qp.eva", "password": "gemba-demo-2026"}})",
       422, "retest"},
      {"adjust without a reason", "sup.carla", "POST", "/api/v1/lots/" + lot_id + "/adjust",
       R"({"container": ")" + c + R"(", "quantity": -1, "signature": {"password": "x"}})", 422,
       "reason"},
      {"adjust below zero", "sup.carla", "POST", "/api/v1/lots/" + lot_id + "/adjust",
       R"({"container": ")" + c +
           R"(", "quantity": -6, "reason": "spill", "signature": {"username": "sup.carla", "password": "gemba-demo-2026"}})",
       409, nullptr},
      {"adjust of another lot's container", "sup.carla", "POST",
       "/api/v1/lots/" + lot_id + "/adjust",
       R"({"container": "C-000001", "quantity": -1, "reason": "spill", "signature": {"username": "sup.carla", "password": "gemba-demo-2026"}})",
       404, nullptr},
      {"transfer without a source", "sup.carla", "POST", "/api/v1/lots/" + lot_id + "/transfer",
       R"({"quantity": 1})", 422, "from"},
      {"transfer of nothing", "sup.carla", "POST", "/api/v1/lots/" + lot_id + "/transfer",
       R"({"from": ")" + c + R"(", "quantity": 0})", 422, "quantity"},
      {"transfer into the same container", "sup.carla", "POST",
       "/api/v1/lots/" + lot_id + "/transfer",
       R"({"from": ")" + c + R"(", "to": ")" + c + R"(", "quantity": 1})", 422, nullptr},
      {"transfer by an operator", "op.anna", "POST", "/api/v1/lots/" + lot_id + "/transfer",
       R"({"from": ")" + c + R"(", "quantity": 1})", 403, nullptr},
      {"return of a stock container", "op.anna", "POST", "/api/v1/containers/" + c + "/return",
       "{}", 409, nullptr},
      {"return of an unknown container", "op.anna", "POST", "/api/v1/containers/C-999999/return",
       "{}", 404, nullptr},
      {"return of a negative quantity", "op.anna", "POST", "/api/v1/containers/" + c + "/return",
       R"({"quantity": -2})", 422, "quantity"},
      {"lots: unknown status", "qa.david", "GET", "/api/v1/lots?status=lost", "", 400, "status"},
      {"lots: limit 0", "qa.david", "GET", "/api/v1/lots?limit=0", "", 400, "limit"},
      {"unknown lot", "qa.david", "GET", "/api/v1/lots/nope", "", 404, nullptr},
      {"genealogy sideways", "qa.david", "GET",
       "/api/v1/lots/" + lot_id + "/genealogy?direction=sideways", "", 400, "direction"},
      {"genealogy as xml", "qa.david", "GET", "/api/v1/lots/" + lot_id + "/genealogy?format=xml",
       "", 400, "format"},
      {"genealogy depth 0", "qa.david", "GET", "/api/v1/lots/" + lot_id + "/genealogy?depth=0", "",
       400, "depth"},
      {"scan of nothing", "op.anna", "POST", "/api/v1/scan", R"({"data": ""})", 422, nullptr},
      {"scan with a bad check digit", "op.anna", "POST", "/api/v1/scan",
       R"({"data": "(01)09506000134353"})", 422, nullptr},
      {"scan of month 13", "op.anna", "POST", "/api/v1/scan", R"({"data": "(17)261301"})", 422,
       nullptr},
      {"scan of an unknown container", "op.anna", "POST", "/api/v1/scan",
       R"({"data": "(91)C-999999"})", 404, nullptr},
      {"scan of an unknown GTIN", "op.anna", "POST", "/api/v1/scan",
       R"({"data": "(01)09506000134390"})", 404, nullptr},
      {"label of an unknown container", "op.anna", "GET", "/api/v1/containers/C-999999/label", "",
       404, nullptr},
      {"label as png", "op.anna", "GET", "/api/v1/containers/" + c + "/label?format=png", "", 400,
       "format"},
      {"weigh without a container", "op.anna", "POST", weigh, R"({"tare": 0, "gross": 1})", 422,
       "container"},
      {"weigh without gross", "op.anna", "POST", weigh, R"({"container": "C-1", "tare": 0})", 422,
       "gross"},
      {"weigh a step not Ready", "op.anna", "POST", weigh,
       R"({"container": ")" + c + R"(", "tare": 0, "gross": 1})", 409, nullptr},
      {"weigh for a step that is not a dispense", "op.anna", "POST",
       "/api/v1/batches/" + batch + "/steps/booth_airflow_ok/dispense",
       R"({"container": ")" + c + R"(", "tare": 0, "gross": 1})", 409, nullptr},
      {"weigh for an unknown batch", "op.anna", "POST",
       "/api/v1/batches/nope/steps/dispense_povidone/dispense",
       R"({"container": ")" + c + R"(", "tare": 0, "gross": 1})", 404, nullptr},
      {"weigh by an auditor-like reviewer", "qa.david", "POST", weigh,
       R"({"container": ")" + c + R"(", "tare": 0, "gross": 1})", 403, nullptr},
      {"output of a raw material", "sup.carla", "POST", "/api/v1/batches/" + batch + "/output",
       R"({"item": "RM-0330", "containers": [1]})", 422, "item"},
      {"output without containers", "sup.carla", "POST", "/api/v1/batches/" + batch + "/output",
       R"({"item": "PCM500-FCT"})", 422, "containers"},
  };
  const std::string before = call("qa.david", "GET", "/api/v1/lots?limit=500").body;
  const std::string lot_before = call("qa.david", "GET", "/api/v1/lots/" + lot_id).body;
  for (const Case& k : cases) {
    SCOPED_TRACE(k.name);
    HttpResponse r = call(k.who, k.method, k.path, k.body);
    EXPECT_EQ(r.status, k.status) << r.body;
    if (r.status >= 400) {
      json::value e = json::parse(r.body);
      EXPECT_FALSE(e.at("error").at("message").as_string().empty());
      if (k.field) {
        EXPECT_EQ(e.at("error").at("details").at("field"), k.field) << r.body;
      }
    }
  }
  EXPECT_EQ(call("qa.david", "GET", "/api/v1/lots?limit=500").body, before);
  EXPECT_EQ(call("qa.david", "GET", "/api/v1/lots/" + lot_id).body, lot_before);
}

}  // namespace
}  // namespace gemba
