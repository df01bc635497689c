#pragma once
// How members of the batch record JSON (docs/batch-record.md) read on paper: times, numbers,
// values with their units, limits, people and signature manifestations. Pure and tolerant: a
// missing member reads as empty, a member of an unexpected type is printed as it is (its JSON),
// never dropped. Output is UTF-8. Thread-safe.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace gemba::batch::pdf {

// The member `key` of `o`, or nullptr.
const boost::json::value* member(const boost::json::object& o, std::string_view key);
// `o[key]` if it is an object / array, else nullptr.
const boost::json::object* object_member(const boost::json::object& o, std::string_view key);
const boost::json::array* array_member(const boost::json::object& o, std::string_view key);

// A scalar as a person reads it: strings as they are, numbers shortest round-trip, booleans
// "yes"/"no", null and absent "". Arrays of scalars are joined with ", "; other arrays and
// objects are their canonical JSON.
std::string scalar_text(const boost::json::value* v);
std::string text_member(const boost::json::object& o, std::string_view key);

// A number in the fewest digits that read back to the same value, padded with zeros to
// `decimals` places when it has fewer (never rounded: the record's value is printed whole).
// Non-numbers read as scalar_text.
std::string number_text(const boost::json::value* v, int decimals = -1);

// "2026-11-25T10:04:05.123456Z" → "2026-11-25 10:04:05 UTC" (offsets converted to UTC).
// Text that is not an RFC 3339 time is returned unchanged.
std::string utc_time_text(std::string_view rfc3339);
std::string time_member(const boost::json::object& o, std::string_view key);

// A person ({"user_id", "printed_name"}): the printed name; "system" for user_id ""; a bare
// string as it is.
std::string person_text(const boost::json::value* v);

// "Performed by" for "performed" (the trust layer's texts); for a meaning it does not know,
// the meaning capitalised with " by": "completed" → "Completed by".
std::string meaning_text(std::string_view meaning);

// A signature manifestation (21 CFR 11.50): "Performed by Anna Operator — 2026-11-25 10:04:05
// UTC — performed". A qualifier of the meaning follows the name: "Released by Quentin QP
// (qualified person) — … — released".
std::string manifestation_text(const boost::json::object& m);

// An entry's value ({"number", "unit", "text", "boolean", "time", "lot", "entered_number", ...}):
// "10.02 kg", "10.02 kg, lot L-7 (entered as 10020 g)", "yes". `decimals` pads numbers.
std::string value_text(const boost::json::object& value, int decimals = -1);

// The spec's "decimals" when it is a number in 0..12, else -1.
int spec_decimals(const boost::json::object& spec);

// The numeric limits of a step's spec: "target 10 kg; limits 9.5 – 10.5 kg; alarm 9.8 – 10.2 kg";
// "" when it has none.
std::string limits_text(const boost::json::object& spec);

// The other members of a step's spec (options, expected, formula line, expression, ...):
// "options: A, B; expected: yes"; "" when there are none.
std::string spec_details_text(const boost::json::object& spec);

}  // namespace gemba::batch::pdf
