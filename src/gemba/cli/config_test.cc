#include "gemba/cli/config.h"

#include <gtest/gtest.h>

#include <map>

namespace gemba::cli {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(Config, DefaultsThenFileThenEnvironment) {
  auto defaults = load_config("", "(none)", env_of({}));
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->listen, "127.0.0.1:8080");
  EXPECT_EQ(defaults->database_url, "sqlite:var/gemba.db");

  const std::string file = R"(
[server]
listen = "0.0.0.0:9000"
worker_threads = 32
[database]
url = "postgresql://gemba@db/gemba"
[log]
format = "json"
)";
  auto from_file = load_config(file, "gemba.toml", env_of({}));
  ASSERT_TRUE(from_file.ok()) << from_file.error().to_string();
  EXPECT_EQ(from_file->listen, "0.0.0.0:9000");
  EXPECT_EQ(from_file->worker_threads, 32);
  EXPECT_EQ(from_file->database_url, "postgresql://gemba@db/gemba");
  EXPECT_EQ(from_file->log_format, "json");

  auto env_wins =
      load_config(file, "gemba.toml",
                  env_of({{"GEMBA_LISTEN", "127.0.0.1:7000"}, {"GEMBA_WORKER_THREADS", "8"}}));
  ASSERT_TRUE(env_wins.ok());
  EXPECT_EQ(env_wins->listen, "127.0.0.1:7000");
  EXPECT_EQ(env_wins->worker_threads, 8);
  EXPECT_EQ(env_wins->database_url, "postgresql://gemba@db/gemba");
}

TEST(Config, RefusesBadFilesWithTheSettingNamed) {
  struct Case {
    const char* toml;
    const char* message_contains;
  };
  const Case cases[] = {
      {"[server]\nlisten = 8080\n", "server.listen must be a string"},
      {"[server]\nlistn = \"x\"\n", "server.listn is not a known setting"},
      {"[database]\npool_size = \"many\"\n", "database.pool_size must be an integer"},
      {"[server\n", "gemba.toml:1"},
      {"[server]\nworker_threads = -3\n", "out of range"},
  };
  for (const auto& c : cases) {
    auto r = load_config(c.toml, "gemba.toml", env_of({}));
    ASSERT_FALSE(r.ok()) << c.toml;
    EXPECT_NE(r.error().message.find(c.message_contains), std::string::npos)
        << c.toml << " -> " << r.error().message;
  }
}

TEST(Config, RefusesBadEnvironmentIntegers) {
  auto r = load_config("", "x", env_of({{"GEMBA_WORKER_THREADS", "lots"}}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("GEMBA_WORKER_THREADS='lots'"), std::string::npos);
}

TEST(Config, ValidationTable) {
  struct Case {
    std::function<void(Config&)> change;
    const char* setting;
  };
  const Case cases[] = {
      {[](Config& c) { c.listen = "8080"; }, "server.listen"},
      {[](Config& c) { c.listen = "host:99999"; }, "server.listen"},
      {[](Config& c) { c.worker_threads = 0; }, "server.worker_threads"},
      {[](Config& c) { c.tls_cert_file = "cert.pem"; }, "server.tls"},
      {[](Config& c) { c.log_format = "xml"; }, "log.format"},
      {[](Config& c) { c.log_level = "loud"; }, "log.level"},
      {[](Config& c) { c.database_url = ""; }, "database.url"},
  };
  EXPECT_TRUE(validate_config(Config{}).ok());
  for (const auto& c : cases) {
    Config config;
    c.change(config);
    auto r = validate_config(config);
    ASSERT_FALSE(r.ok()) << c.setting;
    EXPECT_EQ(r.error().details.at("setting").as_string(), c.setting);
  }
}

TEST(ParseListen, Table) {
  auto v4 = parse_listen("127.0.0.1:8080");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->address, "127.0.0.1");
  EXPECT_EQ(v4->port, 8080);
  auto v6 = parse_listen("[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->address, "::1");
  EXPECT_EQ(v6->port, 0);
  for (const char* bad : {"", ":80", "host:", "host:http", "host:-1"}) {
    EXPECT_FALSE(parse_listen(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace gemba::cli
