#include "gemba/recipe/routes_view.h"

#include <boost/json/parse.hpp>
#include <charconv>

#include "gemba/core/time.h"
#include "gemba/trust/views.h"

namespace gemba::recipe::views {
namespace json = boost::json;
using recipe_store::StoredVersion;

namespace {

std::string time_text(std::int64_t us) {
  return format_rfc3339(Timestamp(std::chrono::microseconds(us)));
}

json::object version_summary(const StoredVersion& v) {
  json::object o{{"number", v.number},
                 {"id", v.id},
                 {"state", version_state_name(v.state)},
                 {"version", v.version},
                 {"content_sha256", v.content_sha256},
                 {"step_count", v.step_count},
                 {"updated_at", time_text(v.updated_at_us)},
                 {"updated_by", v.updated_by}};
  o["based_on"] = v.based_on ? json::value(*v.based_on) : json::value(nullptr);
  return o;
}

json::object people(const std::map<std::string, std::string>& names) {
  json::object o;
  for (const auto& [id, name] : names) o[id] = name;
  return o;
}

}  // namespace

json::object recipe(const RecipeSummary& r) {
  json::object o{{"id", r.recipe.id},
                 {"product_code", r.recipe.product_code},
                 {"product_name", r.recipe.product_name},
                 {"site", r.recipe.site},
                 {"created_at", time_text(r.recipe.created_at_us)},
                 {"created_by", r.recipe.created_by}};
  json::value effective = nullptr;
  json::array versions;
  for (const auto& v : r.versions) {
    if (v.state == VersionState::kEffective) effective = v.number;
    versions.push_back(version_summary(v));
  }
  o["latest_version"] = r.versions.empty() ? json::value(nullptr) : r.versions.back().number;
  o["effective_version"] = effective;
  o["people"] = people(r.people);
  o["versions"] = std::move(versions);
  return o;
}

json::array problems(const std::vector<Problem>& list) {
  json::array out;
  for (const auto& p : list)
    out.push_back(json::object{{"field", p.field}, {"message", p.message}});
  return out;
}

json::object version(const VersionView& v, bool with_content) {
  const StoredVersion& s = v.version;
  json::object o{{"recipe_id", s.recipe_id},
                 {"id", s.id},
                 {"number", s.number},
                 {"state", version_state_name(s.state)},
                 {"version", s.version},
                 {"product_code", v.recipe.product_code},
                 {"product_name", v.recipe.product_name},
                 {"site", s.site},
                 {"content_sha256", s.content_sha256},
                 {"step_count", s.step_count},
                 {"review_round", s.review_round},
                 {"created_at", time_text(s.created_at_us)},
                 {"created_by", s.created_by},
                 {"updated_at", time_text(s.updated_at_us)},
                 {"updated_by", s.updated_by}};
  o["based_on"] = s.based_on ? json::value(*s.based_on) : json::value(nullptr);
  json::array authors;
  for (const auto& a : v.author_ids) authors.push_back(json::value(a));
  o["authors"] = std::move(authors);
  o["people"] = people(v.people);
  o["valid"] = v.problems.empty();
  o["problems"] = problems(v.problems);
  o["signatures"] = v.signatures;
  if (with_content) {
    boost::system::error_code ec;
    json::value content = json::parse(s.content, ec);
    o["content"] = ec ? json::value(nullptr) : std::move(content);
  }
  return o;
}

http::Response with_etag(http::Response r, std::int64_t version) {
  r.set_header("ETag", "\"v" + std::to_string(version) + "\"");
  return r;
}

Result<int> version_number(const http::Request& req, std::string_view param) {
  const auto it = req.path_params.find(std::string(param));
  int n = 0;
  if (it != req.path_params.end()) {
    const std::string& t = it->second;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), n);
    if (r.ec == std::errc() && r.ptr == t.data() + t.size() && n >= 1) return n;
  }
  return Error::not_found("there is no such recipe version; versions are numbered from 1",
                          {{"field", param}});
}

Result<std::optional<std::int64_t>> expected_version(const http::Request& req,
                                                     const json::object* body) {
  const std::string if_match = req.header("if-match");
  if (!if_match.empty()) {
    std::string_view v = if_match;
    if (v.starts_with("W/")) v.remove_prefix(2);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    std::int64_t n = 0;
    if (v.size() > 1 && v[0] == 'v') {
      const auto r = std::from_chars(v.data() + 1, v.data() + v.size(), n);
      if (r.ec == std::errc() && r.ptr == v.data() + v.size()) return std::optional(n);
    }
    return Error::invalid_argument("If-Match must be the ETag of the version (\"v<version>\")",
                                   {{"field", "If-Match"}});
  }
  if (body) {
    if (const auto* v = body->if_contains("version")) {
      if (!v->is_int64()) {
        return Error::invalid_argument("version must be an integer", {{"field", "version"}});
      }
      return std::optional(v->as_int64());
    }
  }
  return std::optional<std::int64_t>();
}

std::function<http::Response(http::Request&)> with_errors(http::ResultHandler fn) {
  return [fn = std::move(fn)](http::Request& req) -> http::Response {
    auto r = fn(req);
    if (r.ok()) return std::move(r).value();
    const Error& e = r.error();
    const auto* in = e.details.if_contains("in");
    if (e.code == ErrorCode::kInvalidArgument &&
        (e.details.contains("offset") || (in && *in == "query"))) {
      return http::bad_request(e, req.request_id);
    }
    return http::error_response(e, req.request_id);
  };
}

std::string path_param(const http::Request& req, const char* name) {
  const auto it = req.path_params.find(name);
  return it == req.path_params.end() ? std::string() : it->second;
}

Result<int> query_int(const http::Request& req, const char* name, int fallback, int min, int max) {
  const auto v = req.query_param(name);
  if (!v) return fallback;
  int n = 0;
  const auto r = std::from_chars(v->data(), v->data() + v->size(), n);
  if (r.ec != std::errc() || r.ptr != v->data() + v->size() || n < min || n > max) {
    return Error::invalid_argument(std::string(name) + " must be a number from " +
                                       std::to_string(min) + " to " + std::to_string(max),
                                   {{"field", name}, {"in", "query"}});
  }
  return n;
}

std::function<http::Response(http::Request&)> json_object_action(ObjectHandler fn) {
  return with_errors([fn = std::move(fn)](http::Request& req) -> Result<http::Response> {
    boost::json::value body = boost::json::object();
    if (!req.body.empty()) {
      auto parsed = req.json_body();
      if (!parsed.ok()) return std::move(parsed).error();
      body = std::move(*parsed);
    }
    GEMBA_TRY(o, trust::views::as_object(body, "the body"));
    return fn(req, *o);
  });
}

}  // namespace gemba::recipe::views
