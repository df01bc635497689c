#pragma once
// The bodies of the step API (POST …/steps/{key}/complete|correct|verify) and of a disposition
// (POST …/exceptions/{eid}/disposition), read from JSON into the engine's inputs. Every problem is
// an invalid_argument naming the field; nothing else is accepted (unknown fields are refused). A
// parser of outside bytes: fuzz/batch_request_fuzz.cc.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "gemba/batch/model/engine.h"
#include "gemba/batch/service.h"
#include "gemba/core/result.h"

namespace gemba::batch {

// {"signature": {"username"?, "password", "comment"?}}; absent or null = no signature.
Result<std::optional<SignatureInput>> parse_signature(const boost::json::object& o);

// The same, refused when absent: "<what> is signed: add \"signature\": …".
Result<SignatureInput> parse_required_signature(const boost::json::object& o,
                                                std::string_view what);

// "value" (number, text or true/false), "unit", "time" (RFC 3339), "lot", "source".
Result<ValueInput> parse_value(const boost::json::object& o);

// A step completion: the value members plus occurrence, version, comment, manual_override and
// signature.
struct CompleteBody {
  ValueInput value;
  std::optional<int> occurrence;
  std::optional<std::int64_t> version;
  std::string comment;
  bool manual_override = false;
  std::optional<SignatureInput> signature;
};
Result<CompleteBody> parse_complete_body(const boost::json::object& o);

// A correction: the value members plus occurrence, version, reason and (required) signature.
struct CorrectBody {
  ValueInput value;
  std::optional<int> occurrence;
  std::optional<std::int64_t> version;
  std::string reason;
  SignatureInput signature;
};
Result<CorrectBody> parse_correct_body(const boost::json::object& o);

// QA's disposition of an exception: outcome ("accepted" | "escalated"), comment, deviation_ref and
// the reviewer's (required) signature.
struct DispositionBody {
  DispositionOutcome outcome = DispositionOutcome::kAccepted;
  std::string comment;
  std::string deviation_ref;
  SignatureInput signature;
};
Result<DispositionBody> parse_disposition_body(const boost::json::object& o);

// A whole number member within [min, max]; absent or null = nullopt.
Result<std::optional<std::int64_t>> parse_int(const boost::json::object& o, std::string_view key,
                                              std::int64_t min, std::int64_t max);

}  // namespace gemba::batch
