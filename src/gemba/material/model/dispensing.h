#pragma once
// Dispensing a formula line: the interlock on the scanned container and the arithmetic of the
// weighing (tare, gross, net, potency), checked against the scaled line. Pure; the service asks
// here before it records anything.
//
// Scan checks, in this order (the first failing one refuses, failed_precondition with
// details.reason):
//   wrong_material   the container's item is not the line's material code
//   quarantine/rejected/blocked/expired/retest_due   check_usable()
//   dispensed        the container is itself a dispensed container (weigh from stock)
//   empty            the container holds nothing
// Weighing (invalid_argument): tare ≥ 0, gross > tare, finite, units of the line's dimension;
// net = gross − tare must not exceed what the container holds (failed_precondition
// "insufficient"). Potency: for a potency-adjusted item, a portion counts net × assay/100
// towards the line's target (the lot must carry an assay; failed_precondition otherwise).
// The running total after the portion must not exceed the line's upper limit
// (failed_precondition "over_limit"); the line is complete when the total is within
// [low, high].

#include <optional>
#include <string>
#include <vector>

#include "gemba/core/result.h"
#include "gemba/material/model/item.h"
#include "gemba/material/model/lot.h"
#include "gemba/recipe/model/scaling.h"

namespace gemba::material {

struct Weighing {
  double tare = 0;
  double gross = 0;
  std::string unit;  // empty = the line's unit
};

// One container weighed for a line.
struct Portion {
  std::string id;
  std::string batch_id;
  std::string step_key;
  int occurrence = 1;
  std::string source_container;
  std::string dispensed_container;
  std::string lot_id;
  std::string lot_number;
  double tare = 0;  // in the line's unit
  double gross = 0;
  double net = 0;
  double counted = 0;  // towards the target: net, or net × assay/100
  std::optional<double> assay_percent;
  std::string unit;  // the line's unit
  std::string user_id;
  std::string printed_name;
  Timestamp at{};
};

// The scan interlock. `line` is the batch's scaled line of the dispense step.
Result<void> check_container_for_line(const recipe::ScaledLine& line, const Item& item,
                                      const Lot& lot, const Container& container, Timestamp now);

// A portion computed from a weighing (the scan interlock passed). `earlier` are the portions
// already recorded for the same step occurrence. The result has tare/gross/net/counted in the
// line's unit; ids, batch and who are left for the caller.
Result<Portion> weigh_portion(const recipe::ScaledLine& line, const Item& item, const Lot& lot,
                              const Container& container, const Weighing& w,
                              const std::vector<Portion>& earlier);

// The total counted towards the line's target, rounded to 6 decimals.
double counted_total(const std::vector<Portion>& portions);

}  // namespace gemba::material
