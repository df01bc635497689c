#include "gemba/batch/pdf/test_records.h"

#include <chrono>
#include <cstdio>

#include "gemba/core/time.h"

namespace gemba::batch::pdf {
namespace {

namespace json = boost::json;

std::string at_minute(long minute) {
  const Timestamp base =
      std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} + std::chrono::hours{8};
  return format_rfc3339(base + std::chrono::minutes{minute} + std::chrono::microseconds{123456});
}

json::object person(const char* id, const char* name) {
  return {{"user_id", id}, {"printed_name", name}};
}

json::object manifestation(const char* id, const char* name, const char* meaning, long minute) {
  return {{"signature_id", std::string("sig-") + meaning + "-" + std::to_string(minute)},
          {"printed_name", name},
          {"user_id", id},
          {"meaning", meaning},
          {"signed_at", at_minute(minute)}};
}

std::string step_key(std::size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "S%04zu", i);
  return buf;
}

std::string long_instruction(std::size_t chars) {
  static const char* kWords[] = {
      "Check",  "the",       "granulator", "bowl", "is",    "clean",  "and",         "dry",
      "before", "charging",  "record",     "the",  "inlet", "air",    "temperature", "verify",
      "sieve",  "integrity", "according",  "to",   "SOP",   "QA-017", "and",         "sign"};
  const std::string end = " END-OF-INSTRUCTION";
  std::string s;
  for (std::size_t w = 0; s.size() + end.size() < chars; ++w) {
    if (!s.empty()) s += ' ';
    s += kWords[w % (sizeof kWords / sizeof kWords[0])];
  }
  s += end;
  return s;
}

enum class Kind { kNumeric, kText, kBoolean, kChoice, kDispense, kParameter };

Kind kind_of(std::size_t i) {
  switch (i % 8) {
    case 0:
    case 3:
    case 6: return Kind::kNumeric;
    case 1: return Kind::kText;
    case 2: return Kind::kBoolean;
    case 4: return Kind::kChoice;
    case 5: return Kind::kDispense;
    default: return Kind::kParameter;
  }
}

json::object spec_of(std::size_t i) {
  const double target = (1000.0 + static_cast<double>(i)) / 100.0;
  switch (kind_of(i)) {
    case Kind::kNumeric:
    case Kind::kDispense:
    case Kind::kParameter: {
      json::object spec{{"unit", test_step_unit(i)},
                        {"decimals", 2},
                        {"target", target},
                        {"limits", {{"low", target - 1}, {"high", target + 1}}},
                        {"alarm", {{"low", target - 0.5}, {"high", target + 0.5}}}};
      if (kind_of(i) == Kind::kDispense) spec["formula_line"] = "F-001";
      if (kind_of(i) == Kind::kParameter) spec["tag"] = "TIC-101.PV";
      return spec;
    }
    case Kind::kText: return {{"max_length", 200}};
    case Kind::kBoolean: return {{"expected", true}};
    case Kind::kChoice: return {{"options", json::array{"pass", "fail"}}, {"expected", "pass"}};
  }
  return {};
}

const char* type_of(std::size_t i) {
  switch (kind_of(i)) {
    case Kind::kNumeric: return "numeric_entry";
    case Kind::kText: return "text_entry";
    case Kind::kBoolean: return "boolean_entry";
    case Kind::kChoice: return "choice_entry";
    case Kind::kDispense: return "dispense";
    case Kind::kParameter: return "process_parameter";
  }
  return "instruction";
}

json::object value_of(std::size_t i, std::size_t occurrence) {
  const double number = (1000.0 + static_cast<double>(i)) / 100.0;
  switch (kind_of(i)) {
    case Kind::kNumeric: return {{"number", number}, {"unit", test_step_unit(i)}};
    case Kind::kText:
      return {{"text", "Lot label read as LBL-" + std::to_string(i) + "/" +
                           std::to_string(occurrence) + ", Größe OK"}};
    case Kind::kBoolean: return {{"boolean", true}};
    case Kind::kChoice: return {{"text", "pass"}};
    case Kind::kDispense:
      return {{"number", number},
              {"unit", test_step_unit(i)},
              {"lot", "LOT-" + std::to_string(7000 + i)},
              {"entered_number", number * 1000},
              {"entered_unit", "g"}};
    case Kind::kParameter:
      return {{"number", number},
              {"unit", test_step_unit(i)},
              {"tag", "TIC-101.PV"},
              {"tag_time", at_minute(static_cast<long>(i))},
              {"tag_quality", "good"}};
  }
  return {};
}

