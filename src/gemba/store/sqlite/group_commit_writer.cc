#include "gemba/store/sqlite/group_commit_writer.h"

#include <chrono>
#include <limits>
#include <utility>

namespace gemba::store::sqlite {

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<SqliteConnection> connection,
                                     int max_group_size, const StoreMetrics& metrics)
    : connection_(std::move(connection)),
      max_group_size_(static_cast<std::size_t>(max_group_size < 1 ? 1 : max_group_size)),
      metrics_(metrics),
      thread_([this] { run(); }),
      writer_id_(thread_.get_id()) {}

GroupCommitWriter::~GroupCommitWriter() { close(); }

GroupCommitWriter::Outcome GroupCommitWriter::submit(const UnitOfWork& fn) {
  if (std::this_thread::get_id() == writer_id_.load()) {
    return {Error::internal("write() was called from inside a unit of work"), {}};
  }
  Pending pending{&fn, {}};
  std::future<Outcome> answer = pending.answer.get_future();
  {
    std::lock_guard lock(mu_);
    if (closed_) return {Error::unavailable("the database is closed"), {}};
    queue_.push_back(&pending);
  }
  wake_.notify_one();
  return answer.get();
}

void GroupCommitWriter::close() {
  std::lock_guard serial(close_mu_);
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  connection_.reset();
}

void GroupCommitWriter::run() {
  for (;;) {
    std::deque<Pending*> group;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return closed_ || !queue_.empty(); });
      if (queue_.empty()) return;  // closed and drained
      while (!queue_.empty() && group.size() < max_group_size_) {
        group.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    commit_group(group);
  }
}

void GroupCommitWriter::commit_group(std::deque<Pending*>& group) {
  constexpr std::size_t kNoCulprit = std::numeric_limits<std::size_t>::max();
  SqliteConnection& db = *connection_;
  metrics_.observe_group_size(group.size());

  // A failed ROLLBACK may have left a transaction open; never build on it.
  if (!db.in_autocommit()) (void)db.exec("ROLLBACK", {});
  if (auto begin = db.exec("BEGIN IMMEDIATE", {}); !begin.ok()) {
    abort_group(group, begin.error(), kNoCulprit, {});
    return;
  }
  std::vector<Outcome> outcomes(group.size());
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (auto sp = db.exec("SAVEPOINT gemba_unit", {}); !sp.ok()) {
      abort_group(group, sp.error(), kNoCulprit, {});
      return;
    }
    SqliteTx tx(db);
    Result<void> result = run_unit_of_work(*group[i]->fn, tx);
    if (db.in_autocommit()) {
      // The unit's failure (or a COMMIT/ROLLBACK it ran) ended the shared transaction.
      abort_group(group,
                  Error::unavailable("the transaction was rolled back because another unit of "
                                     "work committed with it failed; retry"),
                  i,
                  result.ok() ? Error::internal("a unit of work ended the shared transaction")
                              : result.error());
      return;
    }
    Result<std::int64_t> end =
        result.ok() ? db.exec("RELEASE gemba_unit", {}) : db.exec("ROLLBACK TO gemba_unit", {});
    if (end.ok() && !result.ok()) end = db.exec("RELEASE gemba_unit", {});
    if (!end.ok()) {
      abort_group(group, end.error(), kNoCulprit, {});
      return;
    }
    outcomes[i].result = std::move(result);
    if (outcomes[i].result.ok()) outcomes[i].hooks = tx.take_commit_hooks();
  }

  const auto started = std::chrono::steady_clock::now();
  auto commit = db.exec("COMMIT", {});
  metrics_.observe_commit(std::chrono::steady_clock::now() - started);
  if (!commit.ok()) {
    abort_group(group, commit.error(), kNoCulprit, {});
    return;
  }
  for (std::size_t i = 0; i < group.size(); ++i) {
    metrics_.count_unit(outcomes[i].result.ok());
    group[i]->answer.set_value(std::move(outcomes[i]));
  }
}

void GroupCommitWriter::abort_group(std::deque<Pending*>& group, const Error& error,
                                    std::size_t culprit, const Error& culprit_error) {
  if (!connection_->in_autocommit()) (void)connection_->exec("ROLLBACK", {});
  Error shared = error;
  if (shared.code != ErrorCode::kUnavailable) shared.code = ErrorCode::kInternal;
  for (std::size_t i = 0; i < group.size(); ++i) {
    metrics_.count_unit(false);
    group[i]->answer.set_value({i == culprit ? culprit_error : shared, {}});
  }
}

}  // namespace gemba::store::sqlite
