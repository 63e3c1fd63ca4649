// A node-local cache in front of an object bucket, read through a FUSE client: Mountpoint for
// Amazon S3 with `--cache` on the instance's own disk, the Cloud Storage FUSE file cache, a
// JuiceFS or Fluid node cache. Each host keeps its own cache on its temporary disk, shared by its
// instances (sim/coldstart/instance_table.hpp; by default each instance is a host):
//   miss  the first read of a file by an instance goes to the bucket: it crosses the instance's
//         NIC and FUSE CPU, the bucket's account and per-object caps (shared by every
//         instance: N nodes that miss at once divide them), and is bounded by what the client
//         draws from the bucket (the bucket's per-connection rate x this client's FUSE threads)
//         and by the cache disk it fills. Once the read has moved every byte, the instance holds
//         the file;
//   hit   a later read of the file by the same instance (the next read pass, a model switch on
//         a warm instance) reads the instance's own disk through the FUSE client: no NIC, no
//         bucket, bounded by the profile's own bound (`per_client`: the local disk's rate).
// Instances never share their caches: a new instance misses however many others hold the model.
// A read of a file that the same instance is already filling waits for that fill
// (fill_in_flight). The model must fit in the cache (`capacity`, the profile's `max_capacity`)
// and in the platform's per-instance temporary disk (`temp_disk`), else the choice is infeasible.
// A warmed choice (`warm: true`: a prefetch on every node, e.g. a job per node before the first
// start) has every instance hold every file from the start, unless the run plays a model
// update: then from when the prefetch of the new version has run (warmed()).
// Update: upload to the bucket; a node sees the new version once its client's metadata expires
// (Mountpoint: a 1 s TTL by default with `--cache`, not modelled) and its cache, keyed by the
// object's version, misses on the first read; with `warm: true` every node then prefetches the
// model at once, each at its own fill rate (the bucket's account cap, shared when many nodes
// prefetch, is not counted: a lower bound).
// Bytes billed: a miss (the bucket's GETs); a hit reads the instance's own disk.
// Sources:
// https://github.com/awslabs/mountpoint-s3/blob/main/doc/CONFIGURATION.md#caching-configuration
// (the cache lives in a local directory, at most what leaves 5% of its disk free, LRU; its
// content is removed when the client mounts and exits, so it lives as long as the instance).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/check.hpp"
#include "sim/storage/routes.hpp"
#include "sim/update.hpp"

namespace stowage::sim {
namespace {

/// The bucket as this cache's client reads it: the bucket's rates through the cache profile's
/// FUSE client (its threads are the connections).
StorageProfile bucket_as_read(const StorageSetup& setup) {
  STOWAGE_CHECK(setup.backing != nullptr, "a node cache needs the object store behind it");
  StorageProfile b = *setup.backing;
  if (setup.profile->fuse) b.fuse = setup.profile->fuse;
  return b;
}

/// A hit's bound (the cache disk's rate, the profile's own bound) and what sets it.
struct DiskBound {
  BytesPerSecond rate;
  std::string label;
};
DiskBound disk_bound(const StorageProfile& p, std::int64_t streams) {
  const BytesPerSecond rate = client_bound(p, streams);
  const bool disk = p.throughput.per_client && *p.throughput.per_client <= rate;
  return {rate, disk ? p.info.name + " local disk" : client_bound_label(p, streams)};
}

class NodeCacheRun final : public StorageRun {
 public:
  explicit NodeCacheRun(const StorageSetup& setup)
      : StorageRun(setup),
        files_(setup.workload->model.files.size()),
        bucket_(bucket_as_read(setup)),
        disk_(disk_bound(*setup.profile, setup.streams)),
        bucket_label_(client_bound_label(bucket_, setup.streams)) {
    if (setup.choice.warm && !setup.workload->model.update_at) warmed();
  }

  void add_shared(FlowNetwork& net) override {
    objects_ = add_object_constraints(net, bucket_, model(), bucket_.info.name);
  }

  void add_instance_links(FlowNetwork& net, InstanceLinks& links) override {
    add_fuse_link(net, links, profile(), setup().vcpu);
  }

  ReadRoute route(std::size_t file, std::int64_t host, const InstanceLinks& links) override {
    if (holds(file, host)) {
      // The host's own disk through its FUSE client: not the NIC.
      ReadRoute r{{}, disk_.rate, name(), disk_.label};
      for (ConstraintId c : links.own()) r.via.push_back(c);
      return r;
    }
    state(file, host) = kFilling;  // this read is the fill
    const BytesPerSecond from_bucket = client_bound(bucket_, streams());
    const bool bucket_binds = from_bucket < disk_.rate;
    ReadRoute r{instance_via(links), std::min(from_bucket, disk_.rate), miss_name_,
                bucket_binds ? std::string_view(bucket_label_) : std::string_view(disk_.label),
                true};
    append_object_via(r.via, objects_, file);
    return r;
  }

  void read_completed(std::size_t file, std::int64_t host) override {
    state(file, host) = kHeld;
  }

  void read_cancelled(std::size_t file, std::int64_t host) override {
    if (state(file, host) == kFilling) state(file, host) = kEmpty;
  }

