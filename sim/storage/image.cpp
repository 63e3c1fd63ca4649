// Weights in the container image: an instance fetches the image's bytes from the platform's image
// cache at the platform's pull rate, through its NIC; accelerated images are fetched lazily, so
// the model's bytes arrive when they are first read. Unpacked layers live on the instance's disk
// and later passes read them through the page cache.
#include "sim/storage/storage_model.hpp"

namespace stowage::sim {
namespace {

class ImageModel final : public StorageModel {
 public:
  using StorageModel::StorageModel;

  void add_shared_constraints(FlowNetwork& /*net*/) override {}

  ReadRoute route(std::size_t /*file*/, const InstanceLinks& links) override {
    const BytesPerSecond pull = setup().platform->image.pull_rate;
    const BytesPerSecond client = client_bound(profile(), model());
    return {instance_via(links), std::min(pull, client), name(),
            pull <= client ? name() + " pull rate" : client_bound_label(profile(), model())};
  }
};

}  // namespace

std::unique_ptr<StorageModel> make_image_model(const StorageSetup& setup) {
  return std::make_unique<ImageModel>(setup);
}

}  // namespace stowage::sim
