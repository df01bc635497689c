#include "gemba/trust/audit_trail.h"

#include <gtest/gtest.h>

#include <thread>

#include "gemba/trust/trust_fixture.h"

namespace gemba::trust {
namespace {

using testing::TrustTest;

class AuditTrailTest : public TrustTest {
 protected:
  Result<void> record(int i, const Actor& actor = {"u-1", "Anna", "s-1", "10.0.0.1"}) {
    return trust().audit().write(db(), actor, [&](AuditedTx& atx) -> Result<void> {
      GEMBA_RETURN_IF_ERROR(atx.append(
          {"widget.changed", "widget", std::to_string(i), {{"n", i - 1, i}}, "test change"}));
      return ok();
    });
  }
  VerifyReport verify() {
    auto r = trust().verify_audit();
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    return r.ok() ? *r : VerifyReport{};
  }
};

TEST_P(AuditTrailTest, Part11_10e_AuditTrailChainsEveryEntryAndVerifies) {
  const auto before = verify().entries;  // default roles created at start-up are audited too
  for (int i = 1; i <= 30; ++i) ASSERT_TRUE(record(i).ok());
  const auto report = verify();
  EXPECT_TRUE(report.intact) << report.to_text();
  EXPECT_EQ(report.entries, before + 30);
  EXPECT_TRUE(report.warnings.empty() ||
              report.warnings[0].find("checkpoint file") != std::string::npos);
  auto last = trust().audit().query(db(), {.limit = 1});
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->size(), 1u);
  EXPECT_EQ((*last)[0].actor_name, "Anna");
  EXPECT_EQ((*last)[0].reason, "test change");
  EXPECT_EQ((*last)[0].changes, R"([{"field":"n","new":30,"old":29}])");
  EXPECT_EQ((*last)[0].at, "2026-09-21T14:13:20.000000Z");
}

TEST_P(AuditTrailTest, Part11_10e_AuditTrailRefusesAChangeWithoutItsEntry) {
  // A unit that changes data but appends nothing is rolled back with an internal error.
  auto roles_before = trust().users().roles();
  ASSERT_TRUE(roles_before.ok());
  auto r2 = trust().audit().write(db(), Actor::system("test"), [&](AuditedTx& atx) -> Result<void> {
    GEMBA_RETURN_IF_ERROR(atx.tx().exec(
        "INSERT INTO roles (name, display_name, description) VALUES ('ghost', 'Ghost', '')"));
    return ok();
  });
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().code, ErrorCode::kInternal);
  auto roles_after = trust().users().roles();
  ASSERT_TRUE(roles_after.ok());
  EXPECT_EQ(roles_after->size(), roles_before->size());
}

