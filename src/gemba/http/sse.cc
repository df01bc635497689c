#include "gemba/http/sse.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "gemba/core/time.h"
#include "gemba/http/errors.h"

namespace gemba::http {
namespace {

namespace json = boost::json;

constexpr std::string_view kResetFrame = "event: reset\ndata: {}\n\n";
constexpr std::string_view kRetryFrame = "retry: 3000\n\n";
constexpr std::string_view kKeepAliveFrame = ": keep-alive\n\n";

std::string one_line(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

struct Filter {
  std::vector<std::pair<std::string, std::string>> subjects;  // (type, id); empty = all
  std::set<std::string> types;                                // empty = all
};

// One connected reader. The publisher (deliver) and the resuming thread (replay) meet under mu.
struct Client {
  std::shared_ptr<StreamSink> sink;
  Request request;  // for may_read: principal, headers
  Filter filter;
  std::mutex mu;
  bool replaying = false;      // GUARDED_BY(mu): live events go to `pending` meanwhile
  std::vector<Event> pending;  // GUARDED_BY(mu)
  std::uint64_t last_seq = 0;  // GUARDED_BY(mu) when not replaying
};

class EventHub : public std::enable_shared_from_this<EventHub> {
 public:
  EventHub(EventBus& bus, MayRead may_read, EventStreamOptions options)
      : bus_(bus), may_read_(std::move(may_read)), options_(options) {
    subscription_ = bus_.subscribe([this](const Event& e) { deliver(e); });
    ticker_ = std::thread([this] { keep_alive_loop(); });
  }

  ~EventHub() {
    subscription_ = EventBus::Subscription();  // no deliver() runs after this
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    ticker_.join();
    std::map<std::uint64_t, std::shared_ptr<Client>> clients;
    {
      std::lock_guard lock(mu_);
      clients.swap(clients_);
    }
    for (auto& [id, c] : clients) c->sink->close();
  }

  Response handle(Request& req) {
    auto client = std::make_shared<Client>();
    for (auto [it, end] = req.query.equal_range("subject"); it != end; ++it) {
      const auto colon = it->second.find(':');
      if (colon == std::string::npos || colon == 0 || colon + 1 == it->second.size()) {
        return bad_request(Error::invalid_argument("subject must look like batch:<id>",
                                                   {{"subject", it->second.substr(0, 200)}}),
                           req.request_id);
      }
      client->filter.subjects.emplace_back(it->second.substr(0, colon),
                                           it->second.substr(colon + 1));
    }
    if (auto types = req.query_param("types")) {
      std::string_view rest = *types;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        if (comma != 0) client->filter.types.emplace(rest.substr(0, comma));
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    }
    std::optional<std::uint64_t> resume_after;
    std::string last_id = req.header("last-event-id");
    if (last_id.empty()) last_id = req.query_param("last_event_id").value_or("");
    if (!last_id.empty()) {
      std::uint64_t n = 0;
      const auto [end, ec] = std::from_chars(last_id.data(), last_id.data() + last_id.size(), n);
      if (ec != std::errc() || end != last_id.data() + last_id.size()) {
        return bad_request(Error::invalid_argument("Last-Event-ID must be an event id (a number)"),
                           req.request_id);
      }
      resume_after = n;
    }
    client->request = req;
    client->request.body.clear();

    Response r;
    r.status = 200;
    r.content_type = "text/event-stream; charset=utf-8";
    r.headers.emplace_back("Cache-Control", "no-store");
    r.headers.emplace_back("X-Accel-Buffering", "no");
    r.stream = [hub = shared_from_this(), client, resume_after](std::shared_ptr<StreamSink> sink) {
      client->sink = std::move(sink);
      hub->attach(client, resume_after);
    };
    return r;
  }

 private:
  void attach(const std::shared_ptr<Client>& client, std::optional<std::uint64_t> resume_after) {
    client->sink->write(std::string(kRetryFrame));
    client->replaying = resume_after.has_value();
    const std::uint64_t id = add(client);
    client->sink->set_on_close([weak = weak_from_this(), id] {
      if (auto hub = weak.lock()) hub->remove(id);
    });
    if (!resume_after) return;

    // Replay history without holding client->mu (the publisher only queues meanwhile), then
    // switch to live delivery, sending what was queued and not already replayed.
    bool complete = true;
    std::vector<Event> history = bus_.since(*resume_after, &complete);
    std::uint64_t last = *resume_after;
    if (!complete || *resume_after > bus_.last_seq()) {
      client->sink->write(std::string(kResetFrame));
      last = 0;
    }
    for (const Event& e : history) {
      if (e.seq > last) {
        send(*client, e);
        last = e.seq;
      }
    }
    std::lock_guard lock(client->mu);
    client->last_seq = last;
    for (const Event& e : client->pending) {
      if (e.seq > client->last_seq) {
        send(*client, e);
        client->last_seq = e.seq;
      }
    }
    client->pending.clear();
    client->replaying = false;
  }

  std::uint64_t add(std::shared_ptr<Client> client) {
    std::lock_guard lock(mu_);
    const std::uint64_t id = next_id_++;
    clients_.emplace(id, std::move(client));
    return id;
  }

  void remove(std::uint64_t id) {
    std::lock_guard lock(mu_);
    clients_.erase(id);
  }

  std::vector<std::shared_ptr<Client>> snapshot() {
    std::lock_guard lock(mu_);
    std::vector<std::shared_ptr<Client>> out;
    out.reserve(clients_.size());
    for (auto& [id, c] : clients_) out.push_back(c);
    return out;
  }

  bool wanted(const Client& c, const Event& e) const {
    if (!c.filter.types.empty() && !c.filter.types.contains(e.type)) return false;
    if (!c.filter.subjects.empty()) {
      bool any = false;
      for (const auto& [type, id] : c.filter.subjects) {
        any = any || (type == e.subject_type && id == e.subject_id);
      }
      if (!any) return false;
    }
    if (!e.required_permission.empty()) {
      return may_read_ && may_read_(c.request, e.required_permission);
    }
    return true;
  }

  void send(Client& c, const Event& e) {
    if (wanted(c, e)) c.sink->write(format_sse_event(e));
  }

  // On the publishing thread, in sequence order (the bus holds its lock).
  void deliver(const Event& e) {
    for (const auto& c : snapshot()) {
      std::lock_guard lock(c->mu);
      if (c->replaying) {
        if (c->pending.size() >= options_.max_replay_backlog) {
          c->sink->close();
        } else {
          c->pending.push_back(e);
        }
        continue;
      }
      if (e.seq <= c->last_seq) continue;
      c->last_seq = e.seq;
      send(*c, e);
    }
  }

  void keep_alive_loop() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      cv_.wait_for(lock, options_.keep_alive);
      if (stopping_) break;
      std::vector<std::shared_ptr<Client>> clients;
      for (auto& [id, c] : clients_) clients.push_back(c);
      lock.unlock();
      for (const auto& c : clients) c->sink->write(std::string(kKeepAliveFrame));
      lock.lock();
      std::erase_if(clients_, [&](const auto& kv) { return !kv.second->sink->open(); });
    }
  }

