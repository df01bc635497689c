// A batch of the demo recipe from creation to release through the real `gemba` binary and its
// HTTP API, as the people on the floor and in QA would do it: a supervisor creates and starts it,
// operators execute every step (a second operator witnesses where the recipe asks), process
// values are entered by hand with a supervisor's signed override (no equipment is connected),
// QA dispositions every exception and a qualified person releases it. Then the record — JSON and
// PDF — must hold exactly what was entered. Also: replays with Idempotency-Key, concurrent
// completions of one step, signed dispositions, and the bad inputs of the step API.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "gemba/store/database.h"
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

class BatchE2E : public ::testing::Test {
 protected:
  // The database the server runs on: SQLite here; PostgreSQL in BatchE2EOnBackends.
  virtual std::string database_url() { return "sqlite:" + (dir_ / "gemba.db").string(); }

  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gemba-batch-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // The smallest Argon2id cost: dozens of signatures stay fast under AddressSanitizer.
    std::ofstream(dir_ / "gemba.toml")
        << "[security]\nargon2_opslimit = 1\nargon2_memlimit_mib = 1\n";
    server_ = std::make_unique<GembaProcess>(
        GEMBA_BINARY,
        std::vector<std::string>{"demo", "--config", (dir_ / "gemba.toml").string(), "--database",
                                 database_url()},
        (dir_ / "demo.log").string());
    auto port = server_->start(std::chrono::seconds(120));
    ASSERT_TRUE(port.ok()) << port.error().message << server_->log();
    client_ = std::make_unique<HttpClient>("127.0.0.1", *port, std::chrono::seconds(60));
    for (const char* u : {"op.anna", "op.ben", "sup.carla", "qa.david", "qp.eva"}) {
      auto token = BatchDriver::login(*client_, u);
      ASSERT_TRUE(token.ok()) << token.error().message;
      tokens_[u] = *token;
    }
    driver_ = std::make_unique<BatchDriver>(*port, tokens_);
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  HttpResponse call(const std::string& who, const std::string& method, const std::string& target,
                    const std::string& body = "", testing::HttpHeaders extra = {}) {
    extra.emplace_back("Authorization", "Bearer " + tokens_.at(who));
    if (!body.empty()) extra.emplace_back("Content-Type", "application/json");
    auto r = client_->request(method, target, body, extra);
    EXPECT_TRUE(r.ok()) << method << " " << target;
    return r.ok() ? *r : HttpResponse{};
  }
  json::value post(const std::string& who, const std::string& target, const json::object& body,
                   int want = 200) {
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

  std::string create_and_start() {
    auto id = driver_->create_and_start();
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : "";
  }

  // Executes every step until none is Ready. Returns run id → body sent, for completions.
  std::map<std::string, json::object> execute_all(const std::string& id) {
    std::map<std::string, json::object> sent;
    for (int guard = 0; guard < 400; ++guard) {
      auto step = driver_->step(id);
      EXPECT_TRUE(step.ok()) << step.error().message;
      if (!step.ok() || step->run_id.empty()) break;
      EXPECT_EQ(step->response.status, 200)
          << step->action << " " << step->run_id << " " << json::serialize(step->body) << "\n"
          << step->response.body;
      if (step->response.status != 200) break;
      if (step->action == "complete") sent[step->run_id] = step->body;
    }
    return sent;
  }

  fs::path dir_;
  std::unique_ptr<GembaProcess> server_;
  std::unique_ptr<HttpClient> client_;
  std::unique_ptr<BatchDriver> driver_;
  std::map<std::string, std::string> tokens_;
};

// The whole journey on SQLite and on PostgreSQL (under scripts/with-postgres: a schema of its
// own in the throwaway cluster).
class BatchE2EOnBackends : public BatchE2E, public ::testing::WithParamInterface<std::string> {
 protected:
  std::string database_url() override {
    if (GetParam() == "sqlite") return BatchE2E::database_url();
    schema_ = std::make_unique<testing::PostgresSchema>("gemba_e2e_" + std::to_string(getpid()));
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
    BatchE2E::SetUp();
  }
  void TearDown() override {
    BatchE2E::TearDown();
    schema_.reset();
  }
  std::unique_ptr<testing::PostgresSchema> schema_;
};

INSTANTIATE_TEST_SUITE_P(Backends, BatchE2EOnBackends, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST_P(BatchE2EOnBackends, CreateExecuteReviewReleaseAndTheRecordHoldsWhatWasEntered) {
  const std::string id = create_and_start();
  const std::string base = "/api/v1/batches/" + id;
  const auto sent = execute_all(id);
  ASSERT_GT(sent.size(), 50u);

  json::value batch = get("op.anna", base);
  EXPECT_EQ(batch.at("steps_finished"), batch.at("steps_total")) << json::serialize(batch);
  // Its number finds it too (what an operator types or a batch ticket's barcode carries).
  const std::string number(batch.at("number").as_string());
  EXPECT_EQ(get("op.anna", "/api/v1/batches/" + number).at("id"), batch.at("id"));
  EXPECT_EQ(get("op.anna", "/api/v1/batches/" + number + "/steps").at("id"), batch.at("id"));
  EXPECT_EQ(call("op.anna", "GET", "/api/v1/batches/PCM-1999-9999").status, 404);
  post("op.anna", base + "/complete", {{"signature", sig("op.anna")}});

  // Review by exception: every exception dispositioned by QA, signed "reviewed".
  json::value exceptions = get("qa.david", base + "/exceptions");
  const auto& items = exceptions.at("items").as_array();
  ASSERT_FALSE(items.empty()) << "manual process values must be exceptions";
  for (const auto& e : items) {
    json::value d = post(
        "qa.david", base + "/exceptions/" + std::string(e.at("id").as_string()) + "/disposition",
        {{"outcome", "accepted"},
         {"comment", "Reviewed: manual entries checked against the HMI"},
         {"signature", sig("qa.david")}});
    EXPECT_EQ(d.at("signature").at("meaning"), "reviewed") << json::serialize(d);
  }
  // Whoever executed may not release.
  post("sup.carla", base + "/release", {{"signature", sig("sup.carla")}}, 403);
  json::value released = post("qp.eva", base + "/release", {{"signature", sig("qp.eva")}});
  EXPECT_EQ(released.at("batch").at("state"), "released") << json::serialize(released);
  EXPECT_EQ(released.at("signature").at("meaning"), "released");

  // record.json holds every value as entered, with performer and signatures.
  HttpResponse rec = call("qa.david", "GET", base + "/record.json");
  ASSERT_EQ(rec.status, 200);
  json::value record = json::parse(rec.body);
  EXPECT_EQ(record.at("batch").at("state"), "released");
  std::map<std::string, json::object> runs;
  for (const auto& up : record.at("unit_procedures").as_array()) {
    for (const auto& op : up.at("operations").as_array()) {
      for (const auto& st : op.at("steps").as_array()) {
        for (const auto& r : st.at("runs").as_array()) {
          runs[std::string(st.at("key").as_string()) + "#" +
               std::to_string(r.at("occurrence").to_number<int>())] = r.as_object();
        }
      }
    }
  }
  for (const auto& [rid, body] : sent) {
    SCOPED_TRACE(rid);
    ASSERT_TRUE(runs.count(rid));
    const json::object& r = runs.at(rid);
    EXPECT_EQ(r.at("state"), "done");
    ASSERT_TRUE(r.contains("entry"));
    const json::object& entry = r.at("entry").as_object();
    if (body.contains("value") && body.at("value").is_number()) {
      EXPECT_NEAR(entry.at("value").at("number").to_number<double>(),
                  body.at("value").to_number<double>(), 1e-9);
    } else if (body.contains("value") && body.at("value").is_string()) {
      EXPECT_EQ(entry.at("value").at("text"), body.at("value"));
    } else if (body.contains("value") && body.at("value").is_bool()) {
      EXPECT_EQ(entry.at("value").at("boolean"), body.at("value"));
    }
    EXPECT_FALSE(entry.at("performer").at("printed_name").as_string().empty());
    if (body.contains("manual_override")) {
      EXPECT_EQ(entry.at("source"), "manual");
      EXPECT_EQ(entry.at("signature").at("meaning"), "performed");
    }
  }
  ASSERT_EQ(record.at("exceptions").as_array().size(), items.size());
  for (const auto& e : record.at("exceptions").as_array()) {
    const json::value& signed_by = e.at("disposition").at("signature");
    EXPECT_EQ(signed_by.at("meaning"), "reviewed") << json::serialize(e);
    EXPECT_EQ(signed_by.at("printed_name"), "David Nowak");
  }
  EXPECT_EQ(rec.header("digest").substr(0, 8), "sha-256=");

  // record.pdf: the same content for people.
  HttpResponse pdf = call("qa.david", "GET", base + "/record.pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  const fs::path pdf_path = dir_ / "record.pdf";
  std::ofstream(pdf_path, std::ios::binary) << pdf.body;
  auto [code, text] = GembaProcess::run("/usr/bin/pdftotext", {"-layout", pdf_path.string(), "-"});
  ASSERT_EQ(code, 0) << text;
  EXPECT_NE(text.find(std::string(record.at("batch").at("number").as_string())), std::string::npos);
  EXPECT_NE(text.find(rec.header("digest").substr(8)), std::string::npos) << "footer SHA-256";
  EXPECT_NE(text.find("Released by"), std::string::npos);
  EXPECT_NE(text.find("Verified by"), std::string::npos);
  EXPECT_NE(text.find("Reviewed by David Nowak"), std::string::npos) << "dispositions are signed";
}

// QA's disposition of an exception is an e-signature, meaning "reviewed" (21 CFR 11.50, 11.70):
// unsigned, wrongly signed or signed by someone who may not review, it is refused and records
// nothing; signed, the signature is on the exception wherever it is shown, and it verifies.
TEST_P(BatchE2EOnBackends, DispositionIsSignedReviewedAndVerifies) {
  // The demo's batch in review: its manual entries dispositioned by the seed, three open.
  json::value listed = get("qa.david", "/api/v1/batches?status=in_review");
  ASSERT_FALSE(listed.at("items").as_array().empty()) << json::serialize(listed);
  const std::string id(listed.at("items").at(0).at("id").as_string());
  const std::string base = "/api/v1/batches/" + id;
  json::value before = get("qa.david", base + "/exceptions");
  const std::int64_t open_before = before.at("batch").at("exceptions_open").as_int64();
  ASSERT_GT(open_before, 0);
  const json::object& open_one = before.at("items").at(0).as_object();
  ASSERT_FALSE(open_one.contains("disposition"));
  const std::string eid(open_one.at("id").as_string());
  const std::string target = base + "/exceptions/" + eid + "/disposition";
  // The seed's dispositions were signed too.
  bool seeded_signed = false;
  for (const auto& e : before.at("items").as_array()) {
    if (const auto* d = e.as_object().if_contains("disposition")) {
      EXPECT_EQ(d->at("signature").at("meaning"), "reviewed") << json::serialize(e);
      seeded_signed = true;
    }
  }
  EXPECT_TRUE(seeded_signed) << "the demo batch in review has dispositioned exceptions";

  const auto body = [](json::value signature) {
    json::object b{{"outcome", "accepted"}, {"comment", "Within the validated range"}};
    if (!signature.is_null()) b["signature"] = std::move(signature);
    return json::serialize(b);
  };
  struct Case {
    const char* name;
    std::string who;
    std::string body;
    int want;
    std::string field;  // details.field of the error ("" = none asked)
  };
  const Case cases[] = {
      {"without a signature", "qa.david", body(nullptr), 422, "signature"},
      {"a signature without a password", "qa.david", body(json::object{{"username", "qa.david"}}),
       422, "signature.password"},
      // As every signature: not 401 (the session is fine); the attempt counts towards lockout.
      {"a wrong password", "qa.david",
       body(json::object{{"username", "qa.david"}, {"password", "not-the-password"}}), 422,
       "signature.password"},
      {"a member a signature does not have", "qa.david",
       body(json::object{{"username", "qa.david"}, {"password", "x"}, {"pin", "1234"}}), 422,
       "signature.pin"},
      {"signed by someone who may not review", "qa.david", body(sig("op.anna")), 403, ""},
      {"by someone who may not review", "op.anna", body(sig("op.anna")), 403, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    HttpResponse r = call(c.who, "POST", target, c.body);
    EXPECT_EQ(r.status, c.want) << r.body;
    json::value e = json::parse(r.body);
    EXPECT_FALSE(e.at("error").at("message").as_string().empty());
    if (!c.field.empty()) {
      EXPECT_EQ(std::string(e.at("error").at("details").at("field").as_string()), c.field)
          << r.body;
    }
  }
  json::value still = get("qa.david", base + "/exceptions");
  EXPECT_EQ(still.at("batch").at("exceptions_open").as_int64(), open_before) << "nothing recorded";
  EXPECT_FALSE(still.at("items").at(0).as_object().contains("disposition"));

  // Signed: the exception carries the manifestation wherever it is shown.
  json::value done = post("qa.david", target,
                          {{"outcome", "accepted"},
                           {"comment", "Within the validated range"},
                           {"signature", sig("qa.david")}});
  const json::value& applied = done.at("signature");
  EXPECT_EQ(applied.at("meaning"), "reviewed");
  EXPECT_EQ(applied.at("printed_name"), "David Nowak");
  const std::string signature_id(applied.at("signature_id").as_string());
  ASSERT_FALSE(signature_id.empty());
  EXPECT_EQ(done.at("changed_exceptions").at(0).at("disposition").at("signature"), applied);
  json::value after = get("qa.david", base + "/exceptions");
  EXPECT_EQ(after.at("batch").at("exceptions_open").as_int64(), open_before - 1);
  bool shown = false;
  for (const auto& e : after.at("items").as_array()) {
    if (e.at("id").as_string() != eid) continue;
    shown = true;
    EXPECT_EQ(e.at("disposition").at("signature"), applied) << json::serialize(e);
    EXPECT_EQ(e.at("disposition").at("by").at("printed_name"), "David Nowak");
  }
  EXPECT_TRUE(shown);
  json::value record = get("qa.david", base + "/record.json");
  bool in_record = false;
  for (const auto& e : record.at("exceptions").as_array()) {
    if (e.at("id").as_string() != eid) continue;
    in_record = true;
    EXPECT_EQ(e.at("disposition").at("signature"), applied) << json::serialize(e);
  }
  EXPECT_TRUE(in_record);
  // The trust core verifies it against the exception as stored: valid, bound to it.
  json::value verified = get("qa.david", "/api/v1/signatures/" + signature_id);
  EXPECT_EQ(verified.at("valid"), true) << json::serialize(verified);
  EXPECT_EQ(verified.at("content_checked"), true);
  EXPECT_EQ(verified.at("meaning"), "reviewed");
  EXPECT_EQ(verified.at("meaning_text"), "Reviewed by");
  EXPECT_EQ(verified.at("signer").at("printed_name"), "David Nowak");
  EXPECT_EQ(verified.at("record").at("type"), "batch_exception");
  EXPECT_EQ(std::string(verified.at("record").at("id").as_string()), id + "/" + eid);
  // PDF: "Reviewed by David Nowak — <time> — reviewed" under the disposition.
  HttpResponse pdf = call("qa.david", "GET", base + "/record.pdf");
  ASSERT_EQ(pdf.status, 200);
  const fs::path pdf_path = dir_ / "record.pdf";
  std::ofstream(pdf_path, std::ios::binary) << pdf.body;
  auto [code, text] = GembaProcess::run("/usr/bin/pdftotext", {pdf_path.string(), "-"});
  ASSERT_EQ(code, 0) << text;
  EXPECT_NE(text.find("Reviewed by David Nowak"), std::string::npos);

  // Once only, signed or not.
  HttpResponse twice =
      call("qa.david", "POST", target,
           json::serialize(json::object{
               {"outcome", "accepted"}, {"comment", "again"}, {"signature", sig("qa.david")}}));
  EXPECT_EQ(twice.status, 409) << twice.body;

  // The signature binds what QA decided: a disposition changed behind Gemba's back (the sqlite3
  // tool on the database) shows it invalid.
  if (GetParam() != "sqlite") return;
  auto [tampered, out] = GembaProcess::run(
      "/usr/bin/sqlite3",
      {(dir_ / "gemba.db").string(),
       "UPDATE batch_exception SET body = replace(body, 'Within the validated range', "
       "'No review needed') WHERE id = '" +
           eid + "';"});
  ASSERT_EQ(tampered, 0) << out;
  json::value invalid = get("qa.david", "/api/v1/signatures/" + signature_id);
  EXPECT_EQ(invalid.at("valid"), false) << json::serialize(invalid);
}

TEST_F(BatchE2E, RepliesToReplayedAndConcurrentRequestsActOnce) {
  const std::string id = create_and_start();
  const std::string base = "/api/v1/batches/" + id;
  json::value steps = get("op.anna", base + "/steps");
  const std::string first(steps.at("ready").at(0).as_string());
  const std::string key = first.substr(0, first.find('#'));
  const std::string body = json::serialize(json::object{{"value", true}});
  const testing::HttpHeaders idem = {{"Idempotency-Key", "tablet-7-0001"}};
  HttpResponse a = call("op.anna", "POST", base + "/steps/" + key + "/complete", body, idem);
  HttpResponse b = call("op.anna", "POST", base + "/steps/" + key + "/complete", body, idem);
  EXPECT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(b.header("idempotent-replayed"), "true");
  // The same key with another body is refused; without a key, the done step is not Ready.
  HttpResponse c = call("op.anna", "POST", base + "/steps/" + key + "/complete",
                        json::serialize(json::object{{"value", false}}), idem);
  EXPECT_EQ(c.status, 422) << c.body;
  HttpResponse d = call("op.anna", "POST", base + "/steps/" + key + "/complete", body);
  EXPECT_EQ(d.status, 409) << d.body;

  // The witness signs the first step; then two operators complete the next one at once: one
  // wins, the other gets 409.
  auto witnessed = driver_->step(id);
  ASSERT_TRUE(witnessed.ok());
  ASSERT_EQ(witnessed->action, "verify");
  ASSERT_EQ(witnessed->response.status, 200) << witnessed->response.body;
  json::value now = get("op.anna", base + "/steps");
  const std::string next(now.at("ready").at(0).as_string());
  const std::string next_key = next.substr(0, next.find('#'));
  std::vector<int> statuses(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      HttpClient own("127.0.0.1", server_->port(), std::chrono::seconds(30));
      auto r =
          own.request("POST", base + "/steps/" + next_key + "/complete",
                      json::serialize(json::object{{"value", true}}),
                      {{"Authorization", "Bearer " + tokens_.at(i == 0 ? "op.anna" : "op.ben")},
                       {"Content-Type", "application/json"}});
      statuses[i] = r.ok() ? r->status : -1;
    });
  }
  for (auto& t : threads) t.join();
  std::multiset<int> got(statuses.begin(), statuses.end());
  EXPECT_EQ(got, (std::multiset<int>{200, 409}));
  json::value record = get("qa.david", base + "/record.json");
  int entries = 0;
  for (const auto& up : record.at("unit_procedures").as_array()) {
    for (const auto& op : up.at("operations").as_array()) {
      for (const auto& st : op.at("steps").as_array()) {
        for (const auto& r : st.at("runs").as_array()) entries += r.as_object().contains("entry");
      }
    }
  }
  EXPECT_EQ(entries, 2) << "each step recorded once";
}

TEST_F(BatchE2E, BadInputsGetClearErrorsAndRecordNothing) {
  const std::string id = create_and_start();
  const std::string base = "/api/v1/batches/" + id;
  json::value steps = get("op.anna", base + "/steps");
  const std::string first(steps.at("ready").at(0).as_string());
  const std::string key = first.substr(0, first.find('#'));  // a boolean entry
  std::string pending_key;
  for (const auto& s : steps.at("steps").as_array()) {
    if (s.at("state").as_string() == "pending") {
      pending_key = std::string(s.at("key").as_string());
      break;
    }
  }
  struct Case {
    const char* name;
    std::string step;
    std::string body;
    int want;
  };
  const Case cases[] = {
      {"a step that is not Ready", pending_key, R"({"value": true})", 409},
      {"an unknown step", "no_such_step", R"({"value": true})", 404},
      {"a number for a boolean", key, R"({"value": 12.5})", 422},
      {"a text for a boolean", key, R"({"value": "yes"})", 422},
      {"not JSON", key, R"({"value": tru)", 400},
      {"NaN is not JSON", key, R"({"value": NaN})", 400},
      {"an infinite number", key, R"({"value": 1e999})", 400},
      {"an unknown field", key, R"({"value": true, "valeu": 1})", 422},
      {"a 1 MB comment", key,
       std::string(R"({"value": true, "comment": ")") + std::string(1 << 20, 'x') + "\"}", 422},
      {"a stale version", key, R"({"value": true, "version": 99})", 409},
      {"a source the client may not claim", key, R"({"value": true, "source": "equipment"})", 422},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    HttpResponse r = call("op.anna", "POST", base + "/steps/" + c.step + "/complete", c.body);
    EXPECT_EQ(r.status, c.want) << r.body;
    if (r.status >= 400) {
      json::value e = json::parse(r.body);
      EXPECT_FALSE(e.at("error").at("message").as_string().empty());
    }
  }
  json::value after = get("op.anna", base);
  EXPECT_EQ(after.at("steps_finished"), 0) << "nothing recorded";
  EXPECT_EQ(after.at("exceptions_total"), 0);

  // The other endpoints' bad inputs.
  const std::string recipe(
      get("sup.carla", "/api/v1/recipes").at("items").at(0).at("id").as_string());
  struct Other {
    const char* name;
    std::string who, method, target, body;
    int want;
  };
  const Other others[] = {
      {"create without a recipe", "sup.carla", "POST", "/api/v1/batches", "{}", 422},
      {"create from an unknown recipe", "sup.carla", "POST", "/api/v1/batches",
       R"({"recipe_id": "nope"})", 404},
      {"a batch size of another dimension", "sup.carla", "POST", "/api/v1/batches",
       R"({"recipe_id": ")" + recipe + R"(", "batch_size": {"value": 80, "unit": "L"}})", 422},
      {"a batch size outside the recipe's range", "sup.carla", "POST", "/api/v1/batches",
       R"({"recipe_id": ")" + recipe + R"(", "batch_size": {"value": 500, "unit": "kg"}})", 422},
      {"a batch size that is text", "sup.carla", "POST", "/api/v1/batches",
       R"({"recipe_id": ")" + recipe + R"(", "batch_size": "big"})", 422},
      {"an operator may not create batches", "op.anna", "POST", "/api/v1/batches",
       R"({"recipe_id": ")" + recipe + R"("})", 403},
      {"starting a started batch", "sup.carla", "POST", base + "/start", "{}", 409},
      {"hold without a reason", "sup.carla", "POST", base + "/hold", "{}", 422},
      {"abort without a signature", "sup.carla", "POST", base + "/abort", R"({"reason": "test"})",
       422},
      {"abort with a wrong password", "sup.carla", "POST", base + "/abort",
       R"({"reason": "test", "signature": {"username": "sup.carla", "password": "wrong"}})", 422},
      {"completing a batch with steps open", "op.anna", "POST", base + "/complete", "{}", 409},
      {"release of a batch in progress", "qp.eva", "POST", base + "/release",
       R"({"signature": {"username": "qp.eva", "password": "gemba-demo-2026"}})", 409},
      {"an unknown disposition outcome", "qa.david", "POST", base + "/exceptions/x/disposition",
       R"({"outcome": "ignored", "comment": "c", "signature": {"password": "gemba-demo-2026"}})",
       422},
      {"a disposition without a signature", "qa.david", "POST", base + "/exceptions/x/disposition",
       R"({"outcome": "accepted", "comment": "c"})", 422},
      {"a disposition with a wrong password", "qa.david", "POST",
       base + "/exceptions/x/disposition",
       R"({"outcome": "accepted", "comment": "c",
           "signature": {"username": "qa.david", "password": "wrong"}})",
       422},
      {"a disposition while the batch is in progress", "qa.david", "POST",
       base + "/exceptions/x/disposition",
       R"({"outcome": "accepted", "comment": "c",
           "signature": {"username": "qa.david", "password": "gemba-demo-2026"}})",
       409},
      {"an unknown batch", "op.anna", "GET", "/api/v1/batches/nope", "", 404},
      {"an unknown state filter", "op.anna", "GET", "/api/v1/batches?status=lost", "", 422},
      {"a limit out of range", "op.anna", "GET", "/api/v1/batches?limit=0", "", 422},
      {"a 1 MB comment on a step", "op.anna", "POST", base + "/steps/" + key + "/comments",
       std::string(R"({"text": ")") + std::string(1 << 20, 'x') + "\"}", 422},
  };
  for (const Other& c : others) {
    SCOPED_TRACE(c.name);
    HttpResponse r = call(c.who, c.method, c.target, c.body);
    EXPECT_EQ(r.status, c.want) << r.body;
    if (r.status >= 400) {
      EXPECT_FALSE(json::parse(r.body).at("error").at("message").as_string().empty());
    }
  }
  json::value still = get("op.anna", base);
  EXPECT_EQ(still.at("state"), "in_progress");
  EXPECT_EQ(still.at("steps_finished"), 0);
}

}  // namespace
}  // namespace gemba
