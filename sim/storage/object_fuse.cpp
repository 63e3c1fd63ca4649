// Object storage mounted through a FUSE client (ossfs, Mountpoint for S3, Cloud Storage FUSE):
// every read crosses the instance's NIC and FUSE CPU budget (one constraint per instance,
// `fuse.per_vcpu` x its vCPUs), the account's download cap and the object's own cap, and is
// bounded by the client's connections. No page cache: every pass goes back to the network.
#include "sim/storage/routes.hpp"

namespace stowage::sim {
namespace {

class ObjectFuseRun final : public StorageRun {
 public:
  using StorageRun::StorageRun;

  void add_shared(FlowNetwork& net) override {
    objects_ = add_object_constraints(net, profile(), model(), name());
    if (profile().throughput.shared) {
      shared_ = net.add_constraint({name(), profile().throughput.shared->at(sizing())});
    }
  }

  void add_instance_links(FlowNetwork& net, InstanceLinks& links) override {
    add_fuse_link(net, links, profile(), setup().vcpu);
  }

  ReadRoute route(std::size_t file, std::int64_t /*host*/,
                  const InstanceLinks& links) override {
    ReadRoute r{instance_via(links), client_bound(profile(), streams()), name(), own_bound_label(),
                true};
    append_object_via(r.via, objects_, file);
    if (shared_) r.via.push_back(*shared_);
    return r;
  }

  std::vector<std::string> notes() const override {
    return fuse_connection_notes(profile(), streams());
  }

 private:
  ObjectConstraints objects_;
  std::optional<ConstraintId> shared_;
};

class ObjectFuseKind final : public StorageKind {
 public:
  std::string_view name() const override { return "object_fuse"; }
  std::span<const KindSection> sections() const override {
    static constexpr std::array<KindSection, 1> kSections{
        {{"fuse", "a FUSE client section: kind object_fuse reads through one"}}};
    return kSections;
  }
  std::unique_ptr<StorageRun> make_run(const StorageSetup& setup) const override {
    return std::make_unique<ObjectFuseRun>(setup);
  }
};

}  // namespace

const StorageKind& object_fuse_kind() {
  static const ObjectFuseKind kind;
  return kind;
}

}  // namespace stowage::sim
