#pragma once
// StaticFiles: serves the built web app (static_dir, normally web/dist) for GET and HEAD of paths
// outside /api. Anything hostile (dot segments, encoded separators, backslashes, NUL, hidden
// files, symlinks leading out of the root) gets the same 404 as a missing file, so nothing about
// the file system outside the root leaks. A path without a dot that names no file is a route of
// the single-page app and gets index.html. Without index.html, "/" and app routes get a built-in
// placeholder page.
//
// Thread-safe (no mutable state); reads the file system on every request.

#include <optional>
#include <string>
#include <string_view>

#include "gemba/http/request.h"
#include "gemba/http/response.h"

namespace gemba::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root_dir);

  // GET or HEAD, and the path is not /api or under /api/.
  static bool applies_to(const Request& req);

  // 200 with the file (or index.html, or the placeholder) or 404 with a JSON error.
  Response serve(const Request& req) const;

 private:
  const std::string root_dir_;
};

// The path relative to the root that a raw (percent-encoded) request path names, or nullopt if it
// is hostile: an encoded '/', '\' or NUL, a backslash, a '.' or '..' segment, a segment starting
// with '.', an empty segment, a malformed escape or a control character. "/" gives "".
std::optional<std::string> static_relative_path(std::string_view raw_path);

// "text/html; charset=utf-8" for "index.html"; application/octet-stream when unknown.
std::string_view content_type_for(std::string_view file_name);

}  // namespace gemba::http
