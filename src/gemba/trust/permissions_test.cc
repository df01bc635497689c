#include "gemba/trust/permissions.h"

#include <gtest/gtest.h>

namespace gemba::trust {
namespace {

const RoleDefinition& role_named(std::string_view name) {
  for (const auto& r : default_roles()) {
    if (r.name == name) return r;
  }
  throw std::runtime_error("no role " + std::string(name));
}

TEST(Permissions, Part11_10g_EveryDefaultRoleUsesOnlyKnownPermissions) {
  for (const auto& r : default_roles()) {
    for (const auto& p : r.permissions) EXPECT_TRUE(is_known_permission(p)) << r.name << " " << p;
  }
}

TEST(Permissions, Part11_10g_TheSevenDefaultRolesExist) {
  for (auto name : {role::kOperator, role::kSupervisor, role::kQaReviewer, role::kQaApprover,
                    role::kProcessEngineer, role::kAdministrator, role::kAuditor}) {
    EXPECT_NO_THROW(role_named(name)) << name;
  }
  EXPECT_EQ(default_roles().size(), 7u);
}

TEST(Permissions, Part11_10g_AdministratorHoldsNoProductionSigningPermission) {
  const auto& admin = role_named(role::kAdministrator);
  for (auto p : {perm::kBatchExecute, perm::kBatchVerify, perm::kBatchReview, perm::kBatchRelease,
                 perm::kRecipeApprove, perm::kRecipeAuthor, perm::kLogbookWrite}) {
    EXPECT_FALSE(admin.permissions.count(std::string(p))) << p;
  }
  EXPECT_TRUE(admin.permissions.count(std::string(perm::kUserAdmin)));
}

TEST(Permissions, Part11_10g_AuditorIsReadOnly) {
  for (const auto& p : role_named(role::kAuditor).permissions) {
    EXPECT_TRUE(p.ends_with(".read")) << p;
  }
}

TEST(Permissions, Annex11_15_OnlyTheQualifiedPersonReleases) {
  for (const auto& r : default_roles()) {
    EXPECT_EQ(r.permissions.count(std::string(perm::kBatchRelease)) > 0,
              r.name == role::kQaApprover)
        << r.name;
  }
}

TEST(Permissions, Part11_10g_PermitsTable) {
  const std::set<std::string> held = {"batch.execute"};
  struct Case {
    std::string_view required;
    bool expected;
  } cases[] = {
      {"", true},
      {"authenticated", true},
      {"batch.execute", true},
      {"batch.release", false},
      {"batch", false},
      {"batch.execute.extra", false},
  };
  for (const auto& c : cases) EXPECT_EQ(permits(held, c.required), c.expected) << c.required;
}

}  // namespace
}  // namespace gemba::trust
