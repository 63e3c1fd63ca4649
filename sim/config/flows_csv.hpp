// The CSV form of a flow scenario's flows, named by a flows file as `flows: flows.csv`.
//
// The first non-comment line names the columns (id, size and via required; start, bound and
// weight optional; any order), each further line holds one flow; the format is described in
// flows_loader.hpp. Mistakes are ConfigErrors at the CSV's own line and column, with the same
// key paths (`flows[1].size`) and messages as the YAML form. Sizes are bytes, times seconds,
// bounds bytes per second. Internal to sim/config/. Deterministic: the same text gives the same
// flows or the same error.
#pragma once

#include <filesystem>
#include <vector>

#include "sim/flow_scenario.hpp"

namespace stowage::sim::config {

class ConstraintNames;
class YamlNode;

/// Appends the flows of the CSV file `csv` to `flows`; `at` (the YAML value that names the
/// file) is where an unreadable file is reported. Throws ConfigError.
void load_flows_csv(const std::filesystem::path& csv, const YamlNode& at,
                    const ConstraintNames& names, std::vector<FlowScenario::Flow>& flows);

}  // namespace stowage::sim::config
