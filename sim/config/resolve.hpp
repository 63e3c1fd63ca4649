// Resolve: a workload plus the catalog, turned once into a Scenario (sim/scenario.hpp).
//
// At the start of a command the workload is read (its profile names checked where they are
// written) and every profile the command will need is read from the catalog once: each storage
// choice, the bucket behind each accelerator (an error in the accelerator's profile when the
// catalog has none), the platform and the GPU, and the exchange rates (Catalog::exchange_rates;
// every currency the profiles price in must have a rate, or, without a rates file, all prices
// must be in one currency). After this nothing reads YAML. Errors are ConfigErrors, raised
// before anything is simulated.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/config/catalog.hpp"
#include "sim/scenario.hpp"

namespace stowage::sim::config {

/// Reads the workload at `path` (empty: the one compiled into the binary) and checks the profile
/// names it uses against `catalog`.
Workload load_checked_workload(const std::string& path, const Catalog& catalog);

/// The named profiles (and the bucket behind each accelerator among the storages), read once.
std::shared_ptr<const ProfileSet> resolve_profiles(const Catalog& catalog,
                                                   const std::vector<std::string>& storages,
                                                   const std::vector<std::string>& platforms,
                                                   const std::vector<std::string>& gpus,
                                                   const std::vector<std::string>& loaders = {});

/// A scenario of `workload` evaluating `candidates` (empty: the workload's own storage list, or
/// every storage of the workload's cloud when it lists none; sim/config/clouds.hpp).
Scenario resolve_scenario(Workload workload, const Catalog& catalog,
                          std::vector<StorageChoice> candidates = {});

}  // namespace stowage::sim::config
