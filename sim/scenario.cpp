#include "sim/scenario.hpp"

#include "sim/check.hpp"
#include "sim/storage/registry.hpp"

namespace stowage::sim {
namespace {

template <class Map>
const typename Map::mapped_type& at(const Map& map, std::string_view name, const char* what) {
  const auto it = map.find(name);
  STOWAGE_CHECK(it != map.end(), what);
  return it->second;
}

}  // namespace

const StorageProfile& ProfileSet::storage_profile(std::string_view name) const {
  return at(storage, name, "a storage profile the scenario did not resolve");
}
const PlatformProfile& ProfileSet::platform_profile(std::string_view name) const {
  return at(platform, name, "a platform profile the scenario did not resolve");
}
const GpuProfile& ProfileSet::gpu_profile(std::string_view name) const {
  return at(gpu, name, "a GPU profile the scenario did not resolve");
}

const LoaderProfile& ProfileSet::loader_profile(std::string_view name) const {
  return at(loader, name, "a loader profile the scenario did not resolve");
}

const StorageProfile* ProfileSet::backing_of(const StorageProfile& s) const {
  if (!s.kind->takes("backing")) return nullptr;
  return &storage_profile(s.backing);
}

}  // namespace stowage::sim
