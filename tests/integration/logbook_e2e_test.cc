// Logbooks and equipment through the real `gemba` binary and its HTTP API, on the demo plant: the
// batch engine's equipment interlock refusing each reason it knows (and nothing recorded when it
// does), a supervisor's signed override and the equipment use it starts, the use ending when the
// unit procedure finishes; a table of bad logbook inputs that must change nothing; the server's
// time against a client's; corrections that keep the original; excursions; the status at a past
// instant; the plant board; and a plant's own logbook type.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gemba/core/time.h"
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
using std::chrono::microseconds;
using testing::BatchDriver;
using testing::GembaProcess;
using testing::HttpClient;
using testing::HttpResponse;

constexpr const char* kProduct = "PCM500-FCT";

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::string text(const json::value& v) { return v.is_string() ? std::string(v.get_string()) : ""; }

Timestamp time_of(const json::value& v) {
  auto t = parse_rfc3339(text(v));
  EXPECT_TRUE(t.ok()) << json::serialize(v);
  return t.ok() ? *t : Timestamp{};
}

Timestamp wall_now() {
  return std::chrono::time_point_cast<microseconds>(std::chrono::system_clock::now());
}

// A logbook field value with its unit.
json::object quantity(double value, const char* unit) { return {{"value", value}, {"unit", unit}}; }

// The fields of an environmental monitoring entry with every value in limits.
json::object in_limits() {
  return {{"temperature", quantity(21.5, "°C")},
          {"relative_humidity", quantity(45, "%")},
          {"differential_pressure", quantity(18, "Pa")}};
}

json::object clearance_checklist() {
  return {{"previous_product_removed", true},
          {"previous_documents_removed", true},
          {"equipment_clean_status_checked", true},
          {"waste_removed", true},
          {"labels_removed", true}};
}

