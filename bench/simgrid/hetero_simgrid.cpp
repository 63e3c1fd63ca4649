// The heterogeneous flow network of BM_HeterogeneousFlows (bench/hetero_network.hpp) simulated
// twice, by stowage's FlowNetwork and by SimGrid, with the completion times compared and the CPU
// time of each printed. See bench/simgrid/README.md for the SimGrid model used.
//
// Usage: stowage_simgrid_hetero FLOWS NAS_PER_FLOW [SEED]
// Prints one line: flows, NAS per flow, the CPU seconds of each simulator (building the network
// plus running it), their ratio and the largest relative difference between the two completion
// times of a flow; exits 1 when that difference exceeds kTolerance, 2 on bad arguments.
//
// SimGrid sends whole bytes, so both simulators get the flow sizes rounded down to a byte.
#include <simgrid/s4u.hpp>
#include <xbt/log.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

#include "bench/hetero_network.hpp"
#include "sim/engine.hpp"
#include "sim/flow_network.hpp"

namespace {

namespace sg4 = simgrid::s4u;
using stowage::bench::HeteroNetwork;

// Completion times agree to this relative difference (SimGrid solves with its own precision,
// set to 1e-9 below, and advances time by differences of dates).
constexpr double kTolerance = 1e-6;

double cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

std::vector<double> run_stowage(const HeteroNetwork& h) {
  using namespace stowage::sim;
  Engine engine;
  FlowNetwork net(engine);
  for (const double c : h.capacity_bps) net.add_constraint(ConstraintSpec{"c", BytesPerSecond(c)});
  std::vector<double> end(h.flows.size());
  for (std::size_t i = 0; i < h.flows.size(); ++i) {
    FlowSpec spec{Bytes(h.flows[i].size_bytes), {}, BytesPerSecond(kUnbounded), 1.0};
    spec.via.assign(h.flows[i].via.begin(), h.flows[i].via.end());
    engine.schedule(Seconds(h.flows[i].start_s), [&, i, spec = std::move(spec)] {
      net.start_flow(spec, [&, i] { end[i] = engine.now().value(); });
    });
  }
  engine.run();
  return end;
}

// One star zone: flow i's host sends to a sink over its NIC and NAS links (the host's way up)
// and the account link (the sink's way down), all SHARED with no latency.
std::vector<double> run_simgrid(const HeteroNetwork& h, int argc, char** argv) {
  sg4::Engine e(&argc, argv);
  xbt_log_control_set("xbt_cfg.thres:warning");
  sg4::Engine::set_config("network/model:CM02");
  sg4::Engine::set_config("network/crosstraffic:0");
  sg4::Engine::set_config("maxmin/precision:1e-9");
  sg4::Engine::set_config("surf/precision:1e-9");
  auto* zone = sg4::create_star_zone("hetero");
  std::vector<const sg4::Link*> links;
  links.reserve(h.capacity_bps.size());
  for (std::size_t c = 0; c < h.capacity_bps.size(); ++c) {
    links.push_back(zone->create_link("c" + std::to_string(c), h.capacity_bps[c])->seal());
  }
  sg4::Host* sink = zone->create_host("sink", 1e9);
  zone->add_route(nullptr, sink->get_netpoint(), nullptr, nullptr, {sg4::LinkInRoute(links[0])},
                  false);
  std::vector<sg4::Host*> hosts;
  hosts.reserve(h.flows.size());
  for (std::size_t i = 0; i < h.flows.size(); ++i) {
    sg4::Host* host = zone->create_host("h" + std::to_string(i), 1e9);
    std::vector<sg4::LinkInRoute> up;
    for (const std::uint32_t c : h.flows[i].via) {
      if (c != 0) up.emplace_back(links[c]);
    }
    zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr, up, false);
    hosts.push_back(host);
  }
  zone->seal();

  std::vector<sg4::CommPtr> comms(h.flows.size());
  sg4::Actor::create("starter", sink, [&] {
    std::vector<std::size_t> order(h.flows.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return h.flows[a].start_s < h.flows[b].start_s;
    });
    for (const std::size_t i : order) {
      sg4::this_actor::sleep_until(h.flows[i].start_s);
      comms[i] = sg4::Comm::sendto_async(hosts[i], sink,
                                         static_cast<std::uint64_t>(h.flows[i].size_bytes));
    }
    sg4::Comm::wait_all(comms);
  });
  e.run();
  std::vector<double> end(h.flows.size());
  for (std::size_t i = 0; i < comms.size(); ++i) end[i] = comms[i]->get_finish_time();
  return end;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s FLOWS NAS_PER_FLOW [SEED]\n", argv[0]);
    return 2;
  }
  const auto flows = static_cast<std::size_t>(std::strtoull(argv[1], nullptr, 10));
  const auto nas = static_cast<std::size_t>(std::strtoull(argv[2], nullptr, 10));
  const std::uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  if (flows == 0 || nas == 0 || nas > stowage::bench::kHeteroNas) {
    std::fprintf(stderr, "%s: FLOWS > 0 and 1 <= NAS_PER_FLOW <= %u\n", argv[0],
                 stowage::bench::kHeteroNas);
    return 2;
  }
  HeteroNetwork h = stowage::bench::make_hetero_network(flows, nas, seed);
  for (stowage::bench::HeteroFlow& f : h.flows) f.size_bytes = std::floor(f.size_bytes);

  const double t0 = cpu_s();
  const std::vector<double> ours = run_stowage(h);
  const double t1 = cpu_s();
  int sg_argc = 1;
  const std::vector<double> theirs = run_simgrid(h, sg_argc, argv);
  const double t2 = cpu_s();

  double worst = 0;
  std::size_t worst_flow = 0;
  for (std::size_t i = 0; i < flows; ++i) {
    const double d = std::abs(ours[i] - theirs[i]) / std::max(std::abs(theirs[i]), 1e-300);
    if (d > worst) {
      worst = d;
      worst_flow = i;
    }
  }
  std::printf(
      "flows %zu  nas_per_flow %zu  stowage %.3f s CPU  simgrid %.3f s CPU  ratio %.1f  "
      "max rel diff %.2e (flow %zu: %.9f s vs %.9f s)\n",
      flows, nas, t1 - t0, t2 - t1, (t2 - t1) / (t1 - t0), worst, worst_flow, ours[worst_flow],
      theirs[worst_flow]);
  return worst <= kTolerance ? 0 : 1;
}
