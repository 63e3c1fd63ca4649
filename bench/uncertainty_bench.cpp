// `stowage advise --uncertainty` on the default workload (advisor/judge/uncertainty.hpp): the
// advice, then 200 plausible worlds of every candidate, in-process on one thread. Issue 26 asks
// for under 2 s on one core. And the accuracy suite with its bands and model error
// (`stowage accuracy --uncertainty`, advisor/judge/model_error.hpp), which `advise
// --uncertainty` also runs for the model error it shows.
#include <benchmark/benchmark.h>

#include "advisor/judge/accuracy.hpp"
#include "advisor/judge/advise.hpp"
#include "advisor/judge/uncertainty.hpp"
#include "advisor/report/uncertainty.hpp"
#include "sim/config/accuracy_cases.hpp"
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

void BM_AccuracyBandsModelError(benchmark::State& state) {
  const int worlds = static_cast<int>(state.range(0));
  const sim::config::AccuracySuite suite = sim::config::load_accuracy_suite(
      std::string(STOWAGE_SOURCE_DIR) + "/data/validation/cases.yaml");
  const sim::config::Catalog catalog = sim::config::Catalog::standard({suite.profiles}, "");
  std::size_t inside = 0;
  for (auto _ : state) {
    const adv::AccuracyReport r = adv::run_accuracy(suite, catalog, worlds);
    inside = r.check_bands.inside_with_error;
    benchmark::DoNotOptimize(inside);
  }
  state.counters["cases"] = static_cast<double>(suite.cases.size());
  state.counters["inside_with_error"] = static_cast<double>(inside);
}
BENCHMARK(BM_AccuracyBandsModelError)->Arg(200)->Unit(benchmark::kMillisecond);

}  // namespace
