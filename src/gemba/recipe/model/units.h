#pragma once
// The unit table: the units a recipe may use, their dimensions and exact linear (or affine, for
// temperatures) conversions. Pure and immutable; safe for concurrent use. Batch execution converts
// entered values with `convert` ("entered 600 g against a line in kg").
//
// Symbols are case-sensitive and unique ("mL", not "ml"); there are no aliases, so a recipe's JSON
// has one spelling per unit.

#include <span>
#include <string_view>

#include "gemba/core/result.h"

namespace gemba::recipe {

enum class Dimension {
  kMass,
  kVolume,
  kTemperature,
  kPressure,
  kRotationalSpeed,
  kRatio,  // %, dimensionless fractions
  kTime,
  kLength,
  kForce,
  kPower,
  kMassFlow,
  kVolumeFlow,
  kCount,
  kNumberConcentration,  // particles per volume of air (cleanroom classification)
};

// "mass", "volume", ... (as shown in messages and the docs).
std::string_view dimension_name(Dimension d);

struct Unit {
  std::string_view symbol;  // "kg"
  std::string_view name;    // "kilogram"
  Dimension dimension;
  // value_in_base = value * scale + offset, where the base unit of the dimension is the first
  // listed in the table (kg, L, K, kPa, rpm, %, s, mm, N, kW, kg/h, L/min, pcs, /m³).
  double scale;
  double offset;
};

// Every known unit, in table order (grouped by dimension).
std::span<const Unit> all_units();

// The unit with exactly this symbol, or nullptr.
const Unit* find_unit(std::string_view symbol);

// True when both symbols are known units of the same dimension.
bool same_dimension(std::string_view a, std::string_view b);

// Converts `value` from one unit to another of the same dimension. Errors (invalid_argument):
// an unknown symbol, or units of different dimensions ("cannot convert kg (mass) to L (volume)").
Result<double> convert(double value, std::string_view from, std::string_view to);

}  // namespace gemba::recipe
