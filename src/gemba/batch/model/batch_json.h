#pragma once
// The JSON form of a batch: for persistence (one document per header, step run and exception;
// from_json(to_json(x)) == x exactly) and the batch record (docs/batch-record.md). Times are
// RFC 3339 UTC with microseconds; members that are absent or empty are left out, so equal values
// serialise to the same canonical bytes (core/json.h canonical_json).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "gemba/batch/model/batch.h"
#include "gemba/core/result.h"

namespace gemba::batch {

inline constexpr std::string_view kBatchRecordFormat = "gemba.batch-record/1";

// Errors of the *_from_json functions: invalid_argument naming the field ("entry.recorded_at:
// expected an RFC 3339 time"), details {"field": path}.
boost::json::object header_to_json(const BatchHeader& h);
Result<BatchHeader> header_from_json(const boost::json::value& v);

boost::json::object step_run_to_json(const StepRun& r);
Result<StepRun> step_run_from_json(const boost::json::value& v);

boost::json::object exception_to_json(const BatchException& e);
Result<BatchException> exception_from_json(const boost::json::value& v);

// The parts, as the record shows them.
boost::json::object person_to_json(const Person& p);
boost::json::object signature_to_json(const SignatureRef& s);  // a manifestation
boost::json::object entry_to_json(const Entry& e);

// The batch record (docs/batch-record.md): header, formula, signatures, every step with its spec
// and runs, the exceptions. REQUIRES: b.recipe set.
boost::json::object record_json(const Batch& b, Timestamp generated_at);

}  // namespace gemba::batch