  bool fill_in_flight(std::size_t file, std::int64_t host) const override {
    const std::size_t at = index(file, host);
    return !warm_ && at < states_.size() && states_[at] == kFilling;
  }

  void warmed() override { warm_ = true; }

  std::vector<std::string> notes() const override {
    std::vector<std::string> out = fuse_connection_notes(bucket_, streams());
    if (!setup().platform->temp_disk) {
      out.push_back(fmt::format(
          "{} gives no per-instance temporary disk size: {}'s cache is taken to hold the model",
          setup().platform->info.name, name()));
    }
    return out;
  }

 private:
  enum State : std::uint8_t { kEmpty, kFilling, kHeld };

  std::size_t index(std::size_t file, std::int64_t host) const {
    return static_cast<std::size_t>(host) * files_ + file;
  }
  bool holds(std::size_t file, std::int64_t host) const {
    const std::size_t at = index(file, host);
    return warm_ || (at < states_.size() && states_[at] == kHeld);
  }
  /// The cache state of `file` on `host`, made on first use (hosts are 0, 1, ...).
  std::uint8_t& state(std::size_t file, std::int64_t host) {
    const std::size_t at = index(file, host);
    if (at >= states_.size()) states_.resize(index(0, host + 1), kEmpty);
    return states_[at];
  }

  std::size_t files_;
  // Every instance's cache: the state of instance i's file f at i x files + f.
  std::vector<std::uint8_t> states_;
  bool warm_ = false;  // every node has prefetched the model
  StorageProfile bucket_;
  DiskBound disk_;
  ObjectConstraints objects_;
  const std::string miss_name_ = name() + " (miss)";
  std::string bucket_label_;
};

// The model does not fit in the cache or the disk under it.
std::optional<std::string> node_cache_infeasible(const StorageSetup& setup) {
  const StorageProfile& p = *setup.profile;
  const Bytes model = setup.workload->model.total_size();
  if (setup.choice.capacity && model > *setup.choice.capacity) {
    return fmt::format("the model ({}) does not fit in {}'s cache of {} per instance", model,
                       p.info.name, *setup.choice.capacity);
  }
  if (p.limits.max_capacity && model > *p.limits.max_capacity) {
    return fmt::format("the model ({}) does not fit in {}'s cache: it holds at most {}", model,
                       p.info.name, *p.limits.max_capacity);
  }
  const PlatformProfile& platform = *setup.platform;
  if (platform.temp_disk && model > *platform.temp_disk) {
    return fmt::format(
        "the model ({}) does not fit in {}'s temporary disk ({} per instance), which holds {}'s "
        "cache",
        model, platform.info.name, *platform.temp_disk, p.info.name);
  }
  return std::nullopt;
}

// Upload to the bucket; with `warm: true`, then every node's prefetch, all at once.
UpdateTimeline node_cache_update(const StorageSetup& setup) {
  const StorageProfile bucket = bucket_as_read(setup);
  const Bytes size = setup.workload->model.total_size();
  UpdateTimeline u;
  u.steps.push_back(copy_step(size, bucket.update.write_rate, bucket.info.name, *setup.platform));
  u.available_s = u.ready_s = u.steps.back().seconds;
  if (!setup.choice.warm) return u;
  // One node's fill: the slowest of its NIC, its FUSE CPU, the bucket's draw and its disk.
  BytesPerSecond rate = setup.platform->instance_bandwidth;
  std::string what = "instance NIC";
  const auto slower = [&](BytesPerSecond r, std::string w) {
    if (r < rate) {
      rate = r;
      what = std::move(w);
    }
  };
  if (const auto& fuse = setup.profile->fuse)
    slower(fuse->per_vcpu * setup.vcpu, "FUSE client CPU");
  slower(client_bound(bucket, setup.streams), client_bound_label(bucket, setup.streams));
  DiskBound disk = disk_bound(*setup.profile, setup.streams);
  slower(disk.rate, std::move(disk.label));
  u.steps.push_back({UpdateStepKind::kWarmUp, (size / rate).value(),
                     at_rate(size, rate, fmt::format("each node's prefetch: {}", what))});
  u.ready_s += u.steps.back().seconds;
  return u;
}

class NodeCacheKind final : public StorageKind {
 public:
  std::string_view name() const override { return "node_cache"; }
  std::span<const KindSection> sections() const override {
    static constexpr std::array<KindSection, 2> kSections{
        {{"fuse", "a FUSE client section: kind node_cache reads through one"},
         {"backing", "the object-store profile whose bucket the node cache holds"}}};
    return kSections;
  }
  bool warmable() const override { return true; }
  std::optional<std::string> infeasible(const StorageSetup& setup) const override {
    return node_cache_infeasible(setup);
  }
  UpdateTimeline update(const StorageSetup& setup) const override {
    return node_cache_update(setup);
  }
  std::unique_ptr<StorageRun> make_run(const StorageSetup& setup) const override {
    return std::make_unique<NodeCacheRun>(setup);
  }
};

}  // namespace

const StorageKind& node_cache_kind() {
  static const NodeCacheKind kind;
  return kind;
}

}  // namespace stowage::sim
