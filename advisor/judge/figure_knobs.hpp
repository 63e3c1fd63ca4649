// Figure knobs: the profile figures the robustness search (advisor/judge/hinges.hpp) can move, each
// read and written through the profile structures (sim/profile.hpp), never through YAML text.
//
// A knob is one figure of one profile of a scenario's ProfileSet, named as `profiles show` names
// it (`fc-gpu.image.pull_rate`, `oss-accel.throughput.shared.per_TiB`), with one number that
// stands for it:
//   a rate (bytes per second), a price (the profile's currency), a count, or, for a random delay
//   (sim/distribution.hpp), its median in seconds: setting a delay's number scales every
//   parameter of the distribution by the same factor (a lognormal keeps its p99 / median ratio).
// A step capacity is one knob (`throughput.shared.steps`, the first step's rate) whose every step
// scales together; a linear capacity has one knob per term (base, per_TiB, floor, cap).
// Knobs exist for the platform, the GPU, the loader and every storage profile a scenario holds.
// A knob whose figure the profile leaves unset is listed only when an unset value means "no
// limit" and the limit exists in the world but is published nowhere: the platform's image cache
// bandwidth (`image.cache_bandwidth`). Its number is then absent (unbounded).
// Source and range: the figure's own (ProfileInfo::figures, by key path); a figure the file does
// not write (a default) has none and is listed only with every figure asked for.
// Pure: the same ProfileSet gives the same knobs in the same order (platform, GPU, loader, then
// storage profiles by name, fields in a fixed order).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/profile.hpp"
#include "sim/scenario.hpp"

namespace stowage::advisor {

struct FigureKnob {
  enum class Unit { kRate, kSeconds, kCount, kPrice };
  sim::ProfileKind kind = sim::ProfileKind::kStorage;
  std::string profile;  // the profile's name
  std::string path;     // the key path in the profile file
  Unit unit = Unit::kRate;
  std::string currency;               // for a price
  std::optional<double> value;        // the number used; none when unset (unbounded)
  std::optional<sim::Source> source;  // none when the file does not write it (or unset)
  std::optional<sim::ValueRange> range;  // its `range:` (sim/figure_range.hpp), if written
  /// Writes `v` into a copy of the set (the knob's profile must be in it).
  std::function<void(sim::ProfileSet&, double v)> set;

  /// `fc-gpu.image.pull_rate`.
  std::string figure() const { return profile + "." + path; }
};

/// Every knob of the scenario's profiles (see above).
std::vector<FigureKnob> figure_knobs(const sim::Scenario& scenario);

/// Whether a knob's figure can change the evaluation of `choice`: every GPU and loader figure
/// can, and every platform figure but the image's (only an image storage's), the VPC's (only a
/// storage in a VPC's) and the vCPUs (only a storage read through a FUSE client's); a storage
/// figure only that storage's, or its backing store's.
bool knob_touches(const FigureKnob& knob, const sim::Scenario& scenario,
                  const sim::StorageChoice& choice);

}  // namespace stowage::advisor
