// A network of bench/flow_shapes.hpp (the heterogeneous flow network of BM_HeterogeneousFlows,
// bench/hetero_network.hpp, or one of issue 30's shapes) simulated twice, by stowage's FlowNetwork
// and by SimGrid, with the completion times compared and the CPU time of each printed. See
// bench/simgrid/README.md for the SimGrid model used.
//
// Usage: stowage_simgrid_hetero FLOWS NAS_PER_FLOW [SEED]     (the heterogeneous network)
//        stowage_simgrid_hetero --shape SHAPE FLOWS [SEED]    (SEED 0 or none: the shape's own)
// Either may begin with --stowage-only (stowage's run and its line alone) and --no-history
// (stowage's FlowNetwork without Options::history, as `simulate --flows --format json` runs it:
// the same completion times, without the record of every stretch of every flow).
// Prints stowage's CPU seconds as soon as it is done, then one line: the shape, flows, the CPU
// seconds of each simulator (building the network plus running it), their ratio and the largest
// relative difference between the two completion times of a flow; exits 1 when that difference
// exceeds kTolerance, 2 on bad arguments.
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
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/flow_shapes.hpp"
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

std::vector<double> run_stowage(const HeteroNetwork& h, bool history) {
  using namespace stowage::sim;
  Engine engine;
  FlowNetworkOptions options;
  options.history = history;
  FlowNetwork net(engine, options);
  std::vector<double> end(h.flows.size());
  stowage::bench::load_network(h, engine, net,
                               [&](std::size_t i) { end[i] = engine.now().value(); });
  engine.run();
  return end;
}

