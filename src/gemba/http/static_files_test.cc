#include "gemba/http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace gemba::http {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("gemba_static_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    root_ = base_ / "dist";
    write_file(root_ / "index.html", "<html>app</html>");
    write_file(root_ / "assets" / "app-1234.js", "console.log(1)");
    write_file(root_ / "favicon.svg", "<svg/>");
    write_file(root_ / ".env", "SECRET=1");
    write_file(base_ / "secret.txt", "TOP SECRET OUTSIDE ROOT");
    fs::create_symlink(base_ / "secret.txt", root_ / "escape.txt");
    fs::create_directory_symlink(base_, root_ / "up");
    fs::create_symlink(root_ / "favicon.svg", root_ / "inside.svg");
  }
  void TearDown() override { fs::remove_all(base_); }

  Response get(const std::string& target, const std::string& root = "") const {
    Request r;
    r.method = "GET";
    r.target = target;  // raw, as it came off the wire (set_target would refuse some of these)
    r.path = target;
    return StaticFiles(root.empty() ? root_.string() : root).serve(r);
  }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCacheHeaders) {
  Response index = get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<html>app</html>");
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index.header("Cache-Control"), "no-cache");

  Response asset = get("/assets/app-1234.js");
  EXPECT_EQ(asset.status, 200);
  EXPECT_EQ(asset.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(asset.header("Cache-Control"), "public, max-age=31536000, immutable");

  Response svg = get("/favicon.svg?v=2");
  EXPECT_EQ(svg.content_type, "image/svg+xml");
  EXPECT_EQ(svg.header("Cache-Control"), "no-cache");
  EXPECT_EQ(get("/index.html").header("Cache-Control"), "no-cache");
  EXPECT_EQ(get("/inside.svg").status, 200);  // a symlink that stays inside the root is fine
}

TEST_F(StaticFilesTest, AppRoutesFallBackToIndex) {
  for (const char* t :
       {"/batches", "/batches/0190a0c4-7d2b-7000-8000-000000000001/steps", "/logbooks?area=A"}) {
    const Response r = get(t);
    EXPECT_EQ(r.status, 200) << t;
    EXPECT_EQ(r.body, "<html>app</html>") << t;
    EXPECT_EQ(r.header("Cache-Control"), "no-cache");
  }
  EXPECT_EQ(get("/missing.js").status, 404);      // a file name: no fallback
  EXPECT_EQ(get("/assets/missing").status, 404);  // never index.html for assets
}

TEST_F(StaticFilesTest, HostilePathsAre404WithoutLeakingAnything) {
  const char* hostile[] = {
      "/../secret.txt",
      "/..%2fsecret.txt",
      "/%2e%2e/secret.txt",
      "/%2E%2E/%2E%2E/etc/passwd",
      "/assets/../../secret.txt",
      "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
      "/..\\secret.txt",
      "/%5c..%5csecret.txt",
      "/index.html%00.js",
      "/escape.txt",     // symlink out of the root
      "/up/secret.txt",  // directory symlink out of the root
      "/.env",
      "/./index.html",
      "//etc/passwd",
      "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/assets//app-1234.js",
      "/%",
      "/a%zz",
      "/C:/Windows/win.ini",
      "/assets/%2e%2e",
  };
  const Response missing = get("/definitely-missing.txt");
  ASSERT_EQ(missing.status, 404);
  for (const char* t : hostile) {
    const Response r = get(t);
    EXPECT_EQ(r.status, 404) << t;
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << t;
    EXPECT_EQ(r.body, missing.body) << t;  // the same answer as a missing file
  }
  // A dot-less path is an app route: it gets the app, never the system's file.
  EXPECT_EQ(get("/etc/passwd").body, "<html>app</html>");
}

TEST(StaticRelativePath, Table) {
  EXPECT_EQ(static_relative_path("/"), "");
  EXPECT_EQ(static_relative_path("/assets/a.js"), "assets/a.js");
  EXPECT_EQ(static_relative_path("/a%20b.png"), "a b.png");
  EXPECT_EQ(static_relative_path("/a/../b"), std::nullopt);
  EXPECT_EQ(static_relative_path("/a/%2E/b"), std::nullopt);
  EXPECT_EQ(static_relative_path("/a%2Fb"), std::nullopt);
  EXPECT_EQ(static_relative_path("/.git/config"), std::nullopt);
  EXPECT_EQ(static_relative_path("relative"), std::nullopt);
}

TEST_F(StaticFilesTest, PlaceholderWhenTheAppIsNotBuilt) {
  const std::string empty = (base_ / "empty").string();
  fs::create_directories(empty);
  for (const std::string& root : {empty, (base_ / "does-not-exist").string()}) {
    const Response r = get("/", root);
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("the web app is not built yet"), std::string::npos);
    EXPECT_NE(r.body.find("/api/v1"), std::string::npos);
    EXPECT_NE(r.body.find("/healthz"), std::string::npos);
    EXPECT_EQ(get("/app.js", root).status, 404);
  }
}

TEST(StaticFilesApplies, OnlyGetAndHeadOutsideTheApi) {
  Request r;
  r.method = "GET";
  r.target = "/batches";
  EXPECT_TRUE(StaticFiles::applies_to(r));
  r.method = "HEAD";
  EXPECT_TRUE(StaticFiles::applies_to(r));
  r.method = "POST";
  EXPECT_FALSE(StaticFiles::applies_to(r));
  r.method = "GET";
  for (const char* api : {"/api", "/api/", "/api/v1/nope", "/api?x"}) {
    r.target = api;
    EXPECT_FALSE(StaticFiles::applies_to(r)) << api;
  }
  r.target = "/apiary";
  EXPECT_TRUE(StaticFiles::applies_to(r));
}

}  // namespace
}  // namespace gemba::http
