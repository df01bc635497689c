#include "gemba/recipe/routes.h"

#include <boost/json/parse.hpp>
#include <charconv>

#include "gemba/http/errors.h"
#include "gemba/recipe/routes_view.h"
#include "gemba/trust/authorizer.h"
#include "gemba/trust/permissions.h"

namespace gemba::recipe {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

constexpr std::size_t kMaxPassword = 1024;

std::string path_id(const Request& req) {
  const auto it = req.path_params.find("id");
  return it == req.path_params.end() ? std::string() : it->second;
}

Result<const json::object*> body_object(const json::value& body, std::string_view what) {
  if (!body.is_object()) {
    return Error::invalid_argument("the body must be a JSON object: " + std::string(what));
  }
  return &body.as_object();
}

Result<void> only_fields(const json::object& o, std::initializer_list<std::string_view> allowed,
                         std::string_view prefix = "") {
  for (const auto& kv : o) {
    bool known = false;
    for (auto a : allowed) known = known || kv.key() == a;
    if (!known) {
      std::string names;
      for (auto a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
      const std::string field = std::string(prefix) + std::string(kv.key().substr(0, 64));
      return Error::invalid_argument(field + " is not a field here; the fields are: " + names,
                                     {{"field", field}});
    }
  }
  return ok();
}

Result<std::string> string_field(const json::object& o, std::string_view key, std::string field,
                                 std::size_t max_bytes) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::string();
  if (!v->is_string()) {
    return Error::invalid_argument(field + " must be a string", {{"field", field}});
  }
  if (v->as_string().size() > max_bytes) {
    return Error::invalid_argument(
        field + " is too long (at most " + std::to_string(max_bytes) + " bytes)",
        {{"field", field}});
  }
  return std::string(v->as_string());
}

// {"signature": {...}, "reason": "...", "version": n} of a lifecycle action.
struct ActionBody {
  SignatureInput signature;
  std::string reason;
  std::optional<std::int64_t> expected_version;
};

Result<ActionBody> action_body(const Request& req) {
  ActionBody out;
  json::value body = json::object();
  if (req.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    GEMBA_TRY(parsed, req.json_body());
    body = std::move(parsed);
  }
  GEMBA_TRY(o, body_object(body, "{\"signature\": {…}, \"reason\": …}"));
  GEMBA_RETURN_IF_ERROR(only_fields(*o, {"signature", "reason", "version"}));
  GEMBA_TRY(expected, views::expected_version(req, o));
  out.expected_version = expected;
  GEMBA_TRY(reason, string_field(*o, "reason", "reason", 4000));
  out.reason = std::move(reason);
  const auto* sig = o->if_contains("signature");
  if (!sig || !sig->is_object()) {
    return Error::invalid_argument(
        "sign this action: \"signature\": {\"username\", \"password\", \"comment\"}",
        {{"field", "signature"}});
  }
  const auto& s = sig->as_object();
  GEMBA_RETURN_IF_ERROR(
      only_fields(s, {"username", "password", "meaning", "comment"}, "signature."));
  GEMBA_TRY(username, string_field(s, "username", "signature.username", 1024));
  GEMBA_TRY(password, string_field(s, "password", "signature.password", kMaxPassword));
  GEMBA_TRY(meaning, string_field(s, "meaning", "signature.meaning", 64));
  GEMBA_TRY(comment, string_field(s, "comment", "signature.comment", 8192));
  if (!username.empty()) out.signature.username = std::move(username);
  out.signature.password = std::move(password);
  if (!meaning.empty()) out.signature.meaning = std::move(meaning);
  out.signature.comment = std::move(comment);
  return out;
}

Result<int> query_int(const Request& req, std::string_view name, bool required, int fallback,
                      int min, int max) {
  auto v = req.query_param(name);
  if (!v) {
    if (!required) return fallback;
    return Error::invalid_argument("give ?" + std::string(name) + "=",
                                   {{"field", name}, {"in", "query"}});
  }
  int n = 0;
  const char* end = v->data() + v->size();
  const auto r = std::from_chars(v->data(), end, n);
  if (r.ec != std::errc() || r.ptr != end || n < min || n > max) {
    return Error::invalid_argument(std::string(name) + " must be a number from " +
                                       std::to_string(min) + " to " + std::to_string(max),
                                   {{"field", name}, {"in", "query"}});
  }
  return n;
}

Response version_response(int status, const VersionView& v, bool with_content) {
  Response r = views::with_etag(http::json_response(status, views::version(v, with_content)),
                                v.version.version);
  r.set_header("Location", "/api/v1/recipes/" + v.version.recipe_id + "/versions/" +
                               std::to_string(v.version.number));
  return r;
}

void add_action(http::Router& router, RecipeService& service, std::string verb,
                LifecycleAction action, std::string_view permission, std::string summary) {
  router.add(
      {.method = "POST",
       .pattern = "/api/v1/recipes/{id}/versions/{v}/" + verb,
       .permission = std::string(permission),
       .summary = std::move(summary),
       .handler = views::with_errors([&service, action](Request& req) -> Result<Response> {
         GEMBA_TRY(number, views::version_number(req));
         GEMBA_TRY(body, action_body(req));
         GEMBA_TRY(done, service.transition(trust::principal(req), path_id(req), number, action,
                                            body.expected_version, body.signature, body.reason));
         json::object out = views::version(done.version, false);
         out["signature"] = done.signature.empty() ? json::value(nullptr) : done.signature;
         if (done.superseded) out["superseded_version"] = *done.superseded;
         if (done.approvals_left) out["approvals_left"] = *done.approvals_left;
         return views::with_etag(http::json_response(200, out), done.version.version.version);
       }),
       .tag = "recipes",
       .request_description = "{signature: {username?, password, meaning?, comment?}, reason?}; "
                              "If-Match: \"v<version>\" (optional)",
       .response_description = "the version after the transition and the signature applied"});
}

}  // namespace

