// Electronic signatures against SQLite and PostgreSQL: 11.50, 11.70, 11.100, 11.200.

#include "gemba/trust/signatures.h"

#include <gtest/gtest.h>

#include "gemba/trust/trust_fixture.h"

namespace gemba::trust {
namespace {

using testing::kPassword;
using testing::TrustTest;

std::string hash_of(const std::string& content) {
  return content_hash(boost::json::value_from(content));
}

class SignaturesTest : public TrustTest {
 protected:
  void SetUp() override {
    TrustTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    performer_id_ = add_user("op.anna", {"operator"});
    witness_id_ = add_user("op.ben", {"operator"});
    auto s = login("op.anna");
    ASSERT_TRUE(s.ok());
    session_ = s->principal;
    token_ = s->token;
  }

  // Signs `content` as the session user (or `username`) inside one audited unit.
  Result<SignatureRecord> sign(const SignatureCredentials& c, SignatureMeaning meaning,
                               const std::string& record_id, const std::string& content) {
    GEMBA_TRY(signer, trust().signatures().authenticate(session_, c));
    std::optional<SignatureRecord> out;
    GEMBA_RETURN_IF_ERROR(
        trust().audit().write(db(), session_.actor(), [&](AuditedTx& atx) -> Result<void> {
          GEMBA_TRY(s, trust().signatures().sign(atx.tx(), signer, meaning, "batch_step", record_id,
                                                 hash_of(content)));
          out = std::move(s);
          return ok();
        }));
    // What the next request's principal carries (its session has now signed).
    auto p = trust().sessions().authenticate({token_, false, {}, ""});
    if (p.ok()) session_ = std::move(p).value();
    return std::move(*out);
  }

  Principal session_;
  std::string token_;
  std::string performer_id_, witness_id_;
};

TEST_P(SignaturesTest, Part11_200a1_FirstSigningNeedsBothComponentsLaterOnlyThePassword) {
  auto password_only = sign({std::nullopt, kPassword}, SignatureMeaning::kPerformed, "s1", "a");
  ASSERT_FALSE(password_only.ok());
  EXPECT_EQ(password_only.error().details.at("field").as_string(), "signature.username");
  auto both = sign({"op.anna", kPassword}, SignatureMeaning::kPerformed, "s1", "a");
  ASSERT_TRUE(both.ok()) << both.error().to_string();
  EXPECT_TRUE(session_.session_has_signed);
  auto later = sign({std::nullopt, kPassword}, SignatureMeaning::kPerformed, "s2", "b");
  ASSERT_TRUE(later.ok()) << later.error().to_string();
  EXPECT_EQ(later->signer_id, performer_id_);
  // A witness signing on this session does not count as the session user's first signing.
  auto other = login("op.ben");
  ASSERT_TRUE(other.ok());
  session_ = other->principal;
  token_ = other->token;
  ASSERT_TRUE(sign({"op.anna", kPassword}, SignatureMeaning::kVerified, "s3", "c").ok());
  EXPECT_FALSE(session_.session_has_signed);
}

TEST_P(SignaturesTest, Part11_200a1_AlwaysBothWhenConfigured) {
  setup_.options.signing.always_both = true;
  make_trust();
  session_.session_has_signed = true;
  auto r = sign({std::nullopt, kPassword}, SignatureMeaning::kPerformed, "s1", "a");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details.at("field").as_string(), "signature.username");
  EXPECT_TRUE(sign({"op.anna", kPassword}, SignatureMeaning::kPerformed, "s1", "a").ok());
}

TEST_P(SignaturesTest, Part11_100_WitnessSignsWithTheirOwnCredentialsAndIsDistinct) {
  auto performed = sign({"op.anna", kPassword}, SignatureMeaning::kPerformed, "s1", "a");
  ASSERT_TRUE(performed.ok());
  auto witnessed = sign({"op.ben", kPassword}, SignatureMeaning::kVerified, "s1", "a");
  ASSERT_TRUE(witnessed.ok()) << witnessed.error().to_string();
  EXPECT_EQ(witnessed->signer_id, witness_id_);
  EXPECT_EQ(witnessed->printed_name, "Printed op.ben");
  // Segregation of duties is checkable: the signer ids differ.
  EXPECT_NE(witnessed->signer_id, performed->signer_id);
  auto list = db().read(
      [&](store::Tx& tx) { return trust().signatures().for_record(tx, "batch_step", "s1"); });
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
}

TEST_P(SignaturesTest, Part11_300d_FailedSignaturesCountTowardsLockout) {
  for (int i = 1; i <= 5; ++i) {
    auto r = sign({"op.anna", "wrong-password-" + std::to_string(i)}, SignatureMeaning::kPerformed,
                  "s1", "a");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().details.at("field").as_string(), "signature.password");
  }
  EXPECT_EQ(audit_of("security.signature_failed").size(), 5u);
  EXPECT_EQ(events_of_type("security.signature_failed").size(), 5u);
  auto u = trust().users().get(performer_id_);
  EXPECT_EQ(u->account.status, UserStatus::kLocked);
  auto r = sign({"op.anna", kPassword}, SignatureMeaning::kPerformed, "s1", "a");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().details.at("reason").as_string(), "locked");
}

