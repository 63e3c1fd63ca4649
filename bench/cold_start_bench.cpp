// Cold-start simulation at scale: a burst of N instances on one NAS (the catalog's
// nas-performance, fc-gpu and a10 profiles), every instance with its own NIC, two read passes
// (hash, then load) of the Stable Diffusion 1.5 checkpoint, a timeout long enough that every
// load completes. Targets: 10,000 instances under 1 s, 100,000 under 10 s.
#include <benchmark/benchmark.h>

#include "sim/config/catalog.hpp"
#include "sim/cold_start.hpp"

namespace {

using namespace stowage::sim;

void BM_ColdStartNasBurst(benchmark::State& state) {
  const Catalog catalog = Catalog::standard({}, "");
  const StorageProfile nas = catalog.storage("nas-performance");
  const PlatformProfile platform = catalog.platform("fc-gpu");
  const GpuProfile gpu = catalog.gpu("a10");
  Workload w;
  w.name = "bench";
  w.model.files = {{"v1-5-pruned-emaonly.safetensors", Bytes(4.27e9)}};
  w.model.read_passes = {ReadPass::kHash, ReadPass::kLoad};
  w.arrivals = BurstArrivals{state.range(0), Seconds(0), Seconds(0)};
  // Long enough for the last of N loads sharing the file system to finish.
  w.timeout = Seconds(1e9);
  ColdStartInputs in;
  in.workload = &w;
  in.choice = {"nas-performance", std::nullopt, std::nullopt};
  in.storage = &nas;
  in.platform = &platform;
  in.gpu = &gpu;
  std::uint64_t events = 0;
  for (auto _ : state) {
    const SimResult r = simulate_cold_starts(in);
    events = r.events;
    benchmark::DoNotOptimize(r.summary.max_s);
  }
  state.counters["events"] = static_cast<double>(events);
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(events), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ColdStartNasBurst)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
