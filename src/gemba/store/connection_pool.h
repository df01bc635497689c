#pragma once
// A pool of database connections of one kind, opened lazily up to a size. Internal to store/:
// the SQLite adapter pools its readers, the PostgreSQL adapter all its connections.
//
// Thread-safe. A Lease gives one thread exclusive use of a connection until it is destroyed. A
// connection whose reusable() is false when it comes back (broken, or left inside a transaction)
// is closed and a fresh one is opened on demand.
//
// REQUIRES of Connection: `bool reusable() const`.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "gemba/core/result.h"

namespace gemba::store {

template <typename Connection>
class ConnectionPool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;

  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> c)
        : pool_(pool), connection_(std::move(c)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_) pool_->give_back(std::move(connection_));
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // REQUIRES: size >= 1 (smaller values mean 1).
  ConnectionPool(Opener open, int size)
      : open_(std::move(open)), size_(static_cast<std::size_t>(size < 1 ? 1 : size)) {}
  ~ConnectionPool() { close(); }
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Blocks while every connection is leased. unavailable once closed; the opener's error if a
  // new connection cannot be opened.
  Result<Lease> acquire() {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return closed_ || !idle_.empty() || open_count_ < size_; });
    if (closed_) return Error::unavailable("the database is closed");
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
    ++open_count_;
    lock.unlock();
    auto opened = open_();
    if (!opened.ok()) {
      lock.lock();
      --open_count_;
      changed_.notify_all();
      return std::move(opened).error();
    }
    return Lease(this, std::move(opened).value());
  }

  // Refuses new leases, waits for leased connections to come back, closes them all. Idempotent.
  void close() {
    std::unique_lock lock(mu_);
    closed_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return idle_.size() == open_count_; });
    idle_.clear();
    open_count_ = 0;
  }

 private:
  void give_back(std::unique_ptr<Connection> c) {
    std::lock_guard lock(mu_);
    if (c->reusable()) {
      idle_.push_back(std::move(c));
    } else {
      c.reset();
      --open_count_;
    }
    changed_.notify_all();
  }

  const Opener open_;
  const std::size_t size_;

  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<std::unique_ptr<Connection>> idle_;  // GUARDED_BY(mu_)
  std::size_t open_count_ = 0;                     // GUARDED_BY(mu_): idle + leased
  bool closed_ = false;                            // GUARDED_BY(mu_)
};

}  // namespace gemba::store
