#include "sim/coldstart/instance_table.hpp"

#include <string>

namespace stowage::sim {

InstanceTable::InstanceTable(FlowNetwork& net, const PlatformProfile& platform, StorageRun& storage)
    : net_(net), platform_(platform), storage_(storage) {}

void InstanceTable::reset(std::size_t instances, std::size_t files, bool page_cache) {
  instances_.assign(instances, Instance{});
  files_ = files;
  page_cache_ = page_cache;
  cached_.assign(page_cache ? instances * files : 0, false);
}

const InstanceLinks& InstanceTable::links(std::int64_t instance) {
  Instance& inst = instances_[static_cast<std::size_t>(instance)];
  if (!inst.created) {
    inst.created = true;
    inst.links.nic =
        net_.add_constraint({std::string("instance NIC"), platform_.instance_bandwidth});
    storage_.add_instance_links(net_, inst.links);
    if (platform_.host_memory_bandwidth) {
      inst.links.memory = net_.add_constraint(
          {std::string("host memory bandwidth"), *platform_.host_memory_bandwidth});
    }
  }
  return inst.links;
}

bool InstanceTable::cached(std::int64_t instance, std::size_t file) const {
  return page_cache_ && cached_[static_cast<std::size_t>(instance) * files_ + file];
}

void InstanceTable::cache(std::int64_t instance, std::size_t file) {
  if (page_cache_) cached_[static_cast<std::size_t>(instance) * files_ + file] = true;
}

void InstanceTable::cache_all(std::int64_t instance) {
  for (std::size_t f = 0; f < files_; ++f) cache(instance, f);
}

}  // namespace stowage::sim