json::object entry_of(std::size_t i, std::size_t occurrence, json::object value, long minute) {
  const bool mueller = i % 2 == 1;
  const char* id = mueller ? "u-mueller" : "u-anna";
  const char* name = mueller ? "Jürgen Müller" : "Anna Operator";
  const char* source = kind_of(i) == Kind::kParameter  ? "equipment"
                       : kind_of(i) == Kind::kDispense ? "scanned"
                                                       : "manual";
  json::object e{{"value", std::move(value)},
                 {"source", source},
                 {"performer", person(id, name)},
                 {"recorded_at", at_minute(minute)},
                 {"signature", manifestation(id, name, "performed", minute)}};
  if (occurrence == 2) e["comment"] = "second reading after re-calibration";
  return e;
}

json::object run_of(std::size_t i, std::size_t occurrence) {
  const long minute = static_cast<long>(i * 3 + occurrence);
  json::object run{{"occurrence", occurrence},
                   {"state", test_step_not_applicable(i) ? "not_applicable" : "done"},
                   {"ready_at", at_minute(minute - 1)},
                   {"done_at", at_minute(minute)}};
  if (test_step_not_applicable(i)) {
    run["not_applicable_reason"] =
        "Condition false: no rework of batch needed (" + step_key(i) + ")";
    run["decided_by"] = json::object{{"moisture_pct", 1.8}};
    return run;
  }
  if (occurrence == 2) run["due_at"] = at_minute(minute - 2);
  json::object value = value_of(i, occurrence);
  if (i % 5 == 0) {
    // The entry was corrected: the original value differs by 0.5 (numbers) or reads "TYPO".
    json::object original = value;
    if (original.contains("number")) {
      original["number"] = original["number"].as_double() + 0.5;
    } else {
      original = {{"text", "TYPO-" + step_key(i)}};
    }
    json::array corrections;
    corrections.push_back(json::object{
        {"previous", entry_of(i, occurrence, std::move(original), minute)},
        {"reason", "Transcription error: wrong digit keyed"},
        {"corrected_by", person("u-sv", "Sam Supervisor")},
        {"corrected_at", at_minute(minute + 1)},
        {"signature", manifestation("u-sv", "Sam Supervisor", "performed", minute + 1)}});
    run["corrections"] = std::move(corrections);
  }
  run["entry"] = entry_of(i, occurrence, std::move(value), minute);
  if (i % 3 == 0) {
    run["witness"] = manifestation("u-wanda", "Wanda Witness", "verified", minute);
  }
  if (i % 7 == 0) {
    run["comments"] = json::array{json::object{{"id", "c-" + std::to_string(i)},
                                               {"text", "Granulate looked slightly damp at 21 °C"},
                                               {"author", person("u-anna", "Anna Operator")},
                                               {"at", at_minute(minute)},
                                               {"flagged", i % 14 == 0}}};
  }
  return run;
}

}  // namespace

std::string test_step_unit(std::size_t i) {
  switch (kind_of(i)) {
    case Kind::kNumeric: {
      static const char* kUnits[] = {"kg", "°C", "µm"};
      return kUnits[(i / 8 + i % 8 / 3) % 3];
    }
    case Kind::kDispense: return "kg";
    case Kind::kParameter: return "°C";
    default: return "";
  }
}

bool test_step_is_numeric(std::size_t i) {
  const Kind k = kind_of(i);
  return k == Kind::kNumeric || k == Kind::kDispense || k == Kind::kParameter;
}

bool test_step_not_applicable(std::size_t i) { return i % 11 == 10; }

