#include "gemba/material/service_demo.h"

#include <cmath>

#include "gemba/recipe/model/units.h"

namespace gemba::material {
namespace {

struct DemoItem {
  const char* code;
  const char* name;
  ItemType type;
  const char* unit;
  const char* storage;
  const char* gtin;  // "" = none
  int shelf_life_days;
  int retest_days;
  bool potency;
};

// GTINs in the GS1 example range (prefix 950: not assigned to any company).
constexpr DemoItem kItems[] = {
    {"RM-0101", "Paracetamol Ph. Eur., dense powder", ItemType::kRaw, "kg",
     "Store below 25 °C, dry", "09506000134352", 1825, 365, true},
    {"RM-0215", "Maize starch, pregelatinised Ph. Eur.", ItemType::kRaw, "kg",
     "Store below 25 °C, dry", "09506000134369", 1095, 365, false},
    {"RM-0330", "Povidone K30 Ph. Eur.", ItemType::kRaw, "kg", "Hygroscopic: keep tightly closed",
     "09506000134376", 1095, 365, false},
    {"RM-0412", "Magnesium stearate Ph. Eur., vegetable origin", ItemType::kRaw, "kg",
     "Store below 25 °C", "", 1095, 365, false},
    {"RM-0001", "Purified water Ph. Eur.", ItemType::kRaw, "L", "Point of use, loop PW-1", "", 30,
     0, false},
    {"RM-0520", "Opadry II white 85F18422, film-coating system", ItemType::kRaw, "kg",
     "Store below 30 °C", "", 730, 0, false},
    {"PCM500-FCT", "Paracetamol 500 mg film-coated tablets", ItemType::kFinished, "kg",
     "Store below 25 °C", "", 1095, 0, false},
};

struct DemoLot {
  const char* item;
  const char* supplier;
  const char* supplier_lot;
  std::vector<double> containers;
  std::optional<double> assay;
  enum { kRelease, kQuarantine, kExpired } fate;
};

Date today_plus(MaterialService& s, int days) { return date_of(s.now()) + std::chrono::days(days); }

}  // namespace

Result<void> seed_demo_materials(MaterialService& service, const DemoMaterialsCrew& crew) {
  for (const DemoItem& d : kItems) {
    Item item;
    item.code = d.code;
    item.name = d.name;
    item.type = d.type;
    item.base_unit = d.unit;
    item.storage_conditions = d.storage;
    if (*d.gtin) item.gtins = {d.gtin};
    item.shelf_life_days = d.shelf_life_days;
    if (d.retest_days > 0) item.retest_interval_days = d.retest_days;
    item.potency_adjusted = d.potency;
    GEMBA_RETURN_IF_ERROR(service.create_item(*crew.store_keeper, item));
  }
  const std::vector<DemoLot> lots = {
      {"RM-0101",
       "Granules India Ltd",
       "PCM2611-07",
       {25, 25, 25, 25, 25, 25, 25, 25},
       99.6,
       DemoLot::kRelease},
      {"RM-0101", "Granules India Ltd", "PCM2611-19", {25, 25, 25, 25}, 99.8, DemoLot::kRelease},
      {"RM-0101",
       "Anqiu Lu'an Pharmaceutical",
       "AL-26-4411",
       {25, 25},
       std::nullopt,
       DemoLot::kQuarantine},
      {"RM-0215", "Roquette Frères", "E1093-26", {25, 25}, std::nullopt, DemoLot::kRelease},
      {"RM-0330", "BASF SE", "K30-26-0815", {25}, std::nullopt, DemoLot::kRelease},
      {"RM-0412", "Peter Greven", "MS-25-0107", {10}, std::nullopt, DemoLot::kExpired},
      {"RM-0412", "Peter Greven", "MS-26-0932", {10}, std::nullopt, DemoLot::kRelease},
      {"RM-0001", "PW loop PW-1", "PW-1", {1000}, std::nullopt, DemoLot::kRelease},
      {"RM-0520", "Colorcon", "DT812345", {20}, std::nullopt, DemoLot::kRelease},
  };
  for (const DemoLot& d : lots) {
    ReceiptInput in;
    in.item = d.item;
    in.supplier = d.supplier;
    in.supplier_lot = d.supplier_lot;
    in.containers = d.containers;
    in.assay_percent = d.assay;
    if (d.fate == DemoLot::kExpired) {
      // Delivered long ago: it expired yesterday, and shows how dispensing refuses it.
      in.expiry = today_plus(service, -1);
      in.retest = today_plus(service, -30);
    }
    GEMBA_TRY(v, service.receive(*crew.store_keeper, in));
    if (d.fate == DemoLot::kRelease) {
      batch::SignatureInput sig;
      sig.verified = crew.qc_signer;
      GEMBA_RETURN_IF_ERROR(service.change_status(*crew.qc, v.lot.id, LotAction::kRelease,
                                                  "Certificate of analysis checked; identity "
                                                  "test passed",
                                                  std::nullopt, sig));
    }
  }
  return ok();
}

std::function<Result<void>(const batch::Batch&, const batch::StepRun&)> demo_weigher(
    MaterialService& service, const DemoMaterialsCrew& crew) {
  return [&service, crew](const batch::Batch& b, const batch::StepRun& run) -> Result<void> {
    const recipe::Step* step = batch::find_step(b, run.key);
    const auto* spec = step ? std::get_if<recipe::DispenseSpec>(&step->spec) : nullptr;
    if (spec == nullptr) return ok();
    const recipe::ScaledLine* line = nullptr;
    for (const auto& l : b.formula.lines) {
      if (l.key == spec->formula_line) line = &l;
    }
    if (line == nullptr) return Error::internal("demo: no formula line " + spec->formula_line);
    GEMBA_TRY(lots, service.list_lots(line->material_code, "released", 100));
    GEMBA_TRY(so_far, service.portions(b.header.id, run.key, run.occurrence));
    double counted = counted_total(so_far);
    const bool volume = line->unit == "L" || line->unit == "mL";
    const double tare = volume ? 0 : 0.85;  // a double-lined PE bag on the scale
    // Oldest lot first (first expiry, first out).
    for (auto it = lots.rbegin(); it != lots.rend() && counted < line->target; ++it) {
      for (const Container& c : it->containers) {
        if (c.dispensed || c.quantity <= 0 || counted >= line->target) continue;
        const double factor = it->item.potency_adjusted && it->lot.assay_percent
                                  ? *it->lot.assay_percent / 100.0
                                  : 1.0;
        GEMBA_TRY(available, recipe::convert(c.quantity, it->item.base_unit, line->unit));
        const double wanted = std::ceil((line->target - counted) / factor * 1000) / 1000;
        const double net = std::min(available, wanted);
        DispenseInput in;
        in.batch_id = b.header.id;
        in.step_key = run.key;
        in.occurrence = run.occurrence;
        in.container = c.id;
        in.weighing = Weighing{tare, std::round((tare + net) * 1000) / 1000, line->unit};
        GEMBA_TRY(r, service.dispense(*crew.operator_, in));
        counted = counted_total(r.portions);
      }
    }
    return ok();
  };
}

Result<void> seed_demo_outputs(MaterialService& service, const DemoMaterialsCrew& crew,
                               const batch::DemoBatches& batches) {
  for (const std::string& id : {batches.released, batches.in_review}) {
    if (id.empty()) continue;
    ProduceInput in;
    in.batch_id = id;
    in.item = "PCM500-FCT";
    in.containers = {51.15, 51.15};
    GEMBA_TRY(v, service.produce(*crew.store_keeper, in));
    if (id == batches.released) {
      batch::SignatureInput sig;
      sig.verified = crew.qc_signer;
      GEMBA_RETURN_IF_ERROR(service.change_status(*crew.qc, v.lot.id, LotAction::kRelease,
                                                  "Batch certified by the QP", std::nullopt, sig));
    }
  }
  return ok();
}

}  // namespace gemba::material
