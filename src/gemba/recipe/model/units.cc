#include "gemba/recipe/model/units.h"

#include <array>
#include <string>

namespace gemba::recipe {
namespace {

using D = Dimension;

// The first unit of each dimension is its base (scale 1, offset 0).
constexpr std::array kUnits{
    Unit{"kg", "kilogram", D::kMass, 1.0, 0.0},
    Unit{"g", "gram", D::kMass, 1e-3, 0.0},
    Unit{"mg", "milligram", D::kMass, 1e-6, 0.0},
    Unit{"L", "litre", D::kVolume, 1.0, 0.0},
    Unit{"mL", "millilitre", D::kVolume, 1e-3, 0.0},
    Unit{"K", "kelvin", D::kTemperature, 1.0, 0.0},
    Unit{"°C", "degree Celsius", D::kTemperature, 1.0, 273.15},
    Unit{"kPa", "kilopascal", D::kPressure, 1.0, 0.0},
    Unit{"bar", "bar", D::kPressure, 100.0, 0.0},
    Unit{"mbar", "millibar", D::kPressure, 0.1, 0.0},
    Unit{"Pa", "pascal", D::kPressure, 1e-3, 0.0},
    Unit{"rpm", "revolutions per minute", D::kRotationalSpeed, 1.0, 0.0},
    Unit{"%", "percent", D::kRatio, 1.0, 0.0},
    Unit{"s", "second", D::kTime, 1.0, 0.0},
    Unit{"min", "minute", D::kTime, 60.0, 0.0},
    Unit{"h", "hour", D::kTime, 3600.0, 0.0},
    Unit{"mm", "millimetre", D::kLength, 1.0, 0.0},
    Unit{"µm", "micrometre", D::kLength, 1e-3, 0.0},
    Unit{"N", "newton", D::kForce, 1.0, 0.0},
    Unit{"kN", "kilonewton", D::kForce, 1e3, 0.0},
    Unit{"kW", "kilowatt", D::kPower, 1.0, 0.0},
    Unit{"W", "watt", D::kPower, 1e-3, 0.0},
    Unit{"kg/h", "kilogram per hour", D::kMassFlow, 1.0, 0.0},
    Unit{"g/min", "gram per minute", D::kMassFlow, 0.06, 0.0},
    Unit{"L/min", "litre per minute", D::kVolumeFlow, 1.0, 0.0},
    Unit{"m³/h", "cubic metre per hour", D::kVolumeFlow, 1000.0 / 60.0, 0.0},
    Unit{"pcs", "pieces", D::kCount, 1.0, 0.0},
    Unit{"/m³", "per cubic metre", D::kNumberConcentration, 1.0, 0.0},
};

}  // namespace

std::string_view dimension_name(Dimension d) {
  switch (d) {
    case D::kMass: return "mass";
    case D::kVolume: return "volume";
    case D::kTemperature: return "temperature";
    case D::kPressure: return "pressure";
    case D::kRotationalSpeed: return "rotational speed";
    case D::kRatio: return "ratio";
    case D::kTime: return "time";
    case D::kLength: return "length";
    case D::kForce: return "force";
    case D::kPower: return "power";
    case D::kMassFlow: return "mass flow";
    case D::kVolumeFlow: return "volume flow";
    case D::kCount: return "count";
    case D::kNumberConcentration: return "number concentration";
  }
  return "unknown";
}

std::span<const Unit> all_units() { return kUnits; }

const Unit* find_unit(std::string_view symbol) {
  for (const auto& u : kUnits) {
    if (u.symbol == symbol) return &u;
  }
  return nullptr;
}

bool same_dimension(std::string_view a, std::string_view b) {
  const Unit* ua = find_unit(a);
  const Unit* ub = find_unit(b);
  return ua && ub && ua->dimension == ub->dimension;
}

Result<double> convert(double value, std::string_view from, std::string_view to) {
  const Unit* f = find_unit(from);
  const Unit* t = find_unit(to);
  if (!f || !t) {
    return Error::invalid_argument("unknown unit \"" + std::string(f ? to : from) + "\"",
                                   {{"unit", f ? to : from}});
  }
  if (f->dimension != t->dimension) {
    return Error::invalid_argument(
        "cannot convert " + std::string(from) + " (" + std::string(dimension_name(f->dimension)) +
        ") to " + std::string(to) + " (" + std::string(dimension_name(t->dimension)) + ")");
  }
  if (f == t) return value;
  const double base = value * f->scale + f->offset;
  return (base - t->offset) / t->scale;
}

}  // namespace gemba::recipe
