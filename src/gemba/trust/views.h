#pragma once
// JSON (and CSV) renderings of trust records for the HTTP API, and the small body-reading helpers
// the trust routes share. Never includes secrets (password hashes, token hashes).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/result.h"
#include "gemba/trust/audit_entry.h"
#include "gemba/trust/principal.h"
#include "gemba/trust/session.h"
#include "gemba/trust/user_store.h"

namespace gemba::trust::views {

boost::json::object user(const UserAccount& u, Timestamp now, const PasswordPolicy& policy);
boost::json::object session(const SessionRecord& s, const SessionPolicy& policy, Timestamp now);
boost::json::object principal(const Principal& p);
boost::json::object role(const RoleDefinition& r);
boost::json::object audit_record(const AuditRecord& r);
// RFC 4180 CSV with a header line; cells starting with = + - @ are prefixed with ' so that
// spreadsheets do not run them as formulas (the JSON export carries the exact values).
std::string audit_csv(const std::vector<AuditRecord>& records);

// Body helpers: invalid_argument naming the field for a wrong type or an unknown field.
Result<void> only_fields(const boost::json::object& o, std::initializer_list<std::string_view> ok);
Result<std::optional<std::string>> opt_string(const boost::json::object& o, std::string_view key,
                                              std::size_t max_bytes = 100'000);
Result<std::string> req_string(const boost::json::object& o, std::string_view key,
                               std::size_t max_bytes = 100'000);
Result<std::optional<bool>> opt_bool(const boost::json::object& o, std::string_view key);
Result<std::optional<std::set<std::string>>> opt_string_set(const boost::json::object& o,
                                                            std::string_view key);
Result<const boost::json::object*> as_object(const boost::json::value& v, std::string_view what);

}  // namespace gemba::trust::views
