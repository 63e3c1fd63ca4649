// Weights in the container image: an instance fetches the image's bytes from the platform's image
// cache at the platform's pull rate, through its NIC; accelerated images are fetched lazily, so
// the model's bytes arrive when they are first read. Unpacked layers live on the instance's disk
// and later passes read them through the page cache. With the platform's `cache_bandwidth`,
// every pull also crosses the image cache, shared by all instances. An image that preprocessing
// has not prepared yet is pulled whole before the container starts, at the unaccelerated rate.
#include "sim/storage/storage_model.hpp"

namespace stowage::sim {
namespace {

class ImageModel final : public StorageModel {
 public:
  using StorageModel::StorageModel;

  void add_shared_constraints(FlowNetwork& net) override {
    if (const auto& bw = setup().platform->image.cache_bandwidth) {
      cache_ = net.add_constraint({name() + " cache", *bw});
    }
  }

  ReadRoute route(std::size_t /*file*/, const InstanceLinks& links) override {
    const BytesPerSecond pull = setup().platform->image.pull_rate;
    const BytesPerSecond client = client_bound(profile(), model());
    return {via(links), std::min(pull, client), name(),
            pull <= client ? name() + " pull rate" : client_bound_label(profile(), model())};
  }

  ReadRoute full_pull(const InstanceLinks& links) override {
    const PlatformImage& img = setup().platform->image;
    return {via(links), img.unaccelerated_pull_rate.value_or(img.pull_rate),
            name() + " (unaccelerated pull)", name() + " unaccelerated pull rate"};
  }

 private:
  std::vector<ConstraintId> via(const InstanceLinks& links) const {
    std::vector<ConstraintId> v = instance_via(links);
    if (cache_) v.push_back(*cache_);
    return v;
  }

  std::optional<ConstraintId> cache_;
};

}  // namespace

std::unique_ptr<StorageModel> make_image_model(const StorageSetup& setup) {
  return std::make_unique<ImageModel>(setup);
}

}  // namespace stowage::sim
