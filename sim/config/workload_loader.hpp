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

#include "sim/config/work_limits.hpp"
#include "sim/config/workload_fields.hpp"
#include "sim/workload.hpp"

namespace stowage::sim::config {

class Catalog;
class YamlDocument;
class YamlNode;

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
