#include "gemba/trust/audit_entry.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>

#include "gemba/core/json.h"
#include "gemba/core/time.h"

namespace gemba::trust {
namespace {

namespace json = boost::json;

void put_u64(std::string& out, std::uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (56 - 8 * i));
  out.append(b, 8);
}

void put_string(std::string& out, std::string_view s) {
  const auto n = static_cast<std::uint32_t>(s.size());
  const char b[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                     static_cast<char>(n >> 8), static_cast<char>(n)};
  out.append(b, 4);
  out.append(s.data(), s.size());
}

Result<void> bounded(std::string_view value, std::string_view field, std::size_t max,
                     bool required) {
  if (required && value.empty()) {
    return Error::invalid_argument("the audit entry's " + std::string(field) + " is empty",
                                   {{"field", field}});
  }
  if (value.size() > max) {
    return Error::invalid_argument("the audit entry's " + std::string(field) + " is longer than " +
                                       std::to_string(max) + " bytes",
                                   {{"field", field}});
  }
  return ok();
}

std::string to_string(std::int64_t v) { return std::to_string(v); }

}  // namespace

Actor Actor::system(std::string what) {
  Actor a;
  a.user_id = "system:" + what;
  a.printed_name = "Gemba (" + what + ")";
  return a;
}

Result<void> check_entry(const AuditEntry& e) {
  GEMBA_RETURN_IF_ERROR(bounded(e.action, "action", 128, true));
  GEMBA_RETURN_IF_ERROR(bounded(e.record_type, "record_type", 128, true));
  GEMBA_RETURN_IF_ERROR(bounded(e.record_id, "record_id", 256, false));
  GEMBA_RETURN_IF_ERROR(bounded(e.reason, "reason", 4000, false));
  for (const auto& c : e.changes) {
    GEMBA_RETURN_IF_ERROR(bounded(c.field, "changes.field", 256, true));
    if (!c.old_value.is_null() && e.reason.empty()) {
      return Error::invalid_argument(
          "a reason is required to change " + c.field + ", which was already recorded",
          {{"field", "reason"}, {"changed_field", c.field}});
    }
  }
  return ok();
}

std::string encode_changes(const std::vector<Change>& changes) {
  json::array a;
  a.reserve(changes.size());
  for (const auto& c : changes) {
    a.push_back(json::object{{"field", c.field}, {"old", c.old_value}, {"new", c.new_value}});
  }
  return canonical_json(a);
}

void encode_for_hash(const AuditRecord& r, std::string& out) {
  out.push_back('\x01');  // encoding version
  put_u64(out, static_cast<std::uint64_t>(r.seq));
  put_u64(out, static_cast<std::uint64_t>(r.at_us));
  put_string(out, r.at);
  put_string(out, r.actor_id);
  put_string(out, r.actor_name);
  put_string(out, r.session_id);
  put_string(out, r.client_address);
  put_string(out, r.action);
  put_string(out, r.record_type);
  put_string(out, r.record_id);
  put_string(out, r.changes);
  put_string(out, r.reason);
}

Digest chain_hash(const Digest& prev, const AuditRecord& r, std::string& scratch) {
  scratch.clear();
  encode_for_hash(r, scratch);
  return sha256(std::string_view(reinterpret_cast<const char*>(prev.data()), prev.size()), scratch);
}

AuditRecord seal_entry(const AuditEntry& entry, const Actor& actor, std::int64_t seq, Timestamp at,
                       std::string_view prev_hash) {
  AuditRecord r;
  r.seq = seq;
  r.at_us = at.time_since_epoch().count();
  r.at = format_rfc3339(at);
  r.actor_id = actor.user_id;
  r.actor_name = actor.printed_name;
  r.session_id = actor.session_id;
  r.client_address = actor.client_address;
  r.action = entry.action;
  r.record_type = entry.record_type;
  r.record_id = entry.record_id;
  r.changes = encode_changes(entry.changes);
  r.reason = entry.reason;
  r.prev_hash = std::string(prev_hash);
  std::string scratch;
  const auto prev = digest_from_hex(prev_hash);
  r.hash = to_hex(chain_hash(prev.value_or(Digest{}), r, scratch));
  return r;
}

boost::json::object ChainBreak::to_json() const {
  return {{"seq", seq}, {"kind", kind}, {"message", message}};
}

ChainVerifier::ChainVerifier() { scratch_.reserve(1024); }

std::optional<ChainBreak> ChainVerifier::next(const AuditRecord& r) {
  if (broken_) return broken_;
  const std::int64_t expected = last_seq_ + 1;
  auto fail = [&](std::int64_t seq, std::string kind, std::string message) {
    broken_ = ChainBreak{seq, std::move(kind), std::move(message)};
    return broken_;
  };
  if (r.seq != expected) {
    if (r.seq > expected) {
      return fail(expected, "missing",
                  "entry " + to_string(expected) +
                      (r.seq - expected > 1 ? " to " + to_string(r.seq - 1) + " are" : " is") +
                      " missing: the chain jumps from " + to_string(last_seq_) + " to " +
                      to_string(r.seq));
    }
    return fail(
        r.seq, "malformed",
        "entry " + to_string(r.seq) + " is out of order after entry " + to_string(last_seq_));
  }
  char running_hex[64];
  to_hex(running_, running_hex);
  const std::string_view expected_prev =
      last_seq_ == 0 ? kGenesisHash : std::string_view(running_hex, 64);
  if (r.prev_hash != expected_prev) {
    return fail(r.seq, "relinked",
                "entry " + to_string(r.seq) + " does not link to entry " + to_string(last_seq_) +
                    ": its previous hash is " + r.prev_hash + " but entry " + to_string(last_seq_) +
                    " hashes to " + std::string(expected_prev) + " (one of the two was rewritten)");
  }
  const Digest computed = chain_hash(running_, r, scratch_);
  char computed_hex[64];
  to_hex(computed, computed_hex);
  if (r.hash != std::string_view(computed_hex, 64)) {
    return fail(r.seq, "altered",
                "entry " + to_string(r.seq) + " (" + r.action + " of " + r.record_type + " " +
                    r.record_id + ") has been altered: its contents hash to " +
                    std::string(computed_hex, 64) + " but its recorded hash is " + r.hash);
  }
  if (r.at_us < last_at_us_) {
    return fail(r.seq, "time_backwards",
                "entry " + to_string(r.seq) + " is timestamped " + r.at + ", earlier than entry " +
                    to_string(last_seq_));
  }
  running_ = computed;
  last_seq_ = r.seq;
  last_at_us_ = r.at_us;
  ++count_;
  return std::nullopt;
}

}  // namespace gemba::trust
