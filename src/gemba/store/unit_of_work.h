#pragma once
// What both adapters do around a unit-of-work closure. Internal to store/.

#include <chrono>
#include <functional>
#include <vector>

#include "gemba/core/result.h"
#include "gemba/store/database.h"

namespace gemba {
class Counter;
class Histogram;
class Metrics;
}  // namespace gemba

namespace gemba::store {

using UnitOfWork = std::function<Result<void>(Tx&)>;
using CommitHooks = std::vector<std::function<void()>>;

// Calls fn(tx); an exception escaping the closure becomes an internal error (the adapter then
// rolls the unit back like any other error).
Result<void> run_unit_of_work(const UnitOfWork& fn, Tx& tx);

// Runs on_commit hooks in registration order. A hook that throws propagates to the caller of
// write(); its unit has already committed.
void run_commit_hooks(CommitHooks& hooks);

// The store's metrics; every method is a no-op when constructed without a registry. Thread-safe.
//   gemba_store_commit_seconds        histogram: time spent in COMMIT (the durable flush)
//   gemba_store_group_size            histogram: write units per transaction (SQLite)
//   gemba_store_units_total{result}   counter: write units answered, result="ok" | "error"
class StoreMetrics {
 public:
  explicit StoreMetrics(Metrics* metrics);
  void observe_commit(std::chrono::steady_clock::duration d) const;
  void observe_group_size(std::size_t units) const;
  void count_unit(bool ok) const;

 private:
  Histogram* commit_seconds_ = nullptr;
  Histogram* group_size_ = nullptr;
  Counter* units_ok_ = nullptr;
  Counter* units_error_ = nullptr;
};

}  // namespace gemba::store
