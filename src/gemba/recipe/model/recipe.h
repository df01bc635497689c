#pragma once
// The master recipe (ISA-88 procedural model; 21 CFR 211.186): identity, version header, formula,
// equipment requirements and procedure (unit procedures → operations → steps). This is exactly
// what the JSON format carries (format.h); a version's number, lifecycle state and approvals are
// kept beside it by the service (lifecycle.h).

#include <cstddef>
#include <string>
#include <vector>

#include "gemba/recipe/model/step.h"

namespace gemba::recipe {

enum class Scaling { kScalable, kFixed };

// Tolerance around a dispensed quantity: `unit` is "%" (relative) or a unit of the line's
// dimension (absolute).
struct Tolerance {
  double minus = 0;
  double plus = 0;
  std::string unit = "%";
  bool operator==(const Tolerance&) const = default;
};

// One line of the bill of materials, per nominal batch.
struct FormulaLine {
  std::string key;  // stable; dispense and charge steps refer to it
  std::string material_code;
  std::string name;
  Quantity quantity;
  Tolerance tolerance;
  Scaling scaling = Scaling::kScalable;
  bool operator==(const FormulaLine&) const = default;
};

struct VersionHeader {
  Quantity batch_size;         // nominal
  Limits batch_size_range;     // sizes the recipe may be scaled to, in batch_size.unit; empty = any
  Quantity theoretical_yield;  // at the nominal batch size
  Limits yield_limits;         // in %
  bool operator==(const VersionHeader&) const = default;
};

struct Operation {
  std::string key;
  std::string name;
  std::vector<Step> steps;
  bool operator==(const Operation&) const = default;
};

struct UnitProcedure {
  std::string key;
  std::string name;
  bool parallel = false;                       // may run alongside the previous unit procedure
  std::vector<std::string> equipment_classes;  // equipment requirements
  std::vector<Operation> operations;
  bool operator==(const UnitProcedure&) const = default;
};

// The content of one version of a recipe.
struct MasterRecipe {
  // Recipe identity (the same in every version).
  std::string product_code;
  std::string product_name;
  std::string site;
  std::string description;
  // Version content.
  VersionHeader header;
  std::vector<FormulaLine> formula;
  std::vector<UnitProcedure> unit_procedures;
  bool operator==(const MasterRecipe&) const = default;
};

// Where a step sits, in procedure order.
struct StepRef {
  const Step* step;
  std::size_t unit_procedure;  // indexes into MasterRecipe::unit_procedures
  std::size_t operation;
  std::size_t index;    // within the operation
  std::size_t ordinal;  // position in the whole procedure
};

// Every step, in procedure order.
std::vector<StepRef> all_steps(const MasterRecipe& r);
std::size_t step_count(const MasterRecipe& r);

// "unit_procedures[1].operations[0].steps[3]" (the path used in located errors).
std::string step_path(std::size_t unit_procedure, std::size_t operation, std::size_t step);

// Variables every expression may use besides earlier step keys: the actual batch size (in the
// header's unit) and the theoretical yield scaled to it.
inline constexpr std::string_view kReservedVariables[] = {"batch_size", "theoretical_yield"};
bool is_reserved_variable(std::string_view name);

}  // namespace gemba::recipe
