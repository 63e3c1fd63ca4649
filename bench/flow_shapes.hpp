// The networks of issue 30, as plain data (bench/hetero_network.hpp's HeteroNetwork) built from a
// seed, so that the Google Benchmark programs and the SimGrid comparison (bench/simgrid/) run the
// same network. Capacities, sizes and starts are illustrative inputs for timing, not predictions.
//
// Shapes (flow i's own NIC, where it has one, is uniform in [1, 25] Gbps, so that flows have
// distinct bounds; sizes uniform in [0.5, 8] GB and starts in [0, 300 s] unless said):
//   hetero1, hetero2  BM_HeterogeneousFlows's network, 1 or 2 of 100 NAS per flow
//                     (make_hetero_network, unchanged).
//   layered   (a) 3 to 5 shared constraints per flow out of 100 NAS + 40 rack uplinks + 10
//             accounts: its NIC, one account (4 to 12 GB/s), one rack (2 to 6 GB/s) and 1 to 3
//             distinct NAS (2 to 8 GB/s). The accounts, 80 GB/s in all on average, saturate.
//   unstructured (b) its NIC and 3 to 5 distinct of 200 constraints of 0.5 to 2 GB/s.
//   two-nas   (c) its NIC and 2 distinct of 100 NAS of 1 to 4 GB/s, no account: the NAS alone
//             tie the flows into one component (hetero2 without its account cap).
//   hosts, percolating (d) the shape of bench/make_flows_scenario.py (1,000 hosts with a 25
//             Gbps NIC each shared by the loads they run, 100 NAS of 2 to 8 GB/s, loads of 1 to
//             10 GB bounded at 200 MB/s starting at a whole second of the first hour); hosts reads
//             NAS host % 100, percolating a NAS drawn at random (from its own stream, so the two
//             have the same hosts, sizes and starts; make_flows_scenario.py --random-nas writes
//             the same shape as a file, from Python's random numbers).
//   unlimited, limited (e) the same hosts and NAS with every load through one account (a
//             FATPIPE of 1 TB/s), starting in the first minute; limited runs one load at a time
//             per host and 2,000 at once on the account (BM_HostsConcurrency).
//   flips     (f) loads of 10 to 20 GB from 0 s, each through its own 25 Gbps NIC and one shared
//             NAS, bounded at 200 MB/s; every 10 ms the NAS changes between 4 TB/s and 1 TB/s,
//             8,000 changes (BM_CapacityFlips, bench/make_flips_scenario.py).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>

#include "bench/hetero_network.hpp"
#include "sim/engine.hpp"
#include "sim/flow_network.hpp"
#include "sim/rng.hpp"

