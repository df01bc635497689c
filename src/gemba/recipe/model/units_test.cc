#include "gemba/recipe/model/units.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace gemba::recipe {
namespace {

struct Conversion {
  double value;
  const char* from;
  const char* to;
  double expected;
};

TEST(UnitsTest, Conversions) {
  const Conversion table[] = {
      {1, "kg", "g", 1000},           {600, "mg", "g", 0.6},    {83.33, "kg", "mg", 83330000},
      {2.5, "L", "mL", 2500},         {25, "°C", "K", 298.15},  {0, "K", "°C", -273.15},
      {1, "bar", "kPa", 100},         {50, "kPa", "bar", 0.5},  {1013.25, "mbar", "kPa", 101.325},
      {90, "min", "h", 1.5},          {1, "h", "s", 3600},      {30, "s", "min", 0.5},
      {15, "kN", "N", 15000},         {1500, "W", "kW", 1.5},   {250, "g/min", "kg/h", 15},
      {1500, "m³/h", "L/min", 25000}, {100, "rpm", "rpm", 100}, {45, "%", "%", 45},
      {1, "mm", "µm", 1000},
  };
  for (const auto& c : table) {
    auto r = convert(c.value, c.from, c.to);
    ASSERT_TRUE(r.ok()) << c.from << "→" << c.to << ": " << r.error().to_string();
    EXPECT_NEAR(*r, c.expected, 1e-9 * std::max(1.0, std::abs(c.expected)))
        << c.value << " " << c.from << " → " << c.to;
  }
}

TEST(UnitsTest, EveryUnitRoundTripsThroughItsBase) {
  std::set<std::string_view> symbols;
  for (const Unit& u : all_units()) {
    EXPECT_TRUE(symbols.insert(u.symbol).second) << "duplicate symbol " << u.symbol;
    EXPECT_EQ(find_unit(u.symbol), &u);
    const Unit* base = nullptr;
    for (const Unit& b : all_units()) {
      if (b.dimension == u.dimension) {
        base = &b;
        break;
      }
    }
    ASSERT_NE(base, nullptr);
    EXPECT_EQ(base->scale, 1.0) << "the first unit of " << dimension_name(u.dimension);
    auto there = convert(12.345, u.symbol, base->symbol);
    ASSERT_TRUE(there.ok());
    auto back = convert(*there, base->symbol, u.symbol);
    ASSERT_TRUE(back.ok());
    EXPECT_NEAR(*back, 12.345, 1e-9) << u.symbol;
  }
}

TEST(UnitsTest, TheIssueListIsCovered) {
  for (const char* s :
       {"kg", "g", "mg", "L", "mL", "°C", "K", "bar", "kPa", "rpm", "%", "min", "s", "h"}) {
    EXPECT_NE(find_unit(s), nullptr) << s;
  }
}

TEST(UnitsTest, RefusesUnknownAndIncompatibleUnits) {
  auto unknown = convert(1, "kg", "stone");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "unknown unit \"stone\"");
  EXPECT_EQ(unknown.error().details.at("unit").as_string(), "stone");

  auto mixed = convert(1, "kg", "L");
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().message, "cannot convert kg (mass) to L (volume)");
  auto particles = convert(352000, "/m³", "pcs");  // a concentration is not a count
  ASSERT_FALSE(particles.ok());
  EXPECT_EQ(particles.error().message, "cannot convert /m³ (number concentration) to pcs (count)");

  EXPECT_EQ(find_unit("KG"), nullptr);  // case-sensitive, no aliases
  EXPECT_EQ(find_unit("ml"), nullptr);
  EXPECT_TRUE(same_dimension("mg", "kg"));
  EXPECT_FALSE(same_dimension("mg", "mL"));
  EXPECT_FALSE(same_dimension("mg", "nope"));
}

}  // namespace
}  // namespace gemba::recipe
