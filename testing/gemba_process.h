#pragma once
// GembaProcess: runs the real `gemba` binary for integration tests, on a free port, and stops it.
// Its log (stderr) goes to a file so a failing test can show it.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "gemba/core/result.h"

namespace gemba::testing {

class GembaProcess {
 public:
  // `binary`: path of gemba; `args`: e.g. {"serve", "--database", "sqlite:/tmp/x.db"}.
  // "--listen 127.0.0.1:0" is added unless args name --listen. `log_path`: where stderr goes.
  GembaProcess(std::string binary, std::vector<std::string> args, std::string log_path);
  ~GembaProcess();  // SIGKILLs the process if still running
  GembaProcess(const GembaProcess&) = delete;
  GembaProcess& operator=(const GembaProcess&) = delete;

  // Starts the process and waits until it logs that it serves (returns its port), or until it
  // exits (failed_precondition with the log's tail) or `wait` passes (unavailable).
  Result<std::uint16_t> start(std::chrono::milliseconds wait = std::chrono::seconds(30));

  // Sends `signal` and waits for the exit; returns the exit status (128+N when killed by N).
  int stop(int signal, std::chrono::milliseconds wait = std::chrono::seconds(30));

  // Runs the binary to completion (for one-shot commands); returns {exit code, stdout+stderr}.
  static std::pair<int, std::string> run(const std::string& binary,
                                         const std::vector<std::string>& args);

  std::string log() const;
  pid_t pid() const { return pid_; }
  std::uint16_t port() const { return port_; }

 private:
  const std::string binary_;
  std::vector<std::string> args_;
  const std::string log_path_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace gemba::testing
