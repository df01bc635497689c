#pragma once
// The operations behind `gemba user add|disable|unlock|reset-password` and `gemba audit verify`
// (cli/main.cc parses the flags; these do the work and print). Each returns the process exit
// code: 0 done, 1 refused or failed (the message says why), 3 `audit verify` found a break.
// Changes are audited with the actor "cli:<operating-system user>".

#include <iosfwd>
#include <optional>
#include <set>
#include <string>

#include "gemba/trust/trust.h"

namespace gemba::trust {

struct UserAddArgs {
  std::string username;
  std::string printed_name;
  std::string email;
  std::string site;
  std::set<std::string> roles;
  bool admin = false;             // adds the administrator role
  bool password_stdin = false;    // read the initial password from `in` (else a temporary one)
  std::string identity_evidence;  // "" = "identity verified by <os user> at the console"
};

int run_user_add(TrustCore& trust, const UserAddArgs& args, std::istream& in, std::ostream& out,
                 std::ostream& err);
int run_user_disable(TrustCore& trust, const std::string& username, const std::string& reason,
                     std::ostream& out, std::ostream& err);
int run_user_unlock(TrustCore& trust, const std::string& username, const std::string& reason,
                    std::ostream& out, std::ostream& err);
// Prints a temporary password that must be changed at the next login.
int run_user_reset_password(TrustCore& trust, const std::string& username,
                            const std::string& reason, std::ostream& out, std::ostream& err);
// Verifies the whole chain and its checkpoints; prints the report.
int run_audit_verify(TrustCore& trust, std::ostream& out, std::ostream& err);

// The actor of CLI changes: user id "cli:<login name>".
Actor cli_actor();

}  // namespace gemba::trust
