#include "sim/load_plan.hpp"

#include <algorithm>
#include <limits>

#include "sim/check.hpp"

namespace stowage::sim {

std::vector<LoadPlan> plan_loads(const PlanInputs& in, const std::vector<LoadRequest>& requests,
                                 Rng& rng) {
  STOWAGE_CHECK(in.workload && in.platform, "incomplete plan inputs");
  const Workload& w = *in.workload;
  const auto draw = [&rng](const Distribution& d) { return d.sample(rng.uniform()).value(); };
  std::vector<LoadPlan> plans(requests.size());
  double last_delivery_s = -std::numeric_limits<double>::infinity();
  const double gap_s =
      in.platform->delivery_per_minute ? 60.0 / *in.platform->delivery_per_minute : 0.0;
  for (std::size_t k = 0; k < requests.size(); ++k) {
    LoadPlan& plan = plans[k];
    std::vector<Stage>& stages = plan.stages;
    // At most: a wait, delivery, image pull, sandbox, the attach phases, the reads and the copy
    // (one allocation a load, not four).
    stages.reserve(5 + in.attach.size() + in.passes.size());
    plan.request = requests[k];
    const double arrive_s = requests[k].at.value();
    // An instance starts from an image only once the new image exists: it waits before
    // delivery. Other storages wait just before reading (sandbox and attach go on meanwhile).
    const bool wait_first = in.in_image && !requests[k].is_switch;
    const double after_wait_s = wait_first ? std::max(arrive_s, in.available_s) : arrive_s;
    if (wait_first) {
      stages.push_back({Stage::Kind::kDelay, Phase::kUpdateWait, after_wait_s - arrive_s});
    }
    if (!requests[k].is_switch) {
      const double delivered_s = std::max(after_wait_s, last_delivery_s + gap_s);
      last_delivery_s = delivered_s;
      stages.push_back({Stage::Kind::kDelay, Phase::kDelivery, delivered_s - after_wait_s});
      if (in.in_image) stages.push_back({Stage::Kind::kImagePull, Phase::kImagePull});
      stages.push_back({Stage::Kind::kDelay, Phase::kSandbox, draw(in.platform->sandbox_start)});
      if (in.vpc) stages.push_back({Stage::Kind::kVpcAttach, Phase::kVpcAttach});
      for (const DelayPhase& p : in.attach) {
        stages.push_back({Stage::Kind::kDelay, p.phase, draw(p.delay)});
      }
    }
    if (!wait_first && in.available_s > arrive_s) {
      stages.push_back({Stage::Kind::kWaitUntil, Phase::kUpdateWait, in.available_s});
    }
    for (ReadPass pass : in.passes) {
      stages.push_back(
          {Stage::Kind::kReadPass, pass == ReadPass::kHash ? Phase::kReadHash : Phase::kReadLoad});
    }
    stages.push_back({Stage::Kind::kCopy, Phase::kH2d});
    plan.init_s = w.model.init ? draw(*w.model.init) : 0.0;
  }
  return plans;
}

}  // namespace stowage::sim
