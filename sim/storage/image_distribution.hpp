// How an image reaches instances: the registry (or the image cache in front of it) with its
// aggregate rate, and optional peer-to-peer distribution in trees whose capacity grows with the
// instances that joined them (the image kind's own model, sim/storage/image.cpp).
//
// Registry: every pull it serves crosses one shared constraint of the platform's
// `image.cache_bandwidth`; unset, the registry has no aggregate limit and unbounded() names it,
// so that the advice says so next to the p99 it produced.
// Peers (`image.peers`, FaaSNet's function trees of VMs): a host (an instance, unless instances
// share hosts: sim/coldstart/instance_table.hpp) joins the tree when its first pull
// starts, as the child of a node with fewer than `fan_out` children, and forwards blocks as they
// arrive (pipelined), so it can feed its own children at once. A node uploads `upload_rate` in
// all, split among its children: a child receives at most upload_rate / fan_out, and no faster
// than the pull rate. A pull that finds no node with a free slot (the first of a burst: an empty
// tree) is a root: the registry serves it. Each node adds fan_out slots, so after the first
// every pull of a burst is served by peers, and the registry's rate binds only its roots. A
// node leaves when its load fails (its children keep their pulls: rejoining is not modelled).
// Not modelled: the latency a block takes per level of the tree (a tree of n nodes is about
// log2(n) levels deep), a node's own download slowing its uploads.
// Pulls of an image that acceleration has not prepared (sim/storage/image.cpp) are whole-image
// pulls from the registry: place(instance, via, false).
// Worked example: registry 100 MB/s, upload 100 MB/s, fan-out 2, pull rate 100 MB/s, 50 MB
// each, four instances at once: the first is the root, 50e6 / 100e6 = 0.5 s from the registry;
// the other three are served by peers at 100 / 2 = 50 MB/s, 1 s. Without peers the four share
// the registry's 100 MB/s: 2 s.
// Deterministic: placement follows the order of the calls, which follow event order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/flow_network.hpp"
#include "sim/profile.hpp"

namespace stowage::sim {

class ImageDistribution {
 public:
  /// `name` prefixes the registry constraint's name (the storage's name).
  ImageDistribution(const PlatformProfile& platform, const std::string& name);

  /// Adds the registry's shared constraint.
  void add_shared(FlowNetwork& net);

  /// Where `instance`'s pull goes, placing it on its first call: peers (when `peers_allowed`
  /// and the platform has them) with their bound, else the registry, whose constraint (if any)
  /// is appended to `via`.
  struct Placement {
    bool by_peers = false;
    BytesPerSecond bound = BytesPerSecond(kUnbounded);  // upload_rate / fan_out from peers
  };
  Placement place(std::int64_t host, std::vector<ConstraintId>& via, bool peers_allowed);
  /// `instance`'s load failed: it leaves the tree.
  void dropped(std::int64_t host);

  /// The aggregate limits left unset (each `PLATFORM.image.KEY`), for the advice.
  std::vector<std::string> unbounded() const;

 private:
  enum class Role : std::uint8_t { kNone, kRegistry, kRoot, kChild };
  Role& role_of(std::int64_t host);

  const PlatformProfile& platform_;
  std::optional<ConstraintId> registry_;
  std::int64_t nodes_ = 0;     // instances in the tree (roots and children)
  std::int64_t children_ = 0;  // of them, fed by a parent
  std::vector<Role> role_;     // by host
  std::string registry_name_;
};

}  // namespace stowage::sim
