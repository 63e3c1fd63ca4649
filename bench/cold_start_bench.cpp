// Cold-start simulation at scale, through the simulator's front door (sim/simulate.hpp): a burst
// of N instances on one NAS (the catalog's nas-performance, fc-gpu and a10 profiles), every
// instance with its own NIC, two read passes (hash, then load) of the Stable Diffusion 1.5
// checkpoint, a timeout long enough that every load completes. Targets: 10,000 instances under
// 1 s, 100,000 under 10 s.
// And `stowage advise` on the default workload in-process: catalog, workload, resolution,
// evaluation of every candidate with its sizing hint, ranking and the terminal report.
#include <benchmark/benchmark.h>

#include "advisor/rank.hpp"
#include "advisor/report/advice.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/resolve.hpp"
#include "sim/simulate.hpp"

namespace {

namespace sim = stowage::sim;
namespace adv = stowage::advisor;

void BM_ColdStartNasBurst(benchmark::State& state) {
  const sim::config::Catalog catalog = sim::config::Catalog::standard({}, "");
  sim::Workload w;
  w.name = "bench";
  w.platform = "fc-gpu";
  w.gpu = "a10";
  w.model.files = {{"v1-5-pruned-emaonly.safetensors", sim::Bytes(4.27e9)}};
  w.model.read_passes = {sim::ReadPass::kHash, sim::ReadPass::kLoad};
  w.arrivals = sim::BurstArrivals{state.range(0), sim::Seconds(0), sim::Seconds(0)};
  // Long enough for the last of N loads sharing the file system to finish.
  w.timeout = sim::Seconds(1e9);
  const sim::StorageChoice nas{"nas-performance", std::nullopt, std::nullopt};
  const sim::Scenario scenario = sim::config::resolve_scenario(w, catalog, {nas});
  std::uint64_t events = 0;
  for (auto _ : state) {
    const sim::SimResult r = sim::simulate(scenario, nas, w.seed);
    events = r.events;
    benchmark::DoNotOptimize(r.summary.max_s);
  }
  state.counters["events"] = static_cast<double>(events);
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(events), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ColdStartNasBurst)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_AdviseDefault(benchmark::State& state) {
  for (auto _ : state) {
    const sim::config::Catalog catalog = sim::config::Catalog::standard({}, "");
    const sim::Scenario scenario =
        sim::config::resolve_scenario(sim::config::load_checked_workload("", catalog), catalog);
    const adv::Advice a = adv::advise(scenario, adv::EvaluateOptions{3, true, true});
    benchmark::DoNotOptimize(adv::report::advice_table(a, false));
  }
}
BENCHMARK(BM_AdviseDefault)->Unit(benchmark::kMillisecond);

}  // namespace
