#include "testing/batch_driver.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

namespace gemba::testing {
namespace {

namespace json = boost::json;

// Values for the steps whose spec has no target (what a good batch of 100 kg gives).
const std::map<std::string, double>& actuals() {
  static const std::map<std::string, double> kActuals = {
      {"dried_granules_weight", 97.0}, {"final_blend_weight", 96.5}, {"friability", 0.2},
      {"disintegration", 6.5},         {"core_tablets_net", 101.9},  {"compression_rejects", 0.4},
      {"coated_tablets_net", 102.6},   {"qc_samples", 0.35},
  };
  return kActuals;
}

Result<json::value> parse(const HttpResponse& r) {
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec) return Error::internal("not JSON (" + std::to_string(r.status) + "): " + r.body);
  return v;
}

}  // namespace

BatchDriver::BatchDriver(std::uint16_t port, std::map<std::string, std::string> tokens)
    : client_("127.0.0.1", port, std::chrono::seconds(60)), tokens_(std::move(tokens)) {}

Result<std::string> BatchDriver::login(HttpClient& client, const std::string& user) {
  GEMBA_TRY(r, client.request(
                   "POST", "/api/v1/auth/login",
                   json::serialize(json::object{{"username", user}, {"password", kDemoPassword}}),
                   {{"Content-Type", "application/json"}}));
  if (r.status != 200) return Error::internal("login of " + user + ": " + r.body);
  GEMBA_TRY(v, parse(r));
  return std::string(v.at("token").as_string());
}

const std::string& BatchDriver::token(const std::string& who) {
  if (!tokens_.contains(who)) {
    auto t = login(client_, who);
    tokens_[who] = t.ok() ? *t : std::string("no-token");
  }
  return tokens_.at(who);
}

Result<HttpResponse> BatchDriver::call(const std::string& who, const std::string& method,
                                       const std::string& target, const std::string& body,
                                       HttpHeaders extra) {
  extra.emplace_back("Authorization", "Bearer " + token(who));
  if (!body.empty()) extra.emplace_back("Content-Type", "application/json");
  return client_.request(method, target, body, extra);
}

Result<json::value> BatchDriver::post(const std::string& who, const std::string& target,
                                      const json::object& body, int want) {
  GEMBA_TRY(r, call(who, "POST", target, json::serialize(body)));
  if (r.status != want) {
    return Error::internal("POST " + target + " " + json::serialize(body) + " → " +
                           std::to_string(r.status) + " " + r.body);
  }
  return parse(r);
}

Result<json::value> BatchDriver::get(const std::string& who, const std::string& target) {
  GEMBA_TRY(r, call(who, "GET", target));
  if (r.status != 200) {
    return Error::internal("GET " + target + " → " + std::to_string(r.status) + " " + r.body);
  }
  return parse(r);
}

json::object BatchDriver::signature(const std::string& user) {
  json::object s{{"password", kDemoPassword}};
  if (!user.empty()) s["username"] = user;
  return s;
}

Result<std::string> BatchDriver::create_and_start() {
  GEMBA_TRY(list, get("sup.carla", "/api/v1/recipes"));
  std::string recipe;
  for (const auto& r : list.at("items").as_array()) {
    if (r.at("product_code") == "PCM500-FCT") recipe = std::string(r.at("id").as_string());
  }
  if (recipe.empty()) return Error::not_found("the demo recipe is missing");
  GEMBA_TRY(created, post("sup.carla", "/api/v1/batches", {{"recipe_id", recipe}}, 201));
  const std::string id(created.at("id").as_string());
  GEMBA_RETURN_IF_ERROR(post("sup.carla", "/api/v1/batches/" + id + "/start", {}));
  return id;
}

Result<void> BatchDriver::load_formula(const std::string& id) {
  if (formula_of_ == id) return ok();
  GEMBA_TRY(record, get("op.anna", "/api/v1/batches/" + id + "/record.json"));
  formula_.clear();
  for (const auto& l : record.at("formula").as_array()) {
    formula_[std::string(l.at("key").as_string())] = l.as_object();
  }
  formula_of_ = id;
  return ok();
}

