// The batch record JSON (docs/batch-record.md).

#include "gemba/batch/model/batch_json.h"
#include "gemba/batch/model/engine_internal.h"
#include "gemba/core/time.h"
#include "gemba/recipe/model/format.h"

namespace gemba::batch {
namespace {

namespace json = boost::json;

// The step's spec as the recipe format writes it, without the members the record shows beside it.
json::object spec_json(const recipe::Step& step) {
  json::object spec = recipe::step_to_json(step);
  for (const std::string_view key : {"key", "name", "type", "text"}) spec.erase(key);
  return spec;
}

json::object run_record_json(const StepRun& r) {
  json::object o = step_run_to_json(r);
  // Bookkeeping the record does not show (the witness manifestation carries who and when).
  for (const std::string_view key :
       {"key", "version", "not_before", "blocked_reason", "witnessed_by", "witnessed_at"}) {
    o.erase(key);
  }
  return o;
}

json::object formula_line_json(const recipe::ScaledLine& l) {
  return {{"key", l.key},
          {"material_code", l.material_code},
          {"name", l.name},
          {"unit", l.unit},
          {"target", l.target},
          {"low", l.low},
          {"high", l.high},
          {"scaling", l.scaling == recipe::Scaling::kFixed ? "fixed" : "scalable"}};
}

json::object step_record_json(const Batch& b, const detail::BatchIndex& index,
                              std::size_t ordinal) {
  const recipe::Step& step = *index.steps()[ordinal].step;
  json::object o;
  o["key"] = step.key;
  o["name"] = step.name;
  o["type"] = recipe::step_type_name(recipe::step_type(step));
  if (!step.text.empty()) o["text"] = step.text;
  json::object spec = spec_json(step);
  if (!spec.empty()) o["spec"] = std::move(spec);
  json::array runs;
  for (const std::size_t i : index.runs(ordinal)) runs.push_back(run_record_json(b.steps[i]));
  o["runs"] = std::move(runs);
  return o;
}

}  // namespace

json::object record_json(const Batch& b, Timestamp generated_at) {
  json::object record;
  record["format"] = kBatchRecordFormat;
  record["generated_at"] = format_rfc3339(generated_at);

  const detail::BatchIndex index(b);
  json::object batch = header_to_json(b.header);
  batch.erase("signatures");
  if (const StepRun* y = detail::yield_run(b, index)) {
    batch["yield_percent"] = *y->entry->value.number;
  }
  record["batch"] = std::move(batch);

  json::array formula;
  for (const auto& line : b.formula.lines) formula.push_back(formula_line_json(line));
  if (!formula.empty()) record["formula"] = std::move(formula);

  json::array signatures;
  for (const auto& s : b.header.signatures) signatures.push_back(signature_to_json(s));
  if (!signatures.empty()) record["signatures"] = std::move(signatures);

  std::size_t ordinal = 0;
  json::array ups;
  for (const auto& up : b.recipe->unit_procedures) {
    json::array ops;
    for (const auto& op : up.operations) {
      json::array steps;
      for (std::size_t s = 0; s < op.steps.size(); ++s) {
        steps.push_back(step_record_json(b, index, ordinal++));
      }
      ops.push_back(json::object{{"key", op.key}, {"name", op.name}, {"steps", std::move(steps)}});
    }
    ups.push_back(json::object{{"key", up.key}, {"name", up.name}, {"operations", std::move(ops)}});
  }
  record["unit_procedures"] = std::move(ups);

  json::array exceptions;
  for (const auto& e : b.exceptions) exceptions.push_back(exception_to_json(e));
  if (!exceptions.empty()) record["exceptions"] = std::move(exceptions);
  return record;
}

}  // namespace gemba::batch
