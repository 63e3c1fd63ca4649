// Rate sampler: the rate each shared constraint of a run carries, sampled over time.
//
// While loads are in flight the sampler records, every `step`, the load of each shared
// constraint (the first `shared` constraints of the network: those every instance may cross) and
// keeps each one's peak. An idle stretch gets one all-zero sample and none after it until the
// next load begins. A sample costs O(flow classes); past kMaxSamples the series keeps every other
// sample and the step doubles, so a long busy stretch costs at most about 2 x kMaxSamples.
// The k-th sample of a busy stretch that began at t0 is at t0 + k * step, one rounding (not t0
// plus k roundings of a running sum), so its time prints as written: 65.853, not
// 65.85300000000001.
// Units: seconds, bytes per second. Deterministic: samples are engine events like any other.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/engine.hpp"
#include "sim/flow_network.hpp"

namespace stowage::sim {

/// What the sampler saw.
struct RateSamples {
  std::vector<double> times_s;
  std::vector<std::vector<double>> rates_bps;  // per sample, one rate per shared constraint
  std::vector<double> peak_bps;                // per shared constraint, over every sample
};

class RateSampler {
 public:
  /// Samples constraints [0, shared) of `net` every `step_s` while `busy()` holds.
  RateSampler(Engine& engine, FlowNetwork& net, ConstraintId shared, double step_s,
              std::function<bool()> busy);
  RateSampler(const RateSampler&) = delete;
  RateSampler& operator=(const RateSampler&) = delete;

  /// A load began: starts sampling now unless a sample is already scheduled.
  void load_began();
  const RateSamples& samples() const { return samples_; }
  RateSamples take() { return std::move(samples_); }

 private:
  void schedule();

  Engine& engine_;
  FlowNetwork& net_;
  ConstraintId shared_;
  double step_s_;             // the step the sampler was made with
  double origin_s_ = 0;       // when the busy stretch began
  std::uint64_t steps_ = 0;   // the next sample is at origin_s_ + steps_ * step_s_
  std::uint64_t stride_ = 1;  // steps between samples (doubles at each thinning)
  std::function<bool()> busy_;
  bool sampling_ = false;  // a sample is scheduled
  RateSamples samples_;
};

}  // namespace stowage::sim
