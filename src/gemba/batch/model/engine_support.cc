// The engine's shared helpers (engine_internal.h) and the defaults of its ports.

#include <algorithm>

#include "gemba/batch/model/engine_internal.h"
#include "gemba/core/time.h"
#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/units.h"

namespace gemba::batch {

std::string run_id(std::string_view key, int occurrence) {
  return std::string(key) + "#" + std::to_string(occurrence);
}

Duration late_grace(Duration every) {
  return std::max<Duration>(every / 10, std::chrono::minutes(1));
}

Result<TagReading> NoTagSource::read(const TagRequest& request) const {
  return Error::unavailable("no equipment connection is configured for tag " + request.tag +
                            (request.equipment_id.empty() ? "" : " of " + request.equipment_id));
}

Result<void> CapabilityChecks::check_equipment(const EquipmentUse&) const { return ok(); }
Result<void> CapabilityChecks::check_lot(const LotUse&, std::string_view) const { return ok(); }
Result<std::optional<Weighed>> CapabilityChecks::weighed(const LotUse&) const {
  return std::optional<Weighed>();
}

namespace detail {

StepRun* Tx::find(std::string_view key, int occurrence) {
  const std::ptrdiff_t i = index.run_index(b, key, occurrence);
  // A run of a key the recipe does not have is not indexed (no rule reaches it; a comment may).
  return i < 0 ? find_run(b, key, occurrence) : &b.steps[static_cast<std::size_t>(i)];
}

void Tx::touch(std::string_view key, int occurrence) {
  std::string id = run_id(key, occurrence);
  if (std::find(touched_.begin(), touched_.end(), id) == touched_.end()) {
    touched_.push_back(std::move(id));
  }
}

void Tx::created(std::string_view key, int occurrence) {
  touch(key, occurrence);
  created_.push_back(run_id(key, occurrence));
}

void Tx::insert_run(std::size_t position, std::size_t ordinal, StepRun run) {
  b.steps.insert(b.steps.begin() + static_cast<std::ptrdiff_t>(position), std::move(run));
  index.run_inserted(position, ordinal);
}

void Tx::remove_run(std::size_t position) {
  const StepRun& r = b.steps[position];
  std::string id = run_id(r.key, r.occurrence);
  const auto it = std::find(touched_.begin(), touched_.end(), id);
  const bool created_here = std::find(created_.begin(), created_.end(), id) != created_.end();
  if (it != touched_.end()) touched_.erase(it);
  // A run created and removed in the same operation never existed for the store.
  if (!created_here) ch_.removed.push_back(id);
  ch_.summary.push_back(id + " removed (the series ended)");
  b.steps.erase(b.steps.begin() + static_cast<std::ptrdiff_t>(position));
  index.run_removed(position);
  header_ = true;
}

void Tx::raise(ExceptionDraft d, std::string_view key, int occurrence, const Person& by) {
  BatchException e;
  e.id = ids_ && *ids_ ? (*ids_)() : "exception-" + std::to_string(b.exceptions.size() + 1);
  e.kind = d.kind;
  e.severity = d.severity;
  e.step_key = std::string(key);
  e.occurrence = key.empty() ? 0 : occurrence;
  e.message = std::move(d.message);
  e.values = std::move(d.values);
  e.raised_by = by;
  e.raised_at = now;
  ch_.exceptions.push_back(e.id);
  ch_.summary.push_back("exception " + std::string(exception_kind_name(e.kind)) + ": " + e.message);
  b.exceptions.push_back(std::move(e));
}

bool Tx::changed() const {
  return header_ || !touched_.empty() || !ch_.removed.empty() || !ch_.exceptions.empty();
}

Changes Tx::finish() {
  for (const std::string& id : touched_) {
    if (std::find(created_.begin(), created_.end(), id) != created_.end()) continue;
    const auto hash = id.rfind('#');
    if (StepRun* r = find(std::string_view(id).substr(0, hash), std::stoi(id.substr(hash + 1)))) {
      ++r->version;
    }
  }
  if (changed()) {
    ++b.header.version;
    ch_.header = true;
  }
  ch_.runs = touched_;
  return std::move(ch_);
}

bool is_every_only(const recipe::Step& step) {
  return step.repeat && step.repeat->every && !step.repeat->times;
}

bool needs_witness(const recipe::Step& step, int occurrence) {
  return step.witness == recipe::Witness::kAlways ||
         (step.witness == recipe::Witness::kFirst && occurrence == 1);
}

std::string quantity_text(double value, std::string_view unit) {
  std::string s = recipe::format_number(value);
  if (!unit.empty()) {
    s += ' ';
    s += unit;
  }
  return s;
}

std::string run_label(const recipe::Step& step, int occurrence) {
  if (occurrence == 1 && !step.repeat) return step.key;
  return run_id(step.key, occurrence);
}

recipe::ExpressionValues expression_values(const Batch& b, const BatchIndex& index,
                                           const std::vector<std::string>& variables) {
  recipe::ExpressionValues values = recipe::reserved_expression_values(*b.recipe, b.formula);
  for (const std::string& name : variables) {
    const std::size_t o = index.ordinal(name);
    if (o == BatchIndex::kNone) continue;
    if (!recipe::yields_numeric_value(recipe::step_type(*index.steps()[o].step))) continue;
    const StepRun* latest = index.latest_with_entry(b, o);
    if (!latest) continue;
    const Value& v = latest->entry->value;
    if (v.number) {
      values[name] = *v.number;
    } else if (v.boolean) {
      values[name] = *v.boolean ? 1 : 0;
    }
  }
  return values;
}

Result<TagReading> read_good_tag(const Batch& b, const recipe::Step& step,
                                 const recipe::ProcessParameterSpec& spec, const TagReader& tags,
                                 Timestamp now) {
  const StepRun* equipment = latest_run(b, spec.equipment_step);
  if (!equipment || !equipment->entry || !equipment->entry->value.text) {
    return Error::failed_precondition(step.key + ": no equipment is bound (step " +
                                      spec.equipment_step + " has no value)");
  }
  TagRequest req{*equipment->entry->value.text, spec.tag, spec.capture, spec.window, now};
  auto reading = tags.read(req);
  if (!reading.ok()) return Error::unavailable(reading.error().message);
  const std::string where = "tag " + spec.tag + " of " + req.equipment_id;
  if (reading->quality != TagQuality::kGood) {
    return Error::unavailable(where + " has quality " +
                              std::string(tag_quality_name(reading->quality)));
  }
  if (now - reading->at > kMaxTagAge) {
    return Error::unavailable(where + " is stale: its last value is from " +
                              format_rfc3339(reading->at) + ", more than " +
                              format_iso8601_duration(kMaxTagAge) + " ago");
  }
  return reading;
}

Result<void> check_expected_version(const Batch& b, const StepRun& run,
                                    std::optional<std::int64_t> expected) {
  if (expected && *expected != run.version) {
    return Error::conflict(run_id(run.key, run.occurrence) +
                               " was changed by someone else (now version " +
                               std::to_string(run.version) + ", you had version " +
                               std::to_string(*expected) + "); reload and try again",
                           {{"version", run.version}});
  }
  return ok();
}

Result<void> check_signer(const Actor& a, const SignatureRef& s, std::string_view meaning) {
  if (s.user_id != a.person.user_id) {
    return Error::permission_denied(
        "the signature must be applied by the person acting (" + a.person.printed_name + ")",
        {{"field", "signature"}});
  }
  if (!meaning.empty() && s.meaning != meaning) {
    return Error::invalid_argument("this signature must have the meaning \"" +
                                       std::string(meaning) + "\", not \"" + s.meaning + "\"",
                                   {{"field", "signature.meaning"}});
  }
  return ok();
}

}  // namespace detail
}  // namespace gemba::batch
