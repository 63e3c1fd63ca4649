// A disk attached to the instance that already holds the weights: the reference upper bound.
// Each instance reads its own disk (the profile's per-client rate), not through its NIC.
#include "sim/storage/storage_model.hpp"
#include "sim/update.hpp"

namespace stowage::sim {
namespace {

class LocalModel final : public StorageModel {
 public:
  using StorageModel::StorageModel;

  void add_shared_constraints(FlowNetwork& /*net*/) override {}

  ReadRoute route(std::size_t /*file*/, const InstanceLinks& /*links*/) override {
    return {{}, client_bound(profile(), streams()), name(), disk_label_, true};
  }

 private:
  const std::string disk_label_ = name() + " disk";
};

}  // namespace

StorageKindSpec local_kind() {
  StorageKindSpec k{StorageKind::kLocal, "local"};
  k.make = [](const StorageSetup& setup) -> std::unique_ptr<StorageModel> {
    return std::make_unique<LocalModel>(setup);
  };
  k.update = copy_timeline;
  return k;
}

}  // namespace stowage::sim
