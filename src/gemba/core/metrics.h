#pragma once
// A small Prometheus-style metrics registry: counters and histograms with labels, rendered in the
// text exposition format by GET /metrics. Registration is mutex-guarded; updates are lock-free.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gemba {

class Counter {
 public:
  void inc(std::uint64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> v_{0};
};

class Histogram {
 public:
  // `bounds`: ascending upper bounds of the buckets (+Inf is implicit).
  explicit Histogram(std::vector<double> bounds);
  void observe(double v);
  const std::vector<double>& bounds() const { return bounds_; }
  // Cumulative counts per bound, then +Inf; sum; count.
  void snapshot(std::vector<std::uint64_t>& cumulative, double& sum, std::uint64_t& count) const;

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_.size() + 1
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_micro_{0};  // sum in millionths, to stay lock-free
};

// Labels rendered as written: {"route", "/api/v1/batches/{id}"}, ...
using Labels = std::vector<std::pair<std::string, std::string>>;

// Thread-safe. Returned references stay valid for the registry's lifetime.
class Metrics {
 public:
  Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram& histogram(const std::string& name, const std::string& help, const Labels& labels,
                       const std::vector<double>& bounds);
  std::string render_prometheus() const;

  // Buckets suited to latencies in seconds, 100 µs .. 10 s.
  static std::vector<double> latency_buckets();

 private:
  struct Family {
    std::string help;
    bool histogram = false;
    std::map<std::string, std::unique_ptr<Counter>> counters;      // by rendered labels
    std::map<std::string, std::unique_ptr<Histogram>> histograms;  // by rendered labels
  };
  mutable std::mutex mu_;
  std::map<std::string, Family> families_;  // GUARDED_BY(mu_)
};

}  // namespace gemba
