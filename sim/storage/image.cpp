// Weights in the container image: an instance fetches the image's bytes from the platform's image
// cache at the platform's pull rate, through its NIC; accelerated images are fetched lazily, so
// the model's bytes arrive when they are first read. Unpacked layers live on the instance's disk
// and later passes read them through the page cache. With the platform's `cache_bandwidth`,
// every pull also crosses the image cache, shared by all instances. An image that preprocessing
// has not prepared yet is pulled whole before the container starts, at the unaccelerated rate.
#include <fmt/format.h>

#include "sim/storage/storage_model.hpp"
#include "sim/update.hpp"

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
    const BytesPerSecond client = client_bound(profile(), streams());
    return {via(links), std::min(pull, client), name(),
            pull <= client ? std::string_view(pull_label_) : own_bound_label(), true};
  }

  ReadRoute full_pull(const InstanceLinks& links) override {
    const PlatformImage& img = setup().platform->image;
    return {via(links), img.unaccelerated_pull_rate.value_or(img.pull_rate),
            unaccelerated_backend_, unaccelerated_label_};
  }

 private:
  std::vector<ConstraintId> via(const InstanceLinks& links) const {
    std::vector<ConstraintId> v = instance_via(links);
    if (cache_) v.push_back(*cache_);
    return v;
  }

  std::optional<ConstraintId> cache_;
  const std::string pull_label_ = name() + " pull rate";
  const std::string unaccelerated_backend_ = name() + " (unaccelerated pull)";
  const std::string unaccelerated_label_ = name() + " unaccelerated pull rate";
};

// Rebuild, push, then the platform's preprocessing (sim/update.hpp).
UpdateTimeline image_update(const StorageSetup& setup) {
  const PlatformImage& img = setup.platform->image;
  const Bytes size = setup.workload->model.total_size();
  UpdateTimeline u;
  add_rate_step(u, UpdateStepKind::kBuild, size, img.build_rate, "image build rate");
  add_rate_step(u, UpdateStepKind::kPush, size, img.push_rate, "registry push rate");
  for (const UpdateStep& s : u.steps) u.available_s += s.seconds;
  double preprocess_s = 0;
  std::string basis;
  if (img.preprocessing) {
    preprocess_s = img.preprocessing->at(size).value();
    basis = fmt::format("{} + {} per GB", img.preprocessing->base, img.preprocessing->per_gb);
  }
  if (img.ready_delay && img.ready_delay->value() >= preprocess_s) {
    preprocess_s = img.ready_delay->value();
    basis = fmt::format("the platform's ready delay of {}", *img.ready_delay);
  }
  if (preprocess_s > 0) {
    u.steps.push_back({UpdateStepKind::kPreprocess, preprocess_s, std::move(basis)});
  }
  u.ready_s = u.available_s + preprocess_s;
  return u;
}

/// The platform's largest deployable image.
std::optional<std::string> image_infeasible(const StorageSetup& setup) {
  const Bytes model = setup.workload->model.total_size();
  const PlatformImage& img = setup.platform->image;
  if (img.max_compressed && model > *img.max_compressed) {
    return fmt::format("the model ({}) does not fit in an image: {} allows at most {}", model,
                       setup.platform->info.name, *img.max_compressed);
  }
  return std::nullopt;
}

}  // namespace

StorageKindSpec image_kind() {
  StorageKindSpec k{StorageKind::kImage, "image"};
  k.in_image = true;
  k.update_rebuilds_image = true;
  k.make = [](const StorageSetup& setup) -> std::unique_ptr<StorageModel> {
    return std::make_unique<ImageModel>(setup);
  };
  k.update = image_update;
  k.infeasible = image_infeasible;
  return k;
}

}  // namespace stowage::sim
