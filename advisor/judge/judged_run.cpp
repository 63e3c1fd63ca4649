#include "advisor/judge/judged_run.hpp"

#include <algorithm>
#include <utility>

#include "sim/check.hpp"
#include "sim/rng.hpp"
#include "sim/simulate.hpp"

namespace stowage::advisor {

JudgedRun judged_run(const sim::Scenario& scenario, const sim::StorageChoice& choice,
                     int replications) {
  STOWAGE_CHECK(replications >= 1, "a judged run needs at least one replication");
  JudgedRun j;
  j.result = sim::simulate(scenario, choice, scenario.workload.seed);
  j.p99_min_s = j.p99_max_s = j.result.summary.p99_s;
  j.random_delays = sim::has_random_delays(scenario, choice);
  if (!j.random_delays) return j;
  sim::Rng seeds(scenario.workload.seed);
  for (int i = 1; i < replications; ++i) {
    sim::SimResult run = sim::simulate(scenario, choice, seeds.next());
    const double p99 = run.summary.p99_s;
    j.p99_min_s = std::min(j.p99_min_s, p99);
    j.p99_max_s = std::max(j.p99_max_s, p99);
    if (p99 > j.result.summary.p99_s) {
      j.result = std::move(run);
      j.index = i;
    }
    ++j.runs;
  }
  return j;
}

}  // namespace stowage::advisor
