// InstanceTable: the instances of a cold-start run, their constraints and their page caches.
//
// Instance ids are 0, 1, ... (sim/coldstart/arrivals.hpp), so the table is indexed by them. An
// instance's constraints are made when its first load needs them, so constraint ids follow the
// order in which instances first read: its NIC (platform `instance_bandwidth`), then what the
// storage adds for it (StorageRun::add_instance_links: a FUSE client's CPU, a block link), then
// its host memory bandwidth (platform `host_memory_bandwidth`, when given). With a page cache,
// the table knows which model files each instance holds (a million instances of a
// one-file model cost a million bits). Deterministic: no randomness, state changes only
// through its calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/flow_network.hpp"
#include "sim/profile.hpp"
#include "sim/storage/kind.hpp"

namespace stowage::sim {

class InstanceTable {
 public:
  /// Instances on `platform` reading `storage`; `net` and `storage` outlive the table.
  InstanceTable(FlowNetwork& net, const PlatformProfile& platform, StorageRun& storage);

  /// Room for `instances` instances reading `files` model files, with a page cache or not.
  void reset(std::size_t instances, std::size_t files, bool page_cache);
  /// Whether instances keep a page cache (reset's `page_cache`).
  bool page_cache() const { return page_cache_; }
  /// The constraints of `instance`, made on first use.
  const InstanceLinks& links(std::int64_t instance);
  /// Whether `instance` holds model file `file` in its page cache (false without one).
  bool cached(std::int64_t instance, std::size_t file) const;
  /// `instance` now holds `file` in its page cache (nothing without one).
  void cache(std::int64_t instance, std::size_t file);
  /// `instance` now holds every model file in its page cache (nothing without one).
  void cache_all(std::int64_t instance);

 private:
  struct Instance {
    InstanceLinks links;
    bool created = false;
  };

  FlowNetwork& net_;
  const PlatformProfile& platform_;
  StorageRun& storage_;
  std::vector<Instance> instances_;
  std::size_t files_ = 0;
  bool page_cache_ = false;
  // With a page cache: whether instance i holds model file f, at i x files + f.
  std::vector<bool> cached_;
};

}  // namespace stowage::sim
