// Step completions through the real `gemba` binary and its HTTP API, at 1, 16 and 64 concurrent
// operators (each executing their own batch), unsigned and signed, with their baselines measured
// in the same run, in-process, before the server starts:
//   - unsigned: the store's raw durable-commit rate (SQLite, WAL, synchronous=FULL, group commit)
//     of one tiny INSERT per unit of work, from as many threads as there are operators
//     (target: >= 2,000 completions/s with p99 <= 50 ms at 64 operators);
//   - signed: the raw Argon2id verification rate (libsodium, the server's default parameters:
//     opslimit 3, 64 MiB) from min(operators, 2) threads, as the server verifies at most 2 at
//     once (target: signed completions >= 80% of that rate).
//
//   batch_bench [--dir DIR] [--seconds S]
//
// The server runs `gemba demo` on SQLite in a new directory inside DIR (default: /tmp) with its
// default security settings. Two bench recipes are imported, approved and made effective through
// the API: BENCH-UNSIGNED (400 numeric entries) and BENCH-SIGNED (200 sign-offs, "performed").
// Every non-200 answer to a completion counts as an error; the first one is printed.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gemba/store/database.h"
#include "testing/batch_driver.h"
#include "testing/gemba_process.h"
#include "testing/http_client.h"

#ifndef GEMBA_BINARY
#error "GEMBA_BINARY must name the gemba binary"
#endif

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using gemba::testing::BatchDriver;
using gemba::testing::GembaProcess;
using gemba::testing::HttpClient;
using gemba::testing::HttpResponse;
using gemba::testing::kDemoPassword;
using Steady = std::chrono::steady_clock;

constexpr int kUnsignedSteps = 400;
constexpr int kSignedSteps = 200;
constexpr unsigned long long kArgon2Ops = 3;             // the server's default opslimit
constexpr std::size_t kArgon2Mem = 64ull * 1024 * 1024;  // and memlimit

double seconds_since(Steady::time_point t) {
  return std::chrono::duration<double>(Steady::now() - t).count();
}

[[noreturn]] void die(const std::string& message, const GembaProcess* server = nullptr) {
  std::fprintf(stderr, "batch_bench: %s\n", message.c_str());
  if (server) {
    const std::string log = server->log();
    std::fprintf(stderr, "--- server log (tail) ---\n%s\n",
                 log.substr(log.size() > 4000 ? log.size() - 4000 : 0).c_str());
  }
  std::exit(1);
}

// --- Baselines -----------------------------------------------------------------------------

