#pragma once
// SQL for sessions (trust/migrations/0001). Runs inside the caller's unit of work.

#include <optional>
#include <string>
#include <vector>

#include "gemba/core/result.h"
#include "gemba/store/database.h"
#include "gemba/trust/session.h"

namespace gemba::trust::session_store {

Result<void> insert(store::Tx& tx, const SessionRecord& s);
Result<std::optional<SessionRecord>> find_by_token_hash(store::Tx& tx, const std::string& hash);
Result<std::optional<SessionRecord>> find(store::Tx& tx, const std::string& id);
Result<void> touch(store::Tx& tx, const std::string& id, std::int64_t at_us);
Result<void> mark_signed(store::Tx& tx, const std::string& id);
// Ends one session if still open; returns whether it was open.
Result<bool> end(store::Tx& tx, const std::string& id, std::int64_t at_us,
                 const std::string& reason);
// Ends every open session of a user except `keep` (may be ""); returns how many.
Result<std::int64_t> end_all_of_user(store::Tx& tx, const std::string& user_id, std::int64_t at_us,
                                     const std::string& reason, const std::string& keep);
// The newest `limit` sessions of a user, newest first.
Result<std::vector<SessionRecord>> list_of_user(store::Tx& tx, const std::string& user_id,
                                                int limit);

}  // namespace gemba::trust::session_store
