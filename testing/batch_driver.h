#pragma once
// BatchDriver: the demo crew at a tablet, through the real HTTP API — logs people in, creates and
// starts batches of the demo recipe, and executes the next Ready step of a batch with a valid
// value (a second operator witnesses where the recipe asks; process values are entered by hand
// with the supervisor's signed override, as no equipment is connected; equipment is registered
// per batch and cleaned, and its room cleared, through the logbooks). For integration tests and
// benchmarks. One driver per thread (it owns its HttpClient).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>

#include "gemba/core/result.h"
#include "testing/http_client.h"

namespace gemba::testing {

inline constexpr const char* kDemoPassword = "gemba-demo-2026";

class BatchDriver {
 public:
  // `tokens`: bearer tokens by user name (from login()).
  BatchDriver(std::uint16_t port, std::map<std::string, std::string> tokens);

  // A bearer token for a demo user.
  static Result<std::string> login(HttpClient& client, const std::string& user);

  Result<HttpResponse> call(const std::string& who, const std::string& method,
                            const std::string& target, const std::string& body = "",
                            HttpHeaders extra = {});
  // POST with a JSON body; error unless the status is `want`. Returns the parsed body.
  Result<boost::json::value> post(const std::string& who, const std::string& target,
                                  const boost::json::object& body, int want = 200);
  Result<boost::json::value> get(const std::string& who, const std::string& target);

  // The demo recipe's id; a new batch of it, started. Returns the batch id.
  Result<std::string> create_and_start();

  // What one step() did.
  struct Step {
    std::string run_id;        // "" when nothing was Ready
    std::string action;        // "complete" or "verify"
    boost::json::object body;  // what was sent
    HttpResponse response;
  };
  // Executes the next action of batch `id` (a witness first, else the first Ready run). An HTTP
  // error status is returned in `response`, not as an error; errors are transport failures.
  Result<Step> step(const std::string& id);

  // A valid completion body for a run as GET /steps shows it.
  boost::json::object body_for(const boost::json::object& run) const;
  static boost::json::object signature(const std::string& user = "");

 private:
  Result<void> load_formula(const std::string& id);
  // Dispense steps weigh through materials: fresh stock of the line's material (received by
  // sup.carla, released by qp.eva), then one container weighed for what is still missing.
  Result<void> weigh(const std::string& id, const boost::json::object& run);
  // Equipment_use steps scan equipment of their own, made usable through the logbooks (a room
  // cleared for the batch, the equipment cleaned and verified). Returns its code.
  Result<std::string> prepare_equipment(const std::string& id, const std::string& equipment_class);
  const std::string& token(const std::string& who);

  HttpClient client_;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, boost::json::object> formula_;  // line key → {target, unit, ...}
  std::string formula_of_;                              // batch whose formula is loaded
};

}  // namespace gemba::testing
