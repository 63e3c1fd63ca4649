// Load plan: the steps each load of a cold-start run will take, decided before the run starts.
//
// For every load request, in request order: an update wait (with a storage that waits before
// delivery: an image start waits for the new image), the delivery queue (the k-th cold start is
// delivered at d_k = max(ready to deliver_k, d_{k-1} + 60 s / delivery_per_minute)), the
// storage's own read after delivery (an image pulled whole; the storage decides at run time
// whether it is due, StorageRun::stage_due), the sandbox (drawn), the VPC
// attach (with `vpc`; its length is decided at run time by sim/coldstart/vpc_attach.hpp), the
// storage's attach phases (drawn), an update wait before the first read (other storages), one read
// pass per pass of the loader (sim/coldstart/loader.hpp), the host-to-device copy, and `model.init`
// (drawn). Switches skip delivery, pull, sandbox and attach. Every random delay is drawn here, up
// front, keyed by its load's request index and its slot (sim/rng.hpp keyed_uniform): draws never
// depend on the order of events, and a load's draws are the same whatever storage, GPU or loader
// the run has (common random numbers: comparisons differ only in what they compare). Shared shapes: loads that take the same steps (every cold start of a burst)
// share one list of stages, a shape; a load keeps only its shape's index and its own delays, in one
// array for the run. A million loads of one shape cost 16 bytes and their drawn delays each, not a
// list of stages each. Invariant: a shape's i-th kDelay stage has slot i, and the load's delay for
// it is LoadPlans::delays[plan.delays + i]. Units: seconds. Deterministic for a given draw seed.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/coldstart/arrivals.hpp"
#include "sim/phase.hpp"
#include "sim/profile.hpp"
#include "sim/rng.hpp"
#include "sim/storage/kind.hpp"
#include "sim/workload.hpp"

namespace stowage::sim {

/// One step of a load after its request.
struct Stage {
  enum class Kind : std::uint8_t {
    kDelay,
    kWaitUntil,
    kStorageRead,  // the storage's read after delivery (StorageRun::stage_read), when due
    kVpcAttach,    // the function's VPC attach, decided at run time (sim/coldstart/vpc_attach.hpp)
    kReadPass,
    kCopy
  } kind;
  Phase phase;
  std::uint8_t slot = 0;  // for kDelay: which of the load's delays (0, 1, ... in stage order)
  double until_s = 0;     // for kWaitUntil: until when
  bool operator==(const Stage&) const = default;
};

/// One load's plan: its shape and where its delays are.
struct LoadPlan {
  std::uint32_t shape = 0;   // index into LoadPlans::shapes
  std::uint32_t delays = 0;  // index of its first delay in LoadPlans::delays
  double init_s = 0;         // the drawn `model.init`, 0 without one
};

/// The plans of a run's loads (see above).
struct LoadPlans {
  std::vector<std::vector<Stage>> shapes;  // each distinct list of stages, by first use
  std::vector<double> delays;              // every load's kDelay lengths, load after load
  std::vector<LoadPlan> loads;             // in request order

  const std::vector<Stage>& stages(std::size_t load) const { return shapes[loads[load].shape]; }
  /// The length of `load`'s delay stage `s` (a kDelay stage of its shape).
  double delay_s(std::size_t load, const Stage& s) const {
    return delays[loads[load].delays + s.slot];
  }
};

/// What the plan needs besides the workload.
struct PlanInputs {
  const Workload* workload = nullptr;         // required
  const PlatformProfile* platform = nullptr;  // required
  bool vpc = false;       // the storage is in a VPC the platform attaches functions to
  PreReadStages storage;  // what the storage does before the first read (sim/storage/kind.hpp)
  /// With an update: when loads can read the new version; -infinity without one.
  double available_s = 0;
  std::vector<ReadPass> passes;  // the loader's read passes, in order
};

/// The plan of every request (see above); `rng` gives the delays.
LoadPlans plan_loads(const PlanInputs& in, const std::vector<LoadRequest>& requests,
                     std::uint64_t draw_seed);

}  // namespace stowage::sim
