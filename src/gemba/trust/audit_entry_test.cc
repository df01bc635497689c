#include "gemba/trust/audit_entry.h"

#include <gtest/gtest.h>

#include <vector>

namespace gemba::trust {
namespace {

const Timestamp kT0{std::chrono::seconds(1'790'000'000)};

std::vector<AuditRecord> make_chain(int n) {
  std::vector<AuditRecord> chain;
  std::string prev(kGenesisHash);
  Actor actor{"u-1", "Anna Müller", "s-1", "10.0.0.7:5123"};
  for (int i = 1; i <= n; ++i) {
    AuditEntry e{"batch.step_completed",
                 "batch",
                 "b-" + std::to_string(i),
                 {{"status", "ready", "complete"}},
                 "operator entry"};
    chain.push_back(seal_entry(e, actor, i, kT0 + std::chrono::microseconds(i), prev));
    prev = chain.back().hash;
  }
  return chain;
}

std::optional<ChainBreak> verify(const std::vector<AuditRecord>& chain) {
  ChainVerifier v;
  for (const auto& r : chain) {
    if (auto b = v.next(r)) return b;
  }
  return std::nullopt;
}

TEST(AuditEntry, Part11_10e_SealedChainVerifies) {
  const auto chain = make_chain(50);
  EXPECT_EQ(chain.front().prev_hash, kGenesisHash);
  EXPECT_EQ(chain[1].prev_hash, chain[0].hash);
  EXPECT_FALSE(verify(chain).has_value());
}

TEST(AuditEntry, Part11_10e_EveryFieldIsCoveredByTheHash) {
  using Field = std::string AuditRecord::*;
  const std::vector<std::pair<const char*, Field>> fields = {
      {"at", &AuditRecord::at},
      {"actor_id", &AuditRecord::actor_id},
      {"actor_name", &AuditRecord::actor_name},
      {"session_id", &AuditRecord::session_id},
      {"client_address", &AuditRecord::client_address},
      {"action", &AuditRecord::action},
      {"record_type", &AuditRecord::record_type},
      {"record_id", &AuditRecord::record_id},
      {"changes", &AuditRecord::changes},
      {"reason", &AuditRecord::reason},
  };
  for (const auto& [name, field] : fields) {
    auto chain = make_chain(10);
    chain[4].*field += "x";
    auto b = verify(chain);
    ASSERT_TRUE(b.has_value()) << name;
    EXPECT_EQ(b->seq, 5) << name;
    EXPECT_EQ(b->kind, "altered") << name;
  }
  auto chain = make_chain(10);
  chain[4].at_us += 1;
  ASSERT_TRUE(verify(chain));
  EXPECT_EQ(verify(chain)->kind, "altered");
}

TEST(AuditEntry, Part11_10e_TamperTable) {
  struct Case {
    const char* what;
    void (*tamper)(std::vector<AuditRecord>&);
    std::int64_t seq;
    const char* kind;
  } cases[] = {
      {"delete a middle entry", [](auto& c) { c.erase(c.begin() + 3); }, 4, "missing"},
      {"delete the first entry", [](auto& c) { c.erase(c.begin()); }, 1, "missing"},
      {"rewrite an entry and its hash",
       [](auto& c) {
         c[5].reason = "forged";
         std::string s;
         c[5].hash = to_hex(chain_hash(*digest_from_hex(c[5].prev_hash), c[5], s));
       },
       7, "relinked"},
      {"swap two entries", [](auto& c) { std::swap(c[2], c[3]); }, 3, "missing"},
      {"duplicate an entry", [](auto& c) { c.insert(c.begin() + 2, c[1]); }, 2, "malformed"},
      {"change a prev_hash", [](auto& c) { c[6].prev_hash[0] ^= 1; }, 7, "relinked"},
  };
  for (const auto& c : cases) {
    auto chain = make_chain(10);
    c.tamper(chain);
    auto b = verify(chain);
    ASSERT_TRUE(b.has_value()) << c.what;
    EXPECT_EQ(b->seq, c.seq) << c.what << ": " << b->message;
    EXPECT_EQ(b->kind, c.kind) << c.what << ": " << b->message;
    EXPECT_FALSE(b->message.empty());
  }
}

TEST(AuditEntry, ALCOA_TimestampsNeverGoBackwards) {
  auto chain = make_chain(3);
  Actor a{"u", "U", "", ""};
  AuditEntry e{"x.y", "x", "1", {}, ""};
  chain.push_back(seal_entry(e, a, 4, kT0 - std::chrono::seconds(1), chain.back().hash));
  auto b = verify(chain);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->seq, 4);
  EXPECT_EQ(b->kind, "time_backwards");
}

TEST(AuditEntry, Annex11_9_ChangingARecordedValueNeedsAReason) {
  struct Case {
    AuditEntry entry;
    bool ok;
  } cases[] = {
      {{"batch.created", "batch", "1", {{"status", nullptr, "draft"}}, ""}, true},
      {{"batch.updated", "batch", "1", {{"status", "draft", "ready"}}, ""}, false},
      {{"batch.updated", "batch", "1", {{"status", "draft", "ready"}}, "approved by QA"}, true},
      {{"", "batch", "1", {}, ""}, false},
      {{"batch.updated", "", "1", {}, ""}, false},
      {{"batch.updated", "batch", std::string(1 << 20, 'x'), {}, ""}, false},
      {{"batch.updated", "batch", "1", {}, std::string(1 << 20, 'x')}, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(check_entry(c.entry).ok(), c.ok) << c.entry.action << " " << c.entry.reason.size();
  }
  auto r = check_entry(cases[1].entry);
  EXPECT_EQ(r.error().details.at("field").as_string(), "reason");
}

TEST(AuditEntry, Part11_10e_ChangesKeepOldAndNewValues) {
  EXPECT_EQ(encode_changes({{"qty", 12.5, 12.0}, {"unit", nullptr, "kg"}}),
            R"([{"field":"qty","new":1.2E1,"old":1.25E1},{"field":"unit","new":"kg","old":null}])");
}

TEST(AuditEntry, LengthPrefixesKeepFieldBoundaries) {
  // "ab" + "c" and "a" + "bc" must not encode the same.
  AuditRecord a, b;
  a.actor_id = "ab";
  a.actor_name = "c";
  b.actor_id = "a";
  b.actor_name = "bc";
  std::string ea, eb;
  encode_for_hash(a, ea);
  encode_for_hash(b, eb);
  EXPECT_NE(ea, eb);
}

}  // namespace
}  // namespace gemba::trust
