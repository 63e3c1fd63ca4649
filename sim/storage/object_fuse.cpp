// Object storage mounted through a FUSE client (ossfs, Mountpoint for S3, Cloud Storage FUSE):
// every read crosses the instance's NIC and FUSE CPU budget, the account's download cap and the
// object's own cap, and is bounded by the client's connections. No page cache: every pass goes
// back to the network.
#include "sim/storage/storage_model.hpp"
#include "sim/update.hpp"

namespace stowage::sim {
namespace {

class ObjectFuseModel final : public StorageModel {
 public:
  using StorageModel::StorageModel;

  void add_shared_constraints(FlowNetwork& net) override {
    objects_ = add_object_constraints(net, profile(), model(), name());
    if (profile().throughput.shared) {
      shared_ = net.add_constraint({name(), profile().throughput.shared->at(sizing())});
    }
  }

  ReadRoute route(std::size_t file, const InstanceLinks& links) override {
    ReadRoute r{instance_via(links), client_bound(profile(), streams()), name(),
                own_bound_label(), true};
    if (objects_.account) r.via.push_back(*objects_.account);
    if (!objects_.per_file.empty()) r.via.push_back(objects_.per_file[file]);
    if (shared_) r.via.push_back(*shared_);
    return r;
  }

 private:
  ObjectConstraints objects_;
  std::optional<ConstraintId> shared_;
};

}  // namespace

StorageKindSpec object_fuse_kind() {
  StorageKindSpec k{StorageKind::kObjectFuse, "object_fuse"};
  k.fuse_client = true;
  k.make = [](const StorageSetup& setup) -> std::unique_ptr<StorageModel> {
    return std::make_unique<ObjectFuseModel>(setup);
  };
  k.update = copy_timeline;
  return k;
}

}  // namespace stowage::sim
