#pragma once
// The human-readable batch record (21 CFR 11.10(b)): the record JSON of docs/batch-record.md
// laid out as an A4 PDF: header block, formula, every unit procedure, operation and step with
// each run's value, limits, source, performer, time, witness, corrections, comments and
// not-applicable reasons; the exceptions with their dispositions; the batch-level signatures
// (release last). Every page's footer: "Page n of m", the batch number and "SHA-256 <hex>" of
// the record's canonical JSON, so a printed copy can be matched to the electronic record.
//
// Thread-safe (each call builds its own document); the caller owns the returned bytes.

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "gemba/core/result.h"

namespace gemba::batch {

// Renders `record` to PDF bytes. Tolerant of the record's shape: absent members are left out,
// members of an unexpected type are printed as their JSON, long text wraps and is never cut.
// Text is printed in WinAnsi: characters outside it (beyond Latin-1 and the typographic
// punctuation) print as '?'.
//
// REQUIRES: `record_sha256` is the SHA-256 of canonical_json(record), 64 hex digits;
// otherwise invalid_argument {"field": "record_sha256"}. internal if the PDF library fails
// (out of memory, a limit of the format).
Result<std::string> render_record_pdf(const boost::json::object& record,
                                      std::string_view record_sha256);

}  // namespace gemba::batch
