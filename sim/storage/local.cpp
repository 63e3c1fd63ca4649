// A disk attached to the instance that already holds the weights: the reference upper bound.
// Each instance reads its own disk (the profile's per-client rate), not through its NIC.
#include "sim/storage/routes.hpp"

namespace stowage::sim {
namespace {

class LocalRun final : public StorageRun {
 public:
  using StorageRun::StorageRun;

  ReadRoute route(std::size_t /*file*/, std::int64_t /*host*/,
                  const InstanceLinks& /*links*/) override {
    return {{}, client_bound(profile(), streams()), name(), disk_label_, true};
  }

 private:
  const std::string disk_label_ = name() + " disk";
};

class LocalKind final : public StorageKind {
 public:
  std::string_view name() const override { return "local"; }
  // XFS or EXT4 on the instance's NVMe drives: what NVIDIA's GPUDirect Storage driver serves
  // (https://github.com/NVIDIA/gds-nvidia-fs).
  bool gpu_direct() const override { return true; }
  std::unique_ptr<StorageRun> make_run(const StorageSetup& setup) const override {
    return std::make_unique<LocalRun>(setup);
  }
};

}  // namespace

const StorageKind& local_kind() {
  static const LocalKind kind;
  return kind;
}

}  // namespace stowage::sim
