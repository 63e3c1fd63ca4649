#include "sim/coldstart/instance_table.hpp"

#include <string>

namespace stowage::sim {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

}  // namespace

InstanceTable::InstanceTable(FlowNetwork& net, const PlatformProfile& platform, StorageRun& storage)
    : net_(net), platform_(platform), storage_(storage) {}

void InstanceTable::reset(std::size_t instances, std::size_t files, bool page_cache,
                          const std::optional<HostPlacement>& hosts) {
  instances_.assign(instances, Instance{});
  host_of_.resize(instances);
  const auto n = static_cast<std::int64_t>(instances);
  std::int64_t host_count = n;
  for (std::int64_t i = 0; i < n; ++i) host_of_[static_cast<std::size_t>(i)] = i;
  if (hosts && n > 0) {
    const std::int64_t per_host = hosts->per_host ? *hosts->per_host : ceil_div(n, *hosts->count);
    host_count = hosts->count ? *hosts->count : ceil_div(n, per_host);
    const bool pack = hosts->placement == HostPlacement::Order::kPack;
    for (std::int64_t i = 0; i < n; ++i) {
      host_of_[static_cast<std::size_t>(i)] = pack ? i / per_host : i % host_count;
    }
  }
  shared_hosts_ = hosts.has_value();
  hosts_.assign(static_cast<std::size_t>(host_count), Host{});
  files_ = files;
  page_cache_ = page_cache;
  cached_.assign(page_cache ? static_cast<std::size_t>(host_count) * files : 0, false);
}

const InstanceLinks& InstanceTable::links(std::int64_t instance) {
  Instance& inst = instances_[static_cast<std::size_t>(instance)];
  if (!inst.created) {
    inst.created = true;
    Host& h = hosts_[static_cast<std::size_t>(host(instance))];
    const bool new_host = !h.created;
    if (new_host) {
      h.created = true;
      h.nic = net_.add_constraint(
          {std::string(shared_hosts_ ? "host NIC" : "instance NIC"), platform_.instance_bandwidth});
    }
    inst.links.nic = h.nic;
    storage_.add_instance_links(net_, inst.links);
    if (new_host && platform_.host_memory_bandwidth) {
      h.memory = net_.add_constraint(
          {std::string("host memory bandwidth"), *platform_.host_memory_bandwidth});
    }
    inst.links.memory = h.memory;
  }
  return inst.links;
}

bool InstanceTable::cached(std::int64_t instance, std::size_t file) const {
  return page_cache_ && cached_[static_cast<std::size_t>(host(instance)) * files_ + file];
}

void InstanceTable::cache(std::int64_t instance, std::size_t file) {
  if (page_cache_) cached_[static_cast<std::size_t>(host(instance)) * files_ + file] = true;
}

void InstanceTable::cache_all(std::int64_t instance) {
  for (std::size_t f = 0; f < files_; ++f) cache(instance, f);
}

}  // namespace stowage::sim
