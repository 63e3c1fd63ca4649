// `stowage advise --uncertainty` on the default workload (advisor/judge/uncertainty.hpp): the
// advice, then 200 plausible worlds of every candidate, in-process on one thread. Issue 26 asks
// for under 2 s on one core.
#include <benchmark/benchmark.h>

#include "advisor/judge/advise.hpp"
#include "advisor/judge/uncertainty.hpp"
#include "advisor/report/uncertainty.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/resolve.hpp"

namespace {

namespace sim = stowage::sim;
namespace adv = stowage::advisor;

void BM_AdviseUncertaintyDefault(benchmark::State& state) {
  const int worlds = static_cast<int>(state.range(0));
  for (auto _ : state) {
    const sim::config::Catalog catalog = sim::config::Catalog::standard({}, "");
    const sim::Scenario scenario =
        sim::config::resolve_scenario(sim::config::load_checked_workload("", catalog), catalog);
    const adv::EvaluateOptions options{adv::kDefaultReplications, true, true};
    const adv::Advice a = adv::advise(scenario, options);
    const adv::Uncertainty u = adv::uncertainty(scenario, a, options, {worlds});
    benchmark::DoNotOptimize(adv::report::uncertainty_text(u, "table", 0));
  }
  state.counters["worlds"] = worlds;
}
BENCHMARK(BM_AdviseUncertaintyDefault)->Arg(200)->Unit(benchmark::kMillisecond);

}  // namespace
