#pragma once
// Test fixture: a migrated database (SQLite and, under scripts/with-postgres, PostgreSQL), a
// ManualClock, an event bus that records security events, and a TrustCore with the smallest
// Argon2id parameters (fast under AddressSanitizer). Test-only.

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/event_bus.h"
#include "gemba/core/ids.h"
#include "gemba/store/migrations.h"
#include "gemba/store/test_backends.h"
#include "gemba/trust/migrations.h"
#include "gemba/trust/trust.h"

namespace gemba::trust::testing {

inline const Timestamp kStart{std::chrono::seconds(1'790'000'000)};
inline constexpr const char* kPassword = "tablet-rinse-42";

class TrustTest : public store::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto applied = store::apply_migrations(db(), trust_migrations(), clock_);
    ASSERT_TRUE(applied.ok()) << applied.error().to_string();
    subscription_ = events_.subscribe([this](const Event& e) {
      std::lock_guard lock(mu_);
      events_seen_.push_back(e);
    });
    make_trust();
  }
  void TearDown() override {
    trust_.reset();
    BackendTest::TearDown();
  }

  // Rebuilds the TrustCore (after changing setup_).
  void make_trust() {
    trust_.reset();
    setup_.options.argon2 = Argon2Params::for_tests();
    if (setup_.audit_key_file.empty()) setup_.audit_key_file = temp_path("gemba-audit.key");
    auto t = TrustCore::create(db(), clock_, ids_, &events_, setup_);
    ASSERT_TRUE(t.ok()) << t.error().to_string();
    trust_ = std::move(t).value();
  }

  TrustCore& trust() { return *trust_; }

  // Creates an active user with `roles` and kPassword, no forced change.
  std::string add_user(const std::string& username, std::set<std::string> roles,
                       std::string password = kPassword) {
    NewUser u;
    u.username = username;
    u.printed_name = "Printed " + username;
    u.email = username + "@example.com";
    u.roles = std::move(roles);
    u.identity_evidence = "badge checked";
    u.password = password;
    u.must_change_password = false;
    auto created = trust().users().create(Actor::system("test"), u);
    EXPECT_TRUE(created.ok()) << created.error().to_string();
    return created.ok() ? created->user.id : "";
  }

  Result<LoginResult> login(const std::string& username, const std::string& password = kPassword,
                            const std::string& presented = "") {
    return trust().sessions().login({username, password, "10.0.0.7:40000", "test", presented});
  }

  std::vector<Event> events_of_type(const std::string& type) {
    std::lock_guard lock(mu_);
    std::vector<Event> out;
    for (const auto& e : events_seen_) {
      if (e.type == type) out.push_back(e);
    }
    return out;
  }

  std::vector<AuditRecord> audit_of(const std::string& action) {
    audit_store::Query q;
    q.action = action;
    q.newest_first = false;
    q.limit = 1000;
    auto r = trust().audit().query(db(), q);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<AuditRecord>{};
  }

  ManualClock clock_{kStart};
  UuidV7Generator ids_{clock_};
  EventBus events_{clock_};
  TrustSetup setup_;

 private:
  std::unique_ptr<TrustCore> trust_;
  EventBus::Subscription subscription_;
  std::mutex mu_;
  std::vector<Event> events_seen_;
};

}  // namespace gemba::trust::testing