// Durable units of work per second (one tiny INSERT each) from `threads` submitters.
double raw_commit_rate(const fs::path& dir, int threads, double seconds) {
  const fs::path path = dir / ("raw-commit-" + std::to_string(threads) + ".db");
  auto db = gemba::store::open_database("sqlite:" + path.string());
  if (!db.ok()) die("open " + path.string() + ": " + db.error().to_string());
  auto schema = (*db)->write([](gemba::store::Tx& tx) {
    return tx.exec_script("CREATE TABLE unit (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
  });
  if (!schema.ok()) die("schema: " + schema.error().to_string());
  std::atomic<long> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> pool;
  const auto start = Steady::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      while (!stop.load(std::memory_order_relaxed)) {
        auto r = (*db)->write([](gemba::store::Tx& tx) -> gemba::Result<void> {
          GEMBA_RETURN_IF_ERROR(tx.exec("INSERT INTO unit (payload) VALUES (?)", "step"));
          return gemba::ok();
        });
        if (!r.ok()) die("write: " + r.error().to_string());
        done.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& th : pool) th.join();
  const double rate = done.load() / seconds_since(start);
  (*db)->close();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  return rate;
}

// Argon2id verifications per second from `threads` threads, `each` verifications per thread.
double raw_argon2_rate(int threads, int each) {
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_argon2id_str(hash, kDemoPassword, std::strlen(kDemoPassword), kArgon2Ops,
                                 kArgon2Mem) != 0) {
    die("crypto_pwhash_argon2id_str failed (out of memory?)");
  }
  std::vector<std::thread> pool;
  const auto start = Steady::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = 0; i < each; ++i) {
        if (crypto_pwhash_str_verify(hash, kDemoPassword, std::strlen(kDemoPassword)) != 0) {
          die("crypto_pwhash_str_verify refused the password");
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  return threads * each / seconds_since(start);
}

// --- The server -----------------------------------------------------------------------------

std::string step_key(int i) {
  char key[16];
  std::snprintf(key, sizeof key, "s%04d", i);
  return key;
}

// A recipe of one unit procedure and one operation holding `steps` copies of `step` (its key
// and name filled in).
std::string bench_recipe(const std::string& product_code, int steps, const json::object& step) {
  json::array list;
  for (int i = 1; i <= steps; ++i) {
    json::object s{{"key", step_key(i)}, {"name", "Bench step " + std::to_string(i)}};
    for (const auto& kv : step) s[kv.key()] = kv.value();
    list.push_back(std::move(s));
  }
  json::object doc{
      {"format", "gemba.recipe/1"},
      {"product_code", product_code},
      {"product_name", "Bench product " + product_code},
      {"site", "DEMO-PLANT"},
      {"header", json::object{{"batch_size", json::object{{"value", 100}, {"unit", "kg"}}},
                              {"theoretical_yield", json::object{{"value", 100}, {"unit", "kg"}}}}},
      {"formula", json::array()},
      {"unit_procedures",
       json::array{
           json::object{{"key", "bench"},
                        {"name", "Bench unit procedure"},
                        {"operations", json::array{json::object{{"key", "bench_operation"},
                                                                {"name", "Bench operation"},
                                                                {"steps", std::move(list)}}}}}}}};
  return json::serialize(doc);
}

class Api {
 public:
  Api(const GembaProcess& server, std::map<std::string, std::string> tokens)
      : server_(server),
        client_("127.0.0.1", server.port(), std::chrono::seconds(120)),
        tokens_(std::move(tokens)) {}

  // POST as `who`; dies with the request, status, body and server log unless `want` comes back.
  json::value post(const std::string& who, const std::string& target, const std::string& body,
                   int want) {
    auto r = client_.request(
        "POST", target, body,
        {{"Authorization", "Bearer " + tokens_.at(who)}, {"Content-Type", "application/json"}});
    if (!r.ok()) die("POST " + target + ": " + r.error().to_string(), &server_);
    if (r->status != want) {
      die("POST " + target + " as " + who + " answered " + std::to_string(r->status) + " (wanted " +
              std::to_string(want) + ")\nrequest body: " + body.substr(0, 600) +
              "\nresponse body: " + r->body.substr(0, 4000),
          &server_);
    }
    boost::system::error_code ec;
    json::value v = json::parse(r->body, ec);
    if (ec) die("POST " + target + ": the answer is not JSON: " + r->body, &server_);
    return v;
  }

  static std::string signature(const std::string& user) {
    return json::serialize(
        json::object{{"signature", json::object{{"username", user}, {"password", kDemoPassword}}}});
  }

  // Imports, submits, approves and makes effective a recipe document; returns the recipe id.
  std::string effective_recipe(const std::string& document) {
    json::value v = post("eng.farid", "/api/v1/recipes/import", document, 201);
    if (!v.at("valid").as_bool()) {
      die("the bench recipe does not validate: " + json::serialize(v.at("problems")), &server_);
    }
    const std::string id(v.at("recipe_id").as_string());
    const std::string base =
        "/api/v1/recipes/" + id + "/versions/" + std::to_string(v.at("number").to_number<int>());
    post("eng.farid", base + "/submit", signature("eng.farid"), 200);
    post("qp.eva", base + "/approve", signature("qp.eva"), 200);
    json::value effective = post("qp.eva", base + "/make-effective", signature("qp.eva"), 200);
    if (effective.at("state") != "effective") {
      die("make-effective answered state " + json::serialize(effective.at("state")), &server_);
    }
    return id;
  }

  // `n` new batches of the recipe, started (as the supervisor).
  std::vector<std::string> started_batches(const std::string& recipe_id, int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      json::value b = post("sup.carla", "/api/v1/batches",
                           json::serialize(json::object{{"recipe_id", recipe_id}}), 201);
      ids.emplace_back(b.at("id").as_string());
      post("sup.carla", "/api/v1/batches/" + ids.back() + "/start", "{}", 200);
    }
    return ids;
  }

 private:
  const GembaProcess& server_;
  HttpClient client_;
  std::map<std::string, std::string> tokens_;
};

struct Outcome {
  long completions = 0;
  double seconds = 0;
  double per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  long errors = 0;
  std::string first_error;
};

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(p * static_cast<double>(sorted.size()) + 0.999999);
  return sorted[std::min(sorted.size(), std::max<std::size_t>(rank, 1)) - 1];
}

