// Input at scale: a flow file of N flows written as one YAML list, parsed and loaded into a
// FlowScenario, as `stowage simulate --flows FILE.yaml` does before it simulates (the CSV form,
// bench/make_flows_scenario.py, is the compact alternative): BM_FlowsYamlLoad with the fast
// parse that command uses, BM_FlowsYamlLoadYamlCpp with yaml-cpp alone (what a file outside the
// fast parse's subset costs). The network is the one that script
// writes: 1,000 hosts with a 25 Gbps NIC each, 100 NAS of 2 to 8 GB/s, loads of 1 to 10 GB
// bounded at 200 MB/s, starting in the first hour; illustrative timing inputs, not predictions.
// Target: 100,000 flows end to end within 1.5 s.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <string>

#include "sim/config/flows_loader.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/rng.hpp"

namespace {

namespace sim = stowage::sim;

std::string flows_yaml(std::size_t n) {
  sim::Rng rng(17);
  constexpr std::uint64_t kHosts = 1000, kNas = 100;
  std::string text = "constraints:\n";
  for (std::uint64_t k = 0; k < kNas; ++k) {
    text += fmt::format("  - {{name: nas-{}, capacity: {}MB/s}}\n", k, 2000 + rng.below(6001));
  }
  for (std::uint64_t h = 0; h < kHosts; ++h) {
    text += fmt::format("  - {{name: nic-{}, capacity: 25Gbps}}\n", h);
  }
  text += "flows:\n";
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t h = rng.below(kHosts);
    text += fmt::format(
        "  - {{id: load-{}, size: {}MB, start: {}s, via: [nas-{}, nic-{}], bound: 200MB/s}}\n", i,
        1000 + rng.below(9001), rng.below(3600), h % kNas, h);
  }
  return text;
}

void load(benchmark::State& state, sim::config::YamlParser parser) {
  const std::string text = flows_yaml(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const auto doc = sim::config::YamlDocument::from_text(text, "bench.yaml", parser);
    const sim::FlowScenario s = sim::config::load_flow_scenario(doc);
    benchmark::DoNotOptimize(s.flows.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(text.size() * state.iterations()));
}

void BM_FlowsYamlLoad(benchmark::State& state) { load(state, sim::config::YamlParser::kFast); }
BENCHMARK(BM_FlowsYamlLoad)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_FlowsYamlLoadYamlCpp(benchmark::State& state) {
  load(state, sim::config::YamlParser::kYamlCpp);
}
BENCHMARK(BM_FlowsYamlLoadYamlCpp)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
