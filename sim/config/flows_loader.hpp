// Flows loader: a pure flow scenario (`stowage simulate --flows FILE.yaml`) to sim::FlowScenario.
//
// The file lists constraints, flows and, optionally, capacity changes:
//   constraints:
//     - {name: nas, capacity: 600MB/s}                   # sharing: shared (default) | fatpipe
//     - {name: nic-0, capacity: 5Gbps, concurrency: 4}   # concurrency: optional, FIFO staging
//   flows:
//     - {id: load-0, size: 4.27GB, start: 0s, via: [nas, nic-0], bound: 200MB/s, weight: 1}
//   changes:                                           # optional
//     - {at: 30s, constraint: nas, capacity: 1.2GB/s}
// For large scenarios, `flows` may instead name a CSV file, relative to the YAML file's directory:
//   flows: flows.csv
// whose first line names the columns (any order; id, size and via required, start, bound and
// weight optional; `#` lines and blank lines are skipped) and each further line holds one flow:
//   id,size,start,via,bound,weight
//   load-0,4.27GB,0s,nas;nic-0,200MB/s,1
//   load-1,4.27GB,,nas;nic-1,,
// `via` separates names with `;`; an empty field takes the default; fields hold no comma and no
// quotes. Its mistakes are ConfigErrors at the CSV's own line and column, with the same key paths
// (`flows[1].size`) and messages as in YAML. A CSV flow costs about its id and its via in memory
// (no node tree); the file is read once.
// `start` defaults to 0s, `bound` to none, `weight` to 1, `sharing` to shared. `via` may be empty
// only for a flow with a `bound`. Every mistake is a ConfigError at the offending text, as for
// workloads: unknown keys (did you mean), missing keys, bad units, duplicate names or ids, a
// `via` or `constraint` that names no constraint (did you mean), a constraint listed twice in one
// `via`, a weight of 0. The name `bound` is reserved: it stands for a flow's own bound in results.
// Loading is deterministic: the same text gives the same scenario or the same error.
#pragma once

#include <cstdint>
#include <filesystem>

#include "sim/flow_scenario.hpp"

namespace stowage::sim::config {

class YamlDocument;

/// Upper bound on flows and on constraints in one file: a guard on memory, not a model limit.
inline constexpr std::int64_t kMaxScenarioItems = 10'000'000;
/// Upper bound on a concurrency limit or a weight written in a file (a sanity range).
inline constexpr std::int64_t kMaxConcurrency = 1'000'000'000;
inline constexpr double kMaxWeight = 1e6;
/// Lower bound on a weight: the solver divides a flow's bound by its weight and multiplies its
/// level by it; with weights from 1e-6 to 1e6 and rates below 1e300 B/s both stay finite and
/// two weights differ by at most 1e12, well inside a double's 15 digits.
inline constexpr double kMinWeight = 1e-6;

/// Parses a flows document; throws ConfigError.
FlowScenario load_flow_scenario(const YamlDocument& doc);
/// Reads and parses a flows file; throws ConfigError.
FlowScenario load_flow_scenario_file(const std::filesystem::path& path);

}  // namespace stowage::sim::config