json::object BatchDriver::body_for(const json::object& run) const {
  const json::object& step = run.at("step").as_object();
  const std::string type(step.at("type").as_string());
  const std::string key(step.at("key").as_string());
  json::object b;
  b["occurrence"] = run.at("occurrence");
  if (type == "numeric_entry" || type == "process_parameter") {
    double v = 1;
    if (auto it = actuals().find(key); it != actuals().end()) {
      v = it->second;
    } else if (step.contains("target")) {
      v = step.at("target").to_number<double>();
    } else if (step.contains("limits")) {
      const auto& l = step.at("limits").as_object();
      if (l.contains("low") && l.contains("high")) {
        v = (l.at("low").to_number<double>() + l.at("high").to_number<double>()) / 2;
      } else if (l.contains("high")) {
        v = l.at("high").to_number<double>() / 2;
      } else {
        v = l.at("low").to_number<double>() + 1;
      }
    }
    b["value"] = v;
    if (type == "process_parameter") {
      b["manual_override"] = true;
      b["comment"] = "Read from the HMI: no equipment connection yet";
      b["signature"] = signature("sup.carla");
    }
  } else if (type == "dispense") {
    b["source"] = "scanned";  // the step records what was weighed
  } else if (type == "charge") {
    const json::object& line = formula_.at(std::string(step.at("formula_line").as_string()));
    b["value"] = line.at("target");
    b["unit"] = line.at("unit");
    b["lot"] = "LOT-" + key;  // step() puts the lots the line was dispensed from
    b["source"] = "scanned";
  } else if (type == "choice_entry") {
    b["value"] = step.contains("expected") ? step.at("expected") : step.at("options").at(0);
  } else if (type == "boolean_entry") {
    b["value"] = step.contains("expected") ? step.at("expected") : json::value(true);
  } else if (type == "datetime_entry") {
    b["time"] = "2029-11-30T00:00:00Z";
  } else if (type == "text_entry") {
    b["value"] = "DEV-2026-00001";
  } else if (type == "equipment_use") {
    b["value"] = std::string(step.at("equipment_class").as_string()) + "-01";  // step() prepares
                                                                               // its own
    b["source"] = "scanned";
  } else if (type == "sampling") {
    b["value"] = std::string(step.at("sample_label").as_string()) + "-1";
  } else if (type == "sign_off") {
    b["signature"] = signature("op.anna");
  }
  return b;
}

Result<void> BatchDriver::weigh(const std::string& id, const json::object& run) {
  const json::object& spec = run.at("step").as_object();
  const std::string key(spec.at("key").as_string());
  const json::object& line = formula_.at(std::string(spec.at("formula_line").as_string()));
  const std::string occurrence = json::serialize(run.at("occurrence"));
  const std::string base = "/api/v1/batches/" + id + "/steps/" + key;
  GEMBA_TRY(so_far, get("op.anna", base + "/portions?occurrence=" + occurrence));
  const double target = line.at("target").to_number<double>();
  const double missing = std::round((target - so_far.at("total").to_number<double>()) * 1e6) / 1e6;
  if (missing <= 0) return ok();
  GEMBA_TRY(lot, post("sup.carla", "/api/v1/lots",
                      {{"item", line.at("material_code")},
                       {"supplier", "Test supplier"},
                       {"supplier_lot", "T-" + key},
                       {"containers", json::array{missing}},
                       {"unit", line.at("unit")},
                       {"assay_percent", 100}},
                      201));
  const std::string lot_id(lot.at("id").as_string());
  GEMBA_RETURN_IF_ERROR(post("qp.eva", "/api/v1/lots/" + lot_id + "/release",
                             {{"reason", "CoA checked"}, {"signature", signature("qp.eva")}}));
  GEMBA_RETURN_IF_ERROR(post("op.anna", base + "/dispense",
                             {{"container", lot.at("containers").at(0).at("id")},
                              {"tare", 0},
                              {"gross", missing},
                              {"unit", line.at("unit")},
                              {"occurrence", run.at("occurrence")}},
                             201));
  return ok();
}

