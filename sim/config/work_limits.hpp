// Work limits: how much work one simulation may be asked for (a workload's `limits:`), and the
// checks that refuse a workload too big for memory or beyond the engine's time range up front,
// where it is written, instead of ending in an allocation failure. Shared by the workload loader
// and the sweep loader (which checks the grid's largest point).
//
// Loads are counted without expanding the arrivals (Poisson: the expected number); reads are
// loads x model files x read passes; times are seconds on the arrivals' clock. Deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/workload.hpp"

namespace stowage::sim::config {

class YamlNode;

/// Caps on the work of one simulation (a workload's `limits: {loads, reads}`), checked when a
/// workload is read (and, for a sweep, at its largest point) so that a workload too big for
/// memory is refused up front instead of ending in an allocation failure: a simulation keeps a
/// record per load and per file read of each load.
struct WorkLimits {
  std::int64_t loads = 1'000'000;   // load requests (cold starts and switches). Default 10^6
  std::int64_t reads = 10'000'000;  // loads x model files x read passes. Default 10^7
};
/// Upper bound on `limits.loads` and `limits.reads` in a workload.
inline constexpr std::int64_t kMaxWorkLimit = 1'000'000'000'000;

/// How many loads `arrivals` asks for, without expanding it (Poisson: the expected number).
double expected_loads(const Arrivals& arrivals);
/// The latest time at which `arrivals` may ask for a load (Poisson: its duration).
Seconds last_arrival(const Arrivals& arrivals);
/// Why `w` is more work than `limits` allow (loads, or loads x files x read passes), or nothing.
std::optional<std::string> work_problem(const Workload& w, const WorkLimits& limits);
/// Why `w` schedules beyond the engine's range (its last arrival plus its timeout later than
/// kMaxInputTimeS, sim/engine_range.hpp), or nothing.
std::optional<std::string> horizon_problem(const Workload& w);
/// What horizon_problem's caller suggests.
inline constexpr std::string_view kHorizonHint = "arrivals and a timeout that end sooner";
/// What work_problem's caller suggests.
inline constexpr std::string_view kWorkLimitHint =
    "fewer loads or files, or higher `limits: {loads: N, reads: N}` in the workload";

/// A workload's `limits: {loads, reads}`; throws ConfigError.
WorkLimits read_work_limits(const YamlNode& node);

}  // namespace stowage::sim::config
