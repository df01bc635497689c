#pragma once
// Lots and their containers: the status machine QC drives, and what makes a lot usable.
//
// Stored statuses and the actions that move between them (QC signs each):
//
//   from \ action   release      reject     block
//   quarantine      released     rejected   blocked
//   released        —            rejected   blocked
//   blocked         released     rejected   —
//   rejected        —            —          —        (final)
//
// Expired is not stored: a lot is expired when the server's date (UTC) is after its expiry date,
// whatever its stored status (a rejected lot stays rejected). Releasing an expired lot is
// refused. A retest date that has passed makes a released lot unusable until QC releases it again
// with a new retest date.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gemba/core/clock.h"
#include "gemba/core/result.h"

namespace gemba::material {

using Date = std::chrono::sys_days;

enum class LotStatus { kQuarantine, kReleased, kRejected, kBlocked, kExpired };
std::string_view lot_status_name(LotStatus s);  // "quarantine", "released", ..., "expired"
std::optional<LotStatus> parse_lot_status(std::string_view name);

enum class LotAction { kRelease, kReject, kBlock };
std::string_view lot_action_name(LotAction a);  // "release", "reject", "block"
std::optional<LotAction> parse_lot_action(std::string_view name);

struct Container {
  std::string id;  // "C-000123": printed on its label, scanned as GS1 AI 91
  std::string lot_id;
  double quantity = 0;   // in the item's base unit
  std::string batch_id;  // dispensed containers: the batch they were weighed for
  std::string step_key;  // and its step
  int occurrence = 0;
  bool dispensed = false;  // weighed out of a source container for a batch
  Timestamp created_at{};
};

struct Lot {
  std::string id;
  std::string lot_number;  // internal, from the site pattern ("L-2026-00042")
  std::string item_id;
  std::string supplier;
  std::string supplier_lot;
  LotStatus status = LotStatus::kQuarantine;  // stored (never kExpired)
  double quantity = 0;                        // sum of its containers, in the item's base unit
  std::string unit;
  std::optional<Date> expiry;
  std::optional<Date> retest;
  std::optional<double> assay_percent;  // potency from the certificate of analysis
  std::string produced_by_batch;        // a batch's output lot
  Timestamp received_at{};
  std::int64_t version = 0;
};

// The UTC calendar date of `t`.
Date date_of(Timestamp t);

// "2027-06-30"; and back (invalid_argument naming `field` for anything but a real date).
std::string format_date(Date d);
Result<Date> parse_date(std::string_view text, std::string_view field);

// Expired, or the stored status.
LotStatus effective_status(const Lot& lot, Timestamp now);

// The status after `action`; failed_precondition naming both ("lot L-1 is rejected; a rejected
// lot cannot be released") when the table above does not allow it, or when releasing an expired
// lot.
Result<LotStatus> next_status(const Lot& lot, LotAction action, Timestamp now);

// Whether the lot may be dispensed or charged now: released, not expired, retest not passed.
// failed_precondition with a message naming the lot and the reason, details.reason one of
// "quarantine", "rejected", "blocked", "expired", "retest_due".
Result<void> check_usable(const Lot& lot, Timestamp now);

}  // namespace gemba::material
