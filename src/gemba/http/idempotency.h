#pragma once
// Idempotency-Key (docs/api.md "Writes"): a POST carrying the header acts at most once per caller
// and key. The first request claims the key durably before its handler runs; its response is kept
// (24 h) and returned to every retry with the same body; a retry with a different body is 422.
//
// A claim is written before the handler acts and the response after, so a crash between the two
// leaves a claim without a response. A retry then gets 409 "interrupted" instead of acting a
// second time: the client looks at the resource's state (nothing is ever done twice, and nothing
// acknowledged is lost). A request still running when its retry arrives gets 409 "in progress".
// Server errors (5xx) release the claim, so the retry runs again.

#include <optional>
#include <string>
#include <string_view>

#include "gemba/core/result.h"
#include "gemba/http/response.h"

namespace gemba::http {

inline constexpr std::string_view kIdempotencyHeader = "Idempotency-Key";
inline constexpr std::size_t kMaxIdempotencyKeyLength = 255;

// Everything that identifies one idempotent request.
struct IdempotentRequest {
  std::string caller;  // who sent it (the user id): keys are per caller
  std::string key;
  std::string method;
  std::string path;       // the request target without the query
  std::string_view body;  // the store compares its digest (valid during the request only)
};

// The stored outcome of a claim.
enum class ClaimState {
  kClaimed,     // new: run the handler, then finish() or release()
  kReplay,      // done before with the same body: answer `response`
  kMismatch,    // done or running with another body or on another path: 422
  kInProgress,  // claimed and not finished (running now, or interrupted by a crash): 409
};

struct Claim {
  ClaimState state = ClaimState::kClaimed;
  Response response;         // kReplay
  bool interrupted = false;  // kInProgress: the claim is older than a request can run
};

// Where claims and responses are kept (durably: a claim is acknowledged only once committed).
// Called concurrently from worker threads.
class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  virtual Result<Claim> claim(const IdempotentRequest& r) = 0;
  virtual Result<void> finish(const IdempotentRequest& r, const Response& response) = 0;
  virtual Result<void> release(const IdempotentRequest& r) = 0;
};

// invalid_argument unless the key is 1..kMaxIdempotencyKeyLength visible ASCII characters.
Result<void> check_idempotency_key(std::string_view key);

}  // namespace gemba::http
