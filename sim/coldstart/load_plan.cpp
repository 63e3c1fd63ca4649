#include "sim/coldstart/load_plan.hpp"

#include <algorithm>
#include <limits>

#include "sim/check.hpp"

namespace stowage::sim {

namespace {

// Each load's draws by slot (keyed_uniform): the sandbox, the storage's attach phases in order,
// the model's init. A slot never moves when another draw is added or skipped.
constexpr std::uint64_t kSandboxSlot = 0;
constexpr std::uint64_t kFirstAttachSlot = 1;
constexpr std::uint64_t kInitSlot = 64;

}  // namespace

LoadPlans plan_loads(const PlanInputs& in, const std::vector<LoadRequest>& requests,
                     std::uint64_t draw_seed) {
  STOWAGE_CHECK(in.workload && in.platform, "incomplete plan inputs");
  STOWAGE_CHECK(kFirstAttachSlot + in.storage.attach.size() <= kInitSlot,
                "more attach phases than draw slots");
  const Workload& w = *in.workload;
  LoadPlans plans;
  plans.loads.resize(requests.size());
  double last_delivery_s = -std::numeric_limits<double>::infinity();
  const double gap_s =
      in.platform->delivery_per_minute ? 60.0 / *in.platform->delivery_per_minute : 0.0;
  // At most: a wait, delivery, image pull, sandbox, the attach phases, the reads and the copy.
  std::vector<Stage> stages;
  stages.reserve(5 + in.storage.attach.size() + in.passes.size());
  for (std::size_t k = 0; k < requests.size(); ++k) {
    const auto draw = [draw_seed, k](const Distribution& d, std::uint64_t slot) {
      return d.sample(keyed_uniform(draw_seed, k, slot)).value();
    };
    LoadPlan& plan = plans.loads[k];
    stages.clear();
    STOWAGE_CHECK(plans.delays.size() <= std::numeric_limits<std::uint32_t>::max(),
                  "too many delays for one run");
    plan.delays = static_cast<std::uint32_t>(plans.delays.size());
    std::uint8_t slot = 0;
    const auto delay = [&](Phase phase, double delay_s) {
      stages.push_back({Stage::Kind::kDelay, phase, slot++});
      plans.delays.push_back(delay_s);
    };
    const double arrive_s = requests[k].at.value();
    // An instance starts from an image only once the new image exists: it waits before
    // delivery. Other storages wait just before reading (sandbox and attach go on meanwhile).
    const bool wait_first = in.storage.update_wait_before_delivery && !requests[k].is_switch;
    const double after_wait_s = wait_first ? std::max(arrive_s, in.available_s) : arrive_s;
    if (wait_first) delay(Phase::kUpdateWait, after_wait_s - arrive_s);
    if (!requests[k].is_switch) {
      const double delivered_s = std::max(after_wait_s, last_delivery_s + gap_s);
      last_delivery_s = delivered_s;
      delay(Phase::kDelivery, delivered_s - after_wait_s);
      if (in.storage.after_delivery_read) {
        stages.push_back({Stage::Kind::kStorageRead, Phase::kImagePull});
      }
      delay(Phase::kSandbox, draw(in.platform->sandbox_start, kSandboxSlot));
      if (in.vpc) stages.push_back({Stage::Kind::kVpcAttach, Phase::kVpcAttach});
      std::uint64_t attach_slot = kFirstAttachSlot;
      for (const DelayPhase& p : in.storage.attach) delay(p.phase, draw(p.delay, attach_slot++));
    }
    if (!wait_first && in.available_s > arrive_s) {
      stages.push_back({Stage::Kind::kWaitUntil, Phase::kUpdateWait, 0, in.available_s});
    }
    for (ReadPass pass : in.passes) {
      stages.push_back(
          {Stage::Kind::kReadPass, pass == ReadPass::kHash ? Phase::kReadHash : Phase::kReadLoad});
    }
    stages.push_back({Stage::Kind::kCopy, Phase::kH2d});
    plan.init_s = w.model.init ? draw(*w.model.init, kInitSlot) : 0.0;
    // A run has a few shapes (cold starts, switches, before and after an update).
    const auto found = std::find(plans.shapes.begin(), plans.shapes.end(), stages);
    plan.shape = static_cast<std::uint32_t>(found - plans.shapes.begin());
    if (found == plans.shapes.end()) plans.shapes.push_back(stages);
  }
  return plans;
}

}  // namespace stowage::sim
