// Workload loader: YAML (schema v1) to sim::Workload, with every check a user needs.
//
// The schema is documented field by field in README.md ("Workload schema"). Validation happens
// here and only here: unknown keys (with "did you mean"), missing required keys (reported at the
// parent's position), duplicate keys, wrong types, bad units, out-of-range values and
// inconsistent fields (a schedule whose times do not increase, `times: 3` without `every`) are
// ConfigErrors pointing at the offending text. A trace file is read relative to the workload's
// directory, and its own errors point into it. Profile names are checked against a catalog by the
// caller that has one (see check_profiles in the catalog layer); this loader only checks syntax.
// Loading is deterministic: the same text gives the same Workload or the same error.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "sim/workload.hpp"

namespace stowage::sim::config {

class Catalog;
class YamlDocument;
class YamlNode;

/// Upper bound on instances in one workload: a guard on memory, not a platform limit.
inline constexpr std::int64_t kMaxInstances = 1'000'000;

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

// With a catalog, the profile names the workload uses (`platform`, `gpu`, each storage) are
// checked against it, after the syntax, where they are written (Catalog::check_workload_profiles).

/// Parses a workload document; throws ConfigError.
/// The workload's `limits` go to `limits` when it is given.
Workload load_workload(const YamlDocument& doc, const Catalog* catalog = nullptr,
                       WorkLimits* limits = nullptr);
/// Parses a workload mapping found anywhere in a document (e.g. a sweep's inline `base`);
/// a trace file is read relative to `base_dir`. Throws ConfigError.
Workload load_workload_node(const YamlNode& root, const std::filesystem::path& base_dir,
                            const Catalog* catalog = nullptr, WorkLimits* limits = nullptr);
/// Reads and parses a workload file; throws ConfigError.
Workload load_workload_file(const std::filesystem::path& path, const Catalog* catalog = nullptr);
/// Parses the workload compiled into the binary (data/workloads/default.yaml).
Workload load_default_workload(const Catalog* catalog = nullptr);

}  // namespace stowage::sim::config