void register_recipe_routes(http::Router& router, RecipeService& service) {
  using namespace trust::perm;
  router.add({.method = "GET",
              .pattern = "/api/v1/recipes",
              .permission = std::string(kRecipeRead),
              .summary = "Master batch records, oldest first (?limit=&cursor=)",
              .handler = views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(limit, query_int(req, "limit", false, 50, 1, 500));
                const std::string cursor = req.query_param("cursor").value_or("");
                GEMBA_TRY(page, service.list_recipes(limit, cursor.substr(0, 64)));
                json::array items;
                for (const auto& r : page.items) items.push_back(views::recipe(r));
                return http::json_response(
                    200,
                    json::object{{"items", std::move(items)},
                                 {"next_cursor", page.next_cursor ? json::value(*page.next_cursor)
                                                                  : json::value(nullptr)}});
              }),
              .tag = "recipes"});

  router.add({.method = "POST",
              .pattern = "/api/v1/recipes",
              .permission = std::string(kRecipeAuthor),
              .summary = "Create a recipe; the document becomes version 1, a draft",
              .handler = views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(content, parse_recipe(req.body, service.options().format));
                GEMBA_TRY(view, service.create_recipe(trust::principal(req), content));
                return version_response(201, view, false);
              }),
              .tag = "recipes",
              .request_description = "a recipe document (docs/recipe-format.md)",
              .response_description = "the new draft version, with its validation problems"});

  router.add({.method = "POST",
              .pattern = "/api/v1/recipes/import",
              .permission = std::string(kRecipeAuthor),
              .summary = "Import a recipe document as a draft (a new recipe or its next version)",
              .handler = views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(view, service.import_recipe(trust::principal(req), req.body));
                return version_response(201, view, false);
              }),
              .tag = "recipes",
              .request_description = "a recipe document (docs/recipe-format.md)",
              .response_description = "the new draft version, with its validation problems"});

  router.add({.method = "POST",
              .pattern = "/api/v1/recipes/validate",
              .permission = std::string(kRecipeRead),
              .summary = "Validate a recipe document without storing it (422 lists every problem)",
              .handler = views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(content, parse_recipe(req.body, service.options().format));
                const auto problems = service.validate_content(content);
                if (!problems.empty()) return problems_to_error(problems);
                return http::json_response(
                    200, json::object{{"valid", true}, {"problems", json::array()}});
              }),
              .tag = "recipes",
              .request_description = "a recipe document (docs/recipe-format.md)"});

  router.add({.method = "GET",
              .pattern = "/api/v1/recipes/{id}",
              .permission = std::string(kRecipeRead),
              .summary = "One recipe with the list of its versions",
              .handler = views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(r, service.get_recipe(path_id(req)));
                return http::json_response(200, views::recipe(r));
              }),
              .tag = "recipes"});

  router.add({.method = "GET",
              .pattern = "/api/v1/recipes/{id}/diff",
              .permission = std::string(kRecipeRead),
              .summary = "Structural diff between two versions (?from=&to=)",
              .handler = views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(from, query_int(req, "from", true, 0, 1, 1'000'000));
                GEMBA_TRY(to, query_int(req, "to", true, 0, 1, 1'000'000));
                GEMBA_TRY(diff, service.diff_versions(path_id(req), from, to));
                json::value out = diff_to_json(diff);
                if (out.is_object()) {
                  out.as_object()["from"] = from;
                  out.as_object()["to"] = to;
                }
                return http::json_response(200, out);
              }),
              .tag = "recipes"});

  router.add({.method = "POST",
              .pattern = "/api/v1/recipes/{id}/versions",
              .permission = std::string(kRecipeAuthor),
              .summary = "A new draft version copied from a version",
              .handler = http::with_json_body(
                  [&service](Request& req, json::value body) -> Result<Response> {
                    GEMBA_TRY(o, body_object(body, "{\"from\": <version number>}"));
                    GEMBA_RETURN_IF_ERROR(only_fields(*o, {"from"}));
                    const auto* from = o->if_contains("from");
                    if (!from || !from->is_int64() || from->as_int64() < 1 ||
                        from->as_int64() > 1'000'000) {
                      return Error::invalid_argument(
                          "from must be the number of the version to copy", {{"field", "from"}});
                    }
                    GEMBA_TRY(view, service.new_version(trust::principal(req), path_id(req),
                                                        static_cast<int>(from->as_int64())));
                    return version_response(201, view, false);
                  }),
              .tag = "recipes",
              .request_description = "{from: <version number>}"});

  router.add({.method = "GET",
              .pattern = "/api/v1/recipes/{id}/versions/{v}",
              .permission = std::string(kRecipeRead),
              .summary = "One version: state, content, validation problems and signatures",
              .handler = views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(number, views::version_number(req));
                GEMBA_TRY(view, service.get_version(path_id(req), number));
                return version_response(200, view, true);
              }),
              .tag = "recipes"});

  router.add(
      {.method = "PUT",
       .pattern = "/api/v1/recipes/{id}/versions/{v}",
       .permission = std::string(kRecipeAuthor),
       .summary = "Replace a draft's content (If-Match required; approved versions never change)",
       .handler =
           http::with_json_body([&service](Request& req, json::value body) -> Result<Response> {
             GEMBA_TRY(number, views::version_number(req));
             GEMBA_TRY(o, body_object(body, "{\"content\": <recipe document>, \"reason\": …}"));
             GEMBA_RETURN_IF_ERROR(only_fields(*o, {"content", "reason", "version"}));
             GEMBA_TRY(expected, views::expected_version(req, o));
             if (!expected) {
               return Error::invalid_argument(
                   "send the version you are changing (If-Match: \"v<version>\")",
                   {{"field", "If-Match"}});
             }
             const auto* content_value = o->if_contains("content");
             if (!content_value) {
               return Error::invalid_argument(
                   "give the new content: \"content\": {recipe document}", {{"field", "content"}});
             }
             auto content = recipe_from_json(*content_value, service.options().format);
             if (!content.ok()) {
               Error e = std::move(content).error();
               if (auto* f = e.details.if_contains("field"); f && f->is_string()) {
                 const std::string located =
                     f->as_string().empty() ? "content" : "content." + std::string(f->as_string());
                 *f = located;
               }
               return e;
             }
             GEMBA_TRY(reason, string_field(*o, "reason", "reason", 4000));
             GEMBA_TRY(view, service.update_draft(trust::principal(req), path_id(req), number,
                                                  *expected, *content, reason));
             return version_response(200, view, false);
           }),
       .tag = "recipes",
       .request_description = "{content: <recipe document>, reason}; If-Match: \"v<version>\""});

  router.add({.method = "GET",
              .pattern = "/api/v1/recipes/{id}/versions/{v}/export",
              .permission = std::string(kRecipeRead),
              .summary = "The version's recipe document, canonical JSON (imports back unchanged)",
              .handler = views::with_errors([&service](Request& req) -> Result<Response> {
                GEMBA_TRY(number, views::version_number(req));
                GEMBA_TRY(text, service.export_version(path_id(req), number));
                Response r = http::text_response(200, std::move(text), "application/json");
                r.set_header("Content-Disposition", "attachment; filename=\"recipe-v" +
                                                        std::to_string(number) + ".json\"");
                return r;
              }),
              .tag = "recipes"});

  add_action(router, service, "submit", LifecycleAction::kSubmit, kRecipeAuthor,
             "Submit a draft for review (validated; signed: authored)");
  add_action(router, service, "approve", LifecycleAction::kApprove, kRecipeApprove,
             "Approve a version in review (signed; not by its authors)");
  add_action(router, service, "reject", LifecycleAction::kReject, kRecipeApprove,
             "Reject a version in review (signed; reason required)");
  add_action(router, service, "make-effective", LifecycleAction::kMakeEffective, kPermMakeEffective,
             "Make an approved version effective (signed); supersedes the effective one");
  add_action(router, service, "retire", LifecycleAction::kRetire, kPermRetire,
             "Retire an approved or effective version (signed; reason required)");
}

}  // namespace gemba::recipe
