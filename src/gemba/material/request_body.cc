#include "gemba/material/request_body.h"

#include <cmath>

#include "gemba/batch/request_body.h"
#include "gemba/trust/views.h"

namespace gemba::material {

namespace json = boost::json;
namespace views = trust::views;

namespace {

Error field_error(std::string field, std::string message) {
  return Error::invalid_argument(std::move(message), {{"field", std::move(field)}});
}

Result<std::optional<double>> opt_number(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<double>();
  if (!v->is_number()) return field_error(std::string(key), std::string(key) + " must be a number");
  const double d = v->to_number<double>();
  if (!std::isfinite(d)) {
    return field_error(std::string(key), std::string(key) + " must be a finite number");
  }
  return std::optional<double>(d);
}

Result<double> req_number(const json::object& o, std::string_view key) {
  GEMBA_TRY(n, opt_number(o, key));
  if (!n) return field_error(std::string(key), std::string(key) + " is required (a number)");
  return *n;
}

Result<std::optional<Date>> opt_date(const json::object& o, std::string_view key) {
  GEMBA_TRY(s, views::opt_string(o, key, 32));
  if (!s) return std::optional<Date>();
  GEMBA_TRY(d, parse_date(*s, key));
  return std::optional<Date>(d);
}

Result<std::vector<double>> quantities(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_array() || v->as_array().empty() || v->as_array().size() > 1000) {
    return field_error(std::string(key), std::string(key) +
                                             " must list 1 to 1000 container quantities, e.g. "
                                             "[25, 25, 12.5]");
  }
  std::vector<double> out;
  for (const json::value& q : v->as_array()) {
    if (!q.is_number() || !std::isfinite(q.to_number<double>()) || q.to_number<double>() <= 0) {
      return field_error(std::string(key),
                         std::string(key) + ": each quantity must be a number above 0");
    }
    out.push_back(q.to_number<double>());
  }
  return out;
}

}  // namespace

Result<Item> parse_item_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(
      views::only_fields(o, {"code", "name", "type", "base_unit", "storage_conditions", "gtins",
                             "shelf_life_days", "retest_interval_days", "potency_adjusted"}));
  Item item;
  GEMBA_TRY(code, views::req_string(o, "code", 64));
  GEMBA_TRY(name, views::req_string(o, "name", 800));
  GEMBA_TRY(type, views::req_string(o, "type", 32));
  GEMBA_TRY(unit, views::req_string(o, "base_unit", 16));
  GEMBA_TRY(storage, views::opt_string(o, "storage_conditions", 800));
  if (code.empty()) return field_error("code", "an item needs a code (RM-0101)");
  if (name.empty()) return field_error("name", "an item needs a name");
  item.code = std::move(code);
  item.name = std::move(name);
  const auto t = parse_item_type(type);
  if (!t) return field_error("type", "type must be raw, packaging, intermediate or finished");
  item.type = *t;
  item.base_unit = std::move(unit);
  item.storage_conditions = storage.value_or("");
  if (const json::value* g = o.if_contains("gtins"); g && !g->is_null()) {
    if (!g->is_array() || g->as_array().size() > 20) {
      return field_error("gtins", "gtins must be a list of at most 20 GTIN-14 strings");
    }
    for (const json::value& v : g->as_array()) {
      if (!v.is_string()) return field_error("gtins", "each GTIN must be a string of 14 digits");
      item.gtins.emplace_back(v.as_string());
    }
  }
  GEMBA_TRY(shelf, batch::parse_int(o, "shelf_life_days", 1, 36500));
  GEMBA_TRY(retest, batch::parse_int(o, "retest_interval_days", 1, 36500));
  if (shelf) item.shelf_life_days = static_cast<int>(*shelf);
  if (retest) item.retest_interval_days = static_cast<int>(*retest);
  GEMBA_TRY(potency, views::opt_bool(o, "potency_adjusted"));
  item.potency_adjusted = potency.value_or(false);
  return item;
}