// One star zone: flow i's host sends to a sink. The constraints every flow crosses (the
// heterogeneous network's account cap, the limited network's account, the flips' NAS) are the
// sink's way down, a flow's other constraints its host's way up; no latency. A FATPIPE constraint
// is a FATPIPE link, a concurrency limit the link's, a flow's own bound a SHARED link of its own
// (Comm::set_rate does not reach a host-to-host communication in SimGrid 3.32), a capacity change
// Link::set_bandwidth from an actor at its date.
std::vector<double> run_simgrid(const HeteroNetwork& h, int argc, char** argv) {
  sg4::Engine e(&argc, argv);
  xbt_log_control_set("xbt_cfg.thres:warning");
  sg4::Engine::set_config("network/model:CM02");
  sg4::Engine::set_config("network/crosstraffic:0");
  sg4::Engine::set_config("maxmin/precision:1e-9");
  sg4::Engine::set_config("surf/precision:1e-9");
  auto* zone = sg4::create_star_zone("hetero");
  std::vector<sg4::Link*> links;
  links.reserve(h.capacity_bps.size());
  for (std::size_t c = 0; c < h.capacity_bps.size(); ++c) {
    sg4::Link* link = zone->create_link("c" + std::to_string(c), h.capacity_bps[c]);
    if (!h.fatpipe.empty() && h.fatpipe[c] != 0) {
      link->set_sharing_policy(sg4::Link::SharingPolicy::FATPIPE);
    }
    if (!h.slots.empty() && h.slots[c] != 0) {
      link->set_concurrency_limit(static_cast<int>(h.slots[c]));
    }
    links.push_back(link->seal());
  }
  std::vector<std::size_t> crossing(links.size(), 0);
  for (const auto& f : h.flows) {
    for (const std::uint32_t c : f.via) ++crossing[c];
  }
  std::vector<sg4::LinkInRoute> down;
  for (std::size_t c = 0; c < links.size(); ++c) {
    if (crossing[c] == h.flows.size()) down.emplace_back(links[c]);
  }
  sg4::Host* sink = zone->create_host("sink", 1e9);
  zone->add_route(nullptr, sink->get_netpoint(), nullptr, nullptr, down, false);
  std::vector<sg4::Host*> hosts;
  hosts.reserve(h.flows.size());
  for (std::size_t i = 0; i < h.flows.size(); ++i) {
    sg4::Host* host = zone->create_host("h" + std::to_string(i), 1e9);
    std::vector<sg4::LinkInRoute> up;
    for (const std::uint32_t c : h.flows[i].via) {
      if (crossing[c] != h.flows.size()) up.emplace_back(links[c]);
    }
    if (h.flows[i].bound_bps > 0) {
      up.emplace_back(zone->create_link("b" + std::to_string(i), h.flows[i].bound_bps)->seal());
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
  if (!h.changes.empty()) {
    sg4::Actor::create("changer", sink, [&] {
      for (const stowage::bench::CapacityChange& c : h.changes) {
        sg4::this_actor::sleep_until(c.at_s);
        links[c.constraint]->set_bandwidth(c.capacity_bps);
      }
    });
  }
  e.run();
  std::vector<double> end(h.flows.size());
  for (std::size_t i = 0; i < comms.size(); ++i) end[i] = comms[i]->get_finish_time();
  return end;
}

// The network the arguments name, its sizes rounded down to a byte; std::nullopt after a usage
// message.
std::optional<HeteroNetwork> network_of(int argc, char** argv, std::string& shape) {
  const bool named = argc > 1 && std::string_view(argv[1]) == "--shape";
  const int first = named ? 3 : 1;  // FLOWS
  if (argc < (named ? 4 : 3)) {
    std::fprintf(stderr,
                 "usage: %s [--stowage-only] [--no-history] FLOWS NAS_PER_FLOW [SEED]\n"
                 "       %s [--stowage-only] [--no-history] --shape SHAPE FLOWS [SEED]\n",
                 argv[0], argv[0]);
    return std::nullopt;
  }
  const auto flows = static_cast<std::size_t>(std::strtoull(argv[first], nullptr, 10));
  std::optional<HeteroNetwork> h;
  if (named) {
    shape = argv[2];
    const std::uint64_t seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 0;
    if (flows > 0) h = stowage::bench::make_shape(shape, flows, seed);
  } else {
    const auto nas = static_cast<std::size_t>(std::strtoull(argv[2], nullptr, 10));
    const std::uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
    shape = "hetero" + std::to_string(nas);
    if (flows > 0 && nas > 0 && nas <= stowage::bench::kHeteroNas) {
      h = stowage::bench::make_hetero_network(flows, nas, seed);
    }
  }
  if (!h) {
    std::fprintf(stderr,
                 "%s: FLOWS > 0, 1 <= NAS_PER_FLOW <= %u, SHAPE one of hetero1 hetero2 layered "
                 "unstructured two-nas hosts percolating unlimited limited flips\n",
                 argv[0], stowage::bench::kHeteroNas);
    return std::nullopt;
  }
  for (stowage::bench::HeteroFlow& f : h->flows) f.size_bytes = std::floor(f.size_bytes);
  return h;
}

}  // namespace

int main(int argc, char** argv) {
  // --stowage-only: stowage's run alone (its line only), for sizes SimGrid takes too long on;
  // --no-history: stowage without the stretches' record.
  bool stowage_only = false, history = true;
  while (argc > 1) {
    const std::string_view flag = argv[1];
    if (flag == "--stowage-only") {
      stowage_only = true;
    } else if (flag == "--no-history") {
      history = false;
    } else {
      break;
    }
    argv[1] = argv[0];
    ++argv;
    --argc;
  }
  std::string shape;
  const std::optional<HeteroNetwork> h = network_of(argc, argv, shape);
  if (!h) return 2;
  const std::size_t flows = h->flows.size();

  const double t0 = cpu_s();
  const std::vector<double> ours = run_stowage(*h, history);
  const double t1 = cpu_s();
  // Stowage's figure first, so that a SimGrid run stopped by a time limit still leaves it.
  std::printf("shape %s  flows %zu  stowage %.3f s CPU\n", shape.c_str(), flows, t1 - t0);
  std::fflush(stdout);
  if (stowage_only) return 0;
  int sg_argc = 1;
  const std::vector<double> theirs = run_simgrid(*h, sg_argc, argv);
  const double t2 = cpu_s();

  double worst = 0;
  std::size_t worst_flow = 0;
  for (std::size_t i = 0; i < flows; ++i) {
    const double d = std::abs(ours[i] - theirs[i]) / std::max(std::abs(theirs[i]), 1e-300);
    if (d > worst || std::isnan(d)) {
      worst = std::isnan(d) ? INFINITY : d;
      worst_flow = i;
    }
  }
  std::printf(
      "shape %s  flows %zu  stowage %.3f s CPU  simgrid %.3f s CPU  ratio %.1f  "
      "max rel diff %.2e (flow %zu: %.9f s vs %.9f s)\n",
      shape.c_str(), flows, t1 - t0, t2 - t1, (t2 - t1) / (t1 - t0), worst, worst_flow,
      ours[worst_flow], theirs[worst_flow]);
  return worst <= kTolerance ? 0 : 1;
}
