// Cold-start simulation at scale, through the simulator's front door (sim/simulate.hpp): a burst
// of N instances on one NAS (the catalog's nas-performance, fc-gpu and a10 profiles), every
// instance with its own NIC, two read passes (hash, then load) of the Stable Diffusion 1.5
// checkpoint, a timeout long enough that every load completes. Targets: 10,000 instances under
// 1 s, 100,000 under 10 s, 1,000,000 within 5 s and 1.5 GB.
// And `stowage advise` on the default workload in-process: catalog, workload, resolution,
// evaluation of every candidate with its sizing hint, ranking and the terminal report.
// And output at scale: the JSON of a result of 100,000 loads (target: simulation and JSON of
// 100,000 loads within 1 s).
#include <benchmark/benchmark.h>

#include "advisor/judge/advise.hpp"
#include "advisor/judge/hinges.hpp"
#include "advisor/report/advice.hpp"
#include "advisor/report/sim_result.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/resolve.hpp"
#include "sim/simulate.hpp"

namespace {

namespace sim = stowage::sim;
namespace adv = stowage::advisor;

/// The burst of `n` loads on nas-performance described above, resolved from the catalog.
struct NasBurst {
  sim::Workload workload;
  sim::StorageChoice nas{"nas-performance", std::nullopt, std::nullopt};
  sim::Scenario scenario;
};

NasBurst nas_burst(std::int64_t n) {
  const sim::config::Catalog catalog = sim::config::Catalog::standard({}, "");
  NasBurst b;
  sim::Workload& w = b.workload;
  w.name = "bench";
  w.platform = "fc-gpu";
  w.gpu = "a10";
  w.model.files = {{"v1-5-pruned-emaonly.safetensors", sim::Bytes(4.27e9)}};
  w.model.read_passes = {sim::ReadPass::kHash, sim::ReadPass::kLoad};
  w.arrivals = sim::BurstArrivals{n, sim::Seconds(0), sim::Seconds(0)};
  // Long enough for the last of N loads sharing the file system to finish.
  w.timeout = sim::Seconds(1e9);
  b.scenario = sim::config::resolve_scenario(w, catalog, {b.nas});
  return b;
}

void BM_ColdStartNasBurst(benchmark::State& state) {
  const NasBurst b = nas_burst(state.range(0));
  std::uint64_t events = 0;
  for (auto _ : state) {
    const sim::SimResult r = sim::simulate(b.scenario, b.nas, b.workload.seed);
    events = r.events;
    benchmark::DoNotOptimize(r.summary.max_s);
  }
  state.counters["events"] = static_cast<double>(events);
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(events), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ColdStartNasBurst)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
// The million-load target: one run is several seconds.
BENCHMARK(BM_ColdStartNasBurst)->Arg(1000000)->Iterations(1)->Unit(benchmark::kMillisecond);

// `stowage simulate WORKLOAD --json` after the workload is read: the simulation, then its JSON
// streamed to a sink that only counts the bytes (what stdout would receive).
void BM_SimulateJson(benchmark::State& state) {
  const NasBurst b = nas_burst(state.range(0));
  std::size_t bytes = 0;
  for (auto _ : state) {
    const sim::SimResult r = sim::simulate(b.scenario, b.nas, b.workload.seed);
    bytes = 0;
    adv::report::JsonStream out([&](std::string_view text) { bytes += text.size(); });
    adv::report::result_json(r, out);
    out.finish();
  }
  state.counters["json_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_SimulateJson)->Arg(100000)->Unit(benchmark::kMillisecond);

// The JSON of a result of N loads alone.
void BM_ResultJson(benchmark::State& state) {
  const NasBurst b = nas_burst(state.range(0));
  const sim::SimResult r = sim::simulate(b.scenario, b.nas, b.workload.seed);
  std::size_t bytes = 0;
  for (auto _ : state) {
    bytes = 0;
    adv::report::JsonStream out([&](std::string_view text) { bytes += text.size(); });
    adv::report::result_json(r, out);
    out.finish();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes * state.iterations()));
}
BENCHMARK(BM_ResultJson)->Arg(100000)->Unit(benchmark::kMillisecond);

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

// The same advice and what it hinges on, as `stowage advise` searches it by default (every
// assumed figure from a third to three times its value); the evidence column is left out.
void BM_AdviseDefaultHinges(benchmark::State& state) {
  for (auto _ : state) {
    const sim::config::Catalog catalog = sim::config::Catalog::standard({}, "");
    const sim::Scenario scenario =
        sim::config::resolve_scenario(sim::config::load_checked_workload("", catalog), catalog);
    const adv::EvaluateOptions options{3, true, true};
    const adv::Advice a = adv::advise(scenario, options);
    benchmark::DoNotOptimize(adv::robustness(scenario, a, options, adv::HingeOptions{}));
  }
}
BENCHMARK(BM_AdviseDefaultHinges)->Unit(benchmark::kMillisecond);

}  // namespace
