// Workload fields: the bounds and checks of the workload's settable figures, and the reader of
// the `loader:` block, shared by every reader of a workload-shaped input: the workload loader,
// the sweep axes (sim/config/sweep_axis.cpp), the accuracy suite's cases, the catalog's
// profile-name check and the loader profiles (whose `streams` share the workload's bound). One
// bound per figure, written once here.
//
// Units: counts are plain integers; sizes in bytes and durations in seconds (sim/units.hpp).
// Every reader throws ConfigError at the offending node. Deterministic: same text, same value.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>

#include "sim/profile_figures.hpp"
#include "sim/workload.hpp"

namespace stowage::sim::config {

class YamlNode;

/// Upper bound on instances in one workload: a guard on memory, not a platform limit.
inline constexpr std::int64_t kMaxInstances = 1'000'000;
/// Regions are counted, not sized: a bound that keeps output tables sane.
inline constexpr std::int64_t kMaxRegions = 100;
/// A model is a handful of files to a few thousand shards; more is a typo in `count`.
inline constexpr std::int64_t kMaxFiles = 100'000;
/// Models a switch workload's storage may hold (model.variants).
inline constexpr std::int64_t kMaxVariants = 10'000;
/// Concurrent reads of one instance (`model.io.threads`).
inline constexpr std::int64_t kMaxReaderThreads = 1024;
/// Tensors of one model (`model.tensors`): large mixture-of-experts checkpoints hold about a
/// hundred thousand; a guard on input, not a format limit.
inline constexpr std::int64_t kMaxTensors = 10'000'000;
/// GPUs of one instance the model may be split over (a guard on input, not a platform limit).
inline constexpr std::int64_t kMaxGpusPerInstance = 64;

/// The bounds of one integer or real figure of a workload, by its path as a sweep axis names it
/// (`arrivals.count`) or as the file nests it (`model.files.count`).
template <class T>
struct FieldBounds {
  std::string_view path;
  T min;
  T max;
};
/// Every bounded integer figure of a workload.
std::span<const FieldBounds<std::int64_t>> workload_int_fields();
/// Every bounded real figure of a workload.
std::span<const FieldBounds<double>> workload_number_fields();
/// The integer figure `path` (a row of workload_int_fields) at `node`, within its bounds.
std::int64_t read_workload_int(const YamlNode& node, std::string_view path);
/// The real figure `path` (a row of workload_number_fields) at `node`, within its bounds.
double read_workload_number(const YamlNode& node, std::string_view path);
/// Whether `path` is a row of either table.
bool is_bounded_workload_field(std::string_view path);

/// A duration > 0 at `node`; the hint shows `example`.
Seconds read_positive_seconds(const YamlNode& node, std::string_view example);

/// The node that names the loader profile in a `loader:` block (the block itself when it is a
/// name, else its `profile` key), if any; the shape is not checked (the catalog's name check
/// runs before or after the syntax).
std::optional<YamlNode> loader_profile_node(const YamlNode& loader);
/// A `loader:` block: a loader profile name, or {profile, memory, overlap, streams}.
LoaderSpec read_loader_spec(const YamlNode& node);
/// One `loader.streams` value: 1..kMaxLoaderStreams (sim/profile_figures.hpp).
std::int64_t read_loader_streams(const YamlNode& node);
/// An `instance.hosts` block: {per_host: N} or {count: N}, and `placement: pack | spread`.
HostPlacement read_host_placement(const YamlNode& node);

}  // namespace stowage::sim::config
