#include "sim/coldstart/run_settings.hpp"

#include <fmt/format.h>

#include "sim/check.hpp"
#include "sim/engine.hpp"
#include "sim/update.hpp"

namespace stowage::sim {

RunSettings run_settings(const ColdStartInputs& in, const EffectiveLoader& loader,
                         const StorageRun& storage, const StorageSetup& setup) {
  const Workload& w = *in.workload;
  RunSettings s;
  s.timeout_s = (w.timeout ? *w.timeout : in.platform->start_timeout).value();
  const Bytes memory = w.instance.memory.value_or(in.platform->memory);
  const bool cache_wanted = storage.page_cache() && loader.page_cache;
  s.page_cache = cache_wanted && w.model.total_size() <= memory;
  if (cache_wanted && !s.page_cache) {
    s.notes.push_back(
        fmt::format("no page cache: the model ({}) is larger than the instance's memory ({})",
                    w.model.total_size(), memory));
  }
  for (std::string& note : storage.notes()) s.notes.push_back(std::move(note));
  // The storage's own staging rule decides (StorageRun::staging), so the note cannot disagree.
  if (setup.direct_staging &&
      storage.staging(LoaderProfile::Staging::kDirect) != LoaderProfile::Staging::kDirect) {
    s.notes.push_back(fmt::format(
        "loader {} reads {} in cuFile's compatibility mode (a POSIX read into host memory, then "
        "a pinned copy): the storage has no GPU-direct path",
        loader.name, setup.profile->info.name));
  }
  const bool pinned = loader.staging != LoaderProfile::Staging::kPageable;
  s.copy_label = loader.staging == LoaderProfile::Staging::kNone ? "no copy (a read test)"
                 : pinned                                        ? "GPU copy (pinned)"
                                                                 : "GPU copy (pageable)";
  if (loader.per_stream) {
    s.ceiling_label =
        loader.streams == 1
            ? fmt::format("loader {}: 1 stream at {}", loader.name, *loader.per_stream)
            : fmt::format("loader {}: {} streams at {} each", loader.name, loader.streams,
                          *loader.per_stream);
  }
  s.copy_times = copy_times(w.model, loader, pinned ? in.gpu->h2d_pinned : in.gpu->h2d_pageable);
  s.loader_work_s = loader_work_s(w.model, loader);
  s.work_label = "loader " + loader.name + ": fixed and per-tensor work";
  if (loader.per_tensor && !w.model.tensors) {
    s.notes.push_back(fmt::format(
        "model.tensors not given: the loader {}'s cost of {} per tensor is not counted",
        loader.name, *loader.per_tensor));
  }
  s.update = update_timeline(setup);
  s.available_s = w.model.update_at ? w.model.update_at->value() + s.update.available_s : -kNeverS;
  STOWAGE_CHECK(!s.page_cache || in.platform->page_cache_read.value() > 0,
                "a page cache needs a positive read rate");
  return s;
}

}  // namespace stowage::sim
