#include "gemba/http/static_files.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "gemba/http/errors.h"

namespace gemba::http {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxFileBytes = 64ull << 20;

constexpr std::string_view kPlaceholder =
    "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Gemba</title>"
    "</head>\n<body>\n<h1>Gemba</h1>\n<p>Gemba &mdash; the web app is not built yet; the API is at "
    "<a href=\"/api/v1\">/api/v1</a>, health at <a href=\"/healthz\">/healthz</a>.</p>\n"
    "<p>Build it with <code>npm run build</code> in <code>web/</code>, or set the static "
    "directory in the configuration.</p>\n</body>\n</html>\n";

bool contains_ci(std::string_view haystack, std::string_view needle) {
  return ascii_lower(haystack).find(needle) != std::string::npos;
}

Response not_found(const Request& req) {
  return error_response(Error::not_found("there is no file at this path"), req.request_id);
}

// `p` is inside `root` (both canonical).
bool is_within(const fs::path& root, const fs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

std::optional<std::string> read_file(const fs::path& p) {
  std::error_code ec;
  const auto size = fs::file_size(p, ec);
  if (ec || size > kMaxFileBytes) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return data;
}

// A regular file named by `relative` whose real location (symlinks resolved) is inside `root`.
std::optional<fs::path> resolve(const fs::path& root, const std::string& relative) {
  if (relative.empty()) return std::nullopt;
  std::error_code ec;
  const fs::path real = fs::canonical(root / relative, ec);
  if (ec || !is_within(root, real)) return std::nullopt;
  if (!fs::is_regular_file(real, ec) || ec) return std::nullopt;
  return real;
}

}  // namespace

StaticFiles::StaticFiles(std::string root_dir) : root_dir_(std::move(root_dir)) {}

bool StaticFiles::applies_to(const Request& req) {
  if (req.method != "GET" && req.method != "HEAD") return false;
  const std::string_view p = raw_path_of(req.target.empty() ? req.path : req.target);
  return !(p == "/api" || p.starts_with("/api/"));
}

std::optional<std::string> static_relative_path(std::string_view raw_path) {
  if (raw_path.empty() || raw_path.front() != '/') return std::nullopt;
  if (raw_path.find('\\') != std::string_view::npos) return std::nullopt;
  if (contains_ci(raw_path, "%2f") || contains_ci(raw_path, "%5c") || contains_ci(raw_path, "%00"))
    return std::nullopt;
  auto decoded = percent_decode(raw_path, false);
  if (!decoded) return std::nullopt;
  if (*decoded == "/") return std::string();
  std::string_view rest = std::string_view(*decoded).substr(1);
  while (true) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment.empty() || segment.front() == '.') return std::nullopt;
    for (const char c : segment) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7f || c == '\\' || c == ':') return std::nullopt;
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return decoded->substr(1);
}

std::string_view content_type_for(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  const std::string ext = ascii_lower(name.substr(dot + 1));
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"wasm", "application/wasm"},
      {"pdf", "application/pdf"},
  };
  for (const auto& [e, type] : kTypes) {
    if (e == ext) return type;
  }
  return "application/octet-stream";
}

Response StaticFiles::serve(const Request& req) const {
  const std::string_view raw = raw_path_of(req.target.empty() ? req.path : req.target);
  const auto relative = static_relative_path(raw);
  if (!relative) return not_found(req);

  std::error_code ec;
  const fs::path root = fs::canonical(root_dir_, ec);
  const bool have_root = !ec;

  if (have_root) {
    if (auto file = resolve(root, *relative)) {
      auto data = read_file(*file);
      if (!data) return not_found(req);
      Response r = text_response(200, std::move(*data),
                                 std::string(content_type_for(file->filename().string())));
      const bool index = file->filename() == "index.html";
      r.headers.emplace_back("Cache-Control", index ? "no-cache"
                                              : relative->starts_with("assets/")
                                                  ? "public, max-age=31536000, immutable"
                                                  : "no-cache");
      return r;
    }
  }
  // Not a file: "/" and app routes (no dot in the last segment) get the app's index.html.
  const std::string last = relative->substr(relative->rfind('/') + 1);
  if (last.find('.') != std::string::npos || relative->starts_with("assets/"))
    return not_found(req);
  if (have_root) {
    if (auto index = resolve(root, "index.html")) {
      if (auto data = read_file(*index)) {
        Response r = text_response(200, std::move(*data), "text/html; charset=utf-8");
        r.headers.emplace_back("Cache-Control", "no-cache");
        return r;
      }
    }
  }
  Response r = text_response(200, std::string(kPlaceholder), "text/html; charset=utf-8");
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

}  // namespace gemba::http