namespace stowage::bench {

// (a) Constraint ids: 0 .. 9 the accounts, 10 .. 49 the racks, 50 .. 149 the NAS, then the NICs.
inline HeteroNetwork make_layered_network(std::size_t flows, std::uint64_t seed) {
  sim::Rng rng(seed);
  HeteroNetwork net;
  shape_detail::add_uniform(net, 10, rng, 4e9, 12e9);
  shape_detail::add_uniform(net, 40, rng, 2e9, 6e9);
  shape_detail::add_uniform(net, 100, rng, 2e9, 8e9);
  return shape_detail::with_private_nics(std::move(net), flows, rng, [&](auto& via) {
    via.push_back(static_cast<std::uint32_t>(rng.below(10)));
    via.push_back(static_cast<std::uint32_t>(10 + rng.below(40)));
    shape_detail::add_distinct(via, 3 + 1 + rng.below(3), rng, 50, 100);
  });
}

// Flows through their own NIC and `least` to `least + spread - 1` distinct of `pool` shared
// constraints uniform in [lo, hi] (constraint ids 0 .. pool - 1, then the NICs).
inline HeteroNetwork make_pool_network(std::size_t flows, std::uint64_t seed, std::uint32_t pool,
                                       double lo, double hi, std::size_t least,
                                       std::uint64_t spread) {
  sim::Rng rng(seed);
  HeteroNetwork net;
  shape_detail::add_uniform(net, pool, rng, lo, hi);
  return shape_detail::with_private_nics(std::move(net), flows, rng, [&](auto& via) {
    const std::size_t shared = least + (spread > 1 ? rng.below(spread) : 0);
    shape_detail::add_distinct(via, 1 + shared, rng, 0, pool);
  });
}

// (b) 3 to 5 of 200 constraints of 0.5 to 2 GB/s.
inline HeteroNetwork make_unstructured_network(std::size_t flows, std::uint64_t seed) {
  return make_pool_network(flows, seed, 200, 0.5e9, 2e9, 3, 3);
}

// (c) 2 of 100 NAS of 1 to 4 GB/s.
inline HeteroNetwork make_two_nas_network(std::size_t flows, std::uint64_t seed) {
  return make_pool_network(flows, seed, 100, 1e9, 4e9, 2, 1);
}

struct HostsOptions {
  bool random_nas = false;  // (d) percolating: each load's NAS at random, not host % 100
  bool account = false;     // every load also through one FATPIPE account of 1 TB/s
  std::uint32_t nic_slots = 0;
  std::uint32_t account_slots = 0;
  double window_s = 3600;
};

// (d), (e) Constraint ids: 0 .. 99 the NAS, 100 .. 1099 the NICs, 1100 the account. The draws
// are BM_HostsConcurrency's (seed 17 there), so that its network is unchanged.
inline HeteroNetwork make_hosts_network(std::size_t flows, const HostsOptions& o,
                                        std::uint64_t seed) {
  constexpr std::uint32_t kHosts = 1000;
  constexpr std::uint32_t kNas = 100;
  sim::Rng rng(seed);
  sim::Rng nas_rng(seed ^ 0x6e6173ULL);
  HeteroNetwork net;
  shape_detail::add_uniform(net, kNas, rng, 2e9, 8e9);
  net.capacity_bps.resize(kNas + kHosts, 25e9 / 8);
  net.slots.resize(kNas + kHosts, 0);
  for (std::uint32_t h = 0; h < kHosts; ++h) net.slots[kNas + h] = o.nic_slots;
  net.fatpipe.resize(kNas + kHosts, 0);
  if (o.account) {
    net.capacity_bps.push_back(1e12);
    net.slots.push_back(o.account_slots);
    net.fatpipe.push_back(1);
  }
  net.flows.reserve(flows);
  for (std::size_t i = 0; i < flows; ++i) {
    const auto h = static_cast<std::uint32_t>(rng.below(kHosts));
    HeteroFlow f;
    f.start_s = std::floor(rng.uniform(0, o.window_s));
    f.size_bytes = std::floor(rng.uniform(1000, 10000)) * 1e6;
    const auto nas = o.random_nas ? static_cast<std::uint32_t>(nas_rng.below(kNas)) : h % kNas;
    f.via = {nas, kNas + h};
    if (o.account) f.via.push_back(kNas + kHosts);
    f.bound_bps = 200e6;
    net.flows.push_back(std::move(f));
  }
  return net;
}

// (f) Constraint ids: 0 the NAS, 1 + i flow i's NIC. BM_CapacityFlips's draws (seed 23 there).
inline HeteroNetwork make_flips_network(std::size_t flows, std::size_t changes,
                                        std::uint64_t seed) {
  sim::Rng rng(seed);
  HeteroNetwork net;
  net.capacity_bps.push_back(1e12);
  for (std::size_t i = 0; i < flows; ++i) {
    net.capacity_bps.push_back(25e9 / 8);
    HeteroFlow f;
    f.size_bytes = std::floor(rng.uniform(10000, 20000)) * 1e6;
    f.via = {0, static_cast<std::uint32_t>(i + 1)};
    f.bound_bps = 200e6;
    net.flows.push_back(std::move(f));
  }
  for (std::size_t k = 0; k < changes; ++k) {
    net.changes.push_back(
        CapacityChange{0.01 * static_cast<double>(k + 1), 0, k % 2 == 0 ? 4e12 : 1e12});
  }
  return net;
}

// A shape by its name above; `seed` 0 takes the shape's own default (1; hosts and its kin 17,
// flips 23, as their benchmarks). std::nullopt for an unknown name.
inline std::optional<HeteroNetwork> make_shape(std::string_view name, std::size_t flows,
                                               std::uint64_t seed = 0) {
  const auto s = [&](std::uint64_t fallback) { return seed != 0 ? seed : fallback; };
  if (name == "hetero1" || name == "hetero2") {
    return make_hetero_network(flows, name == "hetero1" ? 1 : 2, s(1));
  }
  if (name == "layered") return make_layered_network(flows, s(1));
  if (name == "unstructured") return make_unstructured_network(flows, s(1));
  if (name == "two-nas") return make_two_nas_network(flows, s(1));
  if (name == "hosts" || name == "percolating") {
    return make_hosts_network(flows, HostsOptions{.random_nas = name == "percolating"}, s(17));
  }
  if (name == "unlimited" || name == "limited") {
    const bool limited = name == "limited";
    return make_hosts_network(flows,
                              HostsOptions{.account = true,
                                           .nic_slots = limited ? 1U : 0U,
                                           .account_slots = limited ? 2000U : 0U,
                                           .window_s = 60},
                              s(17));
  }
  if (name == "flips") return make_flips_network(flows, 8000, s(23));
  return std::nullopt;
}

// Adds `h`'s constraints to `net` (ids in order) and schedules its flows and capacity changes on
// `engine`; `on_end(i)`, if given, runs when flow i completes.
inline void load_network(const HeteroNetwork& h, sim::Engine& engine, sim::FlowNetwork& net,
                         const std::function<void(std::size_t)>& on_end = {}) {
  using namespace sim;
  for (std::size_t c = 0; c < h.capacity_bps.size(); ++c) {
    ConstraintSpec spec{"c", BytesPerSecond(h.capacity_bps[c])};
    if (!h.fatpipe.empty() && h.fatpipe[c] != 0) spec.sharing = Sharing::kFatpipe;
    if (!h.slots.empty()) spec.concurrency = h.slots[c];
    net.add_constraint(std::move(spec));
  }
  for (std::size_t i = 0; i < h.flows.size(); ++i) {
    const HeteroFlow& f = h.flows[i];
    FlowSpec spec{
        Bytes(f.size_bytes), {}, BytesPerSecond(f.bound_bps > 0 ? f.bound_bps : kUnbounded), 1.0};
    spec.via.assign(f.via.begin(), f.via.end());
    std::function<void()> done;
    if (on_end) done = [&on_end, i] { on_end(i); };
    engine.schedule(Seconds(f.start_s), [&net, spec = std::move(spec), done = std::move(done)] {
      net.start_flow(spec, done);
    });
  }
  for (const CapacityChange& c : h.changes) {
    engine.schedule(Seconds(c.at_s),
                    [&net, c] { net.set_capacity(c.constraint, BytesPerSecond(c.capacity_bps)); });
  }
}

}  // namespace stowage::bench
