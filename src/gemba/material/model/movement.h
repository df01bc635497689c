#pragma once
// Movements: every change of a lot's quantity, with its rules. The service applies one to the lot
// and its containers in memory, then stores the movement, the new quantities and the audit entry
// in one unit of work.
//
//   kind       containers        quantity   needs
//   receipt    creates them      + each     (creates the quarantined lot)
//   dispense   from → to (new)   moves      lot usable; a batch and step
//   consume    from              −          a batch (what was dispensed and charged: the
//                                             lot's status then no longer matters)
//   produce    creates them      +          a batch (its output lot)
//   adjust     one               ±          a reason; signed
//   transfer   from → to         moves      to in the same lot
//   return     from → to         moves      from a dispensed container back to its source
//
// A quantity is positive and finite; no container (hence no lot) ever goes below zero.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"
#include "gemba/material/model/lot.h"

namespace gemba::material {

enum class MovementKind { kReceipt, kDispense, kConsume, kProduce, kAdjust, kTransfer, kReturn };
std::string_view movement_kind_name(MovementKind k);
std::optional<MovementKind> parse_movement_kind(std::string_view name);

struct Movement {
  std::string id;
  MovementKind kind = MovementKind::kReceipt;
  std::string lot_id;
  std::string from_container;  // empty for receipt/produce
  std::string to_container;    // empty for consume/adjust
  double quantity = 0;         // adjust: signed delta; otherwise positive, in the lot's unit
  std::string unit;
  std::string batch_id;  // where there is one
  std::string step_key;
  int occurrence = 0;
  std::string reason;
  std::string user_id;
  std::string printed_name;
  Timestamp at{};
};

// A container's quantity before and after a movement.
struct ContainerChange {
  std::string container_id;
  double before = 0;
  double after = 0;
};

// Applies `m` to `containers` (the lot's containers; a container `m` creates must already be in
// the list with quantity 0) and `lot.quantity`. Errors: invalid_argument (a quantity not
// positive or not finite; an adjust of 0 or without a reason; a missing container id);
// not_found (a container not of this lot); failed_precondition ("container C-1 holds 3 kg; 5 kg
// cannot be taken from it", the lot not usable for dispense/consume, a return to another
// container than the source). On error nothing is changed.
Result<std::vector<ContainerChange>> apply_movement(Lot& lot, std::vector<Container>& containers,
                                                    const Movement& m, Timestamp now);

// Quantities are kept to 6 decimals (a microgram in kg): every stored quantity is rounded so.
double round_quantity(double q);

}  // namespace gemba::material
