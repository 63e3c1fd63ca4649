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
};

struct HeteroNetwork {
  std::vector<double> capacity_bps;  // by constraint id
  std::vector<HeteroFlow> flows;     // by flow id
};

inline constexpr std::uint32_t kHeteroNas = 100;

inline HeteroNetwork make_hetero_network(std::size_t flows, std::size_t nas_per_flow,
                                         std::uint64_t seed) {
  sim::Rng rng(seed);
  HeteroNetwork net;
  net.capacity_bps.push_back(40e9);
  for (std::uint32_t c = 0; c < kHeteroNas; ++c) net.capacity_bps.push_back(rng.uniform(2e9, 8e9));
  net.flows.reserve(flows);
  for (std::size_t i = 0; i < flows; ++i) {
    HeteroFlow f;
    const auto nic = static_cast<std::uint32_t>(net.capacity_bps.size());
    net.capacity_bps.push_back(rng.uniform(1e9, 25e9) / 8);
    f.size_bytes = rng.uniform(0.5e9, 8e9);
    f.via = {nic, 0};
    while (f.via.size() < 2 + nas_per_flow) {
      const auto nas = static_cast<std::uint32_t>(1 + rng.below(kHeteroNas));
      if (std::find(f.via.begin(), f.via.end(), nas) == f.via.end()) f.via.push_back(nas);
    }
    f.start_s = rng.uniform(0, 300);
    net.flows.push_back(std::move(f));
  }
  return net;
}

}  // namespace stowage::bench
