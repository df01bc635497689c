#include "gemba/trust/permissions.h"

#include <algorithm>

namespace gemba::trust {

const std::vector<PermissionInfo>& permission_catalogue() {
  static const std::vector<PermissionInfo> kAll = {
      {perm::kRecipeRead, "read master batch records"},
      {perm::kRecipeAuthor, "author and edit master batch records"},
      {perm::kRecipeApprove, "approve master batch records for use"},
      {perm::kRecipeMakeEffective, "make approved master batch records effective (in force)"},
      {perm::kRecipeRetire, "retire master batch records"},
      {perm::kBatchRead, "read batch records"},
      {perm::kBatchStart, "start batches from approved master batch records"},
      {perm::kBatchExecute, "execute batch steps and sign them as performed"},
      {perm::kBatchVerify, "witness (verify) batch steps"},
      {perm::kBatchHold, "hold and resume batches, approve overrides"},
      {perm::kBatchReview, "review executed batch records"},
      {perm::kBatchRelease, "release or reject batches (qualified person)"},
      {perm::kLogbookRead, "read logbooks"},
      {perm::kLogbookWrite, "write logbook entries"},
      {perm::kEquipmentManage, "manage equipment and its connectors"},
      {perm::kEquipmentOverrideInterlock,
       "use equipment an interlock refuses (signed, with a reason; reviewed as an exception)"},
      {perm::kLogbookConfigure, "define logbook types and their templates"},
      {perm::kMaterialManage, "manage the item master, receive and adjust lots"},
      {perm::kMaterialRead, "read items, lots, movements and genealogy"},
      {perm::kMaterialRelease, "release, reject or block lots (QC disposition, signed)"},
      {perm::kDeviationRaise, "raise deviations"},
      {perm::kDeviationClose, "classify and close deviations and CAPA"},
      {perm::kUserAdmin, "manage users, roles and sessions; receive security events"},
      {perm::kAuditRead, "read and verify the audit trail"},
      {perm::kSystemAdmin, "read system metrics and settings"},
  };
  return kAll;
}

bool is_known_permission(std::string_view name) {
  const auto& all = permission_catalogue();
  return std::any_of(all.begin(), all.end(), [&](const auto& p) { return p.name == name; });
}

const std::vector<RoleDefinition>& default_roles() {
  auto s = [](std::initializer_list<std::string_view> l) {
    std::set<std::string> out;
    for (auto p : l) out.emplace(p);
    return out;
  };
  using namespace perm;
  static const std::vector<RoleDefinition> kRoles = {
      {std::string(role::kOperator), "Operator",
       "executes batch steps and logbook entries, witnesses other operators",
       s({kBatchRead, kBatchExecute, kBatchVerify, kRecipeRead, kLogbookRead, kLogbookWrite,
          kDeviationRaise, kMaterialRead})},
      {std::string(role::kSupervisor), "Supervisor", "starts batches, handles holds and overrides",
       s({kBatchRead, kBatchStart, kBatchExecute, kBatchVerify, kBatchHold, kRecipeRead,
          kLogbookRead, kLogbookWrite, kDeviationRaise, kEquipmentManage,
          kEquipmentOverrideInterlock, kMaterialManage, kMaterialRead})},
      {std::string(role::kQaReviewer), "QA Reviewer",
       "reviews executed batch records by exception, raises deviations",
       s({kBatchRead, kBatchReview, kRecipeRead, kLogbookRead, kDeviationRaise, kAuditRead,
          kMaterialRead})},
      {std::string(role::kQaApprover), "QA Approver (qualified person)",
       "approves master batch records, closes deviations, releases batches",
       s({kBatchRead, kBatchReview, kBatchRelease, kRecipeRead, kRecipeApprove,
          kRecipeMakeEffective, kRecipeRetire, kLogbookRead, kDeviationRaise, kDeviationClose,
          kAuditRead, kMaterialRead, kMaterialRelease})},
      {std::string(role::kProcessEngineer), "Process Engineer",
       "authors master batch records, manages equipment and materials",
       s({kRecipeRead, kRecipeAuthor, kBatchRead, kLogbookRead, kLogbookConfigure, kEquipmentManage,
          kMaterialManage, kMaterialRead})},
      {std::string(role::kAdministrator), "Administrator",
       "manages users, roles and sessions; holds no production-signing permission",
       s({kUserAdmin, kAuditRead, kSystemAdmin})},
      {std::string(role::kAuditor), "Auditor",
       "reads records, audit trails and signatures (read-only)",
       s({kRecipeRead, kBatchRead, kLogbookRead, kAuditRead, kMaterialRead})},
  };
  return kRoles;
}

bool permits(const std::set<std::string>& held, std::string_view required) {
  if (required.empty() || required == kAuthenticated) return true;
  return held.count(std::string(required)) > 0;
}

}  // namespace gemba::trust
