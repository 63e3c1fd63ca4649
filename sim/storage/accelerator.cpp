// An object-store accelerator: a cache in the zone, in front of a bucket, read through the same
// FUSE client. Its bandwidth grows with its provisioned capacity. A file the cache does not hold
// yet is a miss: the read goes to the bucket behind it (its account and per-object caps) and
// also crosses the cache, which it fills; once a read of the file has moved every byte, the
// cache holds it and later reads are hits, served at the cache's bandwidth. The cache reads
// through: a miss is fetched from the bucket once, and a read of the same file that starts
// while that fill is in flight waits for it (fill_in_flight) and is then a hit, so concurrent
// cold reads of one object make one read of the bucket, not one each. If the fill's load times
// out, the next waiting read fills instead. A model larger than the cache never stays in it:
// each of its reads goes to the bucket on its own.
// Source: the accelerator overview (public-preview English version, as mirrored in 2023) says
// a miss is read through from the bucket, under the bucket's per-object and account limits, and
// cached; that concurrent misses of one object share one fetch is an assumption (the usual
// behaviour of a read-through cache; not stated in the sources read).
// A warmed choice (`warm: true`) holds every file from the start, unless the run plays a model
// update: then the cache holds the new version only once the warm-up job has run (warmed()).
#include <fmt/format.h>

#include <vector>

#include "sim/check.hpp"
#include "sim/storage/routes.hpp"
#include "sim/update.hpp"

namespace stowage::sim {
namespace {

class AcceleratorRun final : public StorageRun {
 public:
  explicit AcceleratorRun(const StorageSetup& setup)
      : StorageRun(setup),
        cached_(setup.workload->model.files.size(), false),
        filling_(setup.workload->model.files.size(), false),
        fits_(setup.workload->model.total_size() <= sizing().provisioned) {
    if (setup.choice.warm && !setup.workload->model.update_at) warmed();
    STOWAGE_CHECK(setup.backing != nullptr, "an accelerator needs the object store behind it");
  }

  void add_shared(FlowNetwork& net) override {
    STOWAGE_CHECK(profile().throughput.shared.has_value(), "an accelerator needs a bandwidth");
    cache_ = net.add_constraint({name(), profile().throughput.shared->at(sizing())});
    backing_ = add_object_constraints(net, *setup().backing, model(), setup().backing->info.name);
  }

  void add_instance_links(FlowNetwork& net, InstanceLinks& links) override {
    add_fuse_link(net, links, profile(), setup().vcpu);
  }

  ReadRoute route(std::size_t file, std::int64_t /*host*/,
                  const InstanceLinks& links) override {
    std::vector<ConstraintId> via = instance_via(links);
    via.push_back(cache_);
    if (cached_[file]) return {std::move(via), hit_bound(), name(), own_bound_label(), true};
    if (fits_) filling_[file] = true;  // this read is the fill
    const bool bucket_binds = client_bound(*setup().backing, streams()) < hit_bound();
    ReadRoute r{std::move(via), miss_bound(), miss_name_,
                bucket_binds ? std::string_view(bucket_label_) : own_bound_label()};
    append_object_via(r.via, backing_, file);
    return r;
  }

  void read_completed(std::size_t file, std::int64_t /*host*/) override {
    if (fits_) cached_[file] = true;
    filling_[file] = false;
  }

  void read_cancelled(std::size_t file, std::int64_t /*host*/) override {
    filling_[file] = false;
  }

  bool fill_in_flight(std::size_t file, std::int64_t /*host*/) const override {
    return filling_[file] && !cached_[file];
  }

  void warmed() override {
    if (fits_) cached_.assign(cached_.size(), true);
  }

  std::vector<std::string> notes() const override {
    return fuse_connection_notes(profile(), streams());
  }

 private:
  BytesPerSecond hit_bound() const { return client_bound(profile(), streams()); }
  BytesPerSecond miss_bound() const {
    return std::min(client_bound(profile(), streams()), client_bound(*setup().backing, streams()));
  }

  std::vector<bool> cached_;
  std::vector<bool> filling_;  // a miss of the file is being fetched from the bucket
  bool fits_;
  ConstraintId cache_ = 0;
  ObjectConstraints backing_;
  const std::string miss_name_ = name() + " (miss)";
  // The bucket's own bound label (the constructor checks that there is a bucket).
  const std::string bucket_label_ =
      setup().backing ? client_bound_label(*setup().backing, streams()) : std::string();
};

// Upload to the bucket behind the cache; with `warm: true`, then a warm-up job.
UpdateTimeline accelerator_update(const StorageSetup& setup) {
  STOWAGE_CHECK(setup.backing != nullptr, "an accelerator's update needs its backing bucket");
  const StorageProfile& cache = *setup.profile;
  const StorageProfile& bucket = *setup.backing;
  const Bytes size = setup.workload->model.total_size();
  UpdateTimeline u;
  u.steps.push_back(copy_step(size, bucket.update.write_rate, bucket.info.name, *setup.platform));
  u.available_s = u.ready_s = u.steps.back().seconds;
  if (setup.choice.warm) {
    // A warm-up job loading `size` bytes into the cache.
    STOWAGE_CHECK(cache.throughput.shared.has_value(), "an accelerator needs a bandwidth");
    const BytesPerSecond bandwidth =
        cache.throughput.shared->at(sizing_of(setup.choice, cache, size));
    UpdateStep step{UpdateStepKind::kWarmUp, (size / bandwidth).value(),
                    at_rate(size, bandwidth, fmt::format("{} bandwidth", cache.info.name))};
    if (cache.update.warm_up && cache.update.warm_up->value() >= step.seconds) {
      step.seconds = cache.update.warm_up->value();
      step.basis = fmt::format("the shortest warm-up job, {}", *cache.update.warm_up);
    }
    u.steps.push_back(std::move(step));
    u.ready_s += u.steps.back().seconds;
  }
  return u;
}

class AcceleratorKind final : public StorageKind {
 public:
  std::string_view name() const override { return "accelerator"; }
  std::span<const KindSection> sections() const override {
    static constexpr std::array<KindSection, 2> kSections{
        {{"fuse", "a FUSE client section: kind accelerator reads through one"},
         {"backing", "the object-store profile whose bucket the accelerator caches"}}};
    return kSections;
  }
  bool warmable() const override { return true; }
  UpdateTimeline update(const StorageSetup& setup) const override {
    return accelerator_update(setup);
  }
  std::unique_ptr<StorageRun> make_run(const StorageSetup& setup) const override {
    return std::make_unique<AcceleratorRun>(setup);
  }
};

}  // namespace

const StorageKind& accelerator_kind() {
  static const AcceleratorKind kind;
  return kind;
}

}  // namespace stowage::sim
