// Reading a Distribution from YAML: `2s` (constant), `{dist: uniform, min: 1s, max: 3s}` or
// `{dist: lognormal, median: 2s, p99: 6s}`, with the same positioned errors as every other value
// (a key of the other form, a median of 0, a p99 below the median, max below min, a figure
// beyond the simulation's range of input times, config/range_checks.hpp).
#pragma once

#include "sim/config/yaml_reader.hpp"
#include "sim/distribution.hpp"

namespace stowage::sim::config {

/// Parses a distribution; `with_source` also allows a `source:` key (profiles).
Distribution parse_distribution(const YamlNode& node, bool with_source);

}  // namespace stowage::sim::config
