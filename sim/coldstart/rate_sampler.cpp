#include "sim/coldstart/rate_sampler.hpp"

#include <algorithm>
#include <utility>

namespace stowage::sim {
namespace {

// Samples kept in a timeline before it is thinned (an algorithmic bound, not a figure).
constexpr std::size_t kMaxSamples = 2048;

}  // namespace

RateSampler::RateSampler(Engine& engine, FlowNetwork& net, ConstraintId shared, double step_s,
                         std::function<bool()> busy)
    : engine_(engine), net_(net), shared_(shared), step_s_(step_s), busy_(std::move(busy)) {
  samples_.peak_bps.assign(shared_, 0.0);
}

void RateSampler::load_began() {
  if (sampling_) return;
  origin_s_ = engine_.now().value();
  steps_ = 0;
  schedule();
}

void RateSampler::schedule() {
  sampling_ = true;
  const double t_s = origin_s_ + static_cast<double>(steps_) * step_s_;
  engine_.schedule(Seconds(t_s), [this, t_s] {
    net_.resolve();
    std::vector<double> rates(shared_, 0.0);
    for (ConstraintId c = 0; c < shared_; ++c) rates[c] = net_.load(c).value();
    for (std::size_t c = 0; c < rates.size(); ++c) {
      samples_.peak_bps[c] = std::max(samples_.peak_bps[c], rates[c]);
    }
    samples_.times_s.push_back(t_s);
    samples_.rates_bps.push_back(std::move(rates));
    if (samples_.rates_bps.size() >= kMaxSamples) {
      std::size_t kept = 0;
      for (std::size_t i = 0; i < samples_.rates_bps.size(); i += 2, ++kept) {
        if (kept == i) continue;  // the first sample stays where it is
        samples_.times_s[kept] = samples_.times_s[i];
        samples_.rates_bps[kept] = std::move(samples_.rates_bps[i]);
      }
      samples_.times_s.resize(kept);
      samples_.rates_bps.resize(kept);
      stride_ *= 2;
    }
    if (busy_()) {
      steps_ += stride_;
      schedule();
    } else {
      sampling_ = false;
    }
  });
}

}  // namespace stowage::sim
