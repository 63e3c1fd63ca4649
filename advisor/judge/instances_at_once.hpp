// Instances at once: how many instances of a workload may hold the storage at the same time, from
// its arrivals alone (no simulation). A burst's count, a schedule's highest replica count, a
// switch's instances, a trace's times, a Poisson pattern's expected starts (rate x duration,
// rounded up). The hard constraints (max_clients, advisor/judge/evaluate.hpp), the default quotas
// (advisor/judge/quota.hpp) and the hinges' per-instance figures all count with it.
// Worked example: Poisson at 0.05 starts/s for 3600 s gives ceil(180) = 180 instances.
// Pure and deterministic.
#pragma once

#include <cstdint>

#include "sim/workload.hpp"

namespace stowage::advisor {

/// Instances that may mount the storage at once (see above).
std::int64_t instances_at_once(const sim::Arrivals& arrivals);

}  // namespace stowage::advisor