Result<ReceiptInput> parse_receipt_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"item", "supplier", "supplier_lot", "containers",
                                               "unit", "expiry", "retest", "assay_percent"}));
  ReceiptInput in;
  GEMBA_TRY(item, views::req_string(o, "item", 100));
  GEMBA_TRY(supplier, views::req_string(o, "supplier", 800));
  GEMBA_TRY(supplier_lot, views::req_string(o, "supplier_lot", 256));
  GEMBA_TRY(unit, views::opt_string(o, "unit", 16));
  GEMBA_TRY(containers, quantities(o, "containers"));
  GEMBA_TRY(expiry, opt_date(o, "expiry"));
  GEMBA_TRY(retest, opt_date(o, "retest"));
  GEMBA_TRY(assay, opt_number(o, "assay_percent"));
  in.item = std::move(item);
  in.supplier = std::move(supplier);
  in.supplier_lot = std::move(supplier_lot);
  in.unit = unit.value_or("");
  in.containers = std::move(containers);
  in.expiry = expiry;
  in.retest = retest;
  in.assay_percent = assay;
  return in;
}

Result<StatusBody> parse_status_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"reason", "retest", "signature"}));
  StatusBody b;
  GEMBA_TRY(reason, views::opt_string(o, "reason", 16000));
  GEMBA_TRY(retest, opt_date(o, "retest"));
  GEMBA_TRY(sig, batch::parse_required_signature(o, "a QC disposition"));
  b.reason = reason.value_or("");
  b.retest = retest;
  b.signature = std::move(sig);
  return b;
}

Result<AdjustBody> parse_adjust_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"container", "quantity", "reason", "signature"}));
  AdjustBody b;
  GEMBA_TRY(container, views::req_string(o, "container", 64));
  GEMBA_TRY(q, req_number(o, "quantity"));
  GEMBA_TRY(reason, views::req_string(o, "reason", 16000));
  GEMBA_TRY(sig, batch::parse_required_signature(o, "an adjustment"));
  b.container = std::move(container);
  b.quantity = q;
  b.reason = std::move(reason);
  b.signature = std::move(sig);
  return b;
}

Result<TransferBody> parse_transfer_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"from", "to", "quantity"}));
  TransferBody b;
  GEMBA_TRY(from, views::req_string(o, "from", 64));
  GEMBA_TRY(to, views::opt_string(o, "to", 64));
  GEMBA_TRY(q, req_number(o, "quantity"));
  if (q <= 0) return field_error("quantity", "quantity must be above 0");
  b.from = std::move(from);
  b.to = to.value_or("");
  b.quantity = q;
  return b;
}

Result<ReturnBody> parse_return_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"to", "quantity"}));
  ReturnBody b;
  GEMBA_TRY(to, views::opt_string(o, "to", 64));
  GEMBA_TRY(q, opt_number(o, "quantity"));
  if (q && *q <= 0) {
    return field_error("quantity", "quantity must be above 0 (leave it out to return all)");
  }
  b.to = to.value_or("");
  b.quantity = q.value_or(0);
  return b;
}

Result<DispenseInput> parse_dispense_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(
      views::only_fields(o, {"container", "tare", "gross", "unit", "occurrence"}));
  DispenseInput in;
  GEMBA_TRY(container, views::req_string(o, "container", 512));
  GEMBA_TRY(tare, req_number(o, "tare"));
  GEMBA_TRY(gross, req_number(o, "gross"));
  GEMBA_TRY(unit, views::opt_string(o, "unit", 16));
  GEMBA_TRY(occ, batch::parse_int(o, "occurrence", 1, 1'000'000));
  in.container = std::move(container);
  in.weighing = Weighing{tare, gross, unit.value_or("")};
  in.occurrence = occ ? static_cast<int>(*occ) : 1;
  return in;
}

Result<ProduceInput> parse_produce_body(const json::object& o) {
  GEMBA_RETURN_IF_ERROR(views::only_fields(o, {"item", "containers", "unit", "expiry"}));
  ProduceInput in;
  GEMBA_TRY(item, views::req_string(o, "item", 100));
  GEMBA_TRY(containers, quantities(o, "containers"));
  GEMBA_TRY(unit, views::opt_string(o, "unit", 16));
  GEMBA_TRY(expiry, opt_date(o, "expiry"));
  in.item = std::move(item);
  in.containers = std::move(containers);
  in.unit = unit.value_or("");
  in.expiry = expiry;
  return in;
}

}  // namespace gemba::material
