#include "advisor/judge/quota.hpp"

#include "advisor/judge/instances_at_once.hpp"

namespace stowage::advisor {

std::vector<QuotaRaise> quota_raises(const sim::Workload& workload,
                                     const sim::PlatformProfile& platform) {
  std::vector<QuotaRaise> raises;
  const std::int64_t instances = instances_at_once(workload.arrivals);
  const sim::PlatformQuotas& q = platform.quotas;
  if (q.instances && instances > *q.instances) {
    raises.push_back({QuotaRaise::Quota::kInstances, "", instances, *q.instances});
  }
  const auto gpu = q.gpus.find(workload.gpu);
  const std::int64_t cards = instances * workload.instance.gpus;
  if (gpu != q.gpus.end() && cards > gpu->second) {
    raises.push_back({QuotaRaise::Quota::kGpus, workload.gpu, cards, gpu->second});
  }
  return raises;
}

}  // namespace stowage::advisor