class LogbookE2E : public ::testing::TestWithParam<std::string> {
 protected:
  std::string database_url() {
    if (GetParam() == "sqlite") return "sqlite:" + (dir_ / "gemba.db").string();
    schema_ =
        std::make_unique<testing::PostgresSchema>("gemba_logbook_" + std::to_string(getpid()));
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
           ("gemba-logbook-" + std::to_string(getpid()) + "-" + GetParam());
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
    for (const char* u :
         {"op.anna", "op.ben", "sup.carla", "qa.david", "qp.eva", "eng.farid", "audit.hugo"}) {
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

  // ---- HTTP ----

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
    boost::system::error_code ec;
    json::value v = json::parse(r.body, ec);
    return ec ? json::value() : v;
  }
  json::value get(const std::string& who, const std::string& target) {
    HttpResponse r = call(who, "GET", target);
    EXPECT_EQ(r.status, 200) << target << " " << r.body;
    boost::system::error_code ec;
    json::value v = json::parse(r.body, ec);
    return ec ? json::value(json::object()) : v;
  }
  static json::object sig(const std::string& user = "") { return BatchDriver::signature(user); }

  // ---- The plant and its logbooks ----

  json::object equipment_status(const std::string& code, const std::string& query = "") {
    return get("op.anna", "/api/v1/equipment/" + code + "/status" + query).as_object();
  }
  json::object room_status(const std::string& code) {
    return get("op.anna", "/api/v1/rooms/" + code + "/status").as_object();
  }
  // What a refused request must leave as it was: the state, not the instant it is read at.
  json::object stable(json::object status) {
    status.erase("at");
    return status;
  }
  json::object register_room(const std::string& code, const std::string& area) {
    return post("sup.carla", "/api/v1/rooms",
                {{"area", area}, {"code", code}, {"name", "Room " + code}, {"grade", "D"}}, 201)
        .as_object();
  }
  json::object register_equipment(const std::string& code, const std::string& cls,
                                  const std::string& room) {
    return post("sup.carla", "/api/v1/equipment",
                {{"code", code}, {"name", "Test " + cls}, {"class", cls}, {"room", room}}, 201)
        .as_object();
  }
  // An entry recorded and signed by `who`.
  json::object record(const std::string& type, json::object body,
                      const std::string& who = "op.anna") {
    body["signature"] = sig(who);
    return post(who, "/api/v1/logbooks/" + type + "/entries", body, 201).as_object();
  }
  // Verified by op.ben (signing at op.anna's tablet, as the floor does).
  json::object verify(const std::string& type, const json::object& entry) {
    return post("op.anna",
                "/api/v1/logbooks/" + type + "/entries/" + text(entry.at("id")) + "/verify",
                {{"signature", sig("op.ben")}}, 200)
        .as_object();
  }
  json::object clean(const std::string& code, const std::string& level, bool verified = true) {
    json::object e = record(
        "cleaning",
        {{"equipment", code}, {"fields", {{"level", level}, {"procedure", "SOP-CLN-0042"}}}});
    return verified ? verify("cleaning", e) : e;
  }
  json::object usage(const std::string& code, const std::string& activity,
                     const std::string& batch = "") {
    json::object body{{"equipment", code}, {"fields", {{"activity", activity}}}};
    if (!batch.empty()) body["batch"] = batch;
    return record("usage", std::move(body));
  }
  json::object clear(const std::string& room, const std::string& batch) {
    return verify(
        "clearance",
        record("clearance", {{"room", room}, {"batch", batch}, {"fields", clearance_checklist()}}));
  }
  std::size_t count(const std::string& type, const std::string& query = "") {
    return get("qa.david", "/api/v1/logbooks/" + type + "/entries?limit=500" + query)
        .at("items")
        .as_array()
        .size();
  }
  json::array entries(const std::string& type, const std::string& query) {
    return get("qa.david", "/api/v1/logbooks/" + type + "/entries?" + query).at("items").as_array();
  }

  // ---- Batches ----

  // Runs the batch until `run_id` is the first Ready run (witnesses first).
  void run_until(const std::string& batch, const std::string& run_id) {
    for (int guard = 0; guard < 200; ++guard) {
      json::value steps = get("op.anna", "/api/v1/batches/" + batch + "/steps");
      const auto& ready = steps.at("ready").as_array();
      bool witness_due = false;
      for (const auto& s : steps.at("steps").as_array()) {
        witness_due |= s.at("state") == "in_progress" && !s.as_object().contains("witness");
      }
      if (!witness_due && !ready.empty() && ready.at(0).as_string() == run_id) return;
      auto step = driver_->step(batch);
      ASSERT_TRUE(step.ok()) << step.error().message;
      ASSERT_FALSE(step->run_id.empty()) << run_id << " never became Ready";
      ASSERT_EQ(step->response.status, 200) << step->run_id << " " << step->response.body;
    }
    FAIL() << run_id << " never became Ready";
  }
  // Scans `code` into the equipment_use step `key` of `batch`.
  HttpResponse bind(const std::string& batch, const std::string& key, const std::string& code,
                    json::object extra = {}, const std::string& who = "op.anna") {
    json::object body{{"value", code}, {"source", "scanned"}, {"occurrence", 1}};
    for (auto& kv : extra) body[kv.key()] = kv.value();
    return call(who, "POST", "/api/v1/batches/" + batch + "/steps/" + key + "/complete",
                json::serialize(body));
  }
  // The run is still Ready and nothing was recorded in the batch.
  void expect_still_ready(const std::string& batch, const std::string& key,
                          const json::object& before) {
    json::object now = get("op.anna", "/api/v1/batches/" + batch).as_object();
    bool ready = false;
    for (const auto& r : now.at("ready").as_array()) ready |= r == json::value(key + "#1");
    EXPECT_TRUE(ready) << key << " is no longer Ready: " << json::serialize(now);
    EXPECT_EQ(now.at("steps_finished"), before.at("steps_finished"));
    EXPECT_EQ(now.at("version"), before.at("version"));
    EXPECT_EQ(now.at("exceptions_total"), before.at("exceptions_total"));
  }
  // The interlock refuses `code` for the equipment_use step `key`: 409 with the reason, whether a
  // supervisor may override it, the entry behind it, a message naming what to record; the step is
  // still Ready and the equipment's status unchanged.
  json::object expect_refused(const std::string& batch, const std::string& key,
                              const std::string& code, const std::string& reason, bool overridable,
                              const std::string& what_to_record, const std::string& entry_id = "",
                              json::object extra = {}) {
    SCOPED_TRACE(key + " ← " + code + " (" + reason + ")");
    const json::object before = get("op.anna", "/api/v1/batches/" + batch).as_object();
    HttpResponse known = call("op.anna", "GET", "/api/v1/equipment/" + code + "/status");
    const bool registered = known.status == 200;
    json::object status_before;
    if (registered) status_before = stable(json::parse(known.body).as_object());
    HttpResponse r = bind(batch, key, code, std::move(extra));
    EXPECT_EQ(r.status, 409) << r.body;
    boost::system::error_code ec;
    json::value e = json::parse(r.body, ec);
    if (ec || !e.is_object() || !e.as_object().contains("error")) {
      ADD_FAILURE() << "not an error body: " << r.body;
      return {};
    }
    const json::object& error = e.at("error").as_object();
    const json::object& details = error.at("details").as_object();
    EXPECT_EQ(error.at("code"), "failed_precondition");
    EXPECT_EQ(details.at("reason"), json::value(reason)) << r.body;
    EXPECT_EQ(details.at("overridable"), json::value(overridable)) << r.body;
    const std::string message = text(error.at("message"));
    EXPECT_TRUE(contains(message, what_to_record)) << message;
    if (overridable) {
      EXPECT_TRUE(contains(message, "override the interlock")) << message;
    }
    // Every failing rule, each with the entry behind it; the first is details.reason.
    const json::value* reasons = details.if_contains("reasons");
    EXPECT_TRUE(reasons && reasons->is_array() && !reasons->get_array().empty()) << r.body;
    if (reasons && reasons->is_array() && !reasons->get_array().empty()) {
      const json::value& first = reasons->get_array().at(0);
      EXPECT_EQ(first.at("reason"), json::value(reason)) << r.body;
      EXPECT_FALSE(first.at("message").as_string().empty());
      EXPECT_EQ(first.at("entry_id"), json::value(entry_id)) << r.body;
    }
    const json::value* entry = details.if_contains("entry_id");
    EXPECT_TRUE(entry && *entry == json::value(entry_id)) << r.body;
    if (registered) {
      // The message names the equipment, or the room for a missing line clearance.
      if (reason != "no_line_clearance") {
        EXPECT_TRUE(contains(message, code)) << message;
      }
      EXPECT_EQ(stable(equipment_status(code)), status_before);
    }
    expect_still_ready(batch, key, before);
    return details;
  }

  fs::path dir_;
  std::unique_ptr<testing::PostgresSchema> schema_;
  std::unique_ptr<GembaProcess> server_;
  std::unique_ptr<BatchDriver> driver_;
};

INSTANTIATE_TEST_SUITE_P(Backends, LogbookE2E, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

// (a) every refusal the interlock gives, (b) the override and its rules, (c) the use it starts and
// its end when the unit procedure finishes, for a new batch and the demo's batch in progress.
TEST_P(LogbookE2E, InterlocksRefuseOverrideAndTrackTheUse) {
  // The demo batch in progress holds the binder vessel and the granulator.
  const json::object vessel = equipment_status("MIXING-VESSEL-01");
  ASSERT_EQ(vessel.at("status"), "in_use") << json::serialize(vessel);
  const std::string demo = text(vessel.at("batch").at("id"));
  const std::string demo_number = text(vessel.at("batch").at("number"));
  EXPECT_EQ(equipment_status("HIGH-SHEAR-GRANULATOR-01").at("batch").at("id"), json::value(demo));

  auto started = driver_->create_and_start();
  ASSERT_TRUE(started.ok()) << started.error().message;
  const std::string b = *started;
  const std::string b_number = text(get("op.anna", "/api/v1/batches/" + b).at("number"));
  run_until(b, "bind_floor_scale#1");
  if (HasFatalFailure()) return;

  // Floor scales in a dispensing room of their own, each put in the state it is refused for.
  const std::string room = "T-LBE-DSP";
  register_room(room, "DISPENSING");
  const std::string usable = "T-FS-CLEAN", dirty = "T-FS-DIRTY", cleaning = "T-FS-CLEANING",
                    maintenance = "T-FS-MAINT", out = "T-FS-OOS", minor = "T-FS-MINOR",
                    in_use = "T-FS-INUSE";
  for (const std::string& code : {usable, dirty, cleaning, maintenance, out, minor, in_use}) {
    register_equipment(code, "FLOOR-SCALE", room);
  }
  clean(usable, "major");
  // Clean, but the room has no line clearance for this batch.
  expect_refused(b, "bind_floor_scale", usable, "no_line_clearance", true,
                 "line clearance logbook");
  clear(room, b);
  const json::object cleaning_entry = clean(cleaning, "major", /*verified=*/false);
  const json::object maintenance_entry = usage(maintenance, "maintenance_start");
  const json::object out_entry = usage(out, "out_of_service");
  const json::object minor_entry = clean(minor, "minor");
  clean(in_use, "major");
  const json::object use_entry = usage(in_use, "use_start", demo_number);
  EXPECT_EQ(equipment_status(in_use).at("status"), "in_use");

  const std::string key = "bind_floor_scale";
  expect_refused(b, key, "FLOOR-SCALE-99", "unknown_equipment", false, "scan the asset label");
  expect_refused(b, key, "BENCH-SCALE-01", "wrong_class", false, "this step needs a FLOOR-SCALE");
  expect_refused(b, key, dirty, "dirty", true, "cleaning logbook");
  expect_refused(b, key, cleaning, "cleaning", false,
                 "record the cleaning as done in the cleaning logbook",
                 text(cleaning_entry.at("id")));
  expect_refused(b, key, maintenance, "maintenance", false,
                 "end of the maintenance in the equipment usage logbook",
                 text(maintenance_entry.at("id")));
  expect_refused(b, key, out, "out_of_service", false,
                 "return to service in the equipment usage logbook", text(out_entry.at("id")));
  expect_refused(b, key, minor, "major_cleaning_required", true,
                 "major cleaning in the cleaning logbook", text(minor_entry.at("id")));
  const json::object held =
      expect_refused(b, key, in_use, "in_use", false,
                     "end of that use in the equipment usage logbook", text(use_entry.at("id")));
  EXPECT_TRUE(contains(json::serialize(held), demo_number)) << json::serialize(held);

  // (b) Overrides. Only a holder of equipment.override_interlock, with a reason and a signature.
  const std::string reason = "Scale cleaned and checked on the floor; cleaning record to follow";
  const json::object batch_before = get("op.anna", "/api/v1/batches/" + b).as_object();
  const json::object dirty_before = stable(equipment_status(dirty));
  struct OverrideCase {
    const char* name;
    std::string who;
    std::string code;
    json::object extra;
    int status;
    const char* field;   // details.field
    const char* reason;  // details.reason
  };
  // A step completion with manual_override: a reason (comment) unless `reason` is false, and
  // `signature` unless it is null.
  auto override_by = [&](json::value signature, bool with_reason = true) {
    json::object o{{"manual_override", true}};
    if (with_reason) o["comment"] = reason;
    if (!signature.is_null()) o["signature"] = std::move(signature);
    return o;
  };
  const json::object wrong_password{{"username", "sup.carla"}, {"password", "wrong"}};
  const OverrideCase overrides[] = {
      {"an operator's override", "op.anna", dirty, override_by(sig("op.anna")), 403, nullptr,
       nullptr},
      {"an operator's override without a signature", "op.anna", dirty, override_by(nullptr), 403,
       nullptr, nullptr},
      {"an override without a reason", "op.anna", dirty, override_by(sig("sup.carla"), false), 422,
       "comment", nullptr},
      {"an override without a signature", "sup.carla", dirty, override_by(nullptr), 422,
       "signature", nullptr},
      {"an override with a wrong password", "op.anna", dirty, override_by(wrong_password), 422,
       "signature.password", nullptr},
      {"an override of the wrong class", "op.anna", "BENCH-SCALE-01", override_by(sig("sup.carla")),
       409, nullptr, "wrong_class"},
      {"an override of unknown equipment", "op.anna", "FLOOR-SCALE-99",
       override_by(sig("sup.carla")), 409, nullptr, "unknown_equipment"},
      {"an override of equipment in use", "op.anna", in_use, override_by(sig("sup.carla")), 409,
       nullptr, "in_use"},
      {"an override of equipment in maintenance", "op.anna", maintenance,
       override_by(sig("sup.carla")), 409, nullptr, "maintenance"},
      {"an override of usable equipment", "op.anna", usable, override_by(sig("sup.carla")), 422,
       "manual_override", nullptr},
  };

  for (const OverrideCase& c : overrides) {
    SCOPED_TRACE(c.name);
    HttpResponse r = bind(b, key, c.code, c.extra, c.who);
    EXPECT_EQ(r.status, c.status) << r.body;
    json::value e = json::parse(r.body);
    const json::object& error = e.at("error").as_object();
    EXPECT_FALSE(error.at("message").as_string().empty());
    if (c.field) {
      EXPECT_EQ(error.at("details").at("field"), c.field) << r.body;
    }
    if (c.reason) {
      EXPECT_EQ(error.at("details").at("reason"), c.reason) << r.body;
      EXPECT_EQ(error.at("details").at("overridable"), false) << r.body;
      if (c.code == in_use || c.code == maintenance) {
        EXPECT_TRUE(contains(text(error.at("message")), "cannot be overridden")) << r.body;
      }
    }
    expect_still_ready(b, key, batch_before);
  }
  EXPECT_EQ(stable(equipment_status(dirty)), dirty_before);

  // sup.carla signs the override at op.anna's tablet: the step is done, with a major exception.
  HttpResponse overridden = bind(b, key, dirty, override_by(sig("sup.carla")));
  ASSERT_EQ(overridden.status, 200) << overridden.body;
  json::value done = json::parse(overridden.body);
  const json::value* bound_run = nullptr;
  for (const auto& run : done.at("changed_runs").as_array()) {
    if (run.at("run_id") == "bind_floor_scale#1") bound_run = &run;
  }
  ASSERT_NE(bound_run, nullptr) << overridden.body;
  EXPECT_EQ(bound_run->at("state"), "done");
  EXPECT_EQ(bound_run->at("entry").at("value").at("text"), json::value(dirty)) << overridden.body;
  json::value exceptions = get("qa.david", "/api/v1/batches/" + b + "/exceptions");
  int override_exceptions = 0;
  for (const auto& x : exceptions.at("items").as_array()) {
    if (x.at("kind") != "interlock_override") continue;
    ++override_exceptions;
    EXPECT_EQ(x.at("severity"), "major");
    EXPECT_EQ(x.at("step_key"), "bind_floor_scale");
    const std::string message = text(x.at("message"));
    EXPECT_TRUE(contains(message, dirty)) << message;
    EXPECT_TRUE(contains(message, "is dirty")) << message;  // the refusal it overrode
    EXPECT_TRUE(contains(message, reason)) << message;
  }
  EXPECT_EQ(override_exceptions, 1) << json::serialize(exceptions);

  // (c) The scale is in use by the batch, with the usage entry the system wrote.
  json::object bound = equipment_status(dirty);
  EXPECT_EQ(bound.at("status"), "in_use") << json::serialize(bound);
  EXPECT_EQ(bound.at("batch").at("id"), json::value(b));
  EXPECT_EQ(bound.at("batch").at("number"), json::value(b_number));
  EXPECT_EQ(bound.at("batch").at("product"), kProduct);
  std::string start_entry;
  for (const auto& e : bound.at("entries").as_array()) {
    if (e.at("automatic") == true && e.at("values").at("activity").at("value") == "use_start") {
      start_entry = text(e.at("id"));
      EXPECT_EQ(e.at("batch").at("id"), json::value(b));
    }
  }
  EXPECT_FALSE(start_entry.empty()) << json::serialize(bound);
  json::array uses = entries("usage", "equipment=" + dirty);
  ASSERT_EQ(uses.size(), 1u);
  EXPECT_EQ(uses.at(0).at("id"), json::value(start_entry));
  EXPECT_EQ(uses.at(0).at("automatic"), true);
  EXPECT_EQ(uses.at(0).at("type"), "usage");
  // The batch's own uses are found by its number too.
  EXPECT_EQ(entries("usage", "batch=" + b_number + "&equipment=" + dirty).size(), 1u);
  // A correction of what the system wrote is refused: the batch record is corrected instead.
  post("op.anna", "/api/v1/logbooks/usage/entries/" + start_entry + "/correct",
       {{"fields", {{"remarks", "x"}}}, {"reason", "typo"}, {"signature", sig("op.anna")}}, 409);

  // Dispensing finishes: the scales the batch used are dirty, the usage logbook says why.
  run_until(b, "bind_binder_vessel#1");
  if (HasFatalFailure()) return;
  json::object after = equipment_status(dirty);
  EXPECT_EQ(after.at("status"), "dirty") << json::serialize(after);
  EXPECT_EQ(after.at("last_product"), kProduct);
  EXPECT_EQ(after.at("batches_since_major"), 1);
  uses = entries("usage", "equipment=" + dirty);
  ASSERT_EQ(uses.size(), 2u);
  EXPECT_EQ(uses.at(0).at("values").at("activity").at("value"), "use_end");
  EXPECT_EQ(uses.at(0).at("automatic"), true);
  EXPECT_EQ(uses.at(0).at("batch").at("id"), json::value(b));
  EXPECT_EQ(equipment_status(usable).at("status"), "clean");  // never bound

  // The binder vessel the demo batch holds: in use, and no override makes it usable.
  const std::string vessel_use = text(vessel.at("entries").at(0).at("id"));
  const json::object vessel_refusal =
      expect_refused(b, "bind_binder_vessel", "MIXING-VESSEL-01", "in_use", false,
                     "end of that use in the equipment usage logbook", vessel_use);
  bool clearance_listed = false;
  for (const auto& x : vessel_refusal.at("reasons").as_array()) {
    clearance_listed |= x.at("reason") == "no_line_clearance";  // GRA-201 is cleared for the demo
  }
  EXPECT_TRUE(clearance_listed) << json::serialize(vessel_refusal);
  expect_refused(b, "bind_binder_vessel", "MIXING-VESSEL-01", "in_use", false,
                 "cannot be overridden", vessel_use, override_by(sig("sup.carla")));

  // The second granulator's clean hold expired; the first is the demo batch's.
  run_until(b, "bind_granulator#1");
  if (HasFatalFailure()) return;
  const json::object granulator2 = equipment_status("HIGH-SHEAR-GRANULATOR-02");
  EXPECT_EQ(granulator2.at("clean_hold_expired"), true) << json::serialize(granulator2);
  std::string granulator2_cleaning;
  for (const auto& e : granulator2.at("entries").as_array()) {
    if (e.at("type") == "cleaning") granulator2_cleaning = text(e.at("id"));
  }
  expect_refused(b, "bind_granulator", "HIGH-SHEAR-GRANULATOR-02", "clean_hold_expired", true,
                 "cleaning logbook", granulator2_cleaning);
  expect_refused(b, "bind_granulator", "HIGH-SHEAR-GRANULATOR-01", "in_use", false,
                 "end of that use in the equipment usage logbook",
                 text(equipment_status("HIGH-SHEAR-GRANULATOR-01").at("entries").at(0).at("id")));

  // The demo batch finishes its wet granulation: its vessel and granulator become dirty.
  run_until(demo, "bind_fluid_bed#1");
  if (HasFatalFailure()) return;
  for (const char* code : {"MIXING-VESSEL-01", "HIGH-SHEAR-GRANULATOR-01"}) {
    SCOPED_TRACE(code);
    json::object s = equipment_status(code);
    EXPECT_EQ(s.at("status"), "dirty") << json::serialize(s);
    json::array used = entries("usage", std::string("limit=1&equipment=") + code);
    ASSERT_EQ(used.size(), 1u);
    EXPECT_EQ(used.at(0).at("values").at("activity").at("value"), "use_end");
    EXPECT_EQ(used.at(0).at("automatic"), true);
    EXPECT_EQ(used.at(0).at("batch").at("id"), json::value(demo));
    EXPECT_EQ(s.at("entries").at(0).at("id"), used.at(0).at("id"));
  }
  // Now dirty, overridable (the room is still cleared for the demo batch, not for this one).
  expect_refused(
      b, "bind_granulator", "HIGH-SHEAR-GRANULATOR-01", "dirty", true, "cleaning logbook",
      text(entries("usage", "limit=1&equipment=HIGH-SHEAR-GRANULATOR-01").at(0).at("id")));

  // The second press's calibration is overdue.
  run_until(b, "bind_press#1");
  if (HasFatalFailure()) return;
  const json::object press2 = equipment_status("ROTARY-TABLET-PRESS-02");
  EXPECT_EQ(press2.at("status"), "calibration_overdue") << json::serialize(press2);
  std::string calibration_entry;
  for (const auto& e : press2.at("entries").as_array()) {
    if (e.at("type") == "usage" && e.at("values").at("activity").at("value") == "calibrated") {
      calibration_entry = text(e.at("id"));
    }
  }
  expect_refused(b, "bind_press", "ROTARY-TABLET-PRESS-02", "calibration_overdue", true,
                 "record a calibration in the equipment usage logbook", calibration_entry);

  // Aborting the batch ends the line clearances made for it.
  EXPECT_EQ(room_status(room).at("line_clearance"), "cleared");
  post("sup.carla", "/api/v1/batches/" + b + "/abort",
       {{"reason", "Interlock test batch"}, {"signature", sig("sup.carla")}}, 200);
  const json::object ended = room_status(room);
  EXPECT_EQ(ended.at("line_clearance"), "not_cleared") << json::serialize(ended);
  EXPECT_EQ(ended.at("cleared"), false);
}

// (d) Bad input through the logbook API: each is refused with a status and the field at fault,
// and nothing changes.
TEST_P(LogbookE2E, BadLogbookInputsAreRefusedAndChangeNothing) {
  // Entries the rows act on: a cleaning awaiting verification (recorded by op.anna), a verified
  // cleaning, an environmental monitoring, a calibration, an entry written by the system.
  register_equipment("T-LBE-MILL", "CONICAL-MILL", "GRA-202");
  const json::object pending = clean("T-LBE-MILL", "major", /*verified=*/false);
  const std::string pending_id = text(pending.at("id"));
  const json::array cleanings = entries("cleaning", "limit=1&equipment=CONICAL-MILL-01");
  ASSERT_EQ(cleanings.size(), 1u);
  ASSERT_EQ(cleanings.at(0).at("state"), "verified");
  const std::string verified_id = text(cleanings.at(0).at("id"));
  const std::string em_id = text(entries("environment", "limit=1").at(0).at("id"));
  std::string calibration_id, automatic_id;
  for (const auto& e : entries("usage", "equipment=ROTARY-TABLET-PRESS-02")) {
    if (e.at("values").at("activity").at("value") == "calibrated")
      calibration_id = text(e.at("id"));
  }
  for (const auto& e : entries("usage", "equipment=MIXING-VESSEL-01")) {
    if (e.at("automatic") == true) automatic_id = text(e.at("id"));
  }
  ASSERT_FALSE(calibration_id.empty());
  ASSERT_FALSE(automatic_id.empty());
  const std::string future = format_rfc3339(wall_now() + std::chrono::hours(1));
  const std::string demo_number =
      text(equipment_status("MIXING-VESSEL-01").at("batch").at("number"));

  auto body = [](json::object o) {
    if (!o.contains("signature")) o["signature"] = sig("op.anna");
    return json::serialize(o);
  };
  auto em = [&](json::object fields, json::object more = {}) {
    json::object o{{"room", "GRA-202"}, {"fields", std::move(fields)}};
    for (auto& kv : more) o[kv.key()] = kv.value();
    return body(std::move(o));
  };
  auto em_with = [&](const char* key, json::value v) {
    json::object f = in_limits();
    f[key] = std::move(v);
    return em(std::move(f));
  };
  json::object em_without_humidity = in_limits();
  em_without_humidity.erase("relative_humidity");
  json::object em_unsigned{{"room", "GRA-202"}, {"fields", in_limits()}};
  const std::string EM = "/api/v1/logbooks/environment/entries";
  const std::string USAGE = "/api/v1/logbooks/usage/entries";
  const std::string CLEANING = "/api/v1/logbooks/cleaning/entries";
  const std::string CLEARANCE = "/api/v1/logbooks/clearance/entries";
  const std::string RECEIPT = "/api/v1/logbooks/receipt/entries";
  const std::string receipt_fields =
      R"("fields": {"delivery_note": "DN-1", "containers_intact": true, "labels_match": true, "seal_intact": true})";
  const std::string signed_ =
      R"("signature": {"username": "op.anna", "password": "gemba-demo-2026"})";
  auto correct = [](const std::string& fields, const std::string& reason,
                    const std::string& who = "op.anna") {
    json::object o{{"fields", json::parse(fields)}, {"signature", sig(who)}};
    if (!reason.empty()) o["reason"] = reason;
    return json::serialize(o);
  };
  const std::string verify_by_ben = json::serialize(json::object{{"signature", sig("op.ben")}});

  struct Case {
    const char* name;
    std::string who, method, path, body;
    int status;
    const char* field;  // details.field, when the error names one
  };
  const Case cases[] = {
      // Values.
      {"temperature above the hard limit", "op.anna", "POST", EM,
       em_with("temperature", quantity(80, "°C")), 422, "fields.temperature"},
      {"temperature in kg", "op.anna", "POST", EM, em_with("temperature", quantity(21, "kg")), 422,
       "fields.temperature"},
      {"temperature as text", "op.anna", "POST", EM, em_with("temperature", "warm"), 422,
       "fields.temperature"},
      {"temperature with too many decimals", "op.anna", "POST", EM,
       em_with("temperature", quantity(21.55, "°C")), 422, "fields.temperature"},
      {"temperature with a member it does not take", "op.anna", "POST", EM,
       em_with("temperature", json::object{{"value", 21}, {"time", "2026-01-01T00:00:00Z"}}), 422,
       "fields.temperature"},
      {"a required field missing", "op.anna", "POST", EM, em(em_without_humidity), 422,
       "fields.relative_humidity"},
      {"an unknown field", "op.anna", "POST", EM, em_with("colour", "red"), 422, "fields.colour"},
      {"an unknown member", "op.anna", "POST", EM, em(in_limits(), {{"operator", "anna"}}), 422,
       "operator"},
      {"a recorded_at member", "op.anna", "POST", EM,
       em(in_limits(), {{"recorded_at", "2026-01-01T00:00:00Z"}}), 422, "recorded_at"},
      {"fields not an object", "op.anna", "POST", EM,
       R"({"room": "GRA-202", "fields": [], )" + signed_ + "}", 422, "fields"},
      {"a cleaning level not offered", "op.anna", "POST", CLEANING,
       body({{"equipment", "T-LBE-MILL"},
             {"fields", {{"level", "medium"}, {"procedure", "SOP-CLN-0042"}}}}),
       422, "fields.level"},
      {"a procedure not matching its pattern", "op.anna", "POST", CLEANING,
       body({{"equipment", "CONICAL-MILL-01"},
             {"fields", {{"level", "major"}, {"procedure", "clean it"}}}}),
       422, "fields.procedure"},
      {"an activity not offered", "op.anna", "POST", USAGE,
       body({{"equipment", "CONICAL-MILL-01"}, {"fields", {{"activity", "polishing"}}}}), 422,
       "fields.activity"},
      {"a calibration without its due date", "op.anna", "POST", USAGE,
       body({{"equipment", "CONICAL-MILL-01"}, {"fields", {{"activity", "calibrated"}}}}), 422,
       "fields.calibration_due"},
      {"a calibration due in the past", "op.anna", "POST", USAGE,
       body({{"equipment", "BIN-BLENDER-01"},
             {"fields", {{"activity", "calibrated"}, {"calibration_due", "2020-01-01"}}}}),
       422, "fields.calibration_due"},
      {"a calibration due beyond the interval", "op.anna", "POST", USAGE,
       body({{"equipment", "TABLET-TESTER-01"},
             {"fields", {{"activity", "calibrated"}, {"calibration_due", "2099-01-01"}}}}),
       422, "fields.calibration_due"},
      // Signatures.
      {"no signature", "op.anna", "POST", EM, json::serialize(em_unsigned), 422, "signature"},
      {"a wrong password", "op.anna", "POST", EM,
       em(in_limits(), {{"signature", {{"username", "op.anna"}, {"password", "wrong"}}}}), 422,
       "signature.password"},
      {"signed by someone else", "op.anna", "POST", EM,
       em(in_limits(), {{"signature", sig("op.ben")}}), 403, nullptr},
      // Links.
      {"unknown equipment", "op.anna", "POST", USAGE,
       body({{"equipment", "NOPE-01"}, {"fields", {{"activity", "maintenance_start"}}}}), 422,
       "equipment"},
      {"an unknown room", "op.anna", "POST", EM, em(in_limits(), {{"room", "NOPE-101"}}), 422,
       "room"},
      {"an unknown batch", "op.anna", "POST", CLEARANCE,
       body({{"room", "COT-401"}, {"batch", "PCM-1999-0001"}, {"fields", clearance_checklist()}}),
       422, "batch"},
      {"an unknown lot", "op.anna", "POST", RECEIPT,
       R"({"lot": "NOPE-LOT", )" + receipt_fields + ", " + signed_ + "}", 422, "lot"},
      {"equipment on an environment entry", "op.anna", "POST", EM,
       em(in_limits(), {{"equipment", "FLUID-BED-DRYER-01"}}), 422, "equipment"},
      {"a room on a usage entry", "op.anna", "POST", USAGE,
       body({{"equipment", "CONICAL-MILL-01"},
             {"room", "GRA-202"},
             {"fields", {{"activity", "maintenance_start"}}}}),
       422, "room"},
      {"a batch on a receipt", "op.anna", "POST", RECEIPT,
       R"({"lot": "NOPE-LOT", "batch": "PCM-1999-0001", )" + receipt_fields + ", " + signed_ + "}",
       422, "batch"},
      {"a usage entry without equipment", "op.anna", "POST", USAGE,
       body({{"fields", {{"activity", "maintenance_start"}}}}), 422, "equipment"},
      {"an environment entry without a room", "op.anna", "POST", EM,
       body({{"fields", in_limits()}}), 422, "room"},
      {"a clearance without a batch", "op.anna", "POST", CLEARANCE,
       body({{"room", "COT-401"}, {"fields", clearance_checklist()}}), 422, "batch"},
      {"a cleaning of nothing", "op.anna", "POST", CLEANING,
       body({{"fields", {{"level", "major"}, {"procedure", "SOP-CLN-0042"}}}}), 422, "equipment"},
      {"equipment in another room", "op.anna", "POST", CLEANING,
       body({{"equipment", "CONICAL-MILL-01"},
             {"room", "DSP-101"},
             {"fields", {{"level", "major"}, {"procedure", "SOP-CLN-0042"}}}}),
       422, "room"},
      {"a use without its batch", "op.anna", "POST", USAGE,
       body({{"equipment", "CONICAL-MILL-01"}, {"fields", {{"activity", "use_start"}}}}), 422,
       "batch"},
      // States.
      {"the end of a maintenance that never began", "op.anna", "POST", USAGE,
       body({{"equipment", "CONICAL-MILL-01"}, {"fields", {{"activity", "maintenance_end"}}}}), 409,
       nullptr},
      {"a use of dirty equipment by hand", "op.anna", "POST", USAGE,
       body({{"equipment", "HIGH-SHEAR-GRANULATOR-02"},
             {"batch", demo_number},
             {"fields", {{"activity", "use_start"}}}}),
       409, nullptr},
      {"a cleaning of equipment being cleaned", "op.anna", "POST", CLEANING,
       body({{"equipment", "T-LBE-MILL"},
             {"fields", {{"level", "major"}, {"procedure", "SOP-CLN-0042"}}}}),
       409, nullptr},
      // Query parameters.
      {"status at an unreadable instant", "op.anna", "GET",
       "/api/v1/equipment/CONICAL-MILL-01/status?at=yesterday", "", 400, "at"},
      {"status in the future", "op.anna", "GET",
       "/api/v1/equipment/CONICAL-MILL-01/status?at=" + future, "", 400, "at"},
      {"board at an unreadable instant", "op.anna", "GET", "/api/v1/equipment/board?at=now", "",
       400, "at"},
      {"board in the future", "op.anna", "GET", "/api/v1/equipment/board?at=" + future, "", 400,
       "at"},
      {"room status at an unreadable instant", "op.anna", "GET",
       "/api/v1/rooms/GRA-202/status?at=2026-13-01T00:00:00Z", "", 400, "at"},
      {"room status in the future", "op.anna", "GET", "/api/v1/rooms/GRA-202/status?at=" + future,
       "", 400, "at"},
      {"entries from an unreadable instant", "qa.david", "GET", EM + "?from=last-week", "", 400,
       "from"},
      {"entries to an unreadable instant", "qa.david", "GET", EM + "?to=noon", "", 400, "to"},
      {"entries: limit 0", "qa.david", "GET", EM + "?limit=0", "", 400, "limit"},
      {"entries: limit 501", "qa.david", "GET", EM + "?limit=501", "", 400, "limit"},
      {"entries: limit not a number", "qa.david", "GET", EM + "?limit=ten", "", 400, "limit"},
      {"entries: a cursor never given", "qa.david", "GET", EM + "?cursor=garbage", "", 400,
       "cursor"},
      {"entries: a cursor with a bad time", "qa.david", "GET", EM + "?cursor=12x.abc", "", 400,
       "cursor"},
      {"entries of unknown equipment", "qa.david", "GET", USAGE + "?equipment=NOPE-01", "", 400,
       "equipment"},
      {"entries of an unknown room", "qa.david", "GET", EM + "?room=NOPE-101", "", 400, "room"},
      {"unknown equipment's status", "op.anna", "GET", "/api/v1/equipment/NOPE-01/status", "", 404,
       nullptr},
      {"an unknown room's status", "op.anna", "GET", "/api/v1/rooms/NOPE-101/status", "", 404,
       nullptr},
      // Verification.
      {"verified by the person who recorded it", "op.anna", "POST",
       CLEANING + "/" + pending_id + "/verify",
       json::serialize(json::object{{"signature", sig("op.anna")}}), 403, nullptr},
      {"verified twice", "op.anna", "POST", CLEANING + "/" + verified_id + "/verify", verify_by_ben,
       409, nullptr},
      {"a verification of a logbook without one", "op.anna", "POST", EM + "/" + em_id + "/verify",
       verify_by_ben, 409, nullptr},
      {"a verification without a signature", "op.anna", "POST",
       CLEANING + "/" + pending_id + "/verify", "{}", 422, "signature"},
      {"a verification with an unknown member", "op.anna", "POST",
       CLEANING + "/" + pending_id + "/verify",
       R"({"signature": {"username": "op.ben", "password": "gemba-demo-2026"}, "at": "now"})", 422,
       "at"},
      {"a verification through another logbook", "op.anna", "POST",
       USAGE + "/" + pending_id + "/verify", verify_by_ben, 404, nullptr},
      {"a verification of an unknown entry", "op.anna", "POST", CLEANING + "/nope/verify",
       verify_by_ben, 404, nullptr},
      {"a verification by QA (no logbook.write)", "qa.david", "POST",
       CLEANING + "/" + pending_id + "/verify", verify_by_ben, 403, nullptr},
      // Corrections.
      {"a correction without a reason", "op.anna", "POST", EM + "/" + em_id + "/correct",
       correct(R"({"temperature": 22})", ""), 422, "reason"},
      {"a correction of nothing", "op.anna", "POST", EM + "/" + em_id + "/correct",
       correct("{}", "typo"), 422, "fields"},
      {"a correction outside the hard limits", "op.anna", "POST", EM + "/" + em_id + "/correct",
       correct(R"({"temperature": 80})", "typo"), 422, "fields.temperature"},
      {"a correction of an unknown field", "op.anna", "POST", EM + "/" + em_id + "/correct",
       correct(R"({"colour": "red"})", "typo"), 422, "fields.colour"},
      {"a correction of a cleaning level", "op.anna", "POST",
       CLEANING + "/" + verified_id + "/correct", correct(R"({"level": "minor"})", "typo"), 409,
       "fields.level"},
      {"a correction of an activity", "op.anna", "POST", USAGE + "/" + calibration_id + "/correct",
       correct(R"({"activity": "maintenance_start"})", "typo"), 409, "fields.activity"},
      {"a correction of a calibration due date", "op.anna", "POST",
       USAGE + "/" + calibration_id + "/correct",
       correct(R"({"calibration_due": "2027-01-01"})", "typo"), 409, "fields.calibration_due"},
      {"a correction of what the system wrote", "op.anna", "POST",
       USAGE + "/" + automatic_id + "/correct", correct(R"({"remarks": "x"})", "typo"), 409,
       nullptr},
      {"a correction signed by someone else", "op.anna", "POST", EM + "/" + em_id + "/correct",
       correct(R"({"temperature": 22})", "typo", "op.ben"), 403, nullptr},
      {"a correction through another logbook", "op.anna", "POST", USAGE + "/" + em_id + "/correct",
       correct(R"({"temperature": 22})", "typo"), 404, nullptr},
      // Bodies, types and permissions.
      {"a body that is not JSON", "op.anna", "POST", EM, "{\"room\": ", 400, nullptr},
      {"a body that is not an object", "op.anna", "POST", EM, "[]", 422, nullptr},
      {"an unknown logbook", "op.anna", "POST", "/api/v1/logbooks/nope/entries", em(in_limits()),
       404, nullptr},
      {"entries of an unknown logbook", "qa.david", "GET", "/api/v1/logbooks/nope/entries", "", 404,
       nullptr},
      {"an entry through another logbook", "qa.david", "GET", USAGE + "/" + em_id, "", 404,
       nullptr},
      {"an unknown entry", "qa.david", "GET", EM + "/nope", "", 404, nullptr},
      {"an auditor writes", "audit.hugo", "POST", EM, em(in_limits()), 403, nullptr},
      {"QA writes", "qa.david", "POST", EM, em(in_limits()), 403, nullptr},
      {"an auditor corrects", "audit.hugo", "POST", EM + "/" + em_id + "/correct",
       correct(R"({"temperature": 22})", "typo"), 403, nullptr},
      {"an operator registers equipment", "op.anna", "POST", "/api/v1/equipment",
       R"({"code": "X-1", "name": "X", "class": "CONICAL-MILL", "room": "GRA-202"})", 403, nullptr},
      {"an operator registers a room", "op.anna", "POST", "/api/v1/rooms",
       R"({"area": "GRANULATION", "code": "X-1", "name": "X", "grade": "D"})", 403, nullptr},
      {"an operator defines a logbook", "op.anna", "POST", "/api/v1/logbooks",
       R"({"type": "x", "name": "X", "kind": "general", "fields": []})", 403, nullptr},
      {"a supervisor defines a logbook", "sup.carla", "POST", "/api/v1/logbooks",
       R"({"type": "x", "name": "X", "kind": "general", "fields": []})", 403, nullptr},
      // The physical model.
      {"equipment of an unknown class", "sup.carla", "POST", "/api/v1/equipment",
       R"({"code": "X-1", "name": "X", "class": "NOPE", "room": "GRA-202"})", 422, "class"},
      {"equipment in an unknown room", "sup.carla", "POST", "/api/v1/equipment",
       R"({"code": "X-1", "name": "X", "class": "CONICAL-MILL", "room": "NOPE"})", 422, "room"},
      {"equipment with a code taken", "sup.carla", "POST", "/api/v1/equipment",
       R"({"code": "CONICAL-MILL-01", "name": "X", "class": "CONICAL-MILL", "room": "GRA-202"})",
       409, "code"},
      {"equipment with a space in its code", "sup.carla", "POST", "/api/v1/equipment",
       R"({"code": "X 1", "name": "X", "class": "CONICAL-MILL", "room": "GRA-202"})", 422, "code"},
      {"equipment without a room", "sup.carla", "POST", "/api/v1/equipment",
       R"({"code": "X-1", "name": "X", "class": "CONICAL-MILL"})", 422, "room"},
      {"a room of grade E", "sup.carla", "POST", "/api/v1/rooms",
       R"({"area": "GRANULATION", "code": "X-1", "name": "X", "grade": "E"})", 422, "grade"},
      {"a room in an unknown area", "sup.carla", "POST", "/api/v1/rooms",
       R"({"area": "NOPE", "code": "X-1", "name": "X", "grade": "D"})", 422, "area"},
      {"a room code taken", "sup.carla", "POST", "/api/v1/rooms",
       R"({"area": "GRANULATION", "code": "GRA-201", "name": "X", "grade": "D"})", 409, "code"},
      {"a class with an unreadable clean hold", "sup.carla", "POST", "/api/v1/equipment-classes",
       R"({"code": "X-1", "name": "X", "clean_hold": "3 days"})", 422, "clean_hold"},
      {"a class with a clean hold of a second", "sup.carla", "POST", "/api/v1/equipment-classes",
       R"({"code": "X-1", "name": "X", "clean_hold": "PT1S"})", 422, "clean_hold"},
      {"a class with no campaign", "sup.carla", "POST", "/api/v1/equipment-classes",
       R"({"code": "X-1", "name": "X", "campaign_batches": 0})", 422, "campaign_batches"},
  };

  // What must not change: every logbook, every piece of equipment and room touched.
  const std::vector<std::string> types = {"clearance",   "usage",   "cleaning",
                                          "environment", "gowning", "receipt"};
  auto state = [&] {
    json::object s;
    for (const std::string& t : types) s[t] = count(t);
    s["board"] = get("op.anna", "/api/v1/equipment/board");
    s["equipment"] = get("op.anna", "/api/v1/equipment");
    s["classes"] = get("op.anna", "/api/v1/equipment-classes");
    s["rooms"] = get("op.anna", "/api/v1/rooms");
    s["logbooks"] = get("op.anna", "/api/v1/logbooks");
    for (const char* room : {"GRA-202", "COT-401", "DSP-101"}) s[room] = stable(room_status(room));
    s["pending"] = get("qa.david", CLEANING + "/" + pending_id);
    s["verified"] = get("qa.david", CLEANING + "/" + verified_id);
    s["em"] = get("qa.david", EM + "/" + em_id);
    s["calibration"] = get("qa.david", USAGE + "/" + calibration_id);
    s["automatic"] = get("qa.david", USAGE + "/" + automatic_id);
    return s;
  };
  const json::object before = state();
  EXPECT_EQ(before.at("pending").at("state"), "recorded");
  for (const Case& k : cases) {
    SCOPED_TRACE(k.name);
    HttpResponse r = call(k.who, k.method, k.path, k.body);
    EXPECT_EQ(r.status, k.status) << k.method << " " << k.path << " " << k.body << "\n" << r.body;
    if (r.status >= 400) {
      boost::system::error_code ec;
      json::value e = json::parse(r.body, ec);
      ASSERT_FALSE(ec) << r.body;
      EXPECT_FALSE(e.at("error").at("message").as_string().empty());
      if (k.field) {
        EXPECT_EQ(e.at("error").at("details").at("field"), k.field) << r.body;
      }
      if (r.status == 400 && k.method == "GET") {
        EXPECT_EQ(e.at("error").at("details").at("in"), "query") << r.body;
      }
    }
  }
  const json::object after = state();
  for (const auto& kv : before) {
    EXPECT_EQ(after.at(kv.key()), kv.value()) << kv.key() << " changed";
  }

  // And what is well formed goes in: a temperature in kelvin, kept as entered and converted.
  json::object fields = in_limits();
  fields["temperature"] = quantity(294.65, "K");
  json::object kelvin = record("environment", {{"room", "GRA-202"}, {"fields", fields}});
  const json::value& t = kelvin.at("values").at("temperature");
  EXPECT_NEAR(t.at("value").to_number<double>(), 21.5, 1e-9) << json::serialize(t);
  EXPECT_EQ(t.at("unit"), "°C");
  EXPECT_NEAR(t.at("entered_value").to_number<double>(), 294.65, 1e-9);
  EXPECT_EQ(t.at("entered_unit"), "K");
  EXPECT_TRUE(kelvin.at("exceptions").as_array().empty());
  EXPECT_EQ(count("environment"), before.at("environment").to_number<std::size_t>() + 1);
  // The pending cleaning, verified by a second person, makes the mill clean.
  verify("cleaning", pending);
  EXPECT_EQ(equipment_status("T-LBE-MILL").at("status"), "clean");
}

// (e) the server's time, not the client's; (f) corrections keep the original; (g) excursions.
TEST_P(LogbookE2E, ServerTimeCorrectionsAndExcursions) {
  // The first signature of a session names the signer (21 CFR 11.200(a)(1)(i)).
  json::value unnamed =
      post("op.anna", "/api/v1/logbooks/environment/entries",
           {{"room", "GRA-202"}, {"fields", in_limits()}, {"signature", sig()}}, 422);
  EXPECT_EQ(unnamed.at("error").at("details").at("field"), "signature.username");

  // A tablet that was offline for a week sends its entry: recorded at the server's time.
  const Timestamp week_ago = wall_now() - std::chrono::days(7);
  const std::string claimed = format_rfc3339(week_ago);
  const Timestamp sent = wall_now();
  json::object entry = record(
      "environment", {{"room", "GRA-202"}, {"fields", in_limits()}, {"client_time", claimed}});
  const Timestamp recorded = time_of(entry.at("recorded_at"));
  EXPECT_LT(std::chrono::abs(recorded - sent), std::chrono::seconds(30))
      << text(entry.at("recorded_at"));
  EXPECT_EQ(entry.at("client_time"), json::value(claimed));
  // Listing from a day ago finds it; to a day ago does not.
  const std::string id = text(entry.at("id"));
  auto listed = [&](const std::string& query) {
    for (const auto& e : entries("environment", "limit=500&room=GRA-202&" + query)) {
      if (e.at("id") == json::value(id)) return true;
    }
    return false;
  };
  const std::string day_ago = format_rfc3339(wall_now() - std::chrono::days(1));
  EXPECT_TRUE(listed("from=" + day_ago));
  EXPECT_FALSE(listed("to=" + day_ago));
  // Paging: newest first, each entry once, the same as one long page.
  std::vector<std::string> whole, paged;
  for (const auto& e : entries("environment", "limit=500&room=GRA-202")) {
    whole.push_back(text(e.at("id")));
  }
  std::string cursor;
  for (int pages = 0; pages < 100; ++pages) {
    const json::value page =
        get("qa.david", "/api/v1/logbooks/environment/entries?room=GRA-202&limit=9" +
                            (cursor.empty() ? "" : "&cursor=" + cursor));
    for (const auto& e : page.at("items").as_array()) paged.push_back(text(e.at("id")));
    if (page.at("next_cursor").is_null()) break;
    cursor = text(page.at("next_cursor"));
  }
  EXPECT_GT(whole.size(), 9u);
  EXPECT_EQ(paged, whole);
  EXPECT_EQ(whole.front(), id);

  // A client cannot set the recorded time.
  json::value refused = post("op.anna", "/api/v1/logbooks/environment/entries",
                             {{"room", "GRA-202"},
                              {"fields", in_limits()},
                              {"recorded_at", claimed},
                              {"signature", sig("op.anna")}},
                             422);
  EXPECT_EQ(refused.at("error").at("details").at("field"), "recorded_at");

  // (f) A correction with its reason: the original stays as revision 1.
  const std::string why = "Thermometer read in the wrong room; value from the room logger";
  json::value corrected =
      post("op.anna", "/api/v1/logbooks/environment/entries/" + id + "/correct",
           {{"fields", {{"temperature", quantity(22.4, "°C")}}},
            {"reason", why},
            {"signature", sig()}},  // a later signing in the session: the password is enough
           200);
  EXPECT_EQ(corrected.at("revision"), 2);
  json::value got = get("qa.david", "/api/v1/logbooks/environment/entries/" + id);
  EXPECT_EQ(got.at("revision"), 2);
  EXPECT_EQ(got.at("recorded_at"), entry.at("recorded_at"));  // the entry keeps its time
  EXPECT_NEAR(got.at("values").at("temperature").at("value").to_number<double>(), 22.4, 1e-9);
  EXPECT_EQ(got.at("values").at("relative_humidity"), entry.at("values").at("relative_humidity"));
  const json::array& revisions = got.at("revisions").as_array();
  ASSERT_EQ(revisions.size(), 2u) << json::serialize(got);
  EXPECT_EQ(revisions.at(0).at("revision"), 1);
  EXPECT_NEAR(revisions.at(0).at("values").at("temperature").at("value").to_number<double>(), 21.5,
              1e-9);
  EXPECT_EQ(revisions.at(0).at("reason"), "");
  EXPECT_EQ(revisions.at(0).at("signature_id"), entry.at("signature_id"));
  EXPECT_EQ(revisions.at(1).at("revision"), 2);
  EXPECT_EQ(revisions.at(1).at("reason"), json::value(why));
  EXPECT_NEAR(revisions.at(1).at("values").at("temperature").at("value").to_number<double>(), 22.4,
              1e-9);
  EXPECT_NE(revisions.at(1).at("signature_id"), revisions.at(0).at("signature_id"));
  EXPECT_EQ(got.at("signature_id"), revisions.at(1).at("signature_id"));
  // The audit trail has the correction, with its reason and the old and new values.
  json::value audit = get("audit.hugo", "/api/v1/audit?record_type=logbook_entry&record_id=" + id +
                                            "&action=logbook.entry_corrected");
  ASSERT_EQ(audit.at("items").as_array().size(), 1u) << json::serialize(audit);
  const json::value& a = audit.at("items").at(0);
  EXPECT_EQ(a.at("reason"), json::value(why));
  EXPECT_EQ(a.at("actor").at("id"), got.at("recorded_by").at("user_id"));
  const json::array& changes = a.at("changes").as_array();
  ASSERT_EQ(changes.size(), 1u) << json::serialize(a);
  EXPECT_EQ(changes.at(0).at("field"), "fields.temperature");
  EXPECT_NEAR(changes.at(0).at("old").at("value").to_number<double>(), 21.5, 1e-9);
  EXPECT_NEAR(changes.at(0).at("new").at("value").to_number<double>(), 22.4, 1e-9);
  // The recording is in the trail too.
  json::value recorded_audit =
      get("audit.hugo", "/api/v1/audit?record_type=logbook_entry&record_id=" + id +
                            "&action=logbook.entry_recorded");
  EXPECT_EQ(recorded_audit.at("items").as_array().size(), 1u);

  // (g) Particles above the alarm limit: accepted, with an exception; the room is out of limits.
  json::object high = in_limits();
  high["particles_05um"] = quantity(400000, "/m³");
  json::object excursion =
      record("environment",
             {{"room", "CMP-301"}, {"fields", high}, {"comment", "Door open during cleaning"}});
  const json::array& x = excursion.at("exceptions").as_array();
  ASSERT_EQ(x.size(), 1u) << json::serialize(excursion);
  EXPECT_EQ(x.at(0).at("kind"), "alarm_excursion");
  EXPECT_TRUE(contains(text(x.at(0).at("message")), "particles_05um")) << json::serialize(x);
  json::object room = room_status("CMP-301");
  EXPECT_EQ(room.at("environment"), "out_of_limits") << json::serialize(room);
  ASSERT_EQ(room.at("excursions").as_array().size(), 1u);
  EXPECT_TRUE(contains(text(room.at("excursions").at(0)), "particles_05um"));
  EXPECT_EQ(room.at("monitoring_entry"), excursion.at("id"));
  // The next monitoring in limits puts the room back.
  json::object next = record("environment", {{"room", "CMP-301"}, {"fields", in_limits()}});
  EXPECT_TRUE(next.at("exceptions").as_array().empty());
  room = room_status("CMP-301");
  EXPECT_EQ(room.at("environment"), "in_limits") << json::serialize(room);
  EXPECT_TRUE(room.at("excursions").as_array().empty());
  EXPECT_EQ(room.at("monitoring_entry"), next.at("id"));
  // A correction of the room's latest monitoring decides its environment from then on.
  post("op.anna", "/api/v1/logbooks/environment/entries/" + text(next.at("id")) + "/correct",
       {{"fields", {{"particles_5um", quantity(3100, "/m³")}}},
        {"reason", "Counter printout read again: 3100 at 5 µm"},
        {"signature", sig("op.anna")}},
       200);
  room = room_status("CMP-301");
  EXPECT_EQ(room.at("environment"), "out_of_limits") << json::serialize(room);
}

// (h) the status at a past instant, from the server's own times; (i) the plant board.
TEST_P(LogbookE2E, StatusAtAPastInstantAndTheBoard) {
  const json::object registered = register_equipment("T-LBE-PIT", "CONICAL-MILL", "GRA-202");
  const Timestamp t0 = time_of(registered.at("created_at"));
  const json::object recorded =
      record("cleaning", {{"equipment", "T-LBE-PIT"},
                          {"fields", {{"level", "major"}, {"procedure", "SOP-CLN-0042"}}}});
  const std::string cleaning = text(recorded.at("id"));
  const Timestamp t1 = time_of(recorded.at("recorded_at"));
  const json::object verified = verify("cleaning", recorded);
  const Timestamp t2 = time_of(verified.at("verified").at("at"));
  ASSERT_LT(t0, t1);
  ASSERT_LT(t1, t2);
  auto at = [](Timestamp t) { return "?at=" + format_rfc3339(t); };
  auto has_entry = [](const json::object& s, const std::string& id) {
    for (const auto& e : s.at("entries").as_array()) {
      if (e.at("id") == json::value(id)) return true;
    }
    return false;
  };
  // Before it was registered: it did not exist.
  HttpResponse before =
      call("op.anna", "GET", "/api/v1/equipment/T-LBE-PIT/status" + at(t0 - microseconds(1)));
  EXPECT_EQ(before.status, 404) << before.body;
  // Registered: dirty until cleaned.
  for (Timestamp t : {t0, t1 - microseconds(1)}) {
    json::object s = equipment_status("T-LBE-PIT", at(t));
    EXPECT_EQ(s.at("status"), "dirty") << json::serialize(s);
    EXPECT_EQ(s.at("at"), json::value(format_rfc3339(t)));
  }
  // Cleaning recorded: being cleaned until verified.
  for (Timestamp t : {t1, t2 - microseconds(1)}) {
    json::object s = equipment_status("T-LBE-PIT", at(t));
    EXPECT_EQ(s.at("status"), "cleaning") << json::serialize(s);
    EXPECT_TRUE(has_entry(s, cleaning));
  }
  // Verified: clean from then on, with the cleaning that made it so.
  for (const std::string& query : {at(t2), std::string()}) {
    json::object s = equipment_status("T-LBE-PIT", query);
    EXPECT_EQ(s.at("status"), "clean") << json::serialize(s);
    EXPECT_EQ(s.at("clean_level"), "major");
    EXPECT_EQ(time_of(s.at("since")), t2);
    EXPECT_TRUE(has_entry(s, cleaning));
  }
  // A room at a past instant: the environment before and after a monitoring.
  const json::object monitored =
      record("environment", {{"room", "COT-401"}, {"fields", in_limits()}});
  const Timestamp t3 = time_of(monitored.at("recorded_at"));
  json::object room_then =
      get("op.anna", "/api/v1/rooms/COT-401/status" + at(t3 - microseconds(1))).as_object();
  EXPECT_NE(room_then.at("monitoring_entry"), monitored.at("id"));
  json::object room_now = get("op.anna", "/api/v1/rooms/COT-401/status" + at(t3)).as_object();
  EXPECT_EQ(room_now.at("monitoring_entry"), monitored.at("id"));

  // (i) The board: every piece of equipment once, counts per status that add up.
  const json::value board = get("op.anna", "/api/v1/equipment/board");
  const json::array& items = board.at("items").as_array();
  const json::array all = get("op.anna", "/api/v1/equipment").at("items").as_array();
  EXPECT_EQ(items.size(), all.size());
  std::set<std::string> codes;
  std::map<std::string, std::int64_t> counted;
  std::map<std::string, std::string> status_of;
  for (const auto& row : items) {
    const std::string code = text(row.at("equipment").at("code"));
    EXPECT_TRUE(codes.insert(code).second) << code << " twice";
    ++counted[text(row.at("status"))];
    status_of[code] = text(row.at("status"));
  }
  for (const auto& e : all) EXPECT_TRUE(codes.contains(text(e.at("code")))) << e.at("code");
  std::int64_t total = 0;
  for (const auto& kv : board.at("counts").as_object()) {
    EXPECT_EQ(kv.value().as_int64(), counted[std::string(kv.key())]) << kv.key();
    total += kv.value().as_int64();
  }
  EXPECT_EQ(total, static_cast<std::int64_t>(items.size()));
  EXPECT_EQ(board.at("counts").as_object().size(), counted.size());
  EXPECT_EQ(status_of["ROTARY-TABLET-PRESS-02"], "calibration_overdue");
  EXPECT_EQ(status_of["HIGH-SHEAR-GRANULATOR-02"], "dirty");
  EXPECT_EQ(status_of["MIXING-VESSEL-01"], "in_use");
  EXPECT_EQ(status_of["HIGH-SHEAR-GRANULATOR-01"], "in_use");
  EXPECT_EQ(status_of["T-LBE-PIT"], "clean");
  // Each row is what the equipment's own status says.
  for (const char* code : {"ROTARY-TABLET-PRESS-02", "HIGH-SHEAR-GRANULATOR-02", "T-LBE-PIT"}) {
    EXPECT_EQ(equipment_status(code).at("status"), json::value(status_of[code])) << code;
  }
  // The board as it was: while the cleaning waited for its verification, and before T-LBE-PIT
  // was registered (not on the board then).
  const auto board_status = [&](const std::string& query, const std::string& code) {
    const json::value past = get("op.anna", "/api/v1/equipment/board" + query);
    for (const auto& row : past.at("items").as_array()) {
      if (row.at("equipment").at("code") == json::value(code)) return text(row.at("status"));
    }
    return std::string("absent");
  };
  EXPECT_EQ(board_status(at(t1), "T-LBE-PIT"), "cleaning");
  EXPECT_EQ(board_status(at(t2), "T-LBE-PIT"), "clean");
  EXPECT_EQ(board_status(at(t0 - microseconds(1)), "T-LBE-PIT"), "absent");
  EXPECT_EQ(board_status(at(t0 - microseconds(1)), "HIGH-SHEAR-GRANULATOR-02"), "dirty");
}

// (j) A plant's own logbook type, defined by the process engineer, revised, and written to.
TEST_P(LogbookE2E, APlantDefinesItsOwnLogbook) {
  json::object type{{"type", "compressed_air"},
                    {"name", "Compressed air checks"},
                    {"kind", "general"},
                    {"links", {{"room", "optional"}}},
                    {"fields",
                     {json::object{{"key", "dew_point"},
                                   {"name", "Pressure dew point"},
                                   {"type", "numeric_entry"},
                                   {"text", "At the point of use."},
                                   {"unit", "°C"},
                                   {"decimals", 1},
                                   {"limits", {{"low", -80}, {"high", 20}}},
                                   {"alarm", {{"high", -20}}}},
                      json::object{{"key", "oil_free"},
                                   {"name", "Oil free"},
                                   {"type", "boolean_entry"},
                                   {"text", "No oil on the test filter."},
                                   {"expected", true}}}}};
  json::value v1 = post("eng.farid", "/api/v1/logbooks", type, 201);
  EXPECT_EQ(v1.at("version"), 1);
  EXPECT_EQ(v1.at("kind"), "general");
  // Version 2: a third, optional field.
  type["fields"].as_array().push_back(json::object{{"key", "compressor"},
                                                   {"name", "Compressor"},
                                                   {"type", "choice_entry"},
                                                   {"text", "Which compressor runs."},
                                                   {"options", {"C1", "C2"}},
                                                   {"required", false}});
  json::value v2 = post("eng.farid", "/api/v1/logbooks", type, 201);
  EXPECT_EQ(v2.at("version"), 2);
  EXPECT_EQ(get("op.anna", "/api/v1/logbooks/compressed_air").at("version"), 2);
  bool listed = false;
  const json::value types = get("op.anna", "/api/v1/logbooks");
  for (const auto& t : types.at("items").as_array()) {
    listed |= t.at("type") == "compressed_air" && t.at("version") == 2;
  }
  EXPECT_TRUE(listed);
  // Its kind cannot change.
  json::object other = type;
  other["kind"] = "environment";
  other["links"] = json::object{{"room", "required"}};
  post("eng.farid", "/api/v1/logbooks", other, 409);

  json::object e =
      record("compressed_air",
             {{"room", "GRA-201"},
              {"fields",
               {{"dew_point", quantity(-42.5, "°C")}, {"oil_free", false}, {"compressor", "C2"}}}});
  EXPECT_EQ(e.at("template_version"), 2);
  EXPECT_EQ(e.at("type"), "compressed_air");
  ASSERT_EQ(e.at("exceptions").as_array().size(), 1u);  // oil found: not what was expected
  EXPECT_EQ(e.at("exceptions").at(0).at("kind"), "unexpected_value");
  EXPECT_EQ(entries("compressed_air", "limit=10").size(), 1u);
  // Its links are the template's: a room may be named, equipment not.
  json::value linked = post("op.anna", "/api/v1/logbooks/compressed_air/entries",
                            {{"equipment", "CONICAL-MILL-01"},
                             {"fields", {{"dew_point", -40}, {"oil_free", true}}},
                             {"signature", sig("op.anna")}},
                            422);
  EXPECT_EQ(linked.at("error").at("details").at("field"), "equipment");

  // A bad template: every problem located.
  json::value bad = post("eng.farid", "/api/v1/logbooks",
                         {{"type", "Bad Type"},
                          {"name", "Bad"},
                          {"kind", "general"},
                          {"fields",
                           {json::object{{"key", "t"},
                                         {"name", "T"},
                                         {"type", "numeric_entry"},
                                         {"text", "x"},
                                         {"unit", "furlongs"}},
                            json::object{{"key", "c"},
                                         {"name", "C"},
                                         {"type", "choice_entry"},
                                         {"text", "x"},
                                         {"options", {"only"}}}}}},
                         422);
  const json::value& details = bad.at("error").at("details");
  const json::array& problems = details.at("problems").as_array();
  EXPECT_GE(problems.size(), 3u) << json::serialize(bad);
  std::set<std::string> fields;
  for (const auto& p : problems) {
    fields.insert(text(p.at("field")));
    EXPECT_FALSE(p.at("message").as_string().empty());
  }
  EXPECT_TRUE(fields.contains("type")) << json::serialize(problems);
  EXPECT_EQ(details.at("field"), problems.at(0).at("field"));
  bool unit = false, options = false;
  for (const std::string& f : fields) {
    unit |= f.starts_with("fields[0]");
    options |= f.starts_with("fields[1]");
  }
  EXPECT_TRUE(unit && options) << json::serialize(problems);
  // A kind's rules: a cleaning logbook without its level.
  json::value cleaning =
      post("eng.farid", "/api/v1/logbooks",
           {{"type", "wipe_down"},
            {"name", "Wipe down"},
            {"kind", "cleaning"},
            {"verification", true},
            {"links", {{"equipment", "optional"}, {"room", "optional"}}},
            {"fields",
             {json::object{
                 {"key", "done"}, {"name", "Done"}, {"type", "boolean_entry"}, {"text", "x"}}}}},
           422);
  EXPECT_FALSE(cleaning.at("error").at("details").at("problems").as_array().empty());
  // Nothing was defined by the refusals.
  HttpResponse none = call("op.anna", "GET", "/api/v1/logbooks/wipe_down");
  EXPECT_EQ(none.status, 404);
}

}  // namespace
}  // namespace gemba
