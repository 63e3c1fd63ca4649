// A guidance file (data/guidance.tsv, `stowage table --guidance`): one line per scenario, the
// workload's name, a tab, the guidance as published, a tab, the storage profile names it means
// (comma-separated); `#` lines and empty lines are skipped. Errors are ConfigErrors at
// `file:line:col`.
#pragma once

#include <string>
#include <vector>

#include "advisor/judge/guidance.hpp"

namespace stowage::advisor {

/// Reads a guidance file; throws ConfigError.
std::vector<Guidance> load_guidance(const std::string& path);

}  // namespace stowage::advisor
