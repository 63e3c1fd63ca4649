// Sweep throughput: scenarios (one point on one storage) simulated per second, for bursts of 100
// instances. The base is the embedded default workload (Stable Diffusion 1.5 on Function Compute
// GPU, hash then load) with its four storage choices (image, nas-performance, oss, oss-accel)
// and a burst of 100; one axis spreads the burst over 0 to 60 s in `points` steps, so every
// point is a different simulation. Threads: the argument (1, 2). Target: at least 1,000
// scenarios per second on two cores.
#include <benchmark/benchmark.h>

#include "advisor/sweep/run.hpp"
#include "sim/config/workload_loader.hpp"

namespace {

using namespace stowage;

/// Points per sweep run: enough that starting the threads is noise.
constexpr std::size_t kPoints = 250;
constexpr std::int64_t kBurst = 100;

sim::SweepSpec burst_sweep() {
  sim::SweepSpec spec;
  spec.name = "bench";
  spec.base = sim::config::load_default_workload();
  std::get<sim::BurstArrivals>(spec.base.arrivals).count = kBurst;
  sim::SweepAxis spread;
  spread.path = "arrivals.spread";
  spread.field = sim::SweepField::kArrivalsSpread;
  spread.unit = sim::AxisUnit::kSeconds;
  spread.scale = sim::AxisScale::kLinear;
  for (std::size_t i = 0; i < kPoints; ++i) {
    const double s = 60.0 * static_cast<double>(i) / (kPoints - 1);
    spread.values.push_back({s, {}, sim::axis_value_label(sim::AxisUnit::kSeconds, s)});
  }
  spec.axes = {spread};
  spec.identity = sim::sweep_identity("bench");
  return spec;
}

void BM_SweepBurst100(benchmark::State& state) {
  const sim::config::Catalog catalog = sim::config::Catalog::standard({}, "");
  const sim::SweepSpec spec = burst_sweep();
  advisor::SweepRunOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  std::size_t scenarios = 0;
  for (auto _ : state) {
    const advisor::SweepTable t = advisor::run_sweep(spec, catalog, options);
    scenarios += t.rows.size();
    benchmark::DoNotOptimize(t.rows.back().p99_s);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(scenarios));
  state.counters["scenarios_per_s"] =
      benchmark::Counter(static_cast<double>(scenarios), benchmark::Counter::kIsRate);
  state.counters["time_per_scenario"] = benchmark::Counter(
      static_cast<double>(scenarios), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
// Wall-clock time: the work runs on the sweep's own threads, not the benchmark's.
BENCHMARK(BM_SweepBurst100)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
