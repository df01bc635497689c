#include "gemba/core/event_bus.h"

namespace gemba {

EventBus::Subscription& EventBus::Subscription::operator=(Subscription&& o) noexcept {
  if (this != &o) {
    if (bus_) bus_->unsubscribe(id_);
    bus_ = o.bus_;
    id_ = o.id_;
    o.bus_ = nullptr;
  }
  return *this;
}

EventBus::Subscription::~Subscription() {
  if (bus_) bus_->unsubscribe(id_);
}

std::uint64_t EventBus::publish(Event e) {
  // Held while calling subscribers so that every subscriber sees events in sequence order.
  std::lock_guard lock(mu_);
  e.seq = ++seq_;
  e.at = clock_.now();
  history_.push_back(e);
  if (history_.size() > history_limit_) history_.pop_front();
  for (auto& [id, cb] : subscribers_) cb(history_.back());
  return e.seq;
}

EventBus::Subscription EventBus::subscribe(Callback cb) {
  std::lock_guard lock(mu_);
  const auto id = next_sub_++;
  subscribers_.emplace(id, std::move(cb));
  return Subscription(this, id);
}

void EventBus::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(mu_);
  subscribers_.erase(id);
}

std::vector<Event> EventBus::since(std::uint64_t after, bool* complete) const {
  std::lock_guard lock(mu_);
  std::vector<Event> out;
  if (complete) *complete = history_.empty() ? after >= seq_ : history_.front().seq <= after + 1;
  for (const auto& e : history_) {
    if (e.seq > after) out.push_back(e);
  }
  return out;
}

std::uint64_t EventBus::last_seq() const {
  std::lock_guard lock(mu_);
  return seq_;
}

}  // namespace gemba
