// RunSettings: what a cold-start run derives from its inputs once, before the first event.
//
// The start timeout, whether instances keep a page cache (the storage reads through one, the
// loader uses it, and the model fits in the instance's memory; the result notes it when the
// model does not fit), the storage's notes, the GPU copy of a load (its cost per call by the
// loader's staging, pinned or pageable, sim/coldstart/loader.hpp) and the names of the limits
// the copy and the loader's own ceiling are reported as, the storage's update pipeline and when
// the new version can be read. Pure: the same inputs give the same settings.
#pragma once

#include <string>
#include <vector>

#include "sim/coldstart/cold_start.hpp"
#include "sim/coldstart/loader.hpp"

namespace stowage::sim {

struct RunSettings {
  double timeout_s = 0;
  bool page_cache = false;
  std::vector<std::string> notes;
  std::string copy_label;     // `GPU copy (pinned)` or `GPU copy (pageable)`
  std::string ceiling_label;  // the loader's per-stream ceiling as a limit's name, if it has one
  CopyTimes copy_times;       // the same for every load of the run
  double loader_work_s = 0;   // the loader's work after the copy (loader_work_s), every load
  std::string work_label;     // that work, as a limit's name
  UpdateTimeline update;      // the storage's update pipeline, reported and played with update_at
  /// With an update: when the new version can be read; -infinity without one.
  double available_s = 0;
};

/// The settings of a run of `in` with `loader` on `storage` (its setup as `setup`).
RunSettings run_settings(const ColdStartInputs& in, const EffectiveLoader& loader,
                         const StorageRun& storage, const StorageSetup& setup);

}  // namespace stowage::sim
