#pragma once
// The permission catalogue and the default roles (21 CFR 11.10(d), 11.10(g)). Pure data.
//
// A permission is a dotted string ("batch.release") declared next to each route. Roles group
// permissions; the defaults below are seeded by the trust migrations and can be changed per site
// (the roles tables). Two pseudo-permissions exist for routes:
//   ""               public: no session needed (login, health, OpenAPI)
//   "authenticated"  any valid session, whatever its roles (me, logout, password change)
// Administrators hold no production-signing permission by default (segregation of duties).

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace gemba::trust {

inline constexpr std::string_view kPublic = "";
inline constexpr std::string_view kAuthenticated = "authenticated";

namespace perm {
inline constexpr std::string_view kRecipeAuthor = "recipe.author";
inline constexpr std::string_view kRecipeApprove = "recipe.approve";
inline constexpr std::string_view kRecipeRead = "recipe.read";
inline constexpr std::string_view kRecipeMakeEffective = "recipe.make_effective";
inline constexpr std::string_view kRecipeRetire = "recipe.retire";
inline constexpr std::string_view kBatchStart = "batch.start";
inline constexpr std::string_view kBatchExecute = "batch.execute";
inline constexpr std::string_view kBatchVerify = "batch.verify";
inline constexpr std::string_view kBatchHold = "batch.hold";
inline constexpr std::string_view kBatchReview = "batch.review";
inline constexpr std::string_view kBatchRelease = "batch.release";
inline constexpr std::string_view kBatchRead = "batch.read";
inline constexpr std::string_view kLogbookWrite = "logbook.write";
inline constexpr std::string_view kLogbookRead = "logbook.read";
inline constexpr std::string_view kEquipmentManage = "equipment.manage";
inline constexpr std::string_view kEquipmentOverrideInterlock = "equipment.override_interlock";
inline constexpr std::string_view kLogbookConfigure = "logbook.configure";
inline constexpr std::string_view kMaterialManage = "material.manage";
inline constexpr std::string_view kMaterialRead = "material.read";
inline constexpr std::string_view kMaterialRelease = "material.release";
inline constexpr std::string_view kDeviationRaise = "deviation.raise";
inline constexpr std::string_view kDeviationClose = "deviation.close";
inline constexpr std::string_view kUserAdmin = "user.admin";
inline constexpr std::string_view kAuditRead = "audit.read";
inline constexpr std::string_view kSystemAdmin = "system.admin";
}  // namespace perm

struct PermissionInfo {
  std::string_view name;
  std::string_view description;
};

// Every permission Gemba knows, in a stable order.
const std::vector<PermissionInfo>& permission_catalogue();
bool is_known_permission(std::string_view name);

struct RoleDefinition {
  std::string name;          // "qa_approver": stable key
  std::string display_name;  // "QA Approver (qualified person)"
  std::string description;
  std::set<std::string> permissions;
};

// Operator, Supervisor, QA Reviewer, QA Approver, Process Engineer, Administrator, Auditor.
const std::vector<RoleDefinition>& default_roles();

namespace role {
inline constexpr std::string_view kOperator = "operator";
inline constexpr std::string_view kSupervisor = "supervisor";
inline constexpr std::string_view kQaReviewer = "qa_reviewer";
inline constexpr std::string_view kQaApprover = "qa_approver";
inline constexpr std::string_view kProcessEngineer = "process_engineer";
inline constexpr std::string_view kAdministrator = "administrator";
inline constexpr std::string_view kAuditor = "auditor";
}  // namespace role

// True when a principal holding `held` may use a route declaring `required` ("" and
// "authenticated" need no particular permission).
bool permits(const std::set<std::string>& held, std::string_view required);

}  // namespace gemba::trust
