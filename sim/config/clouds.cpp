#include "sim/config/clouds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

namespace stowage::sim::config {

std::string read_cloud(const YamlNode& node) {
  const std::string name = node.as_string();
  const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
  if (!plain || name.front() == '-') {
    node.fail(fmt::format("`{}` is not a cloud name", name),
              "a lower-case name such as alibaba, aws or gcp, or any");
  }
  return name;
}

bool offered_in(std::string_view storage_cloud, std::string_view cloud) {
  return storage_cloud == kAnyCloud || cloud == kAnyCloud || storage_cloud == cloud;
}

std::string workload_cloud(const Workload& workload, const Catalog& catalog) {
  if (!workload.cloud.empty()) return workload.cloud;
  return catalog.platform(workload.platform).cloud;
}

std::vector<StorageChoice> every_storage(const Catalog& catalog, std::string_view cloud) {
  std::vector<StorageChoice> out;
  for (const std::string& name : catalog.names(ProfileKind::kStorage)) {
    if (offered_in(catalog.storage(name).cloud, cloud)) {
      out.push_back(StorageChoice{name, std::nullopt, std::nullopt});
    }
  }
  return out;
}

std::vector<std::string> storage_clouds(const Catalog& catalog) {
  std::set<std::string> clouds;
  for (const std::string& name : catalog.names(ProfileKind::kStorage)) {
    const std::string cloud = catalog.storage(name).cloud;
    if (cloud != kAnyCloud) clouds.insert(cloud);
  }
  return {clouds.begin(), clouds.end()};
}

namespace {

/// "alibaba, aws or gcp".
std::string either(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

/// Where the platform runs, for messages: "platform `fc-gpu` runs in alibaba".
std::string runs_in(const PlatformProfile& platform) {
  return fmt::format("platform `{}` runs in {}", platform.info.name, platform.cloud);
}

}  // namespace

void require_offered(const Catalog& catalog, const std::string& name, const std::string& platform,
                     const std::string& cloud, const YamlNode& where) {
  const PlatformProfile p = catalog.platform(platform);
  const std::string in = cloud.empty() ? p.cloud : cloud;
  const std::string of = catalog.storage(name).cloud;
  if (offered_in(of, in)) return;
  const std::string why = cloud.empty() ? runs_in(p) : fmt::format("the workload's cloud is {}", in);
  where.fail(fmt::format("`{}` is a storage of {}, and {}", name, of, why),
             fmt::format("a storage of {} or of any cloud", in));
}

void check_workload_clouds(const YamlNode& root, const Workload& workload,
                           const Catalog& catalog) {
  std::optional<YamlNode> platform_node, cloud_node, storage_node;
  for (const auto& [key, value] : root.entries()) {
    if (key == "platform") platform_node = value;
    if (key == "cloud") cloud_node = value;
    if (key == "storage") storage_node = value;
  }
  const PlatformProfile platform = catalog.platform(workload.platform);
  // Every storage profile is read only when the answer needs the catalog's clouds.
  if (cloud_node && platform.cloud != kAnyCloud && workload.cloud != platform.cloud) {
    cloud_node->fail(runs_in(platform), fmt::format("cloud: {}, or no `cloud`", platform.cloud));
  }
  if (cloud_node && workload.cloud != kAnyCloud) {
    const std::vector<std::string> clouds = storage_clouds(catalog);
    if (std::find(clouds.begin(), clouds.end(), workload.cloud) == clouds.end()) {
      cloud_node->fail(fmt::format("no storage of the catalog belongs to cloud `{}`", workload.cloud),
                       fmt::format("one of: {}, any", fmt::join(clouds, ", ")));
    }
  }
  if (storage_node) {
    const auto check = [&](const std::string& name, const YamlNode& where) {
      require_offered(catalog, name, workload.platform, workload.cloud, where);
    };
    if (storage_node->is_sequence()) {
      for (const YamlNode& item : storage_node->items()) {
        if (item.is_scalar()) check(item.as_string(), item);
      }
    } else if (storage_node->is_map()) {
      for (const auto& [name, value] : storage_node->entries()) check(name, value);
    }
    return;
  }
  if (!workload.cloud.empty() || platform.cloud != kAnyCloud || !platform_node) return;
  if (const std::vector<std::string> clouds = storage_clouds(catalog); clouds.size() > 1) {
    platform_node->fail(
        fmt::format("platform `{}` runs in any cloud, and the catalog's storages belong to {}: "
                    "the candidates would mix clouds",
                    platform.info.name, either(clouds)),
        fmt::format("`cloud: {}` in the workload, or a `storage:` list",
                    fmt::join(clouds, "|")));
  }
}

}  // namespace stowage::sim::config