json::object make_test_record(const TestRecordOptions& options) {
  json::object batch{{"id", "b-0042"},
                     {"number", "PCM-2026-0042"},
                     {"state", "closed"},
                     {"version", 17},
                     {"product_code", "PCM-500"},
                     {"product_name", "Paracetamol 500 mg tablets"},
                     {"site", "Köln"},
                     {"recipe_id", "r-pcm-500"},
                     {"recipe_version", 3},
                     {"recipe_content_sha256", std::string(64, 'a')},
                     {"batch_size", {{"value", 120}, {"unit", "kg"}}},
                     {"planned_start", at_minute(-60)},
                     {"created_at", at_minute(-120)},
                     {"created_by", person("u-planner", "Paula Planner")},
                     {"started_at", at_minute(0)},
                     {"completed_at", at_minute(100000)},
                     {"review_started_at", at_minute(100010)},
                     {"closed_at", at_minute(100100)},
                     {"yield_percent", 98.7}};
  json::array formula;
  for (std::size_t f = 0; f < options.formula_lines; ++f) {
    char key[32];
    std::snprintf(key, sizeof key, "F-%03zu", f + 1);
    formula.push_back(
        json::object{{"key", key},
                     {"material_code", "RM-" + std::to_string(1000 + f)},
                     {"name", f == 0 ? "Paracetamol Ph. Eur." : "Excipient " + std::to_string(f)},
                     {"unit", "kg"},
                     {"target", 10.0 + static_cast<double>(f)},
                     {"low", 9.9 + static_cast<double>(f)},
                     {"high", 10.1 + static_cast<double>(f)},
                     {"scaling", f % 4 == 3 ? "fixed" : "scalable"}});
  }
  json::array procedures;
  const std::size_t per_op = options.steps_per_operation == 0 ? 1 : options.steps_per_operation;
  const std::size_t per_up =
      per_op *
      (options.operations_per_unit_procedure == 0 ? 1 : options.operations_per_unit_procedure);
  for (std::size_t i = 0; i < options.steps; ++i) {
    if (i % per_up == 0) {
      const std::size_t u = i / per_up;
      procedures.push_back(json::object{{"key", "UP" + std::to_string(u + 1)},
                                        {"name", u % 2 == 0 ? "Granulation" : "Compression"},
                                        {"operations", json::array{}}});
    }
    auto& ops = procedures.back().as_object()["operations"].as_array();
    if (i % per_op == 0) {
      ops.push_back(json::object{{"key", "OP" + std::to_string(i / per_op + 1)},
                                 {"name", "Operation " + std::to_string(i / per_op + 1)},
                                 {"steps", json::array{}}});
    }
    json::array runs;
    runs.push_back(run_of(i, 1));
    if (i % 4 == 3) runs.push_back(run_of(i, 2));
    json::object step{{"key", step_key(i)},
                      {"name", "Step " + std::to_string(i) + " of the process"},
                      {"type", type_of(i)},
                      {"text", i == 0 && options.long_instruction_chars > 0
                                   ? long_instruction(options.long_instruction_chars)
                                   : "Record the reading shown on the display."},
                      {"spec", spec_of(i)},
                      {"runs", std::move(runs)}};
    ops.back().as_object()["steps"].as_array().push_back(std::move(step));
  }
  json::array exceptions{
      json::object{
          {"id", "EX-1"},
          {"kind", "out_of_limits"},
          {"severity", "major"},
          {"step_key", step_key(0)},
          {"occurrence", 1},
          {"message", "Value 10.50 kg outside limits 9.00 – 11.00 kg? No: alarm limit crossed"},
          {"values", {{"value", 10.5}, {"alarm_high", 10.5}}},
          {"raised_by", person("", "")},
          {"raised_at", at_minute(2)},
          {"disposition",
           {{"outcome", "accepted"},
            {"comment", "Within validated range; no impact on quality"},
            {"deviation_ref", "DEV-2026-117"},
            {"by", person("u-qa", "Quinn Assurance")},
            {"at", at_minute(3000)},
            {"signature", manifestation("u-qa", "Quinn Assurance", "reviewed", 3000)}}}},
      json::object{{"id", "EX-2"},
                   {"kind", "hold_time_exceeded"},
                   {"severity", "minor"},
                   {"message", "Clean hold time exceeded by 15 minutes"},
                   {"raised_by", person("", "")},
                   {"raised_at", at_minute(50)},
                   {"disposition",
                    {{"outcome", "rejected_impact"},
                     {"by", person("u-qa", "Quinn Assurance")},
                     {"at", at_minute(3001)}}}},
      json::object{{"id", "EX-3"},
                   {"kind", "comment_flagged"},
                   {"severity", "info"},
                   {"message", "Operator flagged a comment for review"},
                   {"raised_by", person("u-anna", "Anna Operator")},
                   {"raised_at", at_minute(60)}}};
  json::array signatures{manifestation("u-anna", "Anna Operator", "completed", 100000),
                         manifestation("u-rita", "Rita Reviewer", "reviewed", 100050),
                         manifestation("u-qp", "Quentin Müller-QP", "released", 100100)};
  return {{"format", "gemba.batch-record/1"},    {"generated_at", at_minute(100200)},
          {"batch", std::move(batch)},           {"formula", std::move(formula)},
          {"signatures", std::move(signatures)}, {"unit_procedures", std::move(procedures)},
          {"exceptions", std::move(exceptions)}};
}

}  // namespace gemba::batch::pdf