TEST_P(AuditTrailTest, Annex11_9_ChangeOfRecordedDataWithoutReasonIsRefused) {
  auto r = trust().audit().write(db(), Actor::system("test"), [&](AuditedTx& atx) -> Result<void> {
    GEMBA_RETURN_IF_ERROR(atx.append({"widget.changed", "widget", "1", {{"n", 1, 2}}, ""}));
    return ok();
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().details.at("field").as_string(), "reason");
}

TEST_P(AuditTrailTest, Part11_10e_AuditTrailIsImmutableInTheDatabase) {
  setup_.audit.checkpoint_every = 1;
  make_trust();
  ASSERT_TRUE(record(1).ok());
  add_user("anna", {"operator"});
  auto s = login("anna");
  ASSERT_TRUE(s.ok());
  auto signer = trust().signatures().authenticate(s->principal, {"anna", testing::kPassword});
  ASSERT_TRUE(signer.ok());
  ASSERT_TRUE(db().write([&](store::Tx& tx) -> Result<void> {
                    GEMBA_RETURN_IF_ERROR(
                        trust().signatures().sign(tx, *signer, SignatureMeaning::kPerformed,
                                                  "widget", "1", std::string(64, 'a')));
                    return ok();
                  })
                  .ok());
  for (const char* sql :
       {"UPDATE audit_trail SET reason = 'forged'", "DELETE FROM audit_trail",
        "UPDATE audit_checkpoints SET hash = 'x'", "DELETE FROM signatures", "DELETE FROM users"}) {
    auto r = db().write([&](store::Tx& tx) -> Result<void> {
      GEMBA_RETURN_IF_ERROR(tx.exec(sql));
      return ok();
    });
    EXPECT_FALSE(r.ok()) << sql;
  }
  if (!is_sqlite()) {
    auto r = db().write([&](store::Tx& tx) { return tx.exec_script("TRUNCATE audit_trail"); });
    EXPECT_FALSE(r.ok());
  }
  EXPECT_TRUE(verify().intact);
}

TEST_P(AuditTrailTest, ALCOA_TimestampsNeverGoBackwardsEvenIfTheClockDoes) {
  ASSERT_TRUE(record(1).ok());
  // Another process whose clock is an hour behind.
  ManualClock behind(testing::kStart - std::chrono::hours(1));
  AuditTrail other(behind, nullptr);
  auto r = db().write([&](store::Tx& tx) -> Result<void> {
    GEMBA_RETURN_IF_ERROR(other.append(tx, Actor::system("other"), {"x.y", "x", "1", {}, ""}));
    return ok();
  });
  ASSERT_TRUE(r.ok());
  auto last = trust().audit().query(db(), {.limit = 2});
  ASSERT_TRUE(last.ok());
  EXPECT_GE((*last)[0].at_us, (*last)[1].at_us);
  EXPECT_TRUE(verify().intact);
}

TEST_P(AuditTrailTest, Part11_10e_ConcurrentUnitsFormOneUnbrokenChain) {
  const auto before = verify().entries;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        if (!record(t * 100 + i).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  const auto report = verify();
  EXPECT_TRUE(report.intact) << report.to_text();
  EXPECT_EQ(report.entries, before + 200);
}

TEST_P(AuditTrailTest, Part11_10e_SignedCheckpointsAreWrittenAndVerified) {
  setup_.audit.checkpoint_every = 10;
  make_trust();
  for (int i = 1; i <= 35; ++i) ASSERT_TRUE(record(i).ok());
  auto cp = trust().audit().checkpoint_now(db());
  ASSERT_TRUE(cp.ok());
  ASSERT_TRUE(cp->has_value());
  const auto report = verify();
  EXPECT_TRUE(report.intact) << report.to_text();
  EXPECT_GE(report.checkpoints, 4);
  ASSERT_TRUE(report.latest_checkpoint);
  EXPECT_EQ(report.latest_checkpoint->seq, report.last_seq);
  // The newest checkpoint is mirrored outside the database.
  auto file = read_checkpoint_file(temp_path("gemba-audit.key") + ".checkpoint");
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE(file->has_value());
  EXPECT_EQ((*file)->seq, report.last_seq);
  // Nothing new: no new checkpoint.
  auto none = trust().audit().checkpoint_now(db());
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_P(AuditTrailTest, Part11_10e_TruncationIsDetectedByTheCheckpoint) {
  if (!is_sqlite()) GTEST_SKIP() << "needs the attacker's sqlite3 access (dropping triggers)";
  setup_.audit.checkpoint_every = 5;
  make_trust();
  for (int i = 1; i <= 12; ++i) ASSERT_TRUE(record(i).ok());
  const auto intact = verify();
  ASSERT_TRUE(intact.intact);
  auto mirrored = read_checkpoint_file(temp_path("gemba-audit.key") + ".checkpoint");
  ASSERT_TRUE(mirrored.ok() && mirrored->has_value());
  const std::int64_t checkpointed = (*mirrored)->seq;
  // The attacker removes the newest entries, the checkpoints and rewinds the head.
  auto r = db().write([&](store::Tx& tx) {
    return tx.exec_script(
        "DROP TRIGGER audit_trail_no_delete; DROP TRIGGER audit_checkpoints_no_delete;"
        "DELETE FROM audit_trail WHERE seq >= " +
        std::to_string(checkpointed) +
        ";"
        "DELETE FROM audit_checkpoints;"
        "UPDATE audit_head SET seq = (SELECT MAX(seq) FROM audit_trail), checkpoint_seq = 0,"
        " hash = (SELECT hash FROM audit_trail ORDER BY seq DESC LIMIT 1)");
  });
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const auto report = verify();
  ASSERT_FALSE(report.intact);
  EXPECT_EQ(report.broken->kind, "truncated");
  EXPECT_EQ(report.broken->seq, checkpointed);
  EXPECT_NE(report.broken->message.find("were removed"), std::string::npos);
}

GEMBA_INSTANTIATE_FOR_BACKENDS(AuditTrailTest);

}  // namespace
}  // namespace gemba::trust
