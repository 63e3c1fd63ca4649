// Benchmarks of whole flow scenarios as `stowage simulate --flows` runs them (run_flow_scenario).
// BM_HostsConcurrency runs the network of bench/make_flows_scenario.py: 1,000 hosts, each with a
// 25 Gbps NIC shared by the loads it runs, reading from one of 100 NAS file systems of 2 to 8
// GB/s; each load is bounded at 200 MB/s and reads 1 to 10 GB. The figures are illustrative
// timing inputs, not predictions.
//
// BM_HostsConcurrency/N/limited: N loads starting in the first minute, each also through one
// account (a FATPIPE of 1 TB/s, never the bottleneck); limited = 1 lets every host run one load
// at a time and the account 2,000 (most loads wait for their host while the account has room),
// limited = 0 is the same scenario without the limits (make_flows_scenario.py 40000 DIR --slots
// 0:1 --account 2000 --window 60, and --account 0 --window 60, are the same shape as files). The
// target (issue 30): limited within 2x of unlimited at 40,000 loads.
// BM_CapacityFlips/N/F/history: the network of bench/make_flips_scenario.py: N loads of 10 to
// 20 GB from 0 s, each through its own 25 Gbps NIC and one shared NAS, bounded at 200 MB/s; every
// 10 ms the NAS changes between 1 TB/s and 4 TB/s (F changes), so each load's limit changes at
// nearly every change. history = 0 keeps only what the JSON output prints, as `simulate --flows
// --format json` does; 1 keeps every stretch, as the table does. peak_rss_mb is the process's
// peak resident memory (getrusage), meaningful when the benchmark runs alone
// (--benchmark_filter); the target (issue 30): 10,000 loads x 8,000 changes under 300 MB.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cmath>
#include <cstdint>

#include "bench/flow_shapes.hpp"
#include "sim/flow_scenario.hpp"

namespace {

using namespace stowage::sim;

// A network of bench/flow_shapes.hpp as a scenario, every constraint named "c".
FlowScenario to_scenario(const stowage::bench::HeteroNetwork& h) {
  FlowScenario s;
  for (std::size_t c = 0; c < h.capacity_bps.size(); ++c) {
    ConstraintSpec spec{"c", BytesPerSecond(h.capacity_bps[c])};
    if (!h.fatpipe.empty() && h.fatpipe[c] != 0) spec.sharing = Sharing::kFatpipe;
    if (!h.slots.empty()) spec.concurrency = h.slots[c];
    s.constraints.push_back(std::move(spec));
  }
  for (const stowage::bench::HeteroFlow& f : h.flows) {
    FlowScenario::Flow flow;
    flow.id = "load";
    flow.start = Seconds(f.start_s);
    flow.spec = FlowSpec{
        Bytes(f.size_bytes), {}, BytesPerSecond(f.bound_bps > 0 ? f.bound_bps : kUnbounded), 1.0};
    flow.spec.via.assign(f.via.begin(), f.via.end());
    s.flows.push_back(std::move(flow));
  }
  for (const stowage::bench::CapacityChange& c : h.changes) {
    s.changes.push_back(FlowScenario::CapacityChange{Seconds(c.at_s), c.constraint,
                                                     BytesPerSecond(c.capacity_bps)});
  }
  return s;
}

// The network of make_flows_scenario.py with `--account` (flow_shapes.hpp's limited and
// unlimited): constraints 0 .. 99 the NAS, 100 .. 1099 the NICs, 1100 the account (a FATPIPE);
// loads start in the first `window_s` seconds.
FlowScenario hosts_scenario(std::size_t n, std::uint32_t nic_slots, std::uint32_t account_slots,
                            double window_s, std::uint64_t seed) {
  return to_scenario(stowage::bench::make_hosts_network(
      n,
      stowage::bench::HostsOptions{.account = true,
                                   .nic_slots = nic_slots,
                                   .account_slots = account_slots,
                                   .window_s = window_s},
      seed));
}

FlowScenario flips_scenario(std::size_t n, std::size_t changes, std::uint64_t seed) {
  return to_scenario(stowage::bench::make_flips_network(n, changes, seed));
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

void BM_HostsConcurrency(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const bool limited = state.range(1) != 0;
  const FlowScenario s = hosts_scenario(n, limited ? 1 : 0, limited ? 2000 : 0, 60, 17);
  FlowScenarioResult r;
  for (auto _ : state) r = run_flow_scenario(s);
  std::size_t waited = 0;  // loads whose first stretch is a wait for a slot
  for (const auto& f : r.flows) {
    if (!f.intervals.empty() && f.intervals.front().limit.ends_with("(concurrency)")) ++waited;
  }
  state.counters["events"] = static_cast<double>(r.events);
  state.counters["waited"] = static_cast<double>(waited);
}
BENCHMARK(BM_HostsConcurrency)
    ->ArgsProduct({{10000, 20000, 40000}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

void BM_CapacityFlips(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto changes = static_cast<std::size_t>(state.range(1));
  const FlowScenario s = flips_scenario(n, changes, 23);
  FlowNetwork::Options options;
  options.history = state.range(2) != 0;
  FlowScenarioResult r;
  for (auto _ : state) r = run_flow_scenario(s, options);
  state.counters["events"] = static_cast<double>(r.events);
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_CapacityFlips)
    ->Args({10000, 8000, 0})
    ->Args({10000, 800, 1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
