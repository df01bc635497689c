#pragma once
// Test fixture (recipe_service_test only): a migrated database (SQLite and, under
// scripts/with-postgres, PostgreSQL) with the trust core, users in the default roles, logged in,
// and a RecipeService on top.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "gemba/recipe/model/test_recipes.h"
#include "gemba/recipe/service.h"
#include "gemba/trust/trust_fixture.h"

namespace gemba::recipe::testing {

class RecipeServiceTest : public trust::testing::TrustTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Rebuilds the service with other options.
  void make_service(RecipeServiceOptions options = {});
  RecipeService& service() { return *service_; }

  // The signature of `p` with the test password (user name included).
  static SignatureInput sign(const trust::Principal& p, std::string comment = "");

  // Creates the minimal recipe as `engineer_` and returns it.
  VersionView create_minimal();
  // Drives a version to `state` with the default users (submit, approve, make effective).
  void submit(const VersionView& v);
  void approve(const VersionView& v, const trust::Principal& who);
  void make_effective(const VersionView& v);

  trust::Principal engineer_;                  // process_engineer
  trust::Principal engineer2_;                 // process_engineer
  trust::Principal qa_;                        // qa_approver
  trust::Principal qa2_;                       // qa_approver
  trust::Principal operator_;                  // operator: read only
  std::map<std::string, std::string> tokens_;  // bearer tokens by user name

 private:
  trust::Principal logged_in(const std::string& username, const std::string& role);
  std::unique_ptr<RecipeService> service_;
};

}  // namespace gemba::recipe::testing
