// Quotas: the platform's default quotas that a workload's starts exceed, as data.
//
// A platform profile may give default quotas (sim::PlatformQuotas): instances of one region at
// once, and GPU cards of one account and region at once per GPU. A workload needs
// instances_at_once(arrivals) instances (advisor/judge/instances_at_once.hpp) and that many times
// `instance.gpus` cards of its GPU. A need above a quota does not make a storage infeasible: the
// quota can be raised, so every candidate is still simulated as written, and the reports say
// which raise the scenario needs ("needs a quota raise (500 instances > 300 per region by
// default)"). Worked example: a burst of 500 on Function Compute (300 instances, 3 A10 cards)
// with one A10 each needs two raises: 500 > 300 instances and 500 > 3 a10 cards.
// Pure: the same workload and platform give the same list, instances first, then the GPU.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/profile.hpp"
#include "sim/workload.hpp"

namespace stowage::advisor {

/// One default quota the workload exceeds.
struct QuotaRaise {
  enum class Quota : std::uint8_t { kInstances, kGpus } quota;
  std::string gpu;         // the GPU profile, for kGpus
  std::int64_t need = 0;   // instances or cards at once
  std::int64_t limit = 0;  // the platform's default quota
};

/// The default quotas of `platform` that `workload` exceeds (see above).
std::vector<QuotaRaise> quota_raises(const sim::Workload& workload,
                                     const sim::PlatformProfile& platform);

}  // namespace stowage::advisor
