#include "gemba/material/model/lot.h"

#include <array>
#include <cstdio>

namespace gemba::material {
namespace {

constexpr std::array<std::string_view, 5> kStatusNames = {"quarantine", "released", "rejected",
                                                          "blocked", "expired"};
constexpr std::array<std::string_view, 3> kActionNames = {"release", "reject", "block"};

std::string lot_label(const Lot& lot) {
  return "lot " + (lot.lot_number.empty() ? lot.id : lot.lot_number);
}

}  // namespace

std::string format_date(Date d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Result<Date> parse_date(std::string_view text, std::string_view field) {
  auto bad = [&] {
    return Error::invalid_argument(std::string(field) + " must be a date as YYYY-MM-DD",
                                   {{"field", std::string(field)}});
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (std::size_t k = 0; k < lengths[i]; ++k) {
      const char c = text[starts[i] + k];
      if (c < '0' || c > '9') return bad();
      parts[i] = parts[i] * 10 + (c - '0');
    }
  }
  const std::chrono::year_month_day ymd{std::chrono::year{parts[0]},
                                        std::chrono::month{static_cast<unsigned>(parts[1])},
                                        std::chrono::day{static_cast<unsigned>(parts[2])}};
  if (!ymd.ok() || parts[0] < 1900) {
    return Error::invalid_argument(std::string(field) + ": " + std::string(text) + " is not a date",
                                   {{"field", std::string(field)}});
  }
  return std::chrono::sys_days{ymd};
}

std::string_view lot_status_name(LotStatus s) { return kStatusNames[static_cast<std::size_t>(s)]; }

std::optional<LotStatus> parse_lot_status(std::string_view name) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == name) return static_cast<LotStatus>(i);
  }
  return std::nullopt;
}

std::string_view lot_action_name(LotAction a) { return kActionNames[static_cast<std::size_t>(a)]; }

std::optional<LotAction> parse_lot_action(std::string_view name) {
  for (std::size_t i = 0; i < kActionNames.size(); ++i) {
    if (kActionNames[i] == name) return static_cast<LotAction>(i);
  }
  return std::nullopt;
}

Date date_of(Timestamp t) { return std::chrono::floor<std::chrono::days>(t); }

LotStatus effective_status(const Lot& lot, Timestamp now) {
  if (lot.status != LotStatus::kRejected && lot.expiry && date_of(now) > *lot.expiry) {
    return LotStatus::kExpired;
  }
  return lot.status;
}

Result<LotStatus> next_status(const Lot& lot, LotAction action, Timestamp now) {
  const LotStatus from = lot.status;
  auto refuse = [&](std::string why) {
    return Error::failed_precondition(
        lot_label(lot) + " is " + std::string(lot_status_name(from)) + "; " + std::move(why),
        {{"status", std::string(lot_status_name(from))},
         {"action", std::string(lot_action_name(action))}});
  };
  switch (action) {
    case LotAction::kRelease:
      if (from == LotStatus::kRejected) return refuse("a rejected lot cannot be released");
      if (from == LotStatus::kReleased) return refuse("it is already released");
      if (effective_status(lot, now) == LotStatus::kExpired) {
        return Error::failed_precondition(lot_label(lot) + " expired on " +
                                              format_date(*lot.expiry) +
                                              "; an expired lot cannot be released",
                                          {{"status", "expired"}, {"action", "release"}});
      }
      return LotStatus::kReleased;
    case LotAction::kReject:
      if (from == LotStatus::kRejected) return refuse("it is already rejected");
      return LotStatus::kRejected;
    case LotAction::kBlock:
      if (from == LotStatus::kRejected) return refuse("a rejected lot cannot be blocked");
      if (from == LotStatus::kBlocked) return refuse("it is already blocked");
      return LotStatus::kBlocked;
  }
  return Error::internal("unknown lot action");
}

Result<void> check_usable(const Lot& lot, Timestamp now) {
  const LotStatus s = effective_status(lot, now);
  auto refuse = [&](std::string_view reason, std::string message) {
    return Error::failed_precondition(std::move(message),
                                      {{"reason", std::string(reason)}, {"lot", lot.lot_number}});
  };
  switch (s) {
    case LotStatus::kReleased: break;
    case LotStatus::kExpired:
      return refuse("expired", lot_label(lot) + " expired on " + format_date(*lot.expiry) +
                                   " and must not be used");
    case LotStatus::kQuarantine:
      return refuse("quarantine", lot_label(lot) + " is in quarantine: QC has not released it yet");
    case LotStatus::kRejected:
      return refuse("rejected", lot_label(lot) + " was rejected by QC and must not be used");
    case LotStatus::kBlocked:
      return refuse("blocked", lot_label(lot) + " is blocked by QC and must not be used");
  }
  if (lot.retest && date_of(now) > *lot.retest) {
    return refuse("retest_due", lot_label(lot) + " was due for retest on " +
                                    format_date(*lot.retest) +
                                    "; QC must retest and release it again before use");
  }
  return {};
}

}  // namespace gemba::material
