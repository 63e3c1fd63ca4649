// NAS (and every NFS-style file system: CPFS, EFS, FSx for Lustre): one shared throughput that
// grows with the file system's sizing, a per-client cap, and the instance's NIC. Reads go
// through the kernel page cache (the profile says so).
#include "sim/storage/routes.hpp"

namespace stowage::sim {
namespace {

class NasRun final : public StorageRun {
 public:
  using StorageRun::StorageRun;

  void add_shared(FlowNetwork& net) override {
    if (profile().throughput.shared) {
      shared_ = net.add_constraint({name(), profile().throughput.shared->at(sizing())});
    }
  }

  ReadRoute route(std::size_t /*file*/, std::int64_t /*host*/,
                  const InstanceLinks& links) override {
    ReadRoute r{instance_via(links), client_bound(profile(), streams()), name(), own_bound_label(),
                true};
    if (shared_) r.via.push_back(*shared_);
    return r;
  }

 private:
  std::optional<ConstraintId> shared_;
};

class NasKind final : public StorageKind {
 public:
  std::string_view name() const override { return "nas"; }
  std::unique_ptr<StorageRun> make_run(const StorageSetup& setup) const override {
    return std::make_unique<NasRun>(setup);
  }
};

}  // namespace

const StorageKind& nas_kind() {
  static const NasKind kind;
  return kind;
}

}  // namespace stowage::sim
