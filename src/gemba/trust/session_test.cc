#include "gemba/trust/session.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace gemba::trust {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(Session, Part11_10d_ExpiryTable) {
  const SessionPolicy p;  // 15 min idle, 12 h absolute
  const Timestamp login{std::chrono::seconds(1'700'000'000)};
  auto us = [](Timestamp t) { return t.time_since_epoch().count(); };
  SessionRecord s;
  s.created_at_us = s.last_seen_at_us = us(login);
  s.expires_at_us = us(login + hours(12));
  struct Case {
    Duration since_login;
    Duration since_last_seen;
    bool ended;
    SessionState expected;
  } cases[] = {
      {minutes(1), minutes(1), false, SessionState::kActive},
      {minutes(14), minutes(14), false, SessionState::kActive},
      {minutes(15), minutes(15), false, SessionState::kIdleExpired},
      {hours(11), minutes(1), false, SessionState::kActive},
      {hours(12), seconds(1), false, SessionState::kExpired},
      {minutes(1), minutes(1), true, SessionState::kEnded},
  };
  for (const auto& c : cases) {
    SessionRecord r = s;
    const Timestamp now = login + c.since_login;
    r.last_seen_at_us = us(now - c.since_last_seen);
    if (c.ended) r.ended_at_us = us(now);
    EXPECT_EQ(session_state(r, p, now), c.expected) << session_state_name(c.expected);
  }
}

TEST(Session, Part11_300_TokensAre256RandomBitsStoredHashed) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto t = mint_token();
    EXPECT_EQ(t.token.size(), 43u);  // 32 bytes, base64url without padding
    EXPECT_EQ(t.hash.size(), 64u);
    EXPECT_EQ(hash_presented_token(t.token), t.hash);
    EXPECT_TRUE(seen.insert(t.token).second);
  }
}

TEST(Session, Part11_300_ForgedTokensTable) {
  for (const std::string& bad : std::vector<std::string>{
           "", "abc", std::string(43, '!'), std::string(44, 'a'), std::string(1 << 20, 'a'),
           std::string("' OR 1=1 --") + std::string(32, 'a')}) {
    EXPECT_EQ(hash_presented_token(bad), "") << bad.substr(0, 20);
  }
  // Well-formed but never issued: hashes to something no session has.
  EXPECT_EQ(hash_presented_token(std::string(43, 'A')).size(), 64u);
}

TEST(Session, TouchIsCoalesced) {
  const SessionPolicy p;
  SessionRecord s;
  const Timestamp t{std::chrono::seconds(1'700'000'000)};
  s.last_seen_at_us = t.time_since_epoch().count();
  EXPECT_FALSE(should_touch(s, p, t + seconds(29)));
  EXPECT_TRUE(should_touch(s, p, t + seconds(30)));
}

}  // namespace
}  // namespace gemba::trust
