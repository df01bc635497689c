#include "gemba/trust/admin_commands.h"

#include <pwd.h>
#include <unistd.h>

#include <istream>
#include <ostream>

namespace gemba::trust {
namespace {

std::string os_user() {
  if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name) return pw->pw_name;
  return "uid" + std::to_string(::geteuid());
}

int fail(std::ostream& err, const Error& e) {
  err << "gemba: " << e.message << "\n";
  return e.code == ErrorCode::kInternal || e.code == ErrorCode::kUnavailable ? 2 : 1;
}

template <typename Change>
int change_user(TrustCore& trust, const std::string& username, Change&& change, std::ostream& out,
                std::ostream& err, const char* done) {
  auto user = trust.users().find_by_name(username);
  if (!user.ok()) return fail(err, user.error());
  UserPatch patch;
  patch.expected_version = user->account.version;
  change(patch);
  auto r = trust.users().update(cli_actor(), user->account.id, std::move(patch));
  if (!r.ok()) return fail(err, r.error());
  out << user->account.username << " " << done << "\n";
  if (!r->temporary_password.empty()) {
    out << "temporary password (must be changed at the next login): " << r->temporary_password
        << "\n";
  }
  return 0;
}

}  // namespace

Actor cli_actor() {
  const std::string who = os_user();
  return Actor{"cli:" + who, "Gemba command line (" + who + ")", "", "local"};
}

int run_user_add(TrustCore& trust, const UserAddArgs& args, std::istream& in, std::ostream& out,
                 std::ostream& err) {
  NewUser u;
  u.username = args.username;
  u.printed_name = args.printed_name;
  u.email = args.email;
  u.site = args.site;
  u.roles = args.roles;
  if (args.admin) u.roles.insert(std::string(role::kAdministrator));
  u.identity_evidence = args.identity_evidence.empty()
                            ? "identity verified by " + os_user() + " at the console"
                            : args.identity_evidence;
  if (args.password_stdin) {
    std::string password;
    std::getline(in, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    u.password = password;
  }
  auto created = trust.users().create(cli_actor(), u);
  if (!created.ok()) return fail(err, created.error());
  std::string roles;
  for (const auto& r : created->user.roles) roles += (roles.empty() ? "" : ", ") + r;
  out << "created user " << created->user.username << " (" << created->user.printed_name << "), id "
      << created->user.id << ", roles: " << (roles.empty() ? "none" : roles) << "\n";
  if (!created->temporary_password.empty()) {
    out << "temporary password (must be changed at the first login): "
        << created->temporary_password << "\n";
  } else {
    out << "the password must be changed at the first login\n";
  }
  return 0;
}

int run_user_disable(TrustCore& trust, const std::string& username, const std::string& reason,
                     std::ostream& out, std::ostream& err) {
  return change_user(
      trust, username,
      [&](UserPatch& p) {
        p.status = UserStatus::kDisabled;
        p.reason = reason;
      },
      out, err, "disabled; their sessions have ended");
}

int run_user_unlock(TrustCore& trust, const std::string& username, const std::string& reason,
                    std::ostream& out, std::ostream& err) {
  return change_user(
      trust, username,
      [&](UserPatch& p) {
        p.unlock = true;
        p.reason = reason;
      },
      out, err, "unlocked");
}

int run_user_reset_password(TrustCore& trust, const std::string& username,
                            const std::string& reason, std::ostream& out, std::ostream& err) {
  return change_user(
      trust, username,
      [&](UserPatch& p) {
        p.reset_password = true;
        p.reason = reason;
      },
      out, err, "has a new temporary password; their sessions have ended");
}

int run_audit_verify(TrustCore& trust, std::ostream& out, std::ostream& err) {
  auto report = trust.verify_audit();
  if (!report.ok()) return fail(err, report.error());
  (report->intact ? out : err) << report->to_text();
  return report->intact ? 0 : 3;
}

}  // namespace gemba::trust
