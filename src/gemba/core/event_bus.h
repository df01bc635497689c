#pragma once
// In-process event bus: services publish domain events after their unit of work commits; the
// HTTP layer streams them as Server-Sent Events. Events are numbered by a monotonically increasing
// sequence so clients can resume (Last-Event-ID) from the bounded history kept here.

#include <boost/json/object.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gemba/core/clock.h"

namespace gemba {

struct Event {
  std::uint64_t seq = 0;     // assigned by publish()
  std::string type;          // "batch.step_completed", "security.login_failed", ...
  Timestamp at{};            // assigned by publish() from the bus's clock
  std::string subject_type;  // "batch"
  std::string subject_id;    // the record's id
  boost::json::object data;  // what a screen needs; never secrets
  // Permission a reader needs to see this event; empty = any authenticated user.
  std::string required_permission;
};

// Thread-safe. Subscribers are called on the publishing thread, in sequence order, and must not
// block (queue the event and return).
class EventBus {
 public:
  using Callback = std::function<void(const Event&)>;

  // Unsubscribes when destroyed. Must not outlive the bus.
  class Subscription {
   public:
    Subscription() = default;
    Subscription(EventBus* bus, std::uint64_t id) : bus_(bus), id_(id) {}
    Subscription(Subscription&& o) noexcept : bus_(o.bus_), id_(o.id_) { o.bus_ = nullptr; }
    Subscription& operator=(Subscription&& o) noexcept;
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;
    ~Subscription();

   private:
    EventBus* bus_ = nullptr;
    std::uint64_t id_ = 0;
  };

  // `clock` must outlive the bus. `history` events are kept for resumption.
  EventBus(Clock& clock, std::size_t history = 10000) : clock_(clock), history_limit_(history) {}
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  // Stamps seq and time, keeps it in history, calls every subscriber. Returns the sequence.
  std::uint64_t publish(Event e);

  Subscription subscribe(Callback cb);

  // Events with seq > after still in history. `complete` is false when some were already dropped.
  std::vector<Event> since(std::uint64_t after, bool* complete) const;

  std::uint64_t last_seq() const;

 private:
  void unsubscribe(std::uint64_t id);

  Clock& clock_;
  const std::size_t history_limit_;
  mutable std::mutex mu_;
  std::uint64_t seq_ = 0;                          // GUARDED_BY(mu_)
  std::deque<Event> history_;                      // GUARDED_BY(mu_)
  std::uint64_t next_sub_ = 1;                     // GUARDED_BY(mu_)
  std::map<std::uint64_t, Callback> subscribers_;  // GUARDED_BY(mu_)
};

}  // namespace gemba
