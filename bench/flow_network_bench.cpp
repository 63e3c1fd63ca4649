// Benchmarks of the simulation core: bursts of equal loads (with and without a private NIC per
// flow) and random flows over random constraint subsets, each run to the end on a fresh engine.
//
// Counters: events_per_s (callbacks plus completions per second of wall time), bytes_per_flow
// (peak heap bytes allocated during the run, divided by the flows; counted by the operator new
// replacement below), solves (connected components solved).
// The capacities and sizes are illustrative inputs for timing, not predictions: a 600 MB/s NAS,
// 4.27 GB loads, 200 MB/s per-connection bounds, 5 Gbps NICs.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <new>
#include <vector>

#include "bench/flow_shapes.hpp"
#include "sim/engine.hpp"
#include "sim/flow_network.hpp"
#include "sim/rng.hpp"

namespace {

// Heap accounting for this benchmark program only: replacing operator new is global by nature.
// The counts are per thread: the flow benchmarks run on one thread and read their own, and the
// sweep benchmarks in the same program run on several threads, which must not write one shared
// counter on every allocation (that cache line, passed between cores, cost the two-thread sweep
// a third of its speed, and unsynchronised shared counters were a data race besides).
thread_local std::size_t live_bytes = 0;
thread_local std::size_t peak_bytes = 0;

}  // namespace

void* operator new(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  live_bytes += malloc_usable_size(p);
  peak_bytes = std::max(peak_bytes, live_bytes);
  return p;
}
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  live_bytes -= malloc_usable_size(p);
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }

