// Image distribution at scale: FaaSNet's burst (data/image-distribution/faasnet-2500.yaml, a fit
// case), 2,500 containers started at once, each pulling the image from the registry or from
// peers that hold it (fc-gpu's image distribution). Target: one simulation under 2 s.
#include <benchmark/benchmark.h>

#include "sim/config/catalog.hpp"
#include "sim/config/resolve.hpp"
#include "sim/simulate.hpp"

namespace {

namespace sim = stowage::sim;

void BM_ImagePeersBurst2500(benchmark::State& state) {
  const std::string dir = std::string(STOWAGE_SOURCE_DIR) + "/data/image-distribution";
  const sim::config::Catalog catalog = sim::config::Catalog::standard({dir + "/profiles"}, "");
  const sim::Workload w = sim::config::load_checked_workload(dir + "/faasnet-2500.yaml", catalog);
  const sim::Scenario scenario = sim::config::resolve_scenario(w, catalog);
  const sim::StorageChoice& image = w.storage.front();
  std::uint64_t events = 0;
  for (auto _ : state) {
    const sim::SimResult r = sim::simulate(scenario, image, w.seed);
    events = r.events;
    benchmark::DoNotOptimize(r.summary.max_s);
  }
  state.counters["events"] = static_cast<double>(events);
}
BENCHMARK(BM_ImagePeersBurst2500)->Unit(benchmark::kMillisecond);

}  // namespace
