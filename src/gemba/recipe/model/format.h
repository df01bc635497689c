#pragma once
// The recipe JSON format (docs/recipe-format.md, docs/recipe.schema.json): strict parsing with
// located errors, and a canonical writer — fixed key order, two-space indentation, one field per
// line, numbers with at most 15 significant digits — so that write(parse(write(r))) ==
// write(r) byte for byte, and a diff of two exports reads like the change.
//
// Parsing checks the shape (types, required and unknown fields, key and code syntax, lengths,
// counts); the rules across fields (units, limits, references, expressions) are validate.h's.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "gemba/core/result.h"
#include "gemba/recipe/model/recipe.h"

namespace gemba::recipe {

// The value of the "format" field this version writes and reads.
inline constexpr std::string_view kRecipeFormat = "gemba.recipe/1";

struct FormatLimits {
  std::size_t max_document_bytes = 32u << 20;  // beyond: payload_too_large
  std::size_t max_depth = 16;                  // JSON nesting (the format needs 8)
  std::size_t max_steps = 20000;               // in the whole recipe
  std::size_t max_unit_procedures = 100;
  std::size_t max_operations = 500;  // per unit procedure
  std::size_t max_formula_lines = 1000;
  std::size_t max_name_chars = 200;    // names, labels, options, units of text
  std::size_t max_text_chars = 10000;  // instructions and descriptions
};

// Parses a recipe document. Errors: payload_too_large (document over max_document_bytes);
// invalid_argument for malformed JSON (details {"offset": N}) and for a document of the wrong
// shape, with the first problem located: message "unit_procedures[1].operations[0].steps[3].
// limits: give low, high or both", details {"field": "unit_procedures[1]…limits"}.
Result<MasterRecipe> parse_recipe(std::string_view json_text, const FormatLimits& limits = {});

// The same, from an already parsed JSON value (e.g. an HTTP request body).
Result<MasterRecipe> recipe_from_json(const boost::json::value& v, const FormatLimits& limits = {});

// The canonical text of a recipe (UTF-8, trailing newline).
std::string write_recipe(const MasterRecipe& r);

// The canonical JSON of a recipe and of its parts, keys in canonical order; fields at their
// default (false, empty, absent) are left out. diff.h compares these.
boost::json::object recipe_to_json(const MasterRecipe& r);
boost::json::object header_to_json(const VersionHeader& h);
boost::json::object formula_line_to_json(const FormulaLine& line);
boost::json::object step_to_json(const Step& step);

// Pretty-prints canonical JSON: two-space indentation, one field or item per line, keys in their
// stored order, numbers as format_number, trailing newline.
std::string write_canonical_json(const boost::json::value& v);

// A number as the format writes it: integers without a fraction ("100"), otherwise the shortest
// of up to 15 significant digits ("0.5", "83.33", "1e-05"); never "-0".
std::string format_number(double v);

}  // namespace gemba::recipe
