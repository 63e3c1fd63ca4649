// The heterogeneous flow network of BM_HeterogeneousFlows, as plain data, so that the benchmark
// and the SimGrid comparison (bench/simgrid/) build the same network from the same seed.
//
// Flow i crosses its own NIC (capacity uniform in [1, 25] Gbps, so every flow has a distinct
// effective bound), `nas_per_flow` distinct NAS file systems out of 100 (uniform in [2, 8] GB/s)
// and one account cap of 40 GB/s shared by all, which ties the whole network into one connected
// component. Sizes uniform in [0.5, 8] GB, starts uniform in [0, 300 s], weight 1, every
// constraint SHARED. The capacities and sizes are illustrative inputs for timing, not
// predictions.
// Constraint ids: 0 is the account, 1 .. 100 the NAS, 101 + i flow i's NIC (the order in which
// FlowNetwork::add_constraint hands them out when the benchmark adds them in this order).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/rng.hpp"

namespace stowage::bench {

struct HeteroFlow {
  double start_s = 0;
  double size_bytes = 0;
  std::vector<std::uint32_t> via;  // its NIC, the account, then its NAS
  double bound_bps = 0;            // its own bound; 0: none (always none here)
};

// A change of a constraint's capacity (none here; the shapes of bench/flow_shapes.hpp use it).
struct CapacityChange {
  double at_s = 0;
  std::uint32_t constraint = 0;
  double capacity_bps = 0;
};

// Plain data from which both simulators build one network. `fatpipe` and `slots`, by constraint
// id, are empty where every constraint is SHARED without a concurrency limit (as here).
struct HeteroNetwork {
  std::vector<double> capacity_bps;     // by constraint id
  std::vector<HeteroFlow> flows;        // by flow id
  std::vector<std::uint8_t> fatpipe;    // 1: FATPIPE, 0: SHARED
  std::vector<std::uint32_t> slots;     // at most this many flows at once; 0: no limit
  std::vector<CapacityChange> changes;  // in time order
};

inline constexpr std::uint32_t kHeteroNas = 100;

namespace shape_detail {

// Appends to `via` distinct constraints first + below(count) until it holds `size` of them.
inline void add_distinct(std::vector<std::uint32_t>& via, std::size_t size, sim::Rng& rng,
                         std::uint32_t first, std::uint32_t count) {
  while (via.size() < size) {
    const auto c = static_cast<std::uint32_t>(first + rng.below(count));
    if (std::find(via.begin(), via.end(), c) == via.end()) via.push_back(c);
  }
}

// Adds `n` constraints uniform in [lo, hi] bytes per second.
inline void add_uniform(HeteroNetwork& net, std::size_t n, sim::Rng& rng, double lo, double hi) {
  for (std::size_t c = 0; c < n; ++c) net.capacity_bps.push_back(rng.uniform(lo, hi));
}

// Flows with a NIC of their own each, after the shared constraints already in `net`; `shared`
// adds the shared constraints a flow crosses after its NIC.
template <class Shared>
HeteroNetwork with_private_nics(HeteroNetwork net, std::size_t flows, sim::Rng& rng,
                                Shared shared) {
  net.flows.reserve(flows);
  for (std::size_t i = 0; i < flows; ++i) {
    HeteroFlow f;
    const auto nic = static_cast<std::uint32_t>(net.capacity_bps.size());
    net.capacity_bps.push_back(rng.uniform(1e9, 25e9) / 8);
    f.size_bytes = rng.uniform(0.5e9, 8e9);
    f.via = {nic};
    shared(f.via);
    f.start_s = rng.uniform(0, 300);
    net.flows.push_back(std::move(f));
  }
  return net;
}

}  // namespace shape_detail

inline HeteroNetwork make_hetero_network(std::size_t flows, std::size_t nas_per_flow,
                                         std::uint64_t seed) {
  sim::Rng rng(seed);
  HeteroNetwork net;
  net.capacity_bps.push_back(40e9);
  shape_detail::add_uniform(net, kHeteroNas, rng, 2e9, 8e9);
  return shape_detail::with_private_nics(std::move(net), flows, rng, [&](auto& via) {
    via.push_back(0);
    shape_detail::add_distinct(via, 2 + nas_per_flow, rng, 1, kHeteroNas);
  });
}

}  // namespace stowage::bench
