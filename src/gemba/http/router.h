#pragma once
// Router: the route table of the HTTP API. Each route names its method, path pattern, the
// permission it needs ("" = public) and a summary; the table is also the OpenAPI document.
//
// Thread-safety: add() and set_authorizer() are for wiring, before the server starts, and are not
// thread-safe. Everything const (match, dispatch, openapi, routes) is safe from many threads once
// wiring is done. Handlers are called concurrently on worker threads and must be thread-safe.

#include <boost/json/value.hpp>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/result.h"
#include "gemba/http/idempotency.h"
#include "gemba/http/request.h"
#include "gemba/http/response.h"

namespace gemba::http {

struct Route {
  std::string method;      // "GET", "POST", ...
  std::string pattern;     // "/api/v1/batches/{id}/steps/{key}": {name} is one whole segment
  std::string permission;  // "" = public; otherwise checked by the authorizer before the handler
  std::string summary;     // one line, shown in the OpenAPI document
  std::function<Response(Request&)> handler;
  // Optional OpenAPI extras.
  std::string tag;                   // "" = derived: "batches" for /api/v1/batches/..., "system"
  std::string request_description;   // describes the JSON body, if any
  std::string response_description;  // describes the success response
};

// Decides whether the request may run a non-public route: resolves the caller (session cookie,
// bearer token), stores it in req.principal and checks route.permission. Its Error is answered
// with error_response() (unauthenticated 401, permission_denied 403). Called concurrently.
using Authorizer = std::function<Result<void>(Request&, const Route&)>;

// Names the caller of an authorized request for Idempotency-Key scoping ("" = not idempotent:
// the header is ignored, e.g. on public routes).
using CallerOf = std::function<std::string(const Request&)>;

class Router {
 public:
  struct Match {
    enum class Kind { kFound, kWrongMethod, kNoPath };
    Kind kind = Kind::kNoPath;
    const Route* route = nullptr;               // kFound only
    std::map<std::string, std::string> params;  // kFound only; percent-decoded
    std::string allow;                          // kFound, kWrongMethod: "GET, HEAD, OPTIONS, POST"
  };

  Router() = default;
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Throws std::logic_error for a wiring bug: a pattern that does not start with '/', a malformed
  // {param}, an empty method or handler, or a route whose method and path shape duplicate another
  // ("/a/{x}" and "/a/{y}" are the same shape).
  void add(Route route);

  // Without an authorizer, every non-public route answers 401 "authentication is not configured".
  void set_authorizer(Authorizer authorizer);
  // POSTs with an Idempotency-Key header (idempotency.h) on routes with a permission go through
  // `store`, which must outlive the router. Without it the header is ignored.
  void set_idempotency(IdempotencyStore* store, CallerOf caller_of);

  // Finds the route for `method` and a raw (still percent-encoded) path. Literal segments win over
  // {params}. HEAD falls back to GET.
  Match match(std::string_view method, std::string_view raw_path) const;

  // Routes the request: 404 for an unknown path, 405 with Allow for a known path and another
  // method, 204 with Allow for OPTIONS, 401/403 from the authorizer, else the handler's response
  // (req.path_params set). A handler's exception becomes 500 with the request id. The route is
  // taken from req.target (or req.path if target is empty). `route_label` receives the pattern,
  // or "unmatched" when no path matched (for metrics).
  Response dispatch(Request& req, std::string* route_label = nullptr) const;

  // OpenAPI 3.1 document of exactly the routes added: per operation summary, tags, path
  // parameters, and "x-permission" (the permission string; null for public routes).
  boost::json::value openapi(std::string version) const;

  const std::deque<Route>& routes() const { return routes_; }

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool param = false;
  };
  std::deque<Route> routes_;                  // deque: Route addresses stay valid
  std::vector<std::vector<Segment>> shapes_;  // parallel to routes_
  Authorizer authorizer_;
  IdempotencyStore* idempotency_ = nullptr;
  CallerOf caller_of_;

  Response run_idempotent(Request& req, const Route& route) const;
};

}  // namespace gemba::http
