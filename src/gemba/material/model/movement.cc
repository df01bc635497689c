#include "gemba/material/model/movement.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "gemba/core/json.h"

namespace gemba::material {
namespace {

constexpr std::array<std::string_view, 7> kKindNames = {"receipt", "dispense", "consume", "produce",
                                                        "adjust",  "transfer", "return"};

// Quantities are compared at the stored precision: a container may be emptied exactly.
constexpr double kEpsilon = 5e-7;

std::string qty(double q, const std::string& unit) {
  return format_json_number(round_quantity(q)) + (unit.empty() ? "" : " " + unit);
}

}  // namespace

std::string_view movement_kind_name(MovementKind k) {
  return kKindNames[static_cast<std::size_t>(k)];
}

std::optional<MovementKind> parse_movement_kind(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<MovementKind>(i);
  }
  return std::nullopt;
}

double round_quantity(double q) {
  const double r = std::round(q * 1e6) / 1e6;
  return r == 0 ? 0 : r;  // no -0
}

Result<std::vector<ContainerChange>> apply_movement(Lot& lot, std::vector<Container>& containers,
                                                    const Movement& m, Timestamp now) {
  if (!std::isfinite(m.quantity)) {
    return Error::invalid_argument("the quantity must be a finite number", {{"field", "quantity"}});
  }
  const bool signed_delta = m.kind == MovementKind::kAdjust;
  if (signed_delta ? round_quantity(m.quantity) == 0 : round_quantity(m.quantity) <= 0) {
    return Error::invalid_argument(
        signed_delta ? "an adjustment must change the quantity" : "the quantity must be above 0",
        {{"field", "quantity"}});
  }
  if (signed_delta && m.reason.empty()) {
    return Error::invalid_argument("an adjustment needs a reason", {{"field", "reason"}});
  }
  auto find = [&](const std::string& id) -> Result<Container*> {
    if (id.empty()) {
      return Error::invalid_argument("the movement names no container", {{"field", "container"}});
    }
    auto it = std::find_if(containers.begin(), containers.end(),
                           [&](const Container& c) { return c.id == id; });
    if (it == containers.end() || it->lot_id != lot.id) {
      return Error::not_found("container " + id + " is not a container of lot " + lot.lot_number,
                              {{"container", id}});
    }
    return &*it;
  };
  if (m.kind == MovementKind::kDispense) GEMBA_RETURN_IF_ERROR(check_usable(lot, now));
  if (m.kind == MovementKind::kDispense && m.batch_id.empty()) {
    return Error::invalid_argument("a dispense names its batch", {{"field", "batch_id"}});
  }
  if ((m.kind == MovementKind::kConsume || m.kind == MovementKind::kProduce) &&
      m.batch_id.empty()) {
    return Error::invalid_argument(
        "a " + std::string(movement_kind_name(m.kind)) + " names its batch",
        {{"field", "batch_id"}});
  }

  Container* from = nullptr;
  Container* to = nullptr;
  switch (m.kind) {
    case MovementKind::kReceipt:
    case MovementKind::kProduce: {
      GEMBA_TRY(t, find(m.to_container));
      to = t;
      break;
    }
    case MovementKind::kConsume: {
      GEMBA_TRY(f, find(m.from_container));
      from = f;
      break;
    }
    case MovementKind::kAdjust: {
      GEMBA_TRY(f, find(m.from_container.empty() ? m.to_container : m.from_container));
      from = f;
      break;
    }
    case MovementKind::kDispense:
    case MovementKind::kTransfer:
    case MovementKind::kReturn: {
      GEMBA_TRY(f, find(m.from_container));
      GEMBA_TRY(t, find(m.to_container));
      from = f;
      to = t;
      if (from == to) {
        return Error::invalid_argument(
            "a " + std::string(movement_kind_name(m.kind)) + " needs two different containers",
            {{"field", "to_container"}});
      }
      if (m.kind == MovementKind::kReturn && !from->dispensed) {
        return Error::failed_precondition("container " + from->id +
                                          " was not dispensed; only dispensed material is "
                                          "returned to stock");
      }
      if (m.kind == MovementKind::kReturn && to->dispensed) {
        return Error::failed_precondition(
            "material is returned to a stock container, not to "
            "dispensed container " +
            to->id);
      }
      break;
    }
  }

  std::vector<ContainerChange> changes;
  const double amount = m.quantity;
  if (from != nullptr) {
    const double take = m.kind == MovementKind::kAdjust ? -amount : amount;
    const double after = round_quantity(from->quantity - take);
    if (after < -kEpsilon || (take > 0 && from->quantity + kEpsilon < take)) {
      return Error::failed_precondition(
          "container " + from->id + " holds " + qty(from->quantity, lot.unit) + "; " +
              qty(std::abs(take), lot.unit) + " cannot be taken from it",
          {{"reason", "insufficient"},
           {"container", from->id},
           {"available", round_quantity(from->quantity)}});
    }
    changes.push_back({from->id, from->quantity, std::max(after, 0.0)});
  }
  if (to != nullptr) {
    changes.push_back({to->id, to->quantity, round_quantity(to->quantity + amount)});
  }
  // Nothing failed: apply.
  for (const ContainerChange& c : changes) {
    auto it = std::find_if(containers.begin(), containers.end(),
                           [&](const Container& x) { return x.id == c.container_id; });
    it->quantity = c.after;
  }
  double total = 0;
  for (const Container& c : containers) {
    if (c.lot_id == lot.id) total += c.quantity;
  }
  lot.quantity = round_quantity(total);
  return changes;
}

}  // namespace gemba::material
