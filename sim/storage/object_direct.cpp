// An object store read by the loader itself (an SDK client, a streaming loader): ranged GETs on
// as many connections as the loader has streams, no mount and no FUSE client, so no FUSE CPU.
// Every read crosses the instance's NIC, the account's download cap and the object's own cap;
// the client reads at most connections x the achieved per-connection rate and its per-client
// cap. No page cache: every load goes back to the network.
// Worked example (s3-direct, 85 MB/s per connection): 4 streams read at 340 MB/s, 64 streams at
// 5.44 GB/s unless the NIC (e.g. 40 Gbit/s = 5 GB/s) binds first.
// Only a loader with an object-store client of its own can read it (`object_client`; the generic
// loader stands for any client); it reads with its `object_streams` where it has them.
#include <fmt/format.h>

#include "sim/storage/routes.hpp"

namespace stowage::sim {
namespace {

class ObjectDirectRun final : public StorageRun {
 public:
  using StorageRun::StorageRun;

  void add_shared(FlowNetwork& net) override {
    objects_ = add_object_constraints(net, profile(), model(), name());
  }

  ReadRoute route(std::size_t file, std::int64_t /*host*/,
                  const InstanceLinks& links) override {
    ReadRoute r{{links.nic}, client_bound(profile(), streams()), name(), own_bound_label(), true};
    append_object_via(r.via, objects_, file);
    return r;
  }

 private:
  ObjectConstraints objects_;
};

class ObjectDirectKind final : public StorageKind {
 public:
  std::string_view name() const override { return "object_direct"; }
  bool read_by_loader_client() const override { return true; }
  std::optional<std::string> infeasible(const StorageSetup& setup) const override {
    if (setup.loader == nullptr || setup.loader->object_client) return std::nullopt;
    return fmt::format(
        "loader {} reads files only (a path on a file system); {} is read by the loader's own "
        "object-store client, so take a loader that has one (object_client: true, e.g. "
        "runai-streamer) or mount the bucket",
        setup.loader->info.name, setup.profile->info.name);
  }
  std::unique_ptr<StorageRun> make_run(const StorageSetup& setup) const override {
    return std::make_unique<ObjectDirectRun>(setup);
  }
};

}  // namespace

const StorageKind& object_direct_kind() {
  static const ObjectDirectKind kind;
  return kind;
}

}  // namespace stowage::sim
