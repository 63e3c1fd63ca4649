// Cold-start simulation: every load of a workload on one storage choice, in one flow network.
//
// Each load is a sequence of phases; a phase is either a delay drawn from a profile distribution
// or a flow in the network, so reads of different instances contend for what they share:
//   1. delivery   the platform delivers new instances at most `delivery_per_minute`: the k-th
//                 cold start is delivered at d_k = max(arrive_k, d_{k-1} + 60 s / rate);
//   2. sandbox    the platform's sandbox start time (a draw);
//   3. attach     the function's VPC attach when the storage lives in a VPC and the platform
//                 attaches functions to it (per function over simulated time,
//                 sim/coldstart/vpc_attach.hpp), then the storage's mount time (a draw; none for an
//                 image);
//   4. reads      for each pass of `model.read_passes`, each model file in order is one flow
//                 along the storage's route (sim/storage/kind.hpp). With a page cache
//                 (image, NAS, local) and a model that fits in the instance's memory, a file
//                 read once is cached: a later pass reads it as a flow bounded by the
//                 platform's page-cache read rate and crossing nothing shared. FUSE object
//                 storage has no page cache: every pass goes back to the network. A read
//                 that a read-through cache is already fetching for another load waits for
//                 that fill, then reads from the cache (StorageRun::fill_in_flight);
//   5. h2d        the host-to-device copy of every byte of the load pass, at the GPU profile's
//                 cost per call of the loader's chunk: calls x alpha + bytes / beta (pinned or
//                 pageable, per the loader's staging; GPU-direct reads moved the bytes already,
//                 so only their calls count, at the pinned cost per call). When
//                 the loader overlaps, the copy runs during the load pass and ends at
//                 max(load end + one call, load start + the whole copy); otherwise it follows.
//                 The time the copy adds beyond the reads (beyond one call when overlapping) is
//                 held by the limit `GPU copy (pinned)` or `GPU copy (pageable)`;
//   6. init       `model.init` (a draw), when given.
// With `model.update_at`, the run plays a model update (sim/update.hpp): a load waits
// (`update_wait`) until the new version is in the storage: before delivery for an image (no
// instance starts from an image not yet pushed), before the first read for the others. An image
// start delivered before preprocessing ends first pulls the whole image (`image_pull`) as a flow
// through its NIC at the platform's unaccelerated pull rate; the layers land in the page cache,
// so with one the reads that follow are memory copies.
// A load that is not ready `timeout` after it was requested fails: its flow is cancelled and it
// does nothing more. Switches (a running instance loading the model again) skip phases 1 to 3
// and keep the instance's page cache from its earlier rounds.
// Worked example: one instance, one 4.27 GB file, NAS of 600 MB/s, NIC of 625 MB/s, no delays:
// the read takes 4.27e9 / 600e6 = 7.117 s; with 10 instances the NAS is shared, 60 MB/s each,
// and all finish at 10 x 4.27e9 / 600e6 = 71.17 s.
//
// The loader (sim/coldstart/loader.hpp) sets the streams every read uses (the storage's per-stream
// and per-connection limits multiply by them), its own per-stream ceiling, the passes, the chunk,
// the staging and the overlap. Page-cache reads run at streams x the platform's per-reader
// `page_cache_read` and cross the instance's host memory bandwidth when the platform gives one.
// The load time of a load is from the start of its first read pass to the end of its copy.
// A model whose share per GPU (model / instance.gpus) exceeds the GPU's memory is infeasible; a
// model larger than the instance's memory gets no page cache, and the result notes it.
// The run is split in parts: the plan of every load (load_plan.hpp), the lifecycle of each load
// through the engine (run.hpp, a generic loop that calls the storage kind's hooks,
// sim/storage/kind.hpp), the instances and their page caches (instance_table.hpp), what the
// reads served and what held them back (read_ledger.hpp), the rate sampler (rate_sampler.hpp)
// and the summary (run_summary.hpp).
// Random draws (sandbox, mount, init) are made for every load up front, each keyed by the run's
// seed, the load's request index and which draw it is (sim/coldstart/load_plan.hpp), so they do
// not depend on the order of events nor on what else the run draws: two storages, GPUs or grid
// points compared on one seed give each load the same delays (common random numbers), and a
// different seed changes only the drawn delays. The rates that shared constraints carry are
// sampled every `sample_step` for the peak rates and the timeline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/profile.hpp"
#include "sim/result.hpp"
#include "sim/storage/kind.hpp"
#include "sim/workload.hpp"

namespace stowage::sim {

struct ColdStartInputs {
  const Workload* workload = nullptr;         // required
  StorageChoice choice;                       // the storage and its sizing
  const StorageProfile* storage = nullptr;    // required
  const StorageProfile* backing = nullptr;    // the bucket behind an accelerator
  const PlatformProfile* platform = nullptr;  // required
  const GpuProfile* gpu = nullptr;            // required
  const LoaderProfile* loader = nullptr;      // the workload's loader; null: the generic one
  Seconds sample_step = Seconds(1.0);         // rate sampling period (algorithmic, not a figure)
  /// Seeds arrivals and drawn delays; none: the workload's own seed.
  std::optional<std::uint64_t> seed;
};

/// The storage part of the inputs, as the storage kinds take it.
StorageSetup storage_setup(const ColdStartInputs& in);

/// Why this storage cannot serve the workload at all (e.g. an image over the platform's size
/// limit), or nothing when it can be simulated.
std::optional<std::string> infeasibility(const ColdStartInputs& in);

/// Simulates every load of the workload; the inputs must be feasible.
SimResult simulate_cold_starts(const ColdStartInputs& in);

}  // namespace stowage::sim
