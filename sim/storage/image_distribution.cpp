#include "sim/storage/image_distribution.hpp"

#include <algorithm>

#include "sim/check.hpp"

namespace stowage::sim {

ImageDistribution::ImageDistribution(const PlatformProfile& platform, const std::string& name)
    : platform_(platform), registry_name_(name + " cache") {}

void ImageDistribution::add_shared(FlowNetwork& net) {
  if (const auto& bw = platform_.image.cache_bandwidth) {
    registry_ = net.add_constraint({registry_name_, *bw});
  }
}

ImageDistribution::Role& ImageDistribution::role_of(std::int64_t host) {
  STOWAGE_CHECK(host >= 0, "a host id below 0");
  const auto i = static_cast<std::size_t>(host);
  if (i >= role_.size()) role_.resize(i + 1, Role::kNone);
  return role_[i];
}

ImageDistribution::Placement ImageDistribution::place(std::int64_t host,
                                                      std::vector<ConstraintId>& via,
                                                      bool peers_allowed) {
  const std::optional<ImagePeers>& peers = platform_.image.peers;
  Role& role = role_of(host);
  if (!peers_allowed || !peers) {
    if (registry_) via.push_back(*registry_);
    if (role == Role::kNone) role = Role::kRegistry;
    return {};
  }
  if (role == Role::kNone || role == Role::kRegistry) {
    // A child where a node has a free slot, else a root.
    role = children_ < nodes_ * peers->fan_out ? Role::kChild : Role::kRoot;
    ++nodes_;
    if (role == Role::kChild) ++children_;
  }
  if (role == Role::kRoot) {
    if (registry_) via.push_back(*registry_);
    return {};
  }
  return {true, BytesPerSecond(peers->upload_rate.value() / static_cast<double>(peers->fan_out))};
}

void ImageDistribution::dropped(std::int64_t host) {
  Role& role = role_of(host);
  if (role == Role::kRoot || role == Role::kChild) --nodes_;
  if (role == Role::kChild) --children_;
  role = Role::kNone;
}

std::vector<std::string> ImageDistribution::unbounded() const {
  if (platform_.image.cache_bandwidth) return {};
  return {platform_.info.name + ".image.cache_bandwidth"};
}

}  // namespace stowage::sim
