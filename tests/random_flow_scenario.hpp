// A random flow scenario for the flow network's property tests (flow_network_test.cpp,
// flow_attribution_test.cpp).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/flow_scenario.hpp"
#include "sim/rng.hpp"

namespace stowage::sim::test {

// A random scenario: shared, FATPIPE and per-flow private constraints, concurrency limits,
// staggered starts, bounds, weights and capacity changes.
inline FlowScenario random_scenario(Rng& rng) {
  FlowScenario s;
  const auto n_shared = 1 + rng.below(5);
  for (std::uint64_t c = 0; c < n_shared; ++c) {
    ConstraintSpec spec{fmt::format("c{}", c), BytesPerSecond(rng.uniform(50, 1000) * 1e6),
                        rng.below(5) == 0 ? Sharing::kFatpipe : Sharing::kShared,
                        rng.below(4) == 0 ? static_cast<std::uint32_t>(1 + rng.below(3)) : 0};
    s.constraints.push_back(spec);
  }
  const auto n_flows = 1 + rng.below(30);
  for (std::uint64_t i = 0; i < n_flows; ++i) {
    FlowScenario::Flow f;
    f.id = fmt::format("f{}", i);
    f.start = Seconds(rng.below(3) == 0 ? 0.0 : std::floor(rng.uniform(0, 20)));
    f.spec.size = Bytes(std::floor(rng.uniform(0, 2000)) * 1e6);
    for (std::uint64_t c = 0; c < n_shared; ++c) {
      if (rng.below(2) == 0) f.spec.via.push_back(static_cast<ConstraintId>(c));
    }
    // Half the flows cross a NIC of their own (private unless another flow is given it too).
    if (rng.below(2) == 0) {
      s.constraints.push_back(
          ConstraintSpec{fmt::format("nic{}", i), BytesPerSecond(rng.uniform(20, 300) * 1e6)});
      f.spec.via.push_back(static_cast<ConstraintId>(s.constraints.size() - 1));
    }
    if (rng.below(2) == 0) f.spec.bound = BytesPerSecond(rng.uniform(10, 400) * 1e6);
    if (f.spec.via.empty() && !std::isfinite(f.spec.bound.value())) f.spec.via.push_back(0);
    f.spec.weight = static_cast<double>(1 + rng.below(3));
    s.flows.push_back(f);
  }
  // A few flows share someone else's NIC, so that private constraints unfold and fold back.
  for (auto& f : s.flows) {
    if (rng.below(6) == 0 && s.constraints.size() > n_shared) {
      const auto nic =
          static_cast<ConstraintId>(n_shared + rng.below(s.constraints.size() - n_shared));
      if (std::find(f.spec.via.begin(), f.spec.via.end(), nic) == f.spec.via.end())
        f.spec.via.push_back(nic);
    }
  }
  const auto n_changes = rng.below(3);
  for (std::uint64_t i = 0; i < n_changes; ++i) {
    s.changes.push_back(
        FlowScenario::CapacityChange{Seconds(std::floor(rng.uniform(0, 30))),
                                     static_cast<ConstraintId>(rng.below(s.constraints.size())),
                                     BytesPerSecond(rng.uniform(50, 1000) * 1e6)});
  }
  return s;
}

}  // namespace stowage::sim::test