  EventBus& bus_;
  const MayRead may_read_;
  const EventStreamOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;                                     // GUARDED_BY(mu_)
  std::uint64_t next_id_ = 1;                                 // GUARDED_BY(mu_)
  std::map<std::uint64_t, std::shared_ptr<Client>> clients_;  // GUARDED_BY(mu_)
  std::thread ticker_;
  EventBus::Subscription subscription_;
};

}  // namespace

std::string format_sse_event(const Event& e) {
  json::object o;
  o["type"] = e.type;
  o["at"] = format_rfc3339(e.at);
  if (e.subject_type.empty()) {
    o["subject"] = nullptr;
  } else {
    o["subject"] = json::object{{"type", e.subject_type}, {"id", e.subject_id}};
  }
  o["data"] = e.data;
  std::string frame = "id: " + std::to_string(e.seq) + "\nevent: " + one_line(e.type) +
                      "\ndata: " + json::serialize(o) + "\n\n";
  return frame;
}

std::function<Response(Request&)> make_event_stream_handler(EventBus& bus, MayRead may_read,
                                                            EventStreamOptions options) {
  auto hub = std::make_shared<EventHub>(bus, std::move(may_read), options);
  return [hub](Request& req) { return hub->handle(req); };
}

}  // namespace gemba::http
