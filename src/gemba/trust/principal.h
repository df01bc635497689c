#pragma once
// Principal: who is calling, as the authorizer resolved it from the session. Put into
// http::Request::principal for the handler; copied (small) so it can live in std::any.

#include <set>
#include <string>

#include "gemba/trust/account.h"
#include "gemba/trust/audit_entry.h"
#include "gemba/trust/permissions.h"

namespace gemba::trust {

struct Principal {
  std::string user_id;
  std::string username;
  std::string printed_name;
  std::set<std::string> roles;
  std::set<std::string> permissions;
  std::string session_id;
  std::string client_address;
  bool via_cookie = false;          // authenticated by the session cookie (CSRF applies)
  bool session_has_signed = false;  // 11.200 continuous-session state
  PasswordChangeReason must_change_password = PasswordChangeReason::kNone;

  bool can(std::string_view permission) const { return permits(permissions, permission); }

  // The actor of audit entries written on this principal's behalf.
  Actor actor() const { return Actor{user_id, printed_name, session_id, client_address}; }
};

}  // namespace gemba::trust
