// Range checks: the figures of an input that the engine cannot represent (sim/engine_range.hpp),
// as a problem and what was expected, for every reader to report at its own position: workloads
// and their distributions, sweeps, and the YAML and CSV forms of a flow scenario. Messages are
// the same wherever the figure is written. Pure: no global state.
#pragma once

#include <optional>
#include <string>

#include "sim/units.hpp"

namespace stowage::sim::config {

/// A figure outside the engine's range: the problem and the expected.
struct RangeProblem {
  std::string problem, expected;
};
/// Nothing when a size is counted exactly (at most 2^53 bytes).
std::optional<RangeProblem> size_problem(Bytes size);
/// Nothing when an input time or duration `at` is within the simulation's range (at most
/// kMaxInputTimeS).
std::optional<RangeProblem> time_problem(Seconds at);

}  // namespace stowage::sim::config
