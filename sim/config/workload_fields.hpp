// Workload fields: the bounds and checks of the workload's settable figures, shared by every
// reader of a workload-shaped input: the workload loader and the sweep axes
// (sim/config/sweep_axis.cpp). One bound per figure, written once here.
//
// Units: counts are plain integers; sizes in bytes and durations in seconds (sim/units.hpp).
// Every reader throws ConfigError at the offending node. Deterministic: same text, same value.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/workload.hpp"

namespace stowage::sim::config {

class YamlNode;

/// Upper bound on instances in one workload: a guard on memory, not a platform limit.
inline constexpr std::int64_t kMaxInstances = 1'000'000;
/// Regions are counted, not sized: a bound that keeps output tables sane.
inline constexpr std::int64_t kMaxRegions = 100;
/// A model is a handful of files to a few thousand shards; more is a typo in `count`.
inline constexpr std::int64_t kMaxFiles = 100'000;
/// Concurrent reads of one instance (`model.io.threads`).
inline constexpr std::int64_t kMaxReaderThreads = 1024;
/// GPUs of one instance the model may be split over (a guard on input, not a platform limit).
inline constexpr std::int64_t kMaxGpusPerInstance = 64;

/// A duration > 0 at `node`; the hint shows `example`.
Seconds read_positive_seconds(const YamlNode& node, std::string_view example);

}  // namespace stowage::sim::config
