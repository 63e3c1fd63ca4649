// An object store read by the loader itself (an SDK client, a streaming loader): ranged GETs on
// as many connections as the loader has streams, no mount and no FUSE client, so no FUSE CPU.
// Every read crosses the instance's NIC, the account's download cap and the object's own cap;
// the client reads at most connections x the achieved per-connection rate and its per-client
// cap. No page cache: every load goes back to the network.
// Worked example (s3-direct, 85 MB/s per connection): 4 streams read at 340 MB/s, 64 streams at
// 5.44 GB/s unless the NIC (e.g. 40 Gbit/s = 5 GB/s) binds first.
#include "sim/storage/storage_model.hpp"
#include "sim/update.hpp"

namespace stowage::sim {
namespace {

class ObjectDirectModel final : public StorageModel {
 public:
  using StorageModel::StorageModel;

  void add_shared_constraints(FlowNetwork& net) override {
    objects_ = add_object_constraints(net, profile(), model(), name());
  }

  ReadRoute route(std::size_t file, const InstanceLinks& links) override {
    ReadRoute r{{links.nic}, client_bound(profile(), streams()), name(),
                own_bound_label(), true};
    if (objects_.account) r.via.push_back(*objects_.account);
    if (!objects_.per_file.empty()) r.via.push_back(objects_.per_file[file]);
    return r;
  }

 private:
  ObjectConstraints objects_;
};

}  // namespace

StorageKindSpec object_direct_kind() {
  StorageKindSpec k{StorageKind::kObjectDirect, "object_direct"};
  k.make = [](const StorageSetup& setup) -> std::unique_ptr<StorageModel> {
    return std::make_unique<ObjectDirectModel>(setup);
  };
  k.update = copy_timeline;
  return k;
}

}  // namespace stowage::sim
