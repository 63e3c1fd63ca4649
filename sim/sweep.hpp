// Sweep: a grid of scenarios around one base workload, as plain data.
//
// A SweepSpec holds a base Workload and axes; each axis names one settable field of the workload
// (a fixed registry of field paths, kSweepFields) and the values it takes. A grid point is one
// combination of the axes' values; at each point every storage choice of the sweep is simulated.
// Points are numbered in mixed radix with the FIRST axis varying fastest:
//   index = c0 + n0 x (c1 + n1 x (c2 + ...)),  c_i = the value index on axis i, n_i its size,
// so that a walk along the first axis (the frontier's direction) is a run of consecutive points.
// Worked example: axes arrivals.count [10, 20, 40] and model.files[0].size [2GB, 5GB] give
// 3 x 2 = 6 points; point 4 = 1 + 3 x 1 is (count 20, size 5GB).
//
// Seeds: every point runs on the sweep's seed (common random numbers): a load's drawn delays
// depend only on the seed, the arrival pattern and the load's index (sim/coldstart/load_plan.hpp),
// never on an axis that draws nothing (a GPU, a platform, a size, a cost weight) nor on the grid's
// order, so two points differ only by what their axes change. A point's result depends only on
// the spec and its values, never on threads, order or shards.
// Values are stored in the simulator's units (bytes, seconds, counts, per second) with the label
// a report prints; the axis's `unit` says which. Nothing here reads YAML: the loader
// (sim/config/sweep_loader.hpp) checks every path and value and builds this struct.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/workload.hpp"

namespace stowage::sim {

/// The workload fields an axis may set.
enum class SweepField {
  kArrivalsCount,       // arrivals.count: a burst's instances
  kArrivalsSpread,      // arrivals.spread: a burst's spread
  kArrivalsRate,        // arrivals.rate_per_s: a Poisson rate
  kArrivalsDuration,    // arrivals.duration: a Poisson duration
  kArrivalsInstances,   // arrivals.instances: a switch's instances
  kFileSize,            // model.files[N].size
  kIoThreads,           // model.io.threads
  kInstanceMemory,      // instance.memory
  kInstanceVcpu,        // instance.vcpu
  kTimeout,             // timeout
  kRegions,             // regions
  kPlatform,            // platform
  kGpu,                 // gpu
  kLoaderProfile,       // loader.profile: a loader profile name
  kLoaderStreams,       // loader.streams: reads in flight per instance
  kStorage,             // storage: the storage choices (not a grid dimension)
  kStorageStored,       // storage.NAME.stored
  kStorageCapacity,     // storage.NAME.capacity
  kStorageWarm,         // storage.NAME.warm: an accelerator's cache loaded before the first start
  kObjectiveP50,        // objective.p50
  kObjectiveP95,        // objective.p95
  kObjectiveP99,        // objective.p99
  kObjectiveMax,        // objective.max
  kObjectiveMaxFailed,  // objective.max_failed
  kObjectiveCostWeight  // objective.cost_weight
};

/// What an axis's numbers mean.
enum class AxisUnit { kCount, kBytes, kSeconds, kPerSecond, kNumber, kBool, kName };

/// How the values were given: a list, or a range of `steps` points.
enum class AxisScale { kList, kLinear, kLog };

/// One entry of the field registry: the path as written (N and NAME are placeholders).
struct SweepFieldInfo {
  SweepField field;
  std::string_view path;  // e.g. `model.files[N].size`, `storage.NAME.capacity`
  AxisUnit unit;
  std::string_view applies;  // when the base must have it, e.g. "a burst", or empty
};

/// Every settable path, in the order the README and error messages list them.
std::span<const SweepFieldInfo> sweep_fields();

/// "count", "bytes", "seconds", "per_second", "number", "bool", "name".
std::string_view axis_unit_name(AxisUnit unit);
/// "list", "linear", "log".
std::string_view axis_scale_name(AxisScale scale);
/// A value as reports print it: `37`, `5 GB` (sim::size_text), `120 s`, `0.5/s`, `2.5`, `true`.
std::string axis_value_label(AxisUnit unit, double value);

struct AxisValue {
  double number = 0;  // in the axis's unit (1 or 0 for true or false); 0 for names
  std::string name;   // for kName axes
  std::string label;  // as reports print it: `37`, `5 GB`, `120 s`, `a10`
};

struct SweepAxis {
  std::string path;  // as written, e.g. `model.files[0].size`
  SweepField field = SweepField::kArrivalsCount;
  std::size_t file_index = 0;  // model.files[N]
  std::string storage;         // storage.NAME
  AxisUnit unit = AxisUnit::kCount;
  AxisScale scale = AxisScale::kList;
  std::vector<AxisValue> values;  // at least one
};

struct SweepSpec {
  std::string name;
  Workload base;                // with its storage list resolved (never empty)
  std::vector<SweepAxis> axes;  // grid dimensions, in file order
  std::uint64_t seed = 1;       // default: the base workload's seed
  /// Runs per (point, storage) when a delay is drawn; extra seeds from the point's. Default:
  /// none (the advisor's default, advisor::kDefaultReplications).
  std::optional<int> replications;
  std::string identity;         // 16 hex digits: a hash of the spec (see sweep_identity)
  /// Upper bound on the sweep's simulated loads (points x storages x replications x the loads
  /// of the largest point), counted by the loader; `sweep --uncertainty` multiplies it.
  double work_loads = 0;

  /// Points in the grid: the product of the axes' sizes (1 with no axis).
  std::size_t point_count() const;
  /// The value index on each axis of point `index`.
  std::vector<std::size_t> coords(std::size_t index) const;
  /// The base with every axis set to point `index`'s values, on the sweep's seed.
  Workload workload_at(std::size_t index) const;
};

/// The value index on each axis of point `index` (the first axis varies fastest).
std::vector<std::size_t> grid_coords(const std::vector<SweepAxis>& axes, std::size_t index);


/// Sets one axis's field of `w` to `value` (the loader has checked that it applies).
void apply_axis(const SweepAxis& axis, const AxisValue& value, Workload& w);

/// 64-bit FNV-1a of `text` as 16 hex digits: the identity of a sweep's canonical description.
std::string sweep_identity(std::string_view text);

}  // namespace stowage::sim