// One operator per batch, each on its own connection, completing s0001, s0002, … in order with
// `body` until `max_each` steps are done or `seconds` pass (whichever comes first; an operator
// whose step fails stops, as the next step would not be Ready).
Outcome run_operators(std::uint16_t port, const std::string& token,
                      const std::vector<std::string>& batches, const std::string& body,
                      int max_each, double seconds) {
  const int n = static_cast<int>(batches.size());
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(n));
  std::atomic<long> errors{0};
  std::mutex error_mu;
  std::string first_error;
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> pool;
  for (int t = 0; t < n; ++t) {
    pool.emplace_back([&, t] {
      HttpClient client("127.0.0.1", port, std::chrono::seconds(300));
      const gemba::testing::HttpHeaders headers{{"Authorization", "Bearer " + token},
                                                {"Content-Type", "application/json"}};
      auto& mine = latencies[static_cast<std::size_t>(t)];
      mine.reserve(static_cast<std::size_t>(max_each));
      ready.fetch_add(1);
      while (!go.load()) std::this_thread::yield();
      const auto start = Steady::now();
      for (int i = 1; i <= max_each && seconds_since(start) < seconds; ++i) {
        const std::string target = "/api/v1/batches/" + batches[static_cast<std::size_t>(t)] +
                                   "/steps/" + step_key(i) + "/complete";
        const auto sent = Steady::now();
        auto r = client.request("POST", target, body, headers);
        const double ms = seconds_since(sent) * 1e3;
        if (r.ok() && r->status == 200) {
          mine.push_back(ms);
          continue;
        }
        errors.fetch_add(1);
        std::lock_guard lock(error_mu);
        if (first_error.empty()) {
          first_error = "POST " + target + " " + body + " → " +
                        (r.ok() ? std::to_string(r->status) + " " + r->body.substr(0, 2000)
                                : "transport error: " + r.error().to_string());
        }
        break;
      }
    });
  }
  while (ready.load() < n) std::this_thread::yield();
  const auto start = Steady::now();
  go = true;
  for (auto& th : pool) th.join();
  Outcome out;
  out.seconds = seconds_since(start);
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  out.completions = static_cast<long>(all.size());
  out.per_second = out.completions / out.seconds;
  out.p50_ms = percentile(all, 0.50);
  out.p99_ms = percentile(all, 0.99);
  out.errors = errors.load();
  out.first_error = first_error;
  return out;
}

