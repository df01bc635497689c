#include "gemba/store/unit_of_work.h"

#include <exception>
#include <string>

#include "gemba/core/metrics.h"

namespace gemba::store {

Result<void> run_unit_of_work(const UnitOfWork& fn, Tx& tx) {
  try {
    return fn(tx);
  } catch (const std::exception& e) {
    return Error::internal(std::string("unit of work threw an exception: ") + e.what());
  } catch (...) {
    return Error::internal("unit of work threw an exception");
  }
}

void run_commit_hooks(CommitHooks& hooks) {
  for (auto& hook : hooks) hook();
}

StoreMetrics::StoreMetrics(Metrics* metrics) {
  if (metrics == nullptr) return;
  commit_seconds_ = &metrics->histogram("gemba_store_commit_seconds",
                                        "Time spent in COMMIT (the durable flush), per transaction",
                                        {}, Metrics::latency_buckets());
  group_size_ = &metrics->histogram("gemba_store_group_size",
                                    "Write units of work committed together in one transaction", {},
                                    {1, 2, 4, 8, 16, 32, 64, 128, 256, 512});
  const std::string help = "Write units of work answered, by result";
  units_ok_ = &metrics->counter("gemba_store_units_total", help, {{"result", "ok"}});
  units_error_ = &metrics->counter("gemba_store_units_total", help, {{"result", "error"}});
}

void StoreMetrics::observe_commit(std::chrono::steady_clock::duration d) const {
  if (commit_seconds_) commit_seconds_->observe(std::chrono::duration<double>(d).count());
}

void StoreMetrics::observe_group_size(std::size_t units) const {
  if (group_size_) group_size_->observe(static_cast<double>(units));
}

void StoreMetrics::count_unit(bool ok) const {
  if (Counter* c = ok ? units_ok_ : units_error_) c->inc();
}

}  // namespace gemba::store
