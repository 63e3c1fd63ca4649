// Clouds: which storages a workload may be offered.
//
// Every storage and platform profile says which cloud it belongs to (`cloud: alibaba`, `aws`,
// `gcp`, ... or `any` for what every cloud has: a local disk, the container image, a host-memory
// copy, a Kubernetes cluster installed anywhere). A workload's cloud is its own `cloud:` key, else
// its platform's. Its candidates, when it lists no storage, are the storages of that cloud plus
// those of any cloud; a storage it lists must be one of them. A platform of any cloud with no
// `cloud:` and no storage list is an error when the catalog's storages span several clouds: the
// advice would otherwise compare an Alibaba NAS with an S3 bucket that the cluster cannot reach,
// priced in two currencies.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/config/catalog.hpp"
#include "sim/config/yaml_reader.hpp"
#include "sim/workload.hpp"

namespace stowage::sim::config {

/// Reads a `cloud:` value: a plain lower-case name (letters, digits, `-`), or `any`.
std::string read_cloud(const YamlNode& node);

/// Whether a storage of `storage_cloud` can be used in `cloud` (either being `any` suffices).
bool offered_in(std::string_view storage_cloud, std::string_view cloud);

/// The cloud whose storages `workload` is offered: its `cloud:`, else its platform's.
std::string workload_cloud(const Workload& workload, const Catalog& catalog);

/// Every storage profile of the catalog offered in `cloud`, as unsized choices, in name order.
std::vector<StorageChoice> every_storage(const Catalog& catalog, std::string_view cloud);

/// The clouds the catalog's storages belong to (not `any`), in name order.
std::vector<std::string> storage_clouds(const Catalog& catalog);

/// The checks above for a workload read from `root`, each failing where it is written: a
/// `cloud:` that disagrees with the platform's or that no storage belongs to, a listed storage
/// of another cloud, and an ambiguous cloud (see the header comment).
void check_workload_clouds(const YamlNode& root, const Workload& workload, const Catalog& catalog);

/// Fails at `where` unless storage `name` is offered where platform `platform` runs, with the
/// workload's own `cloud` (empty: the platform's).
void require_offered(const Catalog& catalog, const std::string& name, const std::string& platform,
                     const std::string& cloud, const YamlNode& where);

}  // namespace stowage::sim::config
