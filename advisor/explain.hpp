// Explain: how `stowage advise` learns about one storage candidate, and says why in numbers.
//
// evaluate_candidate takes one storage choice of a workload through three steps:
//   1. hard constraints, checked before any simulation; the first that fails is the reason the
//      candidate is not ranked: the platform cannot take the image (sim::infeasibility), the
//      workload asks for more than one region of a storage that is neither multi_region nor
//      offers a replication option, more instances may mount it at once than max_clients
//      allows, or the data to hold (stored, provisioned capacity, or the model) exceeds
//      max_capacity. "Instances at once": a burst's count, a schedule's highest replica count,
//      a switch's instances, a trace's times, a Poisson pattern's expected starts;
//   2. simulation with the workload's seed, then `replications - 1` more runs whose seeds are
//      the successive outputs of sim::Rng(workload seed), when any delay of the workload is a
//      random draw (a non-constant sandbox, attach, mount or init time, or Poisson arrivals);
//      the p99 spread is min..max over the runs;
//   3. the monthly cost (advisor/cost.hpp) and the SLO verdict (advisor/ranking.hpp).
// The explanation is built from the first run: loads and the model size,
// the limit that held the reads back longest and the peak rate it carried, when the last load
// was ready and how many missed the timeout. When a candidate misses the SLO and its shared
// throughput grows with its sizing (sim::Capacity, linear or steps), the hint says what sizing
// would meet it: the size (stored or provisioned, as the capacity form says) is doubled from the
// current one, up to max_capacity and at most kMaxSizingDoublings times, and each size is
// simulated; the first that meets the SLO is reported, or the largest tried when none does.
// Deterministic: the same workload and catalog give the same candidate.
#pragma once

#include <string>

#include "advisor/ranking.hpp"
#include "sim/catalog.hpp"
#include "sim/workload.hpp"

namespace stowage::advisor {

/// How many times the hint doubles a sizing (2^12 = 4096 times the current size at most).
inline constexpr int kMaxSizingDoublings = 12;

/// The first hard constraint `choice` fails for `workload`, or nothing.
std::optional<std::string> hard_constraint(const sim::Workload& workload,
                                           const sim::StorageChoice& choice,
                                           const sim::StorageProfile& storage);

/// Instances that may mount the storage at once (see above).
std::int64_t instances_at_once(const sim::Arrivals& arrivals);

/// Checks, simulates, costs and explains one candidate (see above); `replications` >= 1.
Candidate evaluate_candidate(const sim::Workload& workload, const sim::StorageChoice& choice,
                             const sim::Catalog& catalog, int replications);

}  // namespace stowage::advisor
