// The profile catalog as commands see it: the `--profiles DIR` option (repeatable) and the
// STOWAGE_PROFILES environment variable, read here at the edge and passed into
// sim::config::Catalog.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "sim/config/catalog.hpp"

namespace stowage::advisor {

/// Adds `--profiles DIR` (repeatable) to `cmd`, filling `dirs`.
void add_profiles_option(CLI::App* cmd, std::vector<std::string>& dirs);

/// The catalog searched in this order: `dirs`, STOWAGE_PROFILES, the user's directory
/// (user_dir.hpp), installed, built in.
sim::config::Catalog open_catalog(const std::vector<std::string>& dirs);

}  // namespace stowage::advisor
