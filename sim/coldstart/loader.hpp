// Loader: what the software that reads the weights does, once its profile and the workload's
// overrides are combined.
//
// A load reads every model file with `streams` reads in flight and copies the bytes to the GPU
// in `chunk` calls from `staging` memory, overlapping reads and copies or not. The storage's own
// limits take the streams into account (N streams read at most N x a per-stream rate; sim/storage/
// routes.hpp), and the loader's `per_stream` ceiling bounds every read it makes, from the
// storage or from the page cache: rate <= streams x per_stream. Without a loader profile the
// generic loader applies: `model.io.threads` streams, `model.io.block_size` chunks, pageable
// staging, overlapping copies, reads through the page cache, no ceiling of its own.
// Precedence: the workload's `loader.streams`, `loader.memory`, `loader.overlap`, then the
// profile, then the generic loader. A loader that hashes first adds a hash pass before the load
// pass when the workload has none. A loader's `fixed` and `per_tensor` costs (work that moves no
// bytes) follow the copy.
// Worked example: runai-streamer (16 streams) on a volume of 350 MB/s per stream and 1 GiB/s per
// volume reads at min(16 x 350 MB/s, 1.07 GB/s) = 1.07 GB/s; safetensors-mmap (1 stream) at
// 350 MB/s. Pure functions; units bytes, bytes per second.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/profile.hpp"
#include "sim/workload.hpp"

namespace stowage::sim {

struct EffectiveLoader {
  std::string name;  // the profile's name, or `generic`
  std::int64_t streams = 1;
  Bytes chunk;
  std::optional<BytesPerSecond> per_stream;
  LoaderProfile::Staging staging = LoaderProfile::Staging::kPageable;
  bool overlap = true;
  bool page_cache = true;
  bool pool = false;             // the profile's `pool`: the weights wait in its own pinned pool
  std::vector<ReadPass> passes;  // the workload's, with a hash pass first if the loader hashes
  Seconds fixed;                 // work once per load that moves no bytes; 0 s without one
  std::optional<Seconds> per_tensor;  // work per tensor that moves no bytes
  /// The bound its own ceiling puts on all its streams together, or none.
  std::optional<BytesPerSecond> ceiling() const;
};

/// The workload's loader: `profile` (null: the generic loader) with the workload's overrides,
/// reading an object store with its own client when `object_store` (its `object_streams` then).
EffectiveLoader effective_loader(const Workload& w, const LoaderProfile* profile,
                                 bool object_store = false);

/// The host-to-device copy of a whole model in the loader's chunks at `cost`
/// (sim/coldstart/cold_start.hpp, step 5): every call's time summed (GPU-direct reads: only the
/// calls' overheads; a cost in size bands: each full chunk at its band, each file's remainder at
/// its own), and the time of the last call (a chunk, or the last file when it is smaller). Seconds.
struct CopyTimes {
  double total_s = 0;
  double last_call_s = 0;
};
CopyTimes copy_times(const Model& model, const EffectiveLoader& loader, const CopyCost& cost);

/// The loader's work that moves no bytes, once per load: `fixed` + `model.tensors` x
/// `per_tensor` (the per-tensor term only when the workload states its tensors). It runs after
/// the last copy call, serially: the loaders it describes do it on the one thread that also
/// reads and copies. Seconds.
double loader_work_s(const Model& model, const EffectiveLoader& loader);

}  // namespace stowage::sim
