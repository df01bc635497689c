#pragma once
// Synthetic batch records (docs/batch-record.md) for the PDF tests and the benchmark. Pure;
// deterministic: the same options give the same record.

#include <boost/json/object.hpp>
#include <cstddef>
#include <string>

namespace gemba::batch::pdf {

struct TestRecordOptions {
  std::size_t steps = 24;
  std::size_t steps_per_operation = 6;
  std::size_t operations_per_unit_procedure = 2;
  std::size_t formula_lines = 4;
  // When non-zero, the first step's instruction is this many characters of prose (words of
  // letters and single spaces, ending in "END-OF-INSTRUCTION").
  std::size_t long_instruction_chars = 0;
};

// A record of a released batch: steps cycle through numeric (kg, °C, µm), text, boolean, choice,
// dispense (lot) and process-parameter (tag) entries. Step i (from 0) has key "S%04d" and, when
// it records a number, the value (1000 + i) / 100 with two decimals in its unit. Every 4th step
// runs twice, every 5th has a correction, every 3rd a witness, every 7th a comment, every 11th
// is not applicable. Performers include "Jürgen Müller". Three exceptions (one open), and the
// batch signatures completed, reviewed and released.
boost::json::object make_test_record(const TestRecordOptions& options = {});

// The unit the numeric step `i` records in ("kg", "°C" or "µm"), "" for the other types.
std::string test_step_unit(std::size_t i);
// Whether step i records a number (and so has value (1000 + i) / 100 in test_step_unit(i)).
bool test_step_is_numeric(std::size_t i);
// Whether step i is not applicable (no entry).
bool test_step_not_applicable(std::size_t i);

}  // namespace gemba::batch::pdf
