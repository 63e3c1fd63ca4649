// Validate: checks one input file of any kind, the way the command that uses it would.
//
// A file in a directory named storage/, platform/, gpu/ or loader/ is a profile: it is read through a
// catalog whose first layer is that directory's parent (made by the caller, who knows the
// search path), so that `extends` resolves as it will when the profiles are used. A file named
// exchange-rates.yaml is read as exchange rates (sim/config/exchange_rates_loader.hpp). A mapping with
// `axes` is a sweep file (sim/config/sweep_loader.hpp). Anything else is a workload, whose
// profile names are checked against the catalog where they are written. Errors are ConfigErrors.
#pragma once

#include <filesystem>
#include <functional>

#include "sim/config/catalog.hpp"

namespace stowage::sim::config {

/// Makes a catalog whose first layer is `profile_root`.
using CatalogWithRoot = std::function<Catalog(const std::filesystem::path& profile_root)>;

/// Checks `file` (see above); throws ConfigError at its first problem.
void validate_file(const std::filesystem::path& file, const Catalog& catalog,
                   const CatalogWithRoot& catalog_with_root);
/// Checks the workload compiled into the binary.
void validate_default_workload(const Catalog& catalog);

}  // namespace stowage::sim::config
