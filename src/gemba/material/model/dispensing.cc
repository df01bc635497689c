#include "gemba/material/model/dispensing.h"

#include <cmath>

#include "gemba/core/json.h"
#include "gemba/material/model/movement.h"
#include "gemba/recipe/model/units.h"

namespace gemba::material {
namespace {

std::string qty(double q, const std::string& unit) {
  return format_json_number(round_quantity(q)) + " " + unit;
}

Error refuse(std::string_view reason, std::string message, boost::json::object details = {}) {
  details["reason"] = reason;
  return Error::failed_precondition(std::move(message), std::move(details));
}

}  // namespace

Result<void> check_container_for_line(const recipe::ScaledLine& line, const Item& item,
                                      const Lot& lot, const Container& container, Timestamp now) {
  if (item.code != line.material_code) {
    return refuse("wrong_material",
                  "container " + container.id + " holds " + item.code + " (" + item.name +
                      "); this line needs " + line.material_code + " (" + line.name + ")",
                  {{"expected", line.material_code}, {"scanned", item.code}});
  }
  GEMBA_RETURN_IF_ERROR(check_usable(lot, now));
  if (container.dispensed) {
    return refuse("dispensed", "container " + container.id +
                                   " is a dispensed container; weigh from a stock container");
  }
  if (round_quantity(container.quantity) <= 0) {
    return refuse("empty", "container " + container.id + " is empty");
  }
  if (!recipe::same_dimension(item.base_unit, line.unit)) {
    return refuse("unit", item.code + " is kept in " + item.base_unit + " and the line is in " +
                              line.unit + "; they cannot be converted");
  }
  return {};
}

Result<Portion> weigh_portion(const recipe::ScaledLine& line, const Item& item, const Lot& lot,
                              const Container& container, const Weighing& w,
                              const std::vector<Portion>& earlier) {
  if (!std::isfinite(w.tare) || !std::isfinite(w.gross)) {
    return Error::invalid_argument("tare and gross must be finite numbers", {{"field", "gross"}});
  }
  if (w.tare < 0) {
    return Error::invalid_argument("the tare cannot be below 0", {{"field", "tare"}});
  }
  if (w.gross <= w.tare) {
    return Error::invalid_argument("the gross weight must be above the tare", {{"field", "gross"}});
  }
  double tare = w.tare;
  double gross = w.gross;
  if (!w.unit.empty() && w.unit != line.unit) {
    auto t = recipe::convert(w.tare, w.unit, line.unit);
    auto g = recipe::convert(w.gross, w.unit, line.unit);
    if (!t.ok()) return Error::invalid_argument(t.error().message, {{"field", "unit"}});
    tare = *t;
    gross = g.value();
  }
  Portion p;
  p.tare = round_quantity(tare);
  p.gross = round_quantity(gross);
  p.net = round_quantity(gross - tare);
  p.unit = line.unit;
  p.lot_id = lot.id;
  p.lot_number = lot.lot_number;
  p.source_container = container.id;
  auto in_base = recipe::convert(p.net, line.unit, item.base_unit);
  if (!in_base.ok()) return Error::invalid_argument(in_base.error().message, {{"field", "unit"}});
  if (round_quantity(*in_base) > round_quantity(container.quantity) + 5e-7) {
    return refuse("insufficient",
                  "container " + container.id + " holds " +
                      qty(container.quantity, item.base_unit) + "; a net of " +
                      qty(*in_base, item.base_unit) + " cannot come from it",
                  {{"available", round_quantity(container.quantity)}});
  }
  p.counted = p.net;
  if (item.potency_adjusted) {
    if (!lot.assay_percent) {
      return refuse("no_assay", item.code + " is dispensed by potency and lot " + lot.lot_number +
                                    " has no assay recorded");
    }
    p.assay_percent = lot.assay_percent;
    p.counted = round_quantity(p.net * *lot.assay_percent / 100.0);
  }
  const double total = round_quantity(counted_total(earlier) + p.counted);
  if (total > line.high + 5e-7) {
    const double room = round_quantity(line.high - counted_total(earlier));
    return refuse("over_limit",
                  "this portion would bring the line to " + qty(total, line.unit) +
                      ", above its upper limit of " + qty(line.high, line.unit) + "; at most " +
                      qty(room > 0 ? room : 0, line.unit) + " more" +
                      (item.potency_adjusted ? " (potency-equivalent)" : "") + " may be added",
                  {{"high", line.high}, {"total", total}});
  }
  return p;
}

double counted_total(const std::vector<Portion>& portions) {
  double t = 0;
  for (const Portion& p : portions) t += p.counted;
  return round_quantity(t);
}

}  // namespace gemba::material
