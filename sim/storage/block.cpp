// A network block volume attached to the instance (EBS gp3/io2, a cloud disk): the volume's own
// throughput cap (`per_client`: one instance mounts it), what one sequential stream gets from it
// (`per_stream`), and the instance's block-storage bandwidth (platform `block_bandwidth`), which
// block traffic crosses instead of the NIC. Reads go through the page cache when the profile
// says so. Worked example (g5.12xlarge, 16 Gbit/s = 2 GB/s to EBS; io2 at 4000 MiB/s): 16 streams
// of 350 MB/s want 5.6 GB/s, the volume allows 4.19 GB/s, the instance 2 GB/s: 2 GB/s binds.
#include "sim/storage/storage_model.hpp"
#include "sim/update.hpp"

namespace stowage::sim {
namespace {

class BlockModel final : public StorageModel {
 public:
  using StorageModel::StorageModel;

  void add_shared_constraints(FlowNetwork& /*net*/) override {}

  ReadRoute route(std::size_t /*file*/, const InstanceLinks& links) override {
    ReadRoute r{{}, client_bound(profile(), streams()), name(),
                own_bound_label(), true};
    if (links.block) r.via.push_back(*links.block);
    return r;
  }
};

}  // namespace

StorageKindSpec block_kind() {
  StorageKindSpec k{StorageKind::kBlock, "block"};
  k.block_link = true;
  k.make = [](const StorageSetup& setup) -> std::unique_ptr<StorageModel> {
    return std::make_unique<BlockModel>(setup);
  };
  k.update = copy_timeline;
  return k;
}

}  // namespace stowage::sim
