// Sweep axis reader: one entry of a sweep file's `axes:` (a field path and its values) to a
// sim::SweepAxis, checked against the field registry (sim/sweep.hpp, sweep_fields) and the base
// workload. Internal to the sweep loader (sim/config/sweep_loader.cpp), which owns the checks that
// span axes (platform and gpu together, the grid's largest point, its size).
//
// A path is one of the registry's, with `N` (model.files[N].size) or `NAME` (storage.NAME.*)
// filled in; values are a list, or a range {from, to, steps, scale}. Values are stored in the
// simulator's units (bytes, seconds, counts, per second). Deterministic: same text, same axis or
// same error.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/sweep.hpp"

namespace stowage::sim::config {

class Catalog;
class YamlNode;

/// The registry entry a written path names, with N or NAME filled in.
struct AxisTarget {
  const SweepFieldInfo* info = nullptr;
  std::size_t file_index = 0;  // model.files[N]
  std::string storage;         // storage.NAME
};

/// The registry entry `path` names; nothing when no entry has its shape.
std::optional<AxisTarget> parse_axis_path(const std::string& path);
/// Fails at `where`'s key: `path` is unknown, with "did you mean" and the list of paths.
[[noreturn]] void fail_unknown_axis_path(const YamlNode& where, const std::string& path);
/// "one of: " and every registry path, for messages.
std::string axis_paths_list();

/// Reads the values of the axis `path` (naming `target`) written at `node`; checks that the
/// field applies to `base` (whose storage choices are `storages`) and each value, profile names
/// against `catalog`. Throws ConfigError.
SweepAxis read_axis(const std::string& path, const AxisTarget& target, const YamlNode& node,
                    const Workload& base, const std::vector<StorageChoice>& storages,
                    const Catalog& catalog);

}  // namespace stowage::sim::config
