// InstanceTable: the instances of a cold-start run, the hosts they run on, their constraints and
// the hosts' page caches.
//
// Instance ids are 0, 1, ... (sim/coldstart/arrivals.hpp), so the table is indexed by them. By
// default each instance is a host of its own. With the workload's `instance.hosts` several
// instances share a host (GPUs per node, containers per VM): `per_host: N` or `count: H`, placed
// by `pack` (instance i on host i / N) or `spread` (instance i on host i mod H), where
// N = ceil(instances / H) and H = ceil(instances / N). The instances of one host share its NIC
// (platform `instance_bandwidth`, then named "host NIC"), its host memory bandwidth, its page
// cache and, through the host id the storage's hooks receive (host()), its image layers and
// node-local cache; what the storage adds per instance (a FUSE client's CPU, a block link) stays
// the instance's own. Constraints are made when an instance first needs them, so constraint ids
// follow the order in which instances first read: its host's NIC when the host is new, then
// what the storage adds for the instance, then the new host's memory bandwidth (when the
// platform gives one). A page cache knows which model files each host holds (a million hosts
// of a one-file model cost a million bits). Two instances of a host that read one file at the
// same time both read it (the kernel's sharing of a page being read is not modelled: an upper
// bound on the traffic); one that starts after the other finished reads the page cache.
// Worked example: 8 instances on one host, a 10 GB model on NAS, NIC 1 GB/s, NAS 10 GB/s: at
// once, they share the NIC, 125 MB/s each, all done at 80 s; one every 60 s, the first reads
// the NAS in 10 s and the seven others the page cache. Deterministic: no randomness, state
// changes only through its calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/flow_network.hpp"
#include "sim/profile.hpp"
#include "sim/storage/kind.hpp"
#include "sim/workload.hpp"

namespace stowage::sim {

class InstanceTable {
 public:
  /// Instances on `platform` reading `storage`; `net` and `storage` outlive the table.
  InstanceTable(FlowNetwork& net, const PlatformProfile& platform, StorageRun& storage);

  /// Room for `instances` instances placed on hosts by `hosts` (unset: a host each) reading
  /// `files` model files, with a page cache or not.
  void reset(std::size_t instances, std::size_t files, bool page_cache,
             const std::optional<HostPlacement>& hosts);
  /// Whether hosts keep a page cache (reset's `page_cache`).
  bool page_cache() const { return page_cache_; }
  /// The host `instance` runs on.
  std::int64_t host(std::int64_t instance) const {
    return host_of_[static_cast<std::size_t>(instance)];
  }
  /// The constraints of `instance`, made on first use.
  const InstanceLinks& links(std::int64_t instance);
  /// Whether `instance`'s host holds model file `file` in its page cache (false without one).
  bool cached(std::int64_t instance, std::size_t file) const;
  /// `instance`'s host now holds `file` in its page cache (nothing without one).
  void cache(std::int64_t instance, std::size_t file);
  /// `instance`'s host now holds every model file in its page cache (nothing without one).
  void cache_all(std::int64_t instance);

 private:
  struct Instance {
    InstanceLinks links;
    bool created = false;
  };
  struct Host {
    ConstraintId nic = 0;
    std::optional<ConstraintId> memory;
    bool created = false;
  };

  FlowNetwork& net_;
  const PlatformProfile& platform_;
  StorageRun& storage_;
  std::vector<Instance> instances_;
  std::vector<std::int64_t> host_of_;  // instance -> host
  std::vector<Host> hosts_;
  bool shared_hosts_ = false;  // instance.hosts given: the NIC is the host's
  std::size_t files_ = 0;
  bool page_cache_ = false;
  // With a page cache: whether host h holds model file f, at h x files + f.
  std::vector<bool> cached_;
};

}  // namespace stowage::sim