// The same, from one thread multiplexing every operator's connection with poll(): the load
// generator shares the machine's two cores with the server, and 64 blocking client threads cost
// it about 40% of the CPU; one thread costs a fraction of that.
Outcome run_operators_multiplexed(std::uint16_t port, const std::string& token,
                                  const std::vector<std::string>& batches, const std::string& body,
                                  int max_each, double seconds) {
  struct Conn {
    int fd = -1;
    int step = 0;  // the step being completed (1-based)
    Steady::time_point sent;
    std::string out;  // bytes still to send
    std::string in;   // bytes received of the current response
    bool done = false;
  };
  const int n = static_cast<int>(batches.size());
  std::vector<Conn> conns(static_cast<std::size_t>(n));
  std::vector<double> all;
  Outcome out;
  auto request_for = [&](int t, int step) {
    const std::string target = "/api/v1/batches/" + batches[static_cast<std::size_t>(t)] +
                               "/steps/" + step_key(step) + "/complete";
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
  };
  for (int t = 0; t < n; ++t) {
    Conn& c = conns[static_cast<std::size_t>(t)];
    c.fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (c.fd < 0 || ::connect(c.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      out.errors++;
      out.first_error = "cannot connect";
      c.done = true;
      continue;
    }
    int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  const auto start = Steady::now();
  for (int t = 0; t < n; ++t) {
    Conn& c = conns[static_cast<std::size_t>(t)];
    if (c.done) continue;
    c.step = 1;
    c.out = request_for(t, 1);
    c.sent = Steady::now();
  }
  std::vector<pollfd> fds;
  for (;;) {
    fds.clear();
    std::vector<int> who;
    for (int t = 0; t < n; ++t) {
      Conn& c = conns[static_cast<std::size_t>(t)];
      if (c.done) continue;
      fds.push_back({c.fd, static_cast<short>(c.out.empty() ? POLLIN : POLLIN | POLLOUT), 0});
      who.push_back(t);
    }
    if (fds.empty()) break;
    if (::poll(fds.data(), fds.size(), 60'000) <= 0) {
      out.errors++;
      out.first_error = "no answer for 60 s";
      break;
    }
    for (std::size_t k = 0; k < fds.size(); ++k) {
      Conn& c = conns[static_cast<std::size_t>(who[k])];
      if ((fds[k].revents & POLLOUT) && !c.out.empty()) {
        const ssize_t w = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (w > 0) c.out.erase(0, static_cast<std::size_t>(w));
      }
      if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[16384];
      const ssize_t r = ::recv(c.fd, buf, sizeof buf, 0);
      if (r <= 0) {
        out.errors++;
        if (out.first_error.empty()) out.first_error = "the server closed a connection";
        c.done = true;
        continue;
      }
      c.in.append(buf, static_cast<std::size_t>(r));
      const auto head_end = c.in.find("\r\n\r\n");
      if (head_end == std::string::npos) continue;
      std::string head = c.in.substr(0, head_end);
      for (auto& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const auto cl = head.find("content-length:");
      const std::size_t length =
          cl == std::string::npos ? 0 : std::strtoul(head.c_str() + cl + 15, nullptr, 10);
      if (c.in.size() < head_end + 4 + length) continue;
      const int status = std::atoi(c.in.c_str() + 9);
      if (status != 200) {
        out.errors++;
        if (out.first_error.empty()) {
          out.first_error = "step " + std::to_string(c.step) + " → " + c.in.substr(0, 2000);
        }
        c.done = true;
        continue;
      }
      all.push_back(seconds_since(c.sent) * 1e3);
      c.in.erase(0, head_end + 4 + length);
      if (c.step >= max_each || seconds_since(start) >= seconds) {
        c.done = true;
        continue;
      }
      ++c.step;
      c.out = request_for(who[k], c.step);
      c.sent = Steady::now();
    }
  }
  out.seconds = seconds_since(start);
  for (Conn& c : conns) {
    if (c.fd >= 0) ::close(c.fd);
  }
  std::sort(all.begin(), all.end());
  out.completions = static_cast<long>(all.size());
  out.per_second = out.completions / out.seconds;
  out.p50_ms = percentile(all, 0.50);
  out.p99_ms = percentile(all, 0.99);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path base = fs::temp_directory_path();
  double seconds = 4;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--dir") == 0) base = argv[i + 1];
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::atof(argv[i + 1]);
  }
  // Our own directory inside DIR: removed at the end unless something failed.
  const fs::path dir = base / ("gemba-batch-bench-" + std::to_string(::getpid()));
  if (sodium_init() < 0) die("sodium_init failed");
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::vector<int> operators = {1, 16, 64};

  // 1. Baselines, before the server starts (nothing else of ours runs meanwhile).
  std::map<int, double> raw_commit;
  for (int n : operators) raw_commit[n] = raw_commit_rate(dir, n, 2.0);

  // 2. The server: the demo plant, default (production) Argon2id cost.
  GembaProcess server(GEMBA_BINARY, {"demo", "--database", "sqlite:" + (dir / "gemba.db").string()},
                      (dir / "gemba.log").string());
  const auto started = Steady::now();
  auto port = server.start(std::chrono::seconds(300));
  if (!port.ok()) die("the server did not start: " + port.error().to_string(), &server);
  const double startup_s = seconds_since(started);
  std::map<std::string, std::string> tokens;
  {
    HttpClient client("127.0.0.1", *port, std::chrono::seconds(120));
    for (const char* user : {"op.anna", "sup.carla", "eng.farid", "qp.eva"}) {
      auto token = BatchDriver::login(client, user);
      if (!token.ok()) die("login " + std::string(user) + ": " + token.error().message, &server);
      tokens[user] = *token;
    }
  }
  Api api(server, tokens);

  // 3. The bench recipes.
  const std::string unsigned_recipe = api.effective_recipe(
      bench_recipe("BENCH-UNSIGNED", kUnsignedSteps,
                   json::object{{"type", "numeric_entry"},
                                {"unit", "kg"},
                                {"decimals", 1},
                                {"target", 10},
                                {"limits", json::object{{"low", 5}, {"high", 15}}}}));
  const std::string signed_recipe = api.effective_recipe(bench_recipe(
      "BENCH-SIGNED", kSignedSteps, json::object{{"type", "sign_off"}, {"meaning", "performed"}}));

  // 4. Completions.
  const std::string unsigned_body = R"({"value": 10})";
  const std::string signed_body = Api::signature("op.anna");
  std::map<int, Outcome> unsigned_runs, signed_runs;
  for (int n : operators) {
    const auto batches = api.started_batches(unsigned_recipe, n);
    unsigned_runs[n] = run_operators_multiplexed(*port, tokens.at("op.anna"), batches,
                                                 unsigned_body, kUnsignedSteps, seconds);
  }
  const std::map<int, int> signed_each = {{1, 6}, {16, 2}, {64, 1}};  // 6, 32, 64 signatures
  // Baseline of each row, measured just before it while the server is idle: the server verifies
  // at most 2 passwords at once (Argon2Params::max_concurrent), so from min(operators, 2)
  // threads.
  std::map<int, double> raw_argon2;
  for (int n : operators) {
    const auto batches = api.started_batches(signed_recipe, n);
    raw_argon2[n] = n == 1 ? raw_argon2_rate(1, 6) : raw_argon2_rate(2, 8);
    signed_runs[n] =
        run_operators(*port, tokens.at("op.anna"), batches, signed_body, signed_each.at(n), 600);
  }
  const int exit_status = server.stop(SIGTERM);

  // 5. The report.
  std::printf("## batch_bench (gemba demo on SQLite, WAL, synchronous=FULL; HTTP on loopback)\n\n");
  std::printf("Server start with demo seeding: %.1f s; exit status after SIGTERM: %d.\n\n",
              startup_s, exit_status);
  std::printf("### Unsigned step completions (numeric entry, {\"value\": 10}), up to %.0f s\n\n",
              seconds);
  std::printf(
      "Baseline: the store's raw durable-commit rate (one tiny INSERT per unit of work, group "
      "commit) from as many threads as operators, in-process, same disk, same run.\n\n");
  std::printf(
      "| operators | completions | completions/s | p50 ms | p99 ms | errors | raw commits/s "
      "(baseline) | completions / raw commits |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (int n : operators) {
    const Outcome& o = unsigned_runs[n];
    std::printf("| %d | %ld | %.0f | %.1f | %.1f | %ld | %.0f | %.2f |\n", n, o.completions,
                o.per_second, o.p50_ms, o.p99_ms, o.errors, raw_commit[n],
                o.per_second / raw_commit[n]);
  }
  std::printf(
      "\n### Signed step completions (sign-off, \"performed\", Argon2id per signature)\n\n");
  std::printf(
      "Baseline: raw Argon2id verifications/s (libsodium crypto_pwhash_str_verify, opslimit %llu, "
      "%zu MiB) from min(operators, 2) threads, as the server verifies at most 2 at once; "
      "measured just before each row.\n\n",
      kArgon2Ops, kArgon2Mem >> 20);
  std::printf(
      "| operators | completions | completions/s | p50 ms | p99 ms | errors | raw Argon2id /s "
      "(baseline) | completions / raw Argon2id |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (int n : operators) {
    const Outcome& o = signed_runs[n];
    std::printf("| %d | %ld | %.2f | %.0f | %.0f | %ld | %.2f | %.0f%% |\n", n, o.completions,
                o.per_second, o.p50_ms, o.p99_ms, o.errors, raw_argon2[n],
                100 * o.per_second / raw_argon2[n]);
  }
  long errors = 0;
  for (auto* runs : {&unsigned_runs, &signed_runs}) {
    for (const auto& [n, o] : *runs) {
      errors += o.errors;
      if (!o.first_error.empty()) {
        std::printf("\nfirst error (%s, %d operators): %s\n",
                    runs == &unsigned_runs ? "unsigned" : "signed", n, o.first_error.c_str());
      }
    }
  }
  const Outcome& u64 = unsigned_runs[64];
  const bool unsigned_met = u64.per_second >= 2000 && u64.p99_ms <= 50 && u64.errors == 0;
  std::printf(
      "\ntarget: unsigned >= 2,000 completions/s with p99 <= 50 ms at 64 operators: %s "
      "(%.0f /s, p99 %.1f ms)\n",
      unsigned_met ? "met" : "NOT met", u64.per_second, u64.p99_ms);
  double worst = 1e9;
  for (const auto& [n, o] : signed_runs) {
    worst = std::min(worst, o.per_second / raw_argon2[n]);
  }
  bool signed_errors = false;
  for (const auto& [n, o] : signed_runs) signed_errors = signed_errors || o.errors > 0;
  std::printf(
      "target: signed completions >= 80%% of the raw Argon2id rate, at every concurrency: %s "
      "(lowest %.0f%%)\n",
      worst >= 0.8 && !signed_errors ? "met" : "NOT met", 100 * worst);
  if (errors == 0)
    fs::remove_all(dir);
  else
    std::printf("\nserver data and log kept in %s\n", dir.c_str());
  return errors == 0 ? 0 : 1;
}
