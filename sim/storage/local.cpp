// A disk attached to the instance that already holds the weights: the reference upper bound.
// Each instance reads its own disk (the profile's per-client rate), not through its NIC.
#include "sim/storage/storage_model.hpp"

namespace stowage::sim {
namespace {

class LocalModel final : public StorageModel {
 public:
  using StorageModel::StorageModel;

  void add_shared_constraints(FlowNetwork& /*net*/) override {}

  ReadRoute route(std::size_t /*file*/, const InstanceLinks& /*links*/) override {
    return {{}, client_bound(profile(), model()), name(), name() + " disk"};
  }
};

}  // namespace

std::unique_ptr<StorageModel> make_local_model(const StorageSetup& setup) {
  return std::make_unique<LocalModel>(setup);
}

}  // namespace stowage::sim
