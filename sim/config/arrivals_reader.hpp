// Arrivals reader: a workload's `arrivals:` (exactly one of burst, schedule, poisson, trace,
// switch) to sim::Arrivals, with every check: a schedule's times increase, a Poisson pattern or a
// trace stays within kMaxInstances arrivals, `times` > 1 needs `every`. A trace is a CSV file of
// arrival times (seconds, or a duration such as 250ms; `#` comments, an optional header) read
// relative to the workload's directory; its errors point into it. Rates are per second
// ("30/min" is 0.5). Deterministic: same text and files, same arrivals or same error.
#pragma once

#include <filesystem>

#include "sim/workload.hpp"

namespace stowage::sim::config {

class YamlNode;

/// Reads `arrivals:` at `node`; a trace file is read relative to `base_dir`. Throws ConfigError.
Arrivals read_arrivals(const YamlNode& node, const std::filesystem::path& base_dir);

}  // namespace stowage::sim::config
