// Sweep loader: a sweep file (YAML, data/sweeps/*.yaml) to sim::SweepSpec, with every check.
//
// The file:
//   version: 1                       # optional; only 1 exists
//   name: nas-frontier               # required
//   base: ../workloads/default.yaml  # a workload file relative to the sweep file, or a mapping
//   seed: 7                          # optional; default: the base workload's seed
//   replications: 1                  # optional, 1..100: runs per (point, storage)
//   axes:                            # required: field path -> values, in grid order
//     arrivals.count: {from: 1, to: 1000, steps: 12, scale: log}
//     model.files[0].size: [2GB, 5GB, 10GB, 20GB]
//     storage: [nas-performance, oss-accel]          # the storage choices, not a grid axis
//     storage.oss-accel.capacity: [500GB, 1TB]
// Values are a list, or a range {from, to, steps, scale: linear|log} of `steps` (2..10,000)
// points including both ends: linear v_i = from + (to - from) x i / (steps - 1), log
// v_i = from x (to / from)^(i / (steps - 1)) with from, to > 0. Integer fields round each value
// to the nearest integer and drop a value equal to the one before it (so the axis may have fewer
// than `steps` values). Worked example: {from: 1, to: 1000, steps: 4, scale: log} on
// arrivals.count gives 1, 10, 100, 1000.
// Every path is checked against the registry (sim/sweep.hpp, sweep_fields): an unknown path gets
// "did you mean" and the list of paths; a path that does not apply to the base (arrivals.count
// on Poisson arrivals, model.files[3] of a one-file model, storage.NAME of a storage the sweep
// does not simulate) is an error at its axis; each value is parsed as the field's type at its
// own position. Profile names (the base's, and platform, gpu and storage values) are checked
// against the catalog. The spec's identity hashes the sweep file's text and the base file's.
// Loading is deterministic: the same files give the same spec or the same error.
#pragma once

#include <filesystem>
#include <string_view>

#include "sim/config/catalog.hpp"
#include "sim/sweep.hpp"

namespace stowage::sim::config {

class YamlDocument;

/// Upper bound on runs per candidate (a sweep's `replications`, `advise --replications`): each
/// run is a whole simulation, so more would take minutes per candidate.
inline constexpr std::int64_t kMaxReplications = 100;
/// Largest grid: a guard on memory and time, not a limit of the model. A list axis longer than
/// this is refused before its values are read, and the grid as soon as the axes read so far
/// exceed it.
inline constexpr std::size_t kMaxSweepPoints = 1'000'000;
/// Largest total work of a sweep, in simulated loads: points x storages x replications x the
/// loads of the grid's largest point (an upper bound, counted before anything runs). A guard on
/// time: 10^6 loads take about 10 s of CPU, so 10^9 about 3 hours on one core.
inline constexpr double kMaxSweepLoads = 1e9;
/// The replications counted for a sweep that does not say: the advisor's default
/// (advisor::kDefaultReplications, which advisor/sweep/run.cpp checks is the same).
inline constexpr int kDefaultSweepReplications = 3;

/// Parses a sweep document whose text is `text` (hashed into the identity); throws ConfigError.
SweepSpec load_sweep(const YamlDocument& doc, std::string_view text, const Catalog& catalog);
/// Reads and parses a sweep file; throws ConfigError.
SweepSpec load_sweep_file(const std::filesystem::path& path, const Catalog& catalog);

}  // namespace stowage::sim::config
