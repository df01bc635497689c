#include "gemba/http/router.h"

#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <set>
#include <stdexcept>

#include "gemba/http/errors.h"

namespace gemba::http {
namespace {

namespace json = boost::json;

// "/a/b" → {"a", "b"}; "/" → {""}; "/a/" → {"a", ""}. REQUIRES: path starts with '/'.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  path.remove_prefix(1);
  while (true) {
    const std::size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool valid_param_name(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  }
  return true;
}

std::string derived_tag(std::string_view pattern) {
  const auto segments = split_path(pattern);
  std::size_t i = 0;
  if (i < segments.size() && segments[i] == "api") ++i;
  if (i < segments.size() && segments[i].size() >= 2 && segments[i][0] == 'v' &&
      segments[i][1] >= '0' && segments[i][1] <= '9')
    ++i;
  if (i == 0 || i >= segments.size() || segments[i].empty() || segments[i][0] == '{')
    return "system";
  return std::string(segments[i]);
}

std::string operation_id(const Route& r) {
  std::string id = ascii_lower(r.method);
  for (const char c : r.pattern) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) {
      id.push_back(c);
    } else if (c == '/' || c == '-' || c == '.' || c == '_') {
      if (id.back() != '_') id.push_back('_');
    }
  }
  while (id.back() == '_') id.pop_back();
  return id;
}

std::string join_allow(const std::set<std::string>& methods) {
  std::string out;
  for (const auto& m : methods) {
    if (!out.empty()) out += ", ";
    out += m;
  }
  return out;
}

}  // namespace

void Router::add(Route route) {
  if (route.method.empty()) throw std::logic_error("route without a method: " + route.pattern);
  if (!route.handler) throw std::logic_error("route without a handler: " + route.pattern);
  if (route.pattern.empty() || route.pattern.front() != '/')
    throw std::logic_error("route pattern must start with '/': " + route.pattern);
  std::vector<Segment> shape;
  std::set<std::string> names;
  for (const std::string_view s : split_path(route.pattern)) {
    if (s.size() >= 2 && s.front() == '{' && s.back() == '}') {
      const std::string_view name = s.substr(1, s.size() - 2);
      if (!valid_param_name(name) || !names.insert(std::string(name)).second)
        throw std::logic_error("route parameter malformed or repeated: " + route.pattern);
      shape.push_back({std::string(name), true});
    } else if (s.find_first_of("{}%?#") != std::string_view::npos) {
      throw std::logic_error("route segment must be literal or a whole {param}: " + route.pattern);
    } else {
      shape.push_back({std::string(s), false});
    }
  }
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].method != route.method || shapes_[i].size() != shape.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < shape.size() && same; ++k) {
      same = shape[k].param == shapes_[i][k].param &&
             (shape[k].param || shape[k].text == shapes_[i][k].text);
    }
    if (same) {
      throw std::logic_error("duplicate route " + route.method + " " + route.pattern + " (as " +
                             routes_[i].pattern + ")");
    }
  }
  routes_.push_back(std::move(route));
  shapes_.push_back(std::move(shape));
}

void Router::set_authorizer(Authorizer authorizer) { authorizer_ = std::move(authorizer); }

Router::Match Router::match(std::string_view method, std::string_view raw_path) const {
  Match m;
  if (raw_path.empty() || raw_path.front() != '/') return m;
  const auto segments = split_path(raw_path);
  std::set<std::string> allow;
  // Specificity: for each segment, literal (1) beats param (0); compared left to right.
  std::vector<bool> best_key;
  std::size_t best = routes_.size();
  bool best_exact_method = false;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const auto& shape = shapes_[i];
    if (shape.size() != segments.size()) continue;
    std::vector<bool> key(shape.size());
    bool ok = true;
    for (std::size_t k = 0; k < shape.size() && ok; ++k) {
      if (shape[k].param) {
        ok = !segments[k].empty();
      } else {
        ok = shape[k].text == segments[k];
        key[k] = true;
      }
    }
    if (!ok) continue;
    const std::string& rm = routes_[i].method;
    allow.insert(rm);
    if (rm == "GET") allow.insert("HEAD");
    const bool exact = rm == method;
    const bool head_fallback = method == "HEAD" && rm == "GET";
    if (!exact && !head_fallback) continue;
    // An explicit HEAD route beats GET-for-HEAD on the same shape; otherwise specificity decides.
    if (best == routes_.size() || key > best_key ||
        (key == best_key && exact && !best_exact_method)) {
      best = i;
      best_key = std::move(key);
      best_exact_method = exact;
    }
  }
  if (allow.empty()) return m;
  allow.insert("OPTIONS");
  m.allow = join_allow(allow);
  if (best == routes_.size()) {
    m.kind = Match::Kind::kWrongMethod;
    return m;
  }
  m.kind = Match::Kind::kFound;
  m.route = &routes_[best];
  const auto& shape = shapes_[best];
  for (std::size_t k = 0; k < shape.size(); ++k) {
    if (!shape[k].param) continue;
    auto decoded = percent_decode(segments[k], false);
    if (!decoded) {  // set_target() refuses these, so only a hand-built Request gets here
      m = Match();
      return m;
    }
    m.params.emplace(shape[k].text, std::move(*decoded));
  }
  return m;
}

