// An object store read by the loader itself (an SDK client, a streaming loader): ranged GETs on
// as many connections as the loader has streams, no mount and no FUSE client, so no FUSE CPU.
// Every read crosses the instance's NIC, the account's download cap and the object's own cap;
// the client reads at most connections x the achieved per-connection rate and its per-client
// cap. No page cache: every load goes back to the network.
// Worked example (s3-direct, 85 MB/s per connection): 4 streams read at 340 MB/s, 64 streams at
// 5.44 GB/s unless the NIC (e.g. 40 Gbit/s = 5 GB/s) binds first.
#include "sim/storage/routes.hpp"

namespace stowage::sim {
namespace {

class ObjectDirectRun final : public StorageRun {
 public:
  using StorageRun::StorageRun;

  void add_shared(FlowNetwork& net) override {
    objects_ = add_object_constraints(net, profile(), model(), name());
  }

  ReadRoute route(std::size_t file, std::int64_t /*host*/,
                  const InstanceLinks& links) override {
    ReadRoute r{{links.nic}, client_bound(profile(), streams()), name(), own_bound_label(), true};
    append_object_via(r.via, objects_, file);
    return r;
  }

 private:
  ObjectConstraints objects_;
};

class ObjectDirectKind final : public StorageKind {
 public:
  std::string_view name() const override { return "object_direct"; }
  std::unique_ptr<StorageRun> make_run(const StorageSetup& setup) const override {
    return std::make_unique<ObjectDirectRun>(setup);
  }
};

}  // namespace

const StorageKind& object_direct_kind() {
  static const ObjectDirectKind kind;
  return kind;
}

}  // namespace stowage::sim