// Equipment of the class for this batch alone (concurrent batches never share it), in a room of
// its own: registered by sup.carla, the room cleared for the batch and the equipment cleaned, each
// recorded by op.anna and verified by op.ben. Idempotent: it picks up where a crash left it.
Result<std::string> BatchDriver::prepare_equipment(const std::string& id,
                                                   const std::string& equipment_class) {
  const std::string tail = id.substr(id.size() > 12 ? id.size() - 12 : 0);
  const std::string room = "T-" + tail;
  const std::string code = "T-" + equipment_class + "-" + tail;
  auto created_or_exists = [&](const std::string& target,
                               const json::object& body) -> Result<void> {
    GEMBA_TRY(r, call("sup.carla", "POST", target, json::serialize(body)));
    if (r.status != 201 && r.status != 409) {
      return Error::internal("POST " + target + " answered " + std::to_string(r.status) + ": " +
                             r.body);
    }
    return ok();
  };
  GEMBA_RETURN_IF_ERROR(created_or_exists(
      "/api/v1/rooms",
      {{"area", "GRANULATION"}, {"code", room}, {"name", "Test room " + tail}, {"grade", "D"}}));
  GEMBA_RETURN_IF_ERROR(created_or_exists("/api/v1/equipment", {{"code", code},
                                                                {"name", "Test " + equipment_class},
                                                                {"class", equipment_class},
                                                                {"room", room}}));
  auto verify = [&](const std::string& type, const json::value& entry_id) -> Result<void> {
    GEMBA_TRY(verified, post("op.anna",
                             "/api/v1/logbooks/" + type + "/entries/" +
                                 std::string(entry_id.as_string()) + "/verify",
                             {{"signature", signature("op.ben")}}));
    (void)verified;
    return ok();
  };
  GEMBA_TRY(room_status, get("op.anna", "/api/v1/rooms/" + room + "/status"));
  if (room_status.at("cleared") != true || room_status.at("cleared_batch_id") != json::value(id)) {
    GEMBA_TRY(clearance, post("op.anna", "/api/v1/logbooks/clearance/entries",
                              {{"room", room},
                               {"batch", id},
                               {"fields",
                                {{"previous_product_removed", true},
                                 {"previous_documents_removed", true},
                                 {"equipment_clean_status_checked", true},
                                 {"waste_removed", true},
                                 {"labels_removed", true}}},
                               {"signature", signature("op.anna")}},
                              201));
    GEMBA_RETURN_IF_ERROR(verify("clearance", clearance.at("id")));
  }
  GEMBA_TRY(status, get("op.anna", "/api/v1/equipment/" + code + "/status"));
  if (status.at("status") == "cleaning") {
    // A cleaning recorded before a crash, not yet verified.
    for (const auto& e : status.at("entries").as_array()) {
      if (e.at("type") == "cleaning" && e.at("state") == "recorded") {
        GEMBA_RETURN_IF_ERROR(verify("cleaning", e.at("id")));
      }
    }
  } else if (status.at("status") != "clean" && status.at("status") != "in_use") {
    GEMBA_TRY(cleaning, post("op.anna", "/api/v1/logbooks/cleaning/entries",
                             {{"equipment", code},
                              {"fields", {{"level", "major"}, {"procedure", "SOP-CLN-0042"}}},
                              {"signature", signature("op.anna")}},
                             201));
    GEMBA_RETURN_IF_ERROR(verify("cleaning", cleaning.at("id")));
  }
  return code;
}

Result<BatchDriver::Step> BatchDriver::step(const std::string& id) {
  GEMBA_RETURN_IF_ERROR(load_formula(id));
  const std::string base = "/api/v1/batches/" + id;
  GEMBA_TRY(steps, get("op.anna", base + "/steps"));
  Step out;
  for (const auto& s : steps.at("steps").as_array()) {
    const json::object& run = s.as_object();
    if (run.at("state") == "in_progress" && run.contains("entry") && !run.contains("witness")) {
      out.run_id = std::string(run.at("run_id").as_string());
      out.action = "verify";
      out.body = {{"occurrence", run.at("occurrence")}, {"signature", signature("op.ben")}};
      GEMBA_TRY(r, call("op.anna", "POST",
                        base + "/steps/" + std::string(run.at("key").as_string()) + "/verify",
                        json::serialize(out.body)));
      out.response = std::move(r);
      return out;
    }
  }
  const auto& ready = steps.at("ready").as_array();
  if (ready.empty()) return out;
  out.run_id = std::string(ready.at(0).as_string());
  for (const auto& s : steps.at("steps").as_array()) {
    if (s.at("run_id").as_string() != out.run_id) continue;
    out.action = "complete";
    const json::object& spec = s.at("step").as_object();
    if (spec.at("type") == "dispense") GEMBA_RETURN_IF_ERROR(weigh(id, s.as_object()));
    out.body = body_for(s.as_object());
    if (spec.at("type") == "equipment_use") {
      GEMBA_TRY(code, prepare_equipment(id, std::string(spec.at("equipment_class").as_string())));
      out.body["value"] = code;
    }
    if (spec.at("type") == "charge") {
      // The lots and total of the dispense step of the same formula line.
      for (const auto& d : steps.at("steps").as_array()) {
        const json::object& ds = d.at("step").as_object();
        if (ds.at("type") == "dispense" && ds.at("formula_line") == spec.at("formula_line") &&
            d.as_object().contains("entry")) {
          const json::object& value = d.at("entry").at("value").as_object();
          out.body["lot"] = value.at("lot");
          out.body["value"] = value.at("number");
        }
      }
    }
    GEMBA_TRY(r, call("op.anna", "POST",
                      base + "/steps/" + std::string(s.at("key").as_string()) + "/complete",
                      json::serialize(out.body)));
    out.response = std::move(r);
    return out;
  }
  return Error::internal("ready run " + out.run_id + " is not among the steps");
}

}  // namespace gemba::testing
