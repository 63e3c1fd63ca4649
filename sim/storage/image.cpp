// Weights in the container image: an instance fetches the image's bytes through its NIC at the
// platform's pull rate, from the registry (the image cache in front of it, `cache_bandwidth`
// shared by every pull it serves) or from peers in a tree that forwards the image as it arrives
// (`peers`); how pulls are placed is sim/storage/image_distribution.hpp. With lazy loading
// (`lazy`, the default; accelerated images) the container starts before the model layer is
// fetched and the model's bytes arrive when first read, each file whole; without it the whole
// image is pulled before the container starts. Unpacked layers live on the instance's disk and later passes
// read them through the page cache.
// With a model update (sim/update.hpp: rebuild, push, preprocess), no instance starts from an
// image not yet pushed: a load waits for it before delivery. An image that preprocessing has not
// prepared yet is pulled whole right after delivery, before the container starts, at the
// unaccelerated rate; its layers land in the page cache, so with one the reads that follow are
// memory copies, and without one they take the usual route (the model's bytes count twice, a
// pessimistic choice).
#include <fmt/format.h>

#include <variant>

#include "sim/check.hpp"
#include "sim/storage/image_distribution.hpp"
#include "sim/storage/routes.hpp"
#include "sim/update.hpp"

namespace stowage::sim {
namespace {

// Rebuild, push, then the platform's preprocessing (sim/update.hpp).
UpdateTimeline image_update(const StorageSetup& setup) {
  const PlatformImage& img = setup.platform->image;
  const Bytes size = setup.workload->model.stored_size();  // the image holds every variant
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

class ImageRun final : public StorageRun {
 public:
  explicit ImageRun(const StorageSetup& setup)
      : StorageRun(setup), distribution_(*setup.platform, name()) {
    if (!setup.platform->image.lazy) {
      prepared_s_ = kNeverS;  // every start pulls the whole image first
    } else if (const auto& at = model().update_at) {
      prepared_s_ = at->value() + image_update(setup).ready_s;
    }
  }

  void add_shared(FlowNetwork& net) override { distribution_.add_shared(net); }

  PreReadStages pre_read_stages() const override {
    PreReadStages stages = StorageRun::pre_read_stages();
    stages.update_wait_before_delivery = true;
    stages.after_delivery_read = true;
    return stages;
  }

  bool stage_due(double now_s) const override { return now_s < prepared_s_; }

  StageRead stage_read(std::int64_t host, const InstanceLinks& links) override {
    const PlatformImage& img = setup().platform->image;
    std::vector<ConstraintId> via = instance_via(links);
    if (!img.lazy) {
      const auto at = distribution_.place(host, via, true);
      return {Phase::kImagePull,
              model().stored_size(),
              {std::move(via), std::min(img.pull_rate, at.bound), backend(at.by_peers, name()),
               at.bound < img.pull_rate ? peers_label_ : whole_label_},
              true};
    }
    // An image acceleration has not prepared yet: pulled whole from the registry.
    distribution_.place(host, via, false);
    return {Phase::kImagePull,
            model().stored_size(),
            {std::move(via), img.unaccelerated_pull_rate.value_or(img.pull_rate),
             unaccelerated_backend_, unaccelerated_label_},
            true};
  }

  void stage_read_ended(std::int64_t host, bool completed) override {
    if (!completed) distribution_.dropped(host);
  }

  ReadRoute route(std::size_t /*file*/, std::int64_t host,
                  const InstanceLinks& links) override {
    const BytesPerSecond pull = setup().platform->image.pull_rate;
    const BytesPerSecond client = client_bound(profile(), streams());
    std::vector<ConstraintId> via = instance_via(links);
    const auto at = distribution_.place(host, via, true);
    const BytesPerSecond own = std::min(pull, client);
    std::string_view label = pull <= client ? std::string_view(pull_label_) : own_bound_label();
    if (at.bound < own) label = peers_label_;
    return {std::move(via), std::min(own, at.bound), backend(at.by_peers, name()), label, true};
  }

  void read_cancelled(std::size_t /*file*/, std::int64_t host) override {
    distribution_.dropped(host);
  }

  std::vector<std::string> unbounded() const override { return distribution_.unbounded(); }

 private:
  // Names the run owns: a read served by peers, else `registry`.
  std::string_view backend(bool peers, const std::string& registry) const {
    return peers ? std::string_view(peers_backend_) : std::string_view(registry);
  }

  ImageDistribution distribution_;
  // When preprocessing of the new version ends; before it, a start pulls the whole image.
  // -infinity without an update; +infinity without lazy loading.
  double prepared_s_ = -kNeverS;
  const std::string pull_label_ = name() + " pull rate";
  const std::string peers_backend_ = name() + " (from peers)";
  const std::string peers_label_ = name() + " peer upload share";
  const std::string whole_label_ = name() + " pull rate (whole image)";
  const std::string unaccelerated_backend_ = name() + " (unaccelerated pull)";
  const std::string unaccelerated_label_ = name() + " unaccelerated pull rate";
};

class ImageKind final : public StorageKind {
 public:
  std::string_view name() const override { return "image"; }

  /// The platform's largest deployable image.
  std::optional<std::string> infeasible(const StorageSetup& setup) const override {
    const Model& m = setup.workload->model;
    const PlatformImage& img = setup.platform->image;
    if (std::holds_alternative<SwitchArrivals>(setup.workload->arrivals) && !m.variants) {
      return std::string(
          "a model-switch workload must say how many models the image holds: set "
          "model.variants (the image's size limit applies to all of them)");
    }
    if (img.max_compressed && m.stored_size() > *img.max_compressed) {
      if (m.variants.value_or(1) > 1) {
        return fmt::format("{} models of {} ({}, model.variants: {}) do not fit in one image: {} "
                           "allows at most {}",
                           *m.variants, m.total_size(), m.stored_size(), *m.variants,
                           setup.platform->info.name, *img.max_compressed);
      }
      return fmt::format("the model ({}) does not fit in an image: {} allows at most {}",
                         m.total_size(), setup.platform->info.name, *img.max_compressed);
    }
    return std::nullopt;
  }

  UpdateTimeline update(const StorageSetup& setup) const override { return image_update(setup); }

  /// A rebuild's machine time at the platform's build price; preprocessing has no price.
  std::optional<UpdateCharge> update_charge(const PlatformProfile& platform) const override {
    const PlatformImage& img = platform.image;
    UpdateCharge c{"image rebuilds", img.build_per_hour, img.build_currency, {}};
    if (img.preprocessing || img.ready_delay) {
      c.unpriced.push_back(fmt::format("image preprocessing on {}", platform.info.name));
    }
    return c;
  }

  std::unique_ptr<StorageRun> make_run(const StorageSetup& setup) const override {
    return std::make_unique<ImageRun>(setup);
  }
};

}  // namespace

const StorageKind& image_kind() {
  static const ImageKind kind;
  return kind;
}

}  // namespace stowage::sim
