#pragma once
// What the benchmarks share: stopping on an error, and the median of repeated timings.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

// Evaluates a Result-returning expression; prints the error and exits on failure.
#define BENCH_CHECK(expr)                                                      \
  do {                                                                         \
    auto&& r_ = (expr);                                                        \
    if (!r_.ok()) {                                                            \
      std::fprintf(stderr, "%s: %s\n", #expr, r_.error().to_string().c_str()); \
      std::exit(1);                                                            \
    }                                                                          \
  } while (0)

namespace gemba::bench {

// Median wall time of `runs` calls of `f`, in milliseconds.
inline double median_ms(int runs, const std::function<void()>& f) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace gemba::bench
