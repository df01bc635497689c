#pragma once
// Label contents for the tests: a dispensed label and a container label with every field filled.

#include <chrono>

#include "gemba/core/time.h"
#include "gemba/material/label/label.h"

namespace gemba::material::testing {

inline Timestamp test_time() {
  // 2026-11-25 08:01:00.250 UTC
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{8} + minutes{1} + milliseconds{250};
}

inline LabelContent dispensed_label() {
  using namespace std::chrono;
  LabelContent c;
  c.kind = LabelKind::kDispensed;
  c.container_id = "C-000123";
  c.material_code = "MAT-0042";
  c.material_name = "Microcrystalline cellulose PH 102";
  c.lot_number = "L-2026-0042";
  c.supplier_lot = "S-99881";
  c.quantity = {"12.345", "kg"};
  c.gross = {"12.857", "kg"};
  c.tare = {"0.512", "kg"};
  c.net = {"12.345", "kg"};
  c.batch_number = "PCM-2026-0042";
  c.step = "0030 Dispense API";
  c.user_display_name = "Anna Operator";
  c.username = "aoperator";
  c.labelled_at = test_time();
  c.expiry = year{2027} / 5 / 31;
  c.retest = year{2026} / 12 / 15;
  c.storage_conditions = "Store below 25 °C, protect from light";
  c.barcode = "(91)C-000123(10)L-2026-0042";
  return c;
}

inline LabelContent container_label() {
  using namespace std::chrono;
  LabelContent c;
  c.kind = LabelKind::kContainer;
  c.container_id = "C-000777";
  c.material_code = "MAT-0007";
  c.material_name = "Lactose monohydrate";
  c.lot_number = "L-2026-0107";
  c.supplier_lot = "MEG-4471";
  c.quantity = {"25.000", "kg"};
  c.user_display_name = "Rita Receiver";
  c.username = "rreceiver";
  c.labelled_at = test_time();
  c.expiry = year{2028} / 1 / 31;
  c.retest = year{2027} / 1 / 31;
  c.lot_status = "QUARANTINE";
  c.storage_conditions = "Store dry at 15–25 °C";
  c.barcode = "(91)C-000777(10)L-2026-0107";
  return c;
}

}  // namespace gemba::material::testing
