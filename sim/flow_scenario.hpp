// Flow scenarios: a whole set of flows, constraints and capacity changes, as `stowage simulate
// --flows` reads them (sim/config/flows_loader.hpp), run on a fresh engine and flow network to
// the end, with what became of each flow: its start, its end (none for a zero rate), its main
// bottleneck and every stretch a limit held it, in input order. For tests and for comparing with
// other flow-level simulators. Deterministic: the same scenario gives the same result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/flow_network.hpp"

namespace stowage::sim {

/// A whole scenario of flows, as read from a `stowage simulate --flows` file.
struct FlowScenario {
  struct Flow {
    std::string id;
    Seconds start;
    FlowSpec spec;
  };
  struct CapacityChange {
    Seconds at;
    ConstraintId constraint = 0;
    BytesPerSecond capacity;
  };
  std::vector<ConstraintSpec> constraints;
  std::vector<Flow> flows;
  std::vector<CapacityChange> changes;
};

/// What became of each flow of a FlowScenario, in input order, with limits named.
struct FlowScenarioResult {
  struct Stretch {
    std::string limit;  ///< as FlowNetwork::limit_name
    Seconds start;
    Seconds end;
    Bytes bytes;
  };
  struct Flow {
    Seconds start;
    std::optional<Seconds> end;             ///< none if it never completed (a zero rate)
    std::optional<std::string> bottleneck;  ///< main_bottleneck, if any time passed
    std::vector<Stretch> intervals;         ///< empty without FlowNetwork::Options::history
  };
  std::vector<Flow> flows;
  std::uint64_t events = 0;  ///< flow starts, capacity changes and completions
};

/// Runs a scenario on a fresh engine and network to the end. Without `options.history` each
/// flow's stretches are not kept (only its main bottleneck): memory that does not grow with the
/// capacity changes a flow lives through.
FlowScenarioResult run_flow_scenario(const FlowScenario& scenario,
                                     FlowNetwork::Options options = {});

}  // namespace stowage::sim