namespace {

using namespace stowage::sim;

constexpr double kNasBps = 600e6;
constexpr double kLoadBytes = 4.27e9;
constexpr double kBoundBps = 200e6;
constexpr double kNicBps = 5e9 / 8;

struct RunStats {
  std::uint64_t events = 0;
  std::uint64_t solves = 0;
  std::uint64_t solved_classes = 0;
  std::size_t peak_bytes = 0;
};

// Adds to `via` distinct constraints drawn by `pick` until it holds `count`.
template <class Pick>
void add_distinct(std::vector<ConstraintId>& via, std::size_t count, Pick pick) {
  while (via.size() < count) {
    const ConstraintId c = pick();
    if (std::find(via.begin(), via.end(), c) == via.end()) via.push_back(c);
  }
}

// Builds a scenario with `setup(engine, net)` on a fresh engine and network, runs it to the end
// and collects the counters, with the peak heap bytes of the whole run.
template <class Setup>
RunStats run_scenario(Setup setup) {
  const std::size_t base = live_bytes;
  peak_bytes = live_bytes;
  RunStats stats;
  {
    Engine engine;
    FlowNetwork net(engine);
    setup(engine, net);
    stats.events = engine.run();
    stats.solves = net.solves();
    stats.solved_classes = net.solved_classes();
  }
  stats.peak_bytes = peak_bytes - base;
  return stats;
}

// N equal loads start together on one shared NAS, each with its own bound and, optionally, its
// own NIC constraint.
RunStats run_burst(std::size_t n, bool private_nic) {
  return run_scenario([&](Engine& engine, FlowNetwork& net) {
    const ConstraintId nas = net.add_constraint(ConstraintSpec{"nas", BytesPerSecond(kNasBps)});
    for (std::size_t i = 0; i < n; ++i) {
      FlowSpec spec{Bytes(kLoadBytes), {nas}, BytesPerSecond(kBoundBps), 1.0};
      if (private_nic) {
        spec.via.push_back(net.add_constraint(ConstraintSpec{"nic", BytesPerSecond(kNicBps)}));
      }
      engine.schedule(Seconds(0), [&net, spec = std::move(spec)] { net.start_flow(spec); });
    }
  });
}

// 10,000-style random load: sizes uniform in [10 MB, 1 GB], starts uniform in [0, 60 s], each
// flow over 3 distinct constraints out of 100 with capacities uniform in [1, 10] GB/s.
RunStats run_random(std::size_t n, std::uint64_t seed) {
  constexpr std::uint64_t kConstraints = 100;
  return run_scenario([&](Engine& engine, FlowNetwork& net) {
    Rng rng(seed);
    for (std::uint64_t c = 0; c < kConstraints; ++c) {
      net.add_constraint(ConstraintSpec{"c", BytesPerSecond(rng.uniform(1e9, 10e9))});
    }
    for (std::size_t i = 0; i < n; ++i) {
      FlowSpec spec{Bytes(rng.uniform(10e6, 1e9)), {}, BytesPerSecond(kUnbounded), 1.0};
      add_distinct(spec.via, 3, [&] { return static_cast<ConstraintId>(rng.below(kConstraints)); });
      engine.schedule(Seconds(rng.uniform(0, 60)),
                      [&net, spec = std::move(spec)] { net.start_flow(spec); });
    }
  });
}

// A network of bench/flow_shapes.hpp (BM_HeterogeneousFlows's among them) as plain data.
RunStats run_network(const stowage::bench::HeteroNetwork& h) {
  return run_scenario(
      [&](Engine& engine, FlowNetwork& net) { stowage::bench::load_network(h, engine, net); });
}

// The heterogeneous network of bench/hetero_network.hpp: each flow through its own NIC,
// `nas_per_flow` of 100 NAS and one account cap that ties everything into one component.
RunStats run_hetero(std::size_t n, std::size_t nas_per_flow, std::uint64_t seed) {
  return run_network(stowage::bench::make_hetero_network(n, nas_per_flow, seed));
}

void report(benchmark::State& state, const RunStats& stats, std::size_t n) {
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(stats.events), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["events"] = static_cast<double>(stats.events);
  state.counters["solves"] = static_cast<double>(stats.solves);
  state.counters["classes_per_solve"] =
      static_cast<double>(stats.solved_classes) /
      static_cast<double>(std::max<std::uint64_t>(stats.solves, 1));
  state.counters["bytes_per_flow"] = static_cast<double>(stats.peak_bytes) / static_cast<double>(n);
}

// kPrivateNic: each flow also crosses a NIC constraint of its own.
template <bool kPrivateNic>
void BM_Burst(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  RunStats stats;
  for (auto _ : state) stats = run_burst(n, kPrivateNic);
  report(state, stats, n);
}
void BM_BurstSharedBound(benchmark::State& state) { BM_Burst<false>(state); }
void BM_BurstPrivateNic(benchmark::State& state) { BM_Burst<true>(state); }
BENCHMARK(BM_BurstSharedBound)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BurstPrivateNic)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_RandomFlows3of100(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  RunStats stats;
  for (auto _ : state) stats = run_random(n, 1);
  report(state, stats, n);
}
BENCHMARK(BM_RandomFlows3of100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

namespace {

// Args: flows, NAS per flow.
void BM_HeterogeneousFlows(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto nas_per_flow = static_cast<std::size_t>(state.range(1));
  RunStats stats;
  for (auto _ : state) stats = run_hetero(n, nas_per_flow, 1);
  report(state, stats, n);
}
BENCHMARK(BM_HeterogeneousFlows)
    ->ArgsProduct({{1000, 2000, 5000, 10000, 20000}, {1, 2}})
    ->Unit(benchmark::kMillisecond);

}  // namespace

namespace {

// The networks of issue 30 (bench/flow_shapes.hpp), one function per shape. Arg: flows.
void run_shape(benchmark::State& state, const char* shape) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const stowage::bench::HeteroNetwork h = *stowage::bench::make_shape(shape, n);
  RunStats stats;
  for (auto _ : state) stats = run_network(h);
  report(state, stats, n);
}
// (a) 3 to 5 of 100 NAS + 40 racks + 10 accounts per flow, and its own NIC.
void BM_LayeredFlows(benchmark::State& state) { run_shape(state, "layered"); }
// (b) 3 to 5 of 200 unstructured constraints per flow, and its own NIC.
void BM_UnstructuredFlows(benchmark::State& state) { run_shape(state, "unstructured"); }
// (c) 2 of 100 NAS per flow and its own NIC, no account cap.
void BM_TwoNasFlows(benchmark::State& state) { run_shape(state, "two-nas"); }
BENCHMARK(BM_LayeredFlows)->Arg(5000)->Arg(10000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_UnstructuredFlows)->Arg(5000)->Arg(10000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TwoNasFlows)->Arg(5000)->Arg(10000)->Arg(20000)->Unit(benchmark::kMillisecond);

// (d) make_flows_scenario.py's network of 1,000 hosts; Args: flows, random (0: each load's NAS
// is host % 100, the structured twin; 1: drawn at random, the percolating network).
void BM_PercolatingFlows(benchmark::State& state) {
  run_shape(state, state.range(1) != 0 ? "percolating" : "hosts");
}
BENCHMARK(BM_PercolatingFlows)
    ->Args({100000, 0})
    ->Args({100000, 1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
