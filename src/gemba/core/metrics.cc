#include "gemba/core/metrics.h"

#include <cmath>
#include <cstdio>

namespace gemba {
namespace {

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string render_labels(const Labels& labels) {
  std::string s;
  for (const auto& [k, v] : labels) {
    if (!s.empty()) s.push_back(',');
    s += k + "=\"" + escape_label(v) + "\"";
  }
  return s;
}

std::string format_double(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string braces(const std::string& labels, const std::string& extra = {}) {
  std::string inner = labels;
  if (!extra.empty()) inner += (inner.empty() ? "" : ",") + extra;
  return inner.empty() ? "" : "{" + inner + "}";
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<std::uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::observe(double v) {
  size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  if (v > 0) sum_micro_.fetch_add(std::uint64_t(v * 1e6), std::memory_order_relaxed);
}

void Histogram::snapshot(std::vector<std::uint64_t>& cumulative, double& sum,
                         std::uint64_t& count) const {
  cumulative.assign(bounds_.size() + 1, 0);
  std::uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    cumulative[i] = running;
  }
  count = running;
  sum = double(sum_micro_.load(std::memory_order_relaxed)) / 1e6;
}

Counter& Metrics::counter(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mu_);
  auto& f = families_[name];
  f.help = help;
  auto& c = f.counters[render_labels(labels)];
  if (!c) c = std::make_unique<Counter>();
  return *c;
}

Histogram& Metrics::histogram(const std::string& name, const std::string& help,
                              const Labels& labels, const std::vector<double>& bounds) {
  std::lock_guard lock(mu_);
  auto& f = families_[name];
  f.help = help;
  f.histogram = true;
  auto& h = f.histograms[render_labels(labels)];
  if (!h) h = std::make_unique<Histogram>(bounds);
  return *h;
}

std::string Metrics::render_prometheus() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n";
    out += "# TYPE " + name + (f.histogram ? " histogram\n" : " counter\n");
    for (const auto& [labels, c] : f.counters) {
      out += name + braces(labels) + " " + std::to_string(c->value()) + "\n";
    }
    for (const auto& [labels, h] : f.histograms) {
      std::vector<std::uint64_t> cum;
      double sum;
      std::uint64_t count;
      h->snapshot(cum, sum, count);
      for (size_t i = 0; i < cum.size(); ++i) {
        const double le = i < h->bounds().size() ? h->bounds()[i] : INFINITY;
        out += name + "_bucket" + braces(labels, "le=\"" + format_double(le) + "\"") + " " +
               std::to_string(cum[i]) + "\n";
      }
      out += name + "_sum" + braces(labels) + " " + format_double(sum) + "\n";
      out += name + "_count" + braces(labels) + " " + std::to_string(count) + "\n";
    }
  }
  return out;
}

std::vector<double> Metrics::latency_buckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
}

}  // namespace gemba
