// A network block volume attached to the instance (EBS gp3/io2, a cloud disk): the volume's own
// throughput cap (`per_client`: one instance mounts it), what one sequential stream gets from it
// (`per_stream`), and the instance's block-storage bandwidth (platform `block_bandwidth`, one
// constraint per instance named `instance block bandwidth`), which block traffic crosses instead
// of the NIC. Reads go through the page cache when the profile says so. Worked example
// (g5.12xlarge, 16 Gbit/s = 2 GB/s to EBS; io2 at 4000 MiB/s): 16 streams of 350 MB/s want
// 5.6 GB/s, the volume allows 4.19 GB/s, the instance 2 GB/s: 2 GB/s binds.
// A volume attached read-only to many instances at once (Hyperdisk ML) states the throughput
// they share (`throughput.shared`, at the storage's sizing): one constraint every instance's
// reads cross, named after the profile, beside each instance's own bound. Worked example: 4
// instances of 1 GB/s each on a volume of 2 GB/s read 4 GB each in 16 GB / 2 GB/s = 8 s.
#include <optional>

#include "sim/storage/routes.hpp"

namespace stowage::sim {
namespace {

class BlockRun final : public StorageRun {
 public:
  using StorageRun::StorageRun;

  void add_shared(FlowNetwork& net) override {
    if (profile().throughput.shared) {
      shared_ = net.add_constraint({name(), profile().throughput.shared->at(sizing())});
    }
  }

  void add_instance_links(FlowNetwork& net, InstanceLinks& links) override {
    if (const auto& bw = setup().platform->block_bandwidth) {
      links.add_own(net.add_constraint({"instance block bandwidth", *bw}));
    }
  }

  ReadRoute route(std::size_t /*file*/, std::int64_t /*host*/,
                  const InstanceLinks& links) override {
    ReadRoute r{{}, client_bound(profile(), streams()), name(), own_bound_label(), true};
    for (ConstraintId c : links.own()) r.via.push_back(c);
    if (shared_) r.via.push_back(*shared_);
    return r;
  }

 private:
  std::optional<ConstraintId> shared_;
};

class BlockKind final : public StorageKind {
 public:
  std::string_view name() const override { return "block"; }
  std::unique_ptr<StorageRun> make_run(const StorageSetup& setup) const override {
    return std::make_unique<BlockRun>(setup);
  }
};

}  // namespace

const StorageKind& block_kind() {
  static const BlockKind kind;
  return kind;
}

}  // namespace stowage::sim
