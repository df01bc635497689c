#include "gemba/batch/model/batch_index.h"

namespace gemba::batch::detail {

BatchIndex::BatchIndex(const Batch& b) {
  if (b.recipe) {
    steps_ = recipe::all_steps(*b.recipe);
    up_begin_.reserve(b.recipe->unit_procedures.size() + 1);
    std::size_t ordinal = 0;
    for (const auto& up : b.recipe->unit_procedures) {
      up_begin_.push_back(ordinal);
      for (const auto& op : up.operations) ordinal += op.steps.size();
    }
  }
  up_begin_.push_back(steps_.size());
  // Runs are kept in procedure order with the occurrences of a step together, so a run's step is
  // almost always the previous run's or the next one; anything else is looked up by key.
  run_ordinal_.reserve(b.steps.size());
  std::size_t previous = 0;
  for (const StepRun& r : b.steps) {
    std::size_t o = kNone;
    if (previous < steps_.size() && steps_[previous].step->key == r.key) {
      o = previous;
    } else if (previous + 1 < steps_.size() && steps_[previous + 1].step->key == r.key) {
      o = previous + 1;
    } else {
      o = ordinal(r.key);
    }
    if (o != kNone) previous = o;
    run_ordinal_.push_back(o);
  }
  build_lists();
}

void BatchIndex::build_lists() {
  offsets_.assign(steps_.size() + 1, 0);
  for (const std::size_t o : run_ordinal_) {
    if (o != kNone) ++offsets_[o + 1];
  }
  for (std::size_t o = 0; o < steps_.size(); ++o) offsets_[o + 1] += offsets_[o];
  run_list_.resize(offsets_.back());
  std::vector<std::size_t> next(offsets_.begin(), offsets_.end() - 1);
  for (std::size_t i = 0; i < run_ordinal_.size(); ++i) {
    if (run_ordinal_[i] != kNone) run_list_[next[run_ordinal_[i]]++] = i;
  }
}

std::size_t BatchIndex::ordinal(std::string_view key) const {
  // A walk compares a few thousand short keys: cheaper than hashing them all for a few lookups.
  constexpr std::size_t kWalks = 16;
  if (ordinals_.empty() && ++lookups_ <= kWalks) {
    for (const recipe::StepRef& ref : steps_) {
      if (ref.step->key == key) return ref.ordinal;
    }
    return kNone;
  }
  if (ordinals_.empty()) {
    ordinals_.reserve(steps_.size());
    // The first of duplicate keys wins, as a walk of the procedure finds it.
    for (const recipe::StepRef& ref : steps_) ordinals_.emplace(ref.step->key, ref.ordinal);
  }
  const auto it = ordinals_.find(key);
  return it == ordinals_.end() ? kNone : it->second;
}

const recipe::Step* BatchIndex::step(std::string_view key) const {
  const std::size_t o = ordinal(key);
  return o == kNone ? nullptr : steps_[o].step;
}

std::ptrdiff_t BatchIndex::run_index(const Batch& b, std::string_view key, int occurrence) const {
  const std::size_t o = ordinal(key);
  return o == kNone ? -1 : run_at(b, o, occurrence);
}

std::ptrdiff_t BatchIndex::run_at(const Batch& b, std::size_t ordinal, int occurrence) const {
  for (const std::size_t i : runs(ordinal)) {
    if (b.steps[i].occurrence == occurrence) return static_cast<std::ptrdiff_t>(i);
  }
  return -1;
}

const StepRun* BatchIndex::latest_with_entry(const Batch& b, std::size_t ordinal) const {
  const StepRun* latest = nullptr;
  for (const std::size_t i : runs(ordinal)) {
    const StepRun& r = b.steps[i];
    if (r.entry && (!latest || r.occurrence > latest->occurrence)) latest = &r;
  }
  return latest;
}

void BatchIndex::run_inserted(std::size_t position, std::size_t ordinal) {
  run_ordinal_.insert(run_ordinal_.begin() + static_cast<std::ptrdiff_t>(position), ordinal);
  build_lists();
}

void BatchIndex::run_removed(std::size_t position) {
  run_ordinal_.erase(run_ordinal_.begin() + static_cast<std::ptrdiff_t>(position));
  build_lists();
}

}  // namespace gemba::batch::detail
