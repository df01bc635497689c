#include "gemba/batch/routes.h"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

#include "gemba/batch/model/batch_json.h"
#include "gemba/batch/request_body.h"
#include "gemba/core/time.h"
#include "gemba/http/errors.h"
#include "gemba/recipe/model/format.h"
#include "gemba/recipe/routes_view.h"
#include "gemba/trust/authorizer.h"
#include "gemba/trust/permissions.h"
#include "gemba/trust/views.h"

namespace gemba::batch {
namespace {

namespace json = boost::json;
namespace perm = trust::perm;
namespace views = trust::views;
using http::Request;
using http::Response;

std::string param(const Request& req, const char* name) {
  return recipe::views::path_param(req, name);
}

Error field_error(std::string field, std::string message) {
  return Error::invalid_argument(std::move(message), {{"field", std::move(field)}});
}

Result<std::optional<std::int64_t>> expected_version(const Request& req, const json::object& o) {
  return recipe::views::expected_version(req, &o);
}

json::object run_view(const Batch& b, const StepRun& r) {
  json::object o = step_run_to_json(r);
  o["run_id"] = run_id(r.key, r.occurrence);
  if (const recipe::Step* step = find_step(b, r.key)) {
    json::object spec = recipe::step_to_json(*step);
    o["name"] = spec["name"];
    o["type"] = spec["type"];
    o["step"] = std::move(spec);
  }
  return o;
}

json::object batch_view(const Batch& b, bool with_steps) {
  json::object o = header_to_json(b.header);
  int finished = 0;
  json::array ready;
  for (const StepRun& r : b.steps) {
    if (r.state == StepState::kDone || r.state == StepState::kNotApplicable) ++finished;
  }
  for (const StepRun* r : ready_runs(b)) ready.emplace_back(run_id(r->key, r->occurrence));
  int open = 0;
  for (const BatchException& e : b.exceptions) open += e.disposition ? 0 : 1;
  o["steps_total"] = b.steps.size();
  o["steps_finished"] = finished;
  o["exceptions_total"] = b.exceptions.size();
  o["exceptions_open"] = open;
  o["ready"] = std::move(ready);
  if (auto y = batch_yield(b)) o["yield_percent"] = *y;
  if (with_steps) {
    json::array steps;
    for (const StepRun& r : b.steps) steps.push_back(run_view(b, r));
    o["steps"] = std::move(steps);
  }
  return o;
}

Response batch_response(int status, const Batch& b, bool with_steps = false) {
  return recipe::views::with_etag(http::json_response(status, batch_view(b, with_steps)),
                                  b.header.version);
}

Response action_response(const ActionResult& r) {
  json::object o = batch_view(*r.batch, false);
  json::array runs;
  for (const auto& id : r.changes.runs) {
    const auto hash = id.rfind('#');
    if (hash == std::string::npos) continue;
    const StepRun* run =
        find_run(*r.batch, std::string_view(id).substr(0, hash), std::atoi(id.c_str() + hash + 1));
    if (run) runs.push_back(run_view(*r.batch, *run));
  }
  json::array exceptions;
  for (const auto& id : r.changes.exceptions) {
    for (const BatchException& e : r.batch->exceptions) {
      if (e.id == id) exceptions.push_back(exception_to_json(e));
    }
  }
  json::object out{{"batch", std::move(o)},
                   {"changed_runs", std::move(runs)},
                   {"changed_exceptions", std::move(exceptions)}};
  if (r.signature) out["signature"] = signature_to_json(*r.signature);
  return recipe::views::with_etag(http::json_response(200, out), r.batch->header.version);
}

Result<int> occurrence_of(const json::object& o, bool required) {
  GEMBA_TRY(n, parse_int(o, "occurrence", 1, 1'000'000));
  if (!n && required) return field_error("occurrence", "give the occurrence (1 for the first)");
  return n ? static_cast<int>(*n) : 0;
}

std::function<Response(Request&)> json_action(recipe::views::ObjectHandler fn) {
  return recipe::views::json_object_action(std::move(fn));
}

}  // namespace

void register_batch_routes(http::Router& router, BatchService& service) {
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches",
       .permission = std::string(perm::kBatchStart),
       .summary = "Create a batch from a recipe's effective (or a named approved) version",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_RETURN_IF_ERROR(
             views::only_fields(o, {"recipe_id", "recipe_version", "batch_size", "planned_start"}));
         CreateBatchInput in;
         GEMBA_TRY(recipe_id, views::req_string(o, "recipe_id", 100));
         in.recipe_id = std::move(recipe_id);
         GEMBA_TRY(v, parse_int(o, "recipe_version", 1, 1'000'000));
         if (v) in.recipe_version = static_cast<int>(*v);
         if (const auto* size = o.if_contains("batch_size"); size && !size->is_null()) {
           if (!size->is_object() || !size->as_object().contains("value") ||
               !size->as_object().at("value").is_number() || !size->as_object().contains("unit") ||
               !size->as_object().at("unit").is_string()) {
             return field_error("batch_size",
                                "batch_size must be {\"value\": number, \"unit\": \"kg\"}");
           }
           in.batch_size = recipe::Quantity{size->as_object().at("value").to_number<double>(),
                                            std::string(size->as_object().at("unit").as_string())};
         }
         GEMBA_TRY(planned, views::opt_string(o, "planned_start", 64));
         if (planned) {
           auto t = parse_rfc3339(*planned);
           if (!t.ok())
             return field_error("planned_start", "planned_start must be an RFC 3339 time");
           in.planned_start = *t;
         }
         GEMBA_TRY(created, service.create(trust::principal(req), in));
         Response r = batch_response(201, *created.batch);
         r.set_header("Location", "/api/v1/batches/" + created.batch->header.id);
         return r;
       }),
       .request_description = "{recipe_id, recipe_version?, batch_size?: {value, unit}, "
                              "planned_start?}",
       .response_description = "the batch (state created)"});

  router.add({.method = "GET",
              .pattern = "/api/v1/batches",
              .permission = std::string(perm::kBatchRead),
              .summary = "List batches, newest first (?status=&recipe=&limit=&cursor=)",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                const std::string status = req.query_param("status").value_or("");
                const std::string recipe = req.query_param("recipe").value_or("");
                const std::string cursor = req.query_param("cursor").value_or("");
                int limit = 50;
                if (auto l = req.query_param("limit")) {
                  const auto r = std::from_chars(l->data(), l->data() + l->size(), limit);
                  if (r.ec != std::errc() || r.ptr != l->data() + l->size()) {
                    return Error::invalid_argument("limit must be a number from 1 to 500",
                                                   {{"field", "limit"}, {"in", "query"}});
                  }
                }
                GEMBA_TRY(page, service.list(status, recipe, limit, cursor));
                json::array items;
                for (const auto& s : page.items) {
                  json::object o = header_to_json(s.header);
                  o["steps_total"] = s.steps_total;
                  o["steps_finished"] = s.steps_finished;
                  o["exceptions_open"] = s.exceptions_open;
                  items.push_back(std::move(o));
                }
                json::object out{{"items", std::move(items)}};
                out["next_cursor"] = page.next_cursor ? json::value(*page.next_cursor) : nullptr;
                return http::json_response(200, out);
              })});

  router.add({.method = "GET",
              .pattern = "/api/v1/batches/{id}",
              .permission = std::string(perm::kBatchRead),
              .summary = "A batch: header, progress, what is Ready now",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(b, service.get(param(req, "id")));
                return batch_response(200, *b);
              })});

  router.add({.method = "GET",
              .pattern = "/api/v1/batches/{id}/steps",
              .permission = std::string(perm::kBatchRead),
              .summary = "Every step run with its state, value and spec; `ready` lists those "
                         "that can be executed now",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(b, service.get(param(req, "id")));
                return batch_response(200, *b, true);
              })});

  // Lifecycle actions.
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches/{id}/start",
       .permission = std::string(perm::kBatchStart),
       .summary = "Start a created batch",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"version"}));
         GEMBA_TRY(v, expected_version(req, o));
         GEMBA_TRY(r, service.start(trust::principal(req), param(req, "id"), v));
         return action_response(r);
       })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches/{id}/hold",
       .permission = std::string(perm::kBatchHold),
       .summary = "Put a batch in progress on hold (reason required)",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"reason", "version"}));
         GEMBA_TRY(reason, views::opt_string(o, "reason", 4000));
         GEMBA_TRY(v, expected_version(req, o));
         GEMBA_TRY(r,
                   service.hold(trust::principal(req), param(req, "id"), reason.value_or(""), v));
         return action_response(r);
       })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches/{id}/resume",
       .permission = std::string(perm::kBatchHold),
       .summary = "Resume a batch on hold",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"version"}));
         GEMBA_TRY(v, expected_version(req, o));
         GEMBA_TRY(r, service.resume(trust::principal(req), param(req, "id"), v));
         return action_response(r);
       })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches/{id}/abort",
       .permission = std::string(perm::kBatchHold),
       .summary = "Abort a batch (signed, reason required)",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"reason", "signature"}));
         GEMBA_TRY(reason, views::opt_string(o, "reason", 4000));
         GEMBA_TRY(sig, parse_required_signature(o, "aborting a batch"));
         GEMBA_TRY(
             r, service.abort(trust::principal(req), param(req, "id"), reason.value_or(""), sig));
         return action_response(r);
       })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches/{id}/complete",
       .permission = std::string(perm::kBatchExecute),
       .summary = "Complete a batch whose steps are all done (signature optional)",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"signature"}));
         GEMBA_TRY(sig, parse_signature(o));
         GEMBA_TRY(r, service.complete(trust::principal(req), param(req, "id"), sig));
         return action_response(r);
       })});

  // Steps.
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches/{id}/steps/{key}/complete",
       .permission = std::string(perm::kBatchExecute),
       .summary = "Record a Ready step's value (or acknowledgement)",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(body, parse_complete_body(o));
         CompleteInput in;
         in.key = param(req, "key");
         in.value = std::move(body.value);
         in.occurrence = body.occurrence;
         GEMBA_TRY(v, expected_version(req, o));
         in.expected_version = v;
         in.comment = std::move(body.comment);
         in.manual_override = body.manual_override;
         const std::optional<SignatureInput> sig = std::move(body.signature);
         GEMBA_TRY(
             r, service.complete_step(trust::principal(req), param(req, "id"), std::move(in), sig));
         return action_response(r);
       }),
       .request_description = "{value?, unit?, time?, lot?, source?, occurrence?, version?, "
                              "comment?, manual_override?, signature?}"});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches/{id}/steps/{key}/verify",
       .permission = std::string(perm::kBatchVerify),
       .summary = "Witness a step (a second person signs \"verified\")",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"occurrence", "version", "signature"}));
         GEMBA_TRY(occ, occurrence_of(o, false));
         GEMBA_TRY(v, expected_version(req, o));
         GEMBA_TRY(sig, parse_required_signature(o, "verifying a step"));
         GEMBA_TRY(r,
                   service.verify_step(trust::principal(req), param(req, "id"), param(req, "key"),
                                       occ > 0 ? std::optional<int>(occ) : std::nullopt, v, sig));
         return action_response(r);
       })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches/{id}/steps/{key}/correct",
       .permission = std::string(perm::kBatchExecute),
       .summary = "Correct a done value (reason and signature; the original stays visible)",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(body, parse_correct_body(o));
         GEMBA_TRY(v, expected_version(req, o));
         GEMBA_TRY(r, service.correct_step(trust::principal(req), param(req, "id"),
                                           param(req, "key"), body.occurrence.value_or(1), v,
                                           body.value, body.reason, body.signature));
         return action_response(r);
       })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches/{id}/steps/{key}/comments",
       .permission = std::string(perm::kBatchRead),
       .summary = "Comment on a step (flagged: review must look at it)",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"text", "flagged", "occurrence"}));
         GEMBA_TRY(text, views::opt_string(o, "text", kMaxCommentBytes));
         GEMBA_TRY(flagged, views::opt_bool(o, "flagged"));
         GEMBA_TRY(occ, occurrence_of(o, false));
         GEMBA_TRY(
             r, service.add_comment(trust::principal(req), param(req, "id"), param(req, "key"),
                                    occ > 0 ? occ : 1, text.value_or(""), flagged.value_or(false)));
         return action_response(r);
       })});

  // Review by exception and release.
  router.add({.method = "GET",
              .pattern = "/api/v1/batches/{id}/exceptions",
              .permission = std::string(perm::kBatchRead),
              .summary = "The batch's exceptions, open ones first, each with its step's context, "
                         "and what still blocks release",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(b, service.get(param(req, "id")));
                json::array open;
                json::array closed;
                for (const BatchException& e : b->exceptions) {
                  json::object o = exception_to_json(e);
                  if (!e.step_key.empty()) {
                    if (const StepRun* r = find_run(*b, e.step_key, std::max(e.occurrence, 1))) {
                      o["run"] = run_view(*b, *r);
                    }
                  }
                  (e.disposition ? closed : open).push_back(std::move(o));
                }
                for (auto& c : closed) open.push_back(std::move(c));
                json::array blockers;
                const trust::Principal& p = trust::principal(req);
                for (const Blocker& bl : release_blockers(*b, Person{p.user_id, p.printed_name})) {
                  json::array refs;
                  for (const auto& r : bl.refs) refs.emplace_back(r);
                  blockers.push_back(json::object{
                      {"code", bl.code}, {"message", bl.message}, {"refs", std::move(refs)}});
                }
                json::object out{{"batch", batch_view(*b, false)},
                                 {"items", std::move(open)},
                                 {"release_blockers", std::move(blockers)}};
                return recipe::views::with_etag(http::json_response(200, out), b->header.version);
              })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches/{id}/exceptions/{eid}/disposition",
       .permission = std::string(perm::kBatchReview),
       .summary = "Disposition an exception: accepted (with a comment) or escalated (deviation), "
                  "signed \"reviewed\" by QA",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_TRY(body, parse_disposition_body(o));
         GEMBA_TRY(r, service.disposition(trust::principal(req), param(req, "id"),
                                          param(req, "eid"), body.outcome, body.comment,
                                          body.deviation_ref, body.signature));
         return action_response(r);
       }),
       .request_description = "{outcome: \"accepted\"|\"escalated\", comment, deviation_ref?, "
                              "signature: {username?, password, comment?}}"});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches/{id}/release",
       .permission = std::string(perm::kBatchRelease),
       .summary = "Release a reviewed batch (signed \"released\" by QA who did not execute it)",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"signature"}));
         GEMBA_TRY(sig, parse_required_signature(o, "releasing a batch"));
         GEMBA_TRY(r, service.release(trust::principal(req), param(req, "id"), sig));
         return action_response(r);
       })});
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/batches/{id}/reject",
       .permission = std::string(perm::kBatchRelease),
       .summary = "Reject a batch (signed, reason required)",
       .handler = json_action([&service](Request& req, const json::object& o) -> Result<Response> {
         GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"reason", "signature"}));
         GEMBA_TRY(reason, views::opt_string(o, "reason", 4000));
         GEMBA_TRY(sig, parse_required_signature(o, "rejecting a batch"));
         GEMBA_TRY(
             r, service.reject(trust::principal(req), param(req, "id"), reason.value_or(""), sig));
         return action_response(r);
       })});

  // The record.
  router.add({.method = "GET",
              .pattern = "/api/v1/batches/{id}/record.json",
              .permission = std::string(perm::kBatchRead),
              .summary = "The complete batch record, canonical JSON (docs/batch-record.md)",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(rec, service.record(param(req, "id")));
                Response r;
                r.status = 200;
                r.content_type = "application/json";
                r.body = std::move(rec.json);
                r.set_header("Digest", "sha-256=" + rec.sha256);
                r.set_header("Content-Disposition",
                             "inline; filename=\"" + rec.number + "-record.json\"");
                return r;
              })});
  router.add({.method = "GET",
              .pattern = "/api/v1/batches/{id}/record.pdf",
              .permission = std::string(perm::kBatchRead),
              .summary = "The complete batch record as PDF (the same content as record.json)",
              .handler = recipe::views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(b, service.get(param(req, "id")));
                GEMBA_TRY(pdf, service.record_pdf(param(req, "id")));
                Response r;
                r.status = 200;
                r.content_type = "application/pdf";
                r.body = std::move(pdf);
                r.set_header("Content-Disposition",
                             "inline; filename=\"" + b->header.number + "-record.pdf\"");
                return r;
              })});
}

}  // namespace gemba::batch
