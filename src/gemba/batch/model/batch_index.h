#pragma once
// Internal to the engine: where each recipe step sits and which runs it has, so the rules look
// runs up instead of scanning Batch::steps inside their loops. Not part of the public API.

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gemba/batch/model/batch.h"
#include "gemba/recipe/model/recipe.h"

namespace gemba::batch::detail {

// The steps of a batch's recipe in procedure order (their ordinals) and, per step, the indexes in
// Batch::steps of its runs, in that order. Built in O(steps + runs); a batch whose runs are in
// procedure order (as the engine keeps them) needs no hashing. Refers to the batch's recipe and
// does not own it. Stays valid while the batch's runs do not change, except through
// run_inserted() / run_removed(), which the caller invokes after changing Batch::steps.
// Not thread-safe (lookups by key build a table when they are many); one per operation.
class BatchIndex {
 public:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  explicit BatchIndex(const Batch& b);

  // Every step of the recipe, in procedure order (StepRef::ordinal = the position here).
  const std::vector<recipe::StepRef>& steps() const { return steps_; }
  // The ordinal of the first step of unit procedure `u` (steps().size() past the last).
  std::size_t first_ordinal(std::size_t unit_procedure) const { return up_begin_[unit_procedure]; }
  // The ordinal of a step key, or kNone.
  std::size_t ordinal(std::string_view key) const;
  const recipe::Step* step(std::string_view key) const;

  // Indexes into Batch::steps of the runs of the step at `ordinal`, in Batch::steps order. The
  // span is invalidated by run_inserted() / run_removed().
  std::span<const std::size_t> runs(std::size_t ordinal) const {
    return {run_list_.data() + offsets_[ordinal], offsets_[ordinal + 1] - offsets_[ordinal]};
  }
  // Index into Batch::steps of (key, occurrence) / of the step at `ordinal`, or -1.
  std::ptrdiff_t run_index(const Batch& b, std::string_view key, int occurrence) const;
  std::ptrdiff_t run_at(const Batch& b, std::size_t ordinal, int occurrence) const;
  // The run with the highest occurrence among the runs of `ordinal` that have an entry, or null.
  const StepRun* latest_with_entry(const Batch& b, std::size_t ordinal) const;

  // Batch::steps gained a run at `position` (of the step at `ordinal`) / lost the one there.
  void run_inserted(std::size_t position, std::size_t ordinal);
  void run_removed(std::size_t position);

 private:
  void build_lists();

  std::vector<recipe::StepRef> steps_;
  std::vector<std::size_t> up_begin_;  // per unit procedure, plus one past the end
  // Key → ordinal, built once lookups by key are many (the keys live in the immutable recipe);
  // until then a lookup walks steps_.
  mutable std::unordered_map<std::string_view, std::size_t> ordinals_;
  mutable std::size_t lookups_ = 0;
  std::vector<std::size_t> run_ordinal_;  // per run: its step's ordinal, or kNone
  std::vector<std::size_t> offsets_;  // runs of ordinal o: run_list_[offsets_[o], offsets_[o+1])
  std::vector<std::size_t> run_list_;
};

}  // namespace gemba::batch::detail
