#pragma once
// The single SQLite writer: one thread owns the write connection and commits queued units of work
// in groups. Internal to the sqlite adapter.
//
// Group commit: the thread takes up to `max_group_size` queued units, opens one BEGIN IMMEDIATE
// transaction, runs each unit inside its own SAVEPOINT (a failing unit is rolled back to its
// savepoint; only its caller sees the error) and issues one COMMIT, so one fsync covers the whole
// group. Every caller is answered only after that COMMIT returned. If the shared transaction
// cannot be committed (COMMIT or a ROLLBACK TO fails, or a unit ends the transaction), every unit
// of the group gets an error and nothing of the group remains.
//
// Thread-safe: submit() may be called from any thread except the writer thread itself.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "gemba/store/sqlite/connection.h"
#include "gemba/store/unit_of_work.h"

namespace gemba::store::sqlite {

class GroupCommitWriter {
 public:
  // What a caller gets back: the unit's result and, when it committed, its on_commit hooks (run
  // by the caller, so a hook never delays the writer thread).
  struct Outcome {
    Result<void> result;
    CommitHooks hooks;
  };

  // Takes ownership of the write connection. REQUIRES: max_group_size >= 1; metrics outlives
  // the writer.
  GroupCommitWriter(std::unique_ptr<SqliteConnection> connection, int max_group_size,
                    const StoreMetrics& metrics);
  ~GroupCommitWriter();
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Queues fn and blocks until its group committed (or failed). unavailable once closed.
  Outcome submit(const UnitOfWork& fn);

  // Stops accepting units, commits the queued ones, joins the thread and closes the connection.
  // Idempotent.
  void close();

 private:
  struct Pending {
    const UnitOfWork* fn;
    std::promise<Outcome> answer;
  };

  void run();
  void commit_group(std::deque<Pending*>& group);
  // Rolls the shared transaction back and answers every unit with an error; `culprit` (if any)
  // gets `culprit_error`, the others `error`.
  void abort_group(std::deque<Pending*>& group, const Error& error, std::size_t culprit,
                   const Error& culprit_error);

  std::unique_ptr<SqliteConnection> connection_;  // used by the writer thread only
  const std::size_t max_group_size_;
  const StoreMetrics& metrics_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending*> queue_;  // GUARDED_BY(mu_)
  bool closed_ = false;         // GUARDED_BY(mu_)
  std::mutex close_mu_;         // serialises close()
  std::thread thread_;
  std::atomic<std::thread::id> writer_id_;  // thread_'s id, readable while close() joins it
};

}  // namespace gemba::store::sqlite
