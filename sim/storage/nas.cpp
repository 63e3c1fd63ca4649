// NAS (and every NFS-style file system: CPFS, EFS, FSx for Lustre): one shared throughput that
// grows with the file system's sizing, a per-client cap, and the instance's NIC. Reads go
// through the kernel page cache (the profile says so).
#include "sim/storage/storage_model.hpp"
#include "sim/update.hpp"

namespace stowage::sim {
namespace {

class NasModel final : public StorageModel {
 public:
  using StorageModel::StorageModel;

  void add_shared_constraints(FlowNetwork& net) override {
    if (profile().throughput.shared) {
      shared_ = net.add_constraint({name(), profile().throughput.shared->at(sizing())});
    }
  }

  ReadRoute route(std::size_t /*file*/, const InstanceLinks& links) override {
    ReadRoute r{instance_via(links), client_bound(profile(), streams()), name(),
                own_bound_label(), true};
    if (shared_) r.via.push_back(*shared_);
    return r;
  }

 private:
  std::optional<ConstraintId> shared_;
};

}  // namespace

StorageKindSpec nas_kind() {
  StorageKindSpec k{StorageKind::kNas, "nas"};
  k.make = [](const StorageSetup& setup) -> std::unique_ptr<StorageModel> {
    return std::make_unique<NasModel>(setup);
  };
  k.update = copy_timeline;
  return k;
}

}  // namespace stowage::sim
