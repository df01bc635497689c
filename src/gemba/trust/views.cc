#include "gemba/trust/views.h"

#include <boost/json/parse.hpp>

#include "gemba/core/time.h"

namespace gemba::trust::views {
namespace {

namespace json = boost::json;

std::string time_of(std::int64_t us) {
  return format_rfc3339(Timestamp(std::chrono::microseconds(us)));
}

json::array string_array(const std::set<std::string>& s) {
  json::array a;
  for (const auto& x : s) a.emplace_back(x);
  return a;
}

Error field_error(std::string_view key, std::string message) {
  return Error::invalid_argument(std::move(message), {{"field", key}});
}

std::string csv_cell(std::string_view s) {
  std::string v(s);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v.insert(0, "'");
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

json::object user(const UserAccount& u, Timestamp now, const PasswordPolicy& policy) {
  const auto due = password_change_due(u, policy, now);
  return {{"id", u.id},
          {"username", u.username},
          {"printed_name", u.printed_name},
          {"email", u.email},
          {"site", u.site},
          {"status", status_name(u.status)},
          {"roles", string_array(u.roles)},
          {"must_change_password", due != PasswordChangeReason::kNone},
          {"password_change_reason", due == PasswordChangeReason::kNone
                                         ? json::value(nullptr)
                                         : json::value(change_reason_name(due))},
          {"password_changed_at", format_rfc3339(u.password_changed_at)},
          {"failed_attempts", u.failed_attempts},
          {"created_at", u.created_at},
          {"created_by", u.created_by},
          {"version", u.version}};
}

json::object session(const SessionRecord& s, const SessionPolicy& policy, Timestamp now) {
  json::object o{{"id", s.id},
                 {"user_id", s.user_id},
                 {"state", session_state_name(session_state(s, policy, now))},
                 {"created_at", time_of(s.created_at_us)},
                 {"last_seen_at", time_of(s.last_seen_at_us)},
                 {"expires_at", time_of(s.expires_at_us)},
                 {"idle_expires_at", time_of(s.last_seen_at_us + policy.idle_timeout.count())},
                 {"client_address", s.client_address},
                 {"user_agent", s.user_agent}};
  o["ended_at"] = s.ended_at_us ? json::value(time_of(*s.ended_at_us)) : json::value(nullptr);
  o["end_reason"] = s.end_reason.empty() ? json::value(nullptr) : json::value(s.end_reason);
  return o;
}

json::object principal(const Principal& p) {
  return {
      {"id", p.user_id},
      {"username", p.username},
      {"printed_name", p.printed_name},
      {"roles", string_array(p.roles)},
      {"permissions", string_array(p.permissions)},
      {"session_id", p.session_id},
      {"must_change_password", p.must_change_password != PasswordChangeReason::kNone},
      {"password_change_reason", p.must_change_password == PasswordChangeReason::kNone
                                     ? json::value(nullptr)
                                     : json::value(change_reason_name(p.must_change_password))}};
}

json::object role(const RoleDefinition& r) {
  return {{"name", r.name},
          {"display_name", r.display_name},
          {"description", r.description},
          {"permissions", string_array(r.permissions)}};
}

json::object audit_record(const AuditRecord& r) {
  json::error_code ec;
  json::value changes = json::parse(r.changes, ec);
  if (ec) changes = r.changes;  // show what is stored, even if it is not JSON (tampered)
  return {{"seq", r.seq},
          {"at", r.at},
          {"actor", {{"id", r.actor_id}, {"printed_name", r.actor_name}}},
          {"session_id", r.session_id},
          {"client_address", r.client_address},
          {"action", r.action},
          {"record", {{"type", r.record_type}, {"id", r.record_id}}},
          {"changes", std::move(changes)},
          {"reason", r.reason},
          {"prev_hash", r.prev_hash},
          {"hash", r.hash}};
}

std::string audit_csv(const std::vector<AuditRecord>& records) {
  std::string out =
      "seq,at,actor_id,actor_name,session_id,client_address,action,record_type,record_id,"
      "changes,reason,prev_hash,hash\r\n";
  for (const auto& r : records) {
    const std::string seq = std::to_string(r.seq);
    for (const std::string_view cell :
         {std::string_view(seq), std::string_view(r.at), std::string_view(r.actor_id),
          std::string_view(r.actor_name), std::string_view(r.session_id),
          std::string_view(r.client_address), std::string_view(r.action),
          std::string_view(r.record_type), std::string_view(r.record_id),
          std::string_view(r.changes), std::string_view(r.reason), std::string_view(r.prev_hash)}) {
      out += csv_cell(cell);
      out += ',';
    }
    out += csv_cell(r.hash);
    out += "\r\n";
  }
  return out;
}

Result<void> only_fields(const json::object& o, std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : o) {
    bool known = false;
    for (auto a : allowed) known = known || kv.key() == a;
    if (!known) {
      const std::string key(kv.key().substr(0, 64));
      return field_error(key, "unknown field '" + key + "'");
    }
  }
  return ok();
}

Result<std::optional<std::string>> opt_string(const json::object& o, std::string_view key,
                                              std::size_t max_bytes) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return field_error(key, std::string(key) + " must be a string");
  if (v->as_string().size() > max_bytes) {
    return field_error(
        key, std::string(key) + " is too long (at most " + std::to_string(max_bytes) + " bytes)");
  }
  return std::optional<std::string>(std::string(v->as_string()));
}

Result<std::string> req_string(const json::object& o, std::string_view key, std::size_t max_bytes) {
  GEMBA_TRY(v, opt_string(o, key, max_bytes));
  if (!v) return field_error(key, std::string(key) + " is required");
  return std::move(*v);
}

Result<std::optional<bool>> opt_bool(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<bool>();
  if (!v->is_bool()) return field_error(key, std::string(key) + " must be true or false");
  return std::optional<bool>(v->as_bool());
}

Result<std::optional<std::set<std::string>>> opt_string_set(const json::object& o,
                                                            std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::set<std::string>>();
  if (!v->is_array() || v->as_array().size() > 100) {
    return field_error(key, std::string(key) + " must be a list of at most 100 names");
  }
  std::set<std::string> out;
  for (const auto& x : v->as_array()) {
    if (!x.is_string() || x.as_string().size() > 128) {
      return field_error(key, std::string(key) + " must contain names (strings)");
    }
    out.emplace(x.as_string());
  }
  return std::optional<std::set<std::string>>(std::move(out));
}

Result<const json::object*> as_object(const json::value& v, std::string_view what) {
  if (!v.is_object()) return Error::invalid_argument(std::string(what) + " must be a JSON object");
  return &v.as_object();
}

}  // namespace gemba::trust::views
