// Attribution: where the judged run's p99 load spent its time, and how much of every load's time
// no storage choice can change.
//
// The p99 load is the load at the nearest rank p99 of time-to-ready (failures counted as
// infinitely slow and ordered among themselves by request order), the same rank as the run's
// summary p99, so its time to ready is the p99 the advice shows. Its time is summed per phase
// (sim/phase.hpp), in phase order, phases it spent no time in left out; a phase that overlaps
// another (the GPU copy beside the load pass) is counted in full, so the parts may add to more
// than the whole.
// Storage-independent time: a load's delivery wait, sandbox start and model init are the
// platform's and the framework's; no storage choice, size or loader changes them. Every load's
// time to ready is at least its own storage-independent time, so the p99 of time to ready is at
// least the p99 of that time: when the latter reaches the p99 target, no storage can meet it,
// and sizing a storage cannot help (advisor/judge/evaluate.hpp).
// Units: seconds. Pure functions of a run.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/phase.hpp"
#include "sim/result.hpp"

namespace stowage::advisor {

struct PhaseSeconds {
  sim::Phase phase;
  double seconds = 0;
};

/// One load's time, phase by phase.
struct LoadAttribution {
  std::int64_t instance = -1;  // -1: the run had no load
  bool failed = false;
  double time_s = 0;                // to ready; with `failed`, until the load was given up
  std::vector<PhaseSeconds> phases;  // in phase order, each with time spent
};

/// Whether no storage choice changes a phase's length: delivery, sandbox, init.
bool storage_independent(sim::Phase phase);

/// The load at the p99 of time to ready (see above); instance -1 when the run has no load.
LoadAttribution p99_load(const sim::SimResult& run);

/// The p99 over the run's loads of their storage-independent time (0 with no load).
double storage_independent_p99_s(const sim::SimResult& run);

/// The phase of `load` with the most storage-independent time (the one to name when that time
/// decides the SLO); kSandbox when it has none.
sim::Phase largest_storage_independent(const LoadAttribution& load);

}  // namespace stowage::advisor