TEST_P(SignaturesTest, Part11_50_ManifestationShowsPrintedNameTimeInUtcAndLocalAndMeaning) {
  setup_.options.site_timezone = "Europe/Berlin";
  make_trust();
  auto s = sign({"op.anna", kPassword}, SignatureMeaning::kPerformed, "s1", "content");
  ASSERT_TRUE(s.ok());
  auto m = db().read([&](store::Tx& tx) { return trust().signatures().manifestation(tx, s->id); });
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  EXPECT_EQ(m->at("signer").at("printed_name").as_string(), "Printed op.anna");
  EXPECT_EQ(m->at("meaning").as_string(), "performed");
  EXPECT_EQ(m->at("meaning_text").as_string(), "Performed by");
  EXPECT_EQ(m->at("signed_at").as_string(), "2026-09-21T14:13:20.000000Z");
  EXPECT_EQ(m->at("signed_at_local").as_string(),
            "2026-09-21T16:13:20.000000+02:00[Europe/Berlin]");
  EXPECT_EQ(m->at("content_hash").as_string(), hash_of("content"));
}

TEST_P(SignaturesTest, Part11_70_ChangedContentMakesTheSignatureInvalid) {
  auto s = sign({"op.anna", kPassword}, SignatureMeaning::kPerformed, "s1", "12.5 kg");
  ASSERT_TRUE(s.ok());
  auto check = [&](const std::string& content) {
    return db().read(
        [&](store::Tx& tx) { return trust().signatures().verify(tx, s->id, hash_of(content)); });
  };
  auto same = check("12.5 kg");
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->valid);
  auto changed = check("13.5 kg");
  ASSERT_TRUE(changed.ok());
  EXPECT_FALSE(changed->valid);
  EXPECT_NE(changed->reason.find("changed after it was signed"), std::string::npos);
}

TEST_P(SignaturesTest, Part11_70_SignatureCannotBeTransferredToAnotherRecord) {
  if (!is_sqlite()) GTEST_SKIP() << "needs the attacker's sqlite3 access (dropping triggers)";
  auto s = sign({"op.anna", kPassword}, SignatureMeaning::kPerformed, "s1", "a");
  ASSERT_TRUE(s.ok());
  struct Case {
    const char* what;
    std::string sql;
  } cases[] = {
      {"moved to another record", "UPDATE signatures SET record_id = 's2'"},
      {"signer replaced", "UPDATE signatures SET signer_id = '" + witness_id_ + "'"},
      {"meaning upgraded", "UPDATE signatures SET meaning = 'released'"},
      {"content hash rewritten", "UPDATE signatures SET content_hash = '" + hash_of("b") + "'"},
  };
  ASSERT_TRUE(
      db().write([](store::Tx& tx) { return tx.exec_script("DROP TRIGGER signatures_no_update"); })
          .ok());
  for (const auto& c : cases) {
    ASSERT_TRUE(db().write([&](store::Tx& tx) { return tx.exec_script(c.sql); }).ok()) << c.what;
    auto v = db().read(
        [&](store::Tx& tx) { return trust().signatures().verify(tx, s->id, hash_of("b")); });
    ASSERT_TRUE(v.ok());
    EXPECT_FALSE(v->valid) << c.what;
    EXPECT_NE(v->reason.find("audit trail entry"), std::string::npos) << c.what << v->reason;
  }
}

TEST_P(SignaturesTest, Part11_200_VerifiedSignerExpires) {
  auto signer = trust().signatures().authenticate(session_, {"op.anna", kPassword});
  ASSERT_TRUE(signer.ok());
  EXPECT_TRUE(signer->can("batch.execute"));
  EXPECT_FALSE(signer->can("batch.release"));
  clock_.advance(std::chrono::minutes(6));
  auto r = trust().audit().write(db(), session_.actor(), [&](AuditedTx& atx) -> Result<void> {
    GEMBA_TRY(s, trust().signatures().sign(atx.tx(), *signer, SignatureMeaning::kPerformed,
                                           "batch_step", "s1", hash_of("a")));
    (void)s;
    return ok();
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
}

GEMBA_INSTANTIATE_FOR_BACKENDS(SignaturesTest);

}  // namespace
}  // namespace gemba::trust
