#include "advisor/judge/attribution.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

namespace stowage::advisor {

bool storage_independent(sim::Phase phase) {
  return phase == sim::Phase::kDelivery || phase == sim::Phase::kSandbox ||
         phase == sim::Phase::kInit;
}

LoadAttribution p99_load(const sim::SimResult& run) {
  LoadAttribution out;
  if (run.loads.empty()) return out;
  std::vector<std::size_t> order(run.loads.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&run](std::size_t a, std::size_t b) {
    return run.loads[a].time_to_ready_s() < run.loads[b].time_to_ready_s();
  });
  const auto rank =
      static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(order.size())));
  const sim::LoadResult& load = run.loads[order[std::max<std::size_t>(rank, 1) - 1]];
  out.instance = load.instance;
  out.failed = !load.ready.has_value();
  std::array<double, sim::kPhaseCount> by_phase{};
  double end_s = load.arrive.value();
  for (const sim::PhaseTime& p : load.phases) {
    by_phase[static_cast<std::size_t>(p.phase)] += (p.end - p.start).value();
    end_s = std::max(end_s, p.end.value());
  }
  out.time_s = out.failed ? end_s - load.arrive.value() : load.time_to_ready_s();
  for (int i = 0; i < sim::kPhaseCount; ++i) {
    if (by_phase[static_cast<std::size_t>(i)] > 0) {
      out.phases.push_back({static_cast<sim::Phase>(i), by_phase[static_cast<std::size_t>(i)]});
    }
  }
  return out;
}

double storage_independent_p99_s(const sim::SimResult& run) {
  if (run.loads.empty()) return 0;
  std::vector<double> fixed;
  fixed.reserve(run.loads.size());
  for (const sim::LoadResult& load : run.loads) {
    double s = 0;
    for (const sim::PhaseTime& p : load.phases) {
      if (storage_independent(p.phase)) s += (p.end - p.start).value();
    }
    fixed.push_back(s);
  }
  return sim::nearest_rank(std::move(fixed), 99);
}

sim::Phase largest_storage_independent(const LoadAttribution& load) {
  sim::Phase best = sim::Phase::kSandbox;
  double most = 0;
  for (const PhaseSeconds& p : load.phases) {
    if (storage_independent(p.phase) && p.seconds > most) {
      most = p.seconds;
      best = p.phase;
    }
  }
  return best;
}

}  // namespace stowage::advisor