Response Router::dispatch(Request& req, std::string* route_label) const {
  const std::string_view raw =
      req.target.empty() ? std::string_view(req.path) : raw_path_of(req.target);
  Match m = match(req.method, raw);
  if (route_label) *route_label = m.route ? m.route->pattern : "unmatched";
  if (m.kind == Match::Kind::kNoPath) {
    return error_response(Error::not_found("there is no resource at " + std::string(req.path)),
                          req.request_id);
  }
  if (m.kind == Match::Kind::kWrongMethod) {
    if (req.method == "OPTIONS") {
      Response r;
      r.status = 204;
      r.headers.emplace_back("Allow", m.allow);
      return r;
    }
    Response r = error_response(Error::invalid_argument(req.method + " is not allowed on " +
                                                            req.path + "; allowed: " + m.allow,
                                                        {{"allow", m.allow}}),
                                req.request_id, 405);
    r.headers.emplace_back("Allow", m.allow);
    return r;
  }
  const Route& route = *m.route;
  req.path_params = std::move(m.params);
  try {
    if (!route.permission.empty()) {
      if (!authorizer_) {
        return error_response(
            Error::unauthenticated("authentication is not configured on this server; the "
                                   "route needs the permission " +
                                   route.permission),
            req.request_id);
      }
      auto allowed = authorizer_(req, route);
      if (!allowed.ok()) return error_response(allowed.error(), req.request_id);
      if (idempotency_ && req.method == "POST" && !req.header(kIdempotencyHeader).empty()) {
        return run_idempotent(req, route);
      }
    }
    return route.handler(req);
  } catch (const std::exception& e) {
    return error_response(
        Error::internal(std::string("handler threw: ") + e.what(), {{"route", route.pattern}}),
        req.request_id);
  } catch (...) {
    return error_response(
        Error::internal("handler threw a non-std exception", {{"route", route.pattern}}),
        req.request_id);
  }
}

void Router::set_idempotency(IdempotencyStore* store, CallerOf caller_of) {
  idempotency_ = store;
  caller_of_ = std::move(caller_of);
}

Response Router::run_idempotent(Request& req, const Route& route) const {
  const std::string key = req.header(kIdempotencyHeader);
  if (auto checked = check_idempotency_key(key); !checked.ok()) {
    return error_response(checked.error(), req.request_id);
  }
  IdempotentRequest r{caller_of_ ? caller_of_(req) : std::string(), key, req.method,
                      std::string(req.path), req.body};
  if (r.caller.empty()) return route.handler(req);
  auto claim = idempotency_->claim(r);
  if (!claim.ok()) return error_response(claim.error(), req.request_id);
  switch (claim->state) {
    case ClaimState::kReplay: {
      Response replay = std::move(claim->response);
      replay.set_header("Idempotent-Replayed", "true");
      return replay;
    }
    case ClaimState::kMismatch:
      return error_response(
          Error::invalid_argument("this Idempotency-Key was already used for a different request "
                                  "(another body or path); use a new key for a new request",
                                  {{"field", "Idempotency-Key"}}),
          req.request_id);
    case ClaimState::kInProgress:
      return error_response(
          Error::conflict(claim->interrupted
                              ? "an earlier request with this Idempotency-Key was interrupted "
                                "before its answer was kept; look at the resource's current "
                                "state before trying again with a new key"
                              : "a request with this Idempotency-Key is still running; wait for "
                                "it and retry",
                          {{"field", "Idempotency-Key"}}),
          req.request_id);
    case ClaimState::kClaimed: break;
  }
  Response response;
  try {
    response = route.handler(req);
  } catch (...) {
    (void)idempotency_->release(r);
    throw;
  }
  // Streams cannot be replayed, and server errors changed nothing the retry must not redo.
  if (response.stream || response.status >= 500) {
    (void)idempotency_->release(r);
  } else if (auto kept = idempotency_->finish(r, response); !kept.ok()) {
    // The action is done and durable; only its replay is lost. A retry will be told it was
    // interrupted rather than act twice.
    response.set_header("Idempotency-Warning", "the response could not be kept for replay");
  }
  return response;
}

json::value Router::openapi(std::string version) const {
  json::object paths;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const Route& r = routes_[i];
    json::object op;
    op["operationId"] = operation_id(r);
    op["summary"] = r.summary;
    op["tags"] = json::array{json::string(r.tag.empty() ? derived_tag(r.pattern) : r.tag)};
    op["x-permission"] = r.permission.empty() ? json::value(nullptr) : json::value(r.permission);
    json::array params;
    for (const auto& s : shapes_[i]) {
      if (!s.param) continue;
      params.push_back(json::object{{"name", s.text},
                                    {"in", "path"},
                                    {"required", true},
                                    {"schema", json::object{{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = std::move(params);
    if (!r.request_description.empty()) {
      op["requestBody"] =
          json::object{{"description", r.request_description},
                       {"required", true},
                       {"content", json::object{{"application/json", json::object{}}}}};
    }
    op["responses"] =
        json::object{{"default", json::object{{"description", r.response_description.empty()
                                                                  ? std::string("see docs/api.md")
                                                                  : r.response_description}}}};
    auto& item = paths[r.pattern];
    if (!item.is_object()) item = json::object();
    item.as_object()[ascii_lower(r.method)] = std::move(op);
  }
  return json::object{
      {"openapi", "3.1.0"},
      {"info", json::object{{"title", "Gemba MES API"}, {"version", std::move(version)}}},
      {"paths", std::move(paths)}};
}

}  // namespace gemba::http
