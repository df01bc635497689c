#pragma once
// The materials API's request bodies (docs/api.md "Materials"), parsed and checked for shape:
// unknown fields, wrong types and out-of-range numbers are invalid_argument naming the field.
// The service checks the rules. Pure; fuzzed by fuzz/material_request_fuzz.cc.

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "gemba/batch/service.h"
#include "gemba/core/result.h"
#include "gemba/material/model/item.h"
#include "gemba/material/model/lot.h"
#include "gemba/material/service.h"

namespace gemba::material {

// {code, name, type, base_unit, storage_conditions?, gtins?, shelf_life_days?,
//  retest_interval_days?, potency_adjusted?}
Result<Item> parse_item_body(const boost::json::object& o);

// {item, supplier, supplier_lot, containers: [number, ...], unit?, expiry?, retest?,
//  assay_percent?}
Result<ReceiptInput> parse_receipt_body(const boost::json::object& o);

struct StatusBody {
  std::string reason;
  std::optional<Date> retest;
  batch::SignatureInput signature;
};
// {reason?, retest?, signature}
Result<StatusBody> parse_status_body(const boost::json::object& o);

struct AdjustBody {
  std::string container;
  double quantity = 0;  // signed change
  std::string reason;
  batch::SignatureInput signature;
};
// {container, quantity, reason, signature}
Result<AdjustBody> parse_adjust_body(const boost::json::object& o);

struct TransferBody {
  std::string from;
  std::string to;  // empty: a new container
  double quantity = 0;
};
// {from, to?, quantity}
Result<TransferBody> parse_transfer_body(const boost::json::object& o);

struct ReturnBody {
  std::string to;       // empty: the source container
  double quantity = 0;  // 0: all of it
};
// {to?, quantity?}
Result<ReturnBody> parse_return_body(const boost::json::object& o);

// {container, tare, gross, unit?, occurrence?}
Result<DispenseInput> parse_dispense_body(const boost::json::object& o);

// {item, containers: [number, ...], unit?, expiry?}
Result<ProduceInput> parse_produce_body(const boost::json::object& o);

}  // namespace gemba::material
