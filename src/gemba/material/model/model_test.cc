// The materials rules, one table per rule: item validation, the lot status machine, usability,
// movements and the dispensing interlock.
#include <gtest/gtest.h>

#include "gemba/material/model/dispensing.h"
#include "gemba/material/model/item.h"
#include "gemba/material/model/lot.h"
#include "gemba/material/model/movement.h"

namespace gemba::material {
namespace {

using std::chrono::days;
using namespace std::chrono_literals;

Date ymd(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}
Timestamp at(int y, unsigned m, unsigned d, int hour = 12) {
  return Timestamp{ymd(y, m, d)} + std::chrono::hours(hour);
}

Item valid_item() {
  Item i;
  i.id = "item-1";
  i.code = "RM-0101";
  i.name = "Paracetamol";
  i.base_unit = "kg";
  i.gtins = {"09506000134352"};
  return i;
}

TEST(ItemRules, Validation) {
  struct Case {
    const char* name;
    std::function<void(Item&)> change;
    const char* field;  // nullptr: valid
  };
  const Case cases[] = {
      {"valid", [](Item&) {}, nullptr},
      {"no GTIN", [](Item& i) { i.gtins.clear(); }, nullptr},
      {"empty code", [](Item& i) { i.code = ""; }, "code"},
      {"code with space", [](Item& i) { i.code = "RM 0101"; }, "code"},
      {"code too long", [](Item& i) { i.code = std::string(33, 'A'); }, "code"},
      {"empty name", [](Item& i) { i.name = ""; }, "name"},
      {"unknown unit", [](Item& i) { i.base_unit = "kilo"; }, "base_unit"},
      {"unit not a quantity of material", [](Item& i) { i.base_unit = "°C"; }, "base_unit"},
      {"volume unit", [](Item& i) { i.base_unit = "L"; }, nullptr},
      {"GTIN bad check digit", [](Item& i) { i.gtins = {"09506000134353"}; }, "gtins"},
      {"GTIN 13 digits", [](Item& i) { i.gtins = {"9506000134352"}; }, "gtins"},
      {"GTIN letters", [](Item& i) { i.gtins = {"0950600013435X"}; }, "gtins"},
      {"GTIN twice",
       [](Item& i) {
         i.gtins = {"09506000134352", "09506000134352"};
       },
       "gtins"},
      {"shelf life 0", [](Item& i) { i.shelf_life_days = 0; }, "shelf_life_days"},
      {"retest negative", [](Item& i) { i.retest_interval_days = -1; }, "retest_interval_days"},
  };
  for (const Case& c : cases) {
    Item i = valid_item();
    c.change(i);
    auto r = validate_item(i);
    if (c.field == nullptr) {
      EXPECT_TRUE(r.ok()) << c.name << ": " << r.error().to_string();
    } else {
      ASSERT_FALSE(r.ok()) << c.name;
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << c.name;
      EXPECT_EQ(r.error().details.at("field").as_string(), c.field) << c.name;
    }
  }
}

Lot lot_in(LotStatus s) {
  Lot l;
  l.id = "lot-1";
  l.lot_number = "L-2026-00001";
  l.status = s;
  l.unit = "kg";
  l.expiry = ymd(2027, 6, 30);
  l.retest = ymd(2027, 1, 31);
  return l;
}

TEST(LotRules, StatusMachine) {
  using S = LotStatus;
  using A = LotAction;
  struct Case {
    S from;
    A action;
    std::optional<S> to;  // nullopt: refused
  };
  const Case cases[] = {
      {S::kQuarantine, A::kRelease, S::kReleased}, {S::kQuarantine, A::kReject, S::kRejected},
      {S::kQuarantine, A::kBlock, S::kBlocked},    {S::kReleased, A::kRelease, std::nullopt},
      {S::kReleased, A::kReject, S::kRejected},    {S::kReleased, A::kBlock, S::kBlocked},
      {S::kBlocked, A::kRelease, S::kReleased},    {S::kBlocked, A::kReject, S::kRejected},
      {S::kBlocked, A::kBlock, std::nullopt},      {S::kRejected, A::kRelease, std::nullopt},
      {S::kRejected, A::kReject, std::nullopt},    {S::kRejected, A::kBlock, std::nullopt},
  };
  for (const Case& c : cases) {
    auto r = next_status(lot_in(c.from), c.action, at(2026, 11, 25));
    const std::string name =
        std::string(lot_status_name(c.from)) + " + " + std::string(lot_action_name(c.action));
    if (c.to) {
      ASSERT_TRUE(r.ok()) << name << ": " << r.error().to_string();
      EXPECT_EQ(*r, *c.to) << name;
    } else {
      ASSERT_FALSE(r.ok()) << name;
      EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition) << name;
      EXPECT_NE(r.error().message.find("L-2026-00001"), std::string::npos) << r.error().message;
    }
  }
}

TEST(LotRules, ExpiryIsEvaluatedAgainstTheServerDate) {
  struct Case {
    LotStatus stored;
    Timestamp now;
    LotStatus effective;
  };
  const Case cases[] = {
      {LotStatus::kReleased, at(2027, 6, 30, 23), LotStatus::kReleased},  // the last day is usable
      {LotStatus::kReleased, at(2027, 7, 1, 0), LotStatus::kExpired},
      {LotStatus::kQuarantine, at(2027, 7, 1), LotStatus::kExpired},
      {LotStatus::kBlocked, at(2027, 7, 1), LotStatus::kExpired},
      {LotStatus::kRejected, at(2027, 7, 1), LotStatus::kRejected},  // stays rejected
  };
  for (const Case& c : cases) {
    EXPECT_EQ(effective_status(lot_in(c.stored), c.now), c.effective) << lot_status_name(c.stored);
  }
  auto r = next_status(lot_in(LotStatus::kQuarantine), LotAction::kRelease, at(2027, 7, 1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "lot L-2026-00001 expired on 2027-06-30; an expired lot cannot be released");
}

TEST(LotRules, Usability) {
  struct Case {
    LotStatus stored;
    Timestamp now;
    const char* reason;  // nullptr: usable
  };
  const Case cases[] = {
      {LotStatus::kReleased, at(2026, 11, 25), nullptr},
      {LotStatus::kReleased, at(2027, 1, 31), nullptr},
      {LotStatus::kReleased, at(2027, 2, 1), "retest_due"},
      {LotStatus::kReleased, at(2027, 7, 1), "expired"},
      {LotStatus::kQuarantine, at(2026, 11, 25), "quarantine"},
      {LotStatus::kRejected, at(2026, 11, 25), "rejected"},
      {LotStatus::kBlocked, at(2026, 11, 25), "blocked"},
  };
  for (const Case& c : cases) {
    auto r = check_usable(lot_in(c.stored), c.now);
    if (c.reason == nullptr) {
      EXPECT_TRUE(r.ok()) << r.error().to_string();
    } else {
      ASSERT_FALSE(r.ok()) << c.reason;
      EXPECT_EQ(r.error().details.at("reason").as_string(), c.reason);
      EXPECT_NE(r.error().message.find("L-2026-00001"), std::string::npos);
    }
  }
}

struct Stock {
  Lot lot = lot_in(LotStatus::kReleased);
  std::vector<Container> containers;
  Stock() {
    containers.push_back({.id = "C-1", .lot_id = "lot-1", .quantity = 25});
    containers.push_back({.id = "C-2", .lot_id = "lot-1", .quantity = 10});
    containers.push_back(
        {.id = "C-D", .lot_id = "lot-1", .quantity = 0, .batch_id = "b", .dispensed = true});
    containers.push_back({.id = "C-X", .lot_id = "lot-2", .quantity = 5});
    lot.quantity = 35;
  }
};

TEST(MovementRules, Table) {
  struct Case {
    const char* name;
    Movement m;
    LotStatus status;
    std::optional<ErrorCode> error;
    double lot_after;
  };
  auto mv = [](MovementKind k, std::string from, std::string to, double q) {
    Movement m;
    m.kind = k;
    m.lot_id = "lot-1";
    m.from_container = std::move(from);
    m.to_container = std::move(to);
    m.quantity = q;
    m.batch_id = "b";
    return m;
  };
  Movement adjust = mv(MovementKind::kAdjust, "C-1", "", -2.5);
  adjust.reason = "spillage";
  Movement adjust_no_reason = mv(MovementKind::kAdjust, "C-1", "", -2.5);
  Movement adjust_too_much = adjust;
  adjust_too_much.quantity = -30;
  Movement dispense_no_batch = mv(MovementKind::kDispense, "C-1", "C-D", 5);
  dispense_no_batch.batch_id.clear();
  const auto kInvalid = ErrorCode::kInvalidArgument;
  const auto kPrecondition = ErrorCode::kFailedPrecondition;
  const Case cases[] = {
      {"dispense", mv(MovementKind::kDispense, "C-1", "C-D", 5), LotStatus::kReleased, {}, 35},
      {"dispense all", mv(MovementKind::kDispense, "C-2", "C-D", 10), LotStatus::kReleased, {}, 35},
      {"dispense more than held", mv(MovementKind::kDispense, "C-2", "C-D", 10.5),
       LotStatus::kReleased, kPrecondition, 35},
      {"dispense from quarantine", mv(MovementKind::kDispense, "C-1", "C-D", 5),
       LotStatus::kQuarantine, kPrecondition, 35},
      {"dispense without batch", dispense_no_batch, LotStatus::kReleased, kInvalid, 35},
      {"consume", mv(MovementKind::kConsume, "C-1", "", 5), LotStatus::kReleased, {}, 30},
      {"consume from blocked (it was charged already)",
       mv(MovementKind::kConsume, "C-1", "", 5),
       LotStatus::kBlocked,
       {},
       30},
      {"zero quantity", mv(MovementKind::kConsume, "C-1", "", 0), LotStatus::kReleased, kInvalid,
       35},
      {"negative quantity", mv(MovementKind::kConsume, "C-1", "", -1), LotStatus::kReleased,
       kInvalid, 35},
      {"NaN", mv(MovementKind::kConsume, "C-1", "", std::nan("")), LotStatus::kReleased, kInvalid,
       35},
      {"adjust down", adjust, LotStatus::kQuarantine, {}, 32.5},
      {"adjust without reason", adjust_no_reason, LotStatus::kReleased, kInvalid, 35},
      {"adjust below zero", adjust_too_much, LotStatus::kReleased, kPrecondition, 35},
      {"transfer", mv(MovementKind::kTransfer, "C-1", "C-2", 5), LotStatus::kQuarantine, {}, 35},
      {"transfer to itself", mv(MovementKind::kTransfer, "C-1", "C-1", 5), LotStatus::kReleased,
       kInvalid, 35},
      {"transfer to another lot", mv(MovementKind::kTransfer, "C-1", "C-X", 5),
       LotStatus::kReleased, ErrorCode::kNotFound, 35},
      {"unknown container", mv(MovementKind::kConsume, "C-9", "", 1), LotStatus::kReleased,
       ErrorCode::kNotFound, 35},
      {"return from stock", mv(MovementKind::kReturn, "C-1", "C-2", 1), LotStatus::kReleased,
       kPrecondition, 35},
      {"receipt", mv(MovementKind::kReceipt, "", "C-D", 3), LotStatus::kQuarantine, {}, 38},
      {"produce without batch",
       [&] {
         Movement m = mv(MovementKind::kProduce, "", "C-D", 3);
         m.batch_id.clear();
         return m;
       }(),
       LotStatus::kQuarantine, kInvalid, 35},
  };
  for (const Case& c : cases) {
    Stock s;
    s.lot.status = c.status;
    auto r = apply_movement(s.lot, s.containers, c.m, at(2026, 11, 25));
    if (c.error) {
      ASSERT_FALSE(r.ok()) << c.name;
      EXPECT_EQ(r.error().code, *c.error) << c.name << ": " << r.error().to_string();
      EXPECT_EQ(s.containers[0].quantity, 25) << c.name << ": nothing changed on error";
      EXPECT_EQ(s.containers[1].quantity, 10) << c.name;
    } else {
      ASSERT_TRUE(r.ok()) << c.name << ": " << r.error().to_string();
      for (const Container& k : s.containers) EXPECT_GE(k.quantity, 0) << c.name;
    }
    EXPECT_DOUBLE_EQ(s.lot.quantity, c.lot_after) << c.name;
  }
}

TEST(MovementRules, ReturnGoesBackToStock) {
  Stock s;
  Movement d{.kind = MovementKind::kDispense,
             .lot_id = "lot-1",
             .from_container = "C-1",
             .to_container = "C-D",
             .quantity = 5,
             .batch_id = "b"};
  ASSERT_TRUE(apply_movement(s.lot, s.containers, d, at(2026, 11, 25)).ok());
  Movement back{.kind = MovementKind::kReturn,
                .lot_id = "lot-1",
                .from_container = "C-D",
                .to_container = "C-1",
                .quantity = 1.25,
                .batch_id = "b"};
  auto r = apply_movement(s.lot, s.containers, back, at(2026, 11, 25));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_DOUBLE_EQ(s.containers[0].quantity, 21.25);
  EXPECT_DOUBLE_EQ(s.containers[2].quantity, 3.75);
  EXPECT_DOUBLE_EQ(s.lot.quantity, 35);
}

recipe::ScaledLine paracetamol_line() {
  recipe::ScaledLine l;
  l.key = "paracetamol";
  l.material_code = "RM-0101";
  l.name = "Paracetamol";
  l.unit = "kg";
  l.target = 50;
  l.low = 49.75;
  l.high = 50.25;
  return l;
}

TEST(DispensingInterlock, EachRefusalNamesItsReason) {
  struct Case {
    const char* name;
    std::function<void(Item&, Lot&, Container&)> change;
    Timestamp now;
    const char* reason;  // nullptr: accepted
  };
  const Case cases[] = {
      {"released lot, stock container", [](Item&, Lot&, Container&) {}, at(2026, 11, 25), nullptr},
      {"wrong material", [](Item& i, Lot&, Container&) { i.code = "RM-0215"; }, at(2026, 11, 25),
       "wrong_material"},
      {"quarantined lot", [](Item&, Lot& l, Container&) { l.status = LotStatus::kQuarantine; },
       at(2026, 11, 25), "quarantine"},
      {"rejected lot", [](Item&, Lot& l, Container&) { l.status = LotStatus::kRejected; },
       at(2026, 11, 25), "rejected"},
      {"blocked lot", [](Item&, Lot& l, Container&) { l.status = LotStatus::kBlocked; },
       at(2026, 11, 25), "blocked"},
      {"expired lot", [](Item&, Lot&, Container&) {}, at(2027, 7, 1), "expired"},
      {"retest passed", [](Item&, Lot&, Container&) {}, at(2027, 2, 1), "retest_due"},
      {"dispensed container", [](Item&, Lot&, Container& c) { c.dispensed = true; },
       at(2026, 11, 25), "dispensed"},
      {"empty container", [](Item&, Lot&, Container& c) { c.quantity = 0; }, at(2026, 11, 25),
       "empty"},
      {"unit of another dimension", [](Item& i, Lot&, Container&) { i.base_unit = "L"; },
       at(2026, 11, 25), "unit"},
  };
  for (const Case& c : cases) {
    Item item = valid_item();
    Lot lot = lot_in(LotStatus::kReleased);
    Container box{.id = "C-1", .lot_id = "lot-1", .quantity = 25};
    c.change(item, lot, box);
    auto r = check_container_for_line(paracetamol_line(), item, lot, box, c.now);
    if (c.reason == nullptr) {
      EXPECT_TRUE(r.ok()) << c.name << ": " << r.error().to_string();
    } else {
      ASSERT_FALSE(r.ok()) << c.name;
      EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition) << c.name;
      EXPECT_EQ(r.error().details.at("reason").as_string(), c.reason) << c.name;
    }
  }
}

TEST(DispensingWeighing, Table) {
  struct Case {
    const char* name;
    Weighing w;
    double earlier_counted;
    bool potency;
    std::optional<double> assay;
    const char* error;  // reason or field; nullptr: accepted
    double net;
    double counted;
  };
  const Case cases[] = {
      {"one portion", {1.2, 26.2, "kg"}, 0, false, {}, nullptr, 25, 25},
      {"grams converted", {1200, 21200, "g"}, 0, false, {}, nullptr, 20, 20},
      {"second portion lands in window", {0.5, 25.5, ""}, 25, false, {}, nullptr, 25, 25},
      {"over the upper limit", {0.5, 25.8, ""}, 25, false, {}, "over_limit", 0, 0},
      {"more than the container holds", {0, 30.5, ""}, 0, false, {}, "insufficient", 0, 0},
      {"gross not above tare", {2, 2, ""}, 0, false, {}, "gross", 0, 0},
      {"negative tare", {-1, 2, ""}, 0, false, {}, "tare", 0, 0},
      {"infinite gross", {0, HUGE_VAL, ""}, 0, false, {}, "gross", 0, 0},
      {"unit of another dimension", {0, 2, "L"}, 0, false, {}, "unit", 0, 0},
      {"potency adjusted", {0, 20, ""}, 0, true, 98.0, nullptr, 20, 19.6},
      {"potency without assay", {0, 20, ""}, 0, true, {}, "no_assay", 0, 0},
  };
  for (const Case& c : cases) {
    Item item = valid_item();
    item.potency_adjusted = c.potency;
    Lot lot = lot_in(LotStatus::kReleased);
    lot.assay_percent = c.assay;
    Container box{.id = "C-1", .lot_id = "lot-1", .quantity = 30};
    std::vector<Portion> earlier;
    if (c.earlier_counted > 0) {
      earlier.push_back(Portion{.net = c.earlier_counted, .counted = c.earlier_counted});
    }
    auto r = weigh_portion(paracetamol_line(), item, lot, box, c.w, earlier);
    if (c.error == nullptr) {
      ASSERT_TRUE(r.ok()) << c.name << ": " << r.error().to_string();
      EXPECT_DOUBLE_EQ(r->net, c.net) << c.name;
      EXPECT_DOUBLE_EQ(r->counted, c.counted) << c.name;
      EXPECT_EQ(r->unit, "kg");
    } else {
      ASSERT_FALSE(r.ok()) << c.name;
      const auto& d = r.error().details;
      const std::string got = d.contains("reason")  ? std::string(d.at("reason").as_string())
                              : d.contains("field") ? std::string(d.at("field").as_string())
                                                    : r.error().message;
      EXPECT_EQ(got, c.error) << c.name << ": " << r.error().message;
    }
  }
}

TEST(DispensingWeighing, OverLimitSaysHowMuchMayStillBeAdded) {
  Item item = valid_item();
  Lot lot = lot_in(LotStatus::kReleased);
  Container box{.id = "C-1", .lot_id = "lot-1", .quantity = 30};
  std::vector<Portion> earlier{Portion{.net = 25, .counted = 25}};
  auto r = weigh_portion(paracetamol_line(), item, lot, box, {0, 25.5, "kg"}, earlier);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "this portion would bring the line to 50.5 kg, above its upper limit of 50.25 kg; at "
            "most 25.25 kg more may be added");
}

}  // namespace
}  // namespace gemba::material
