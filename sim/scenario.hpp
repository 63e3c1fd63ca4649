// Scenario: a workload with every profile it needs, resolved and checked once, as plain values.
//
// Commands build a Scenario at the edge (sim/config/resolve.hpp): the workload is read, every
// profile it names is read from the catalog once (a storage choice's profile, the bucket behind
// an accelerator, the platform and the GPU), and every name is checked before anything is
// simulated. From then on nothing reads YAML or files: the simulator (sim/simulate.hpp) and the
// advisor take a Scenario. The profiles live in a ProfileSet shared, read-only, by every scenario
// made from it (a sweep's points share one), so copying a Scenario copies its workload only.
// Deterministic: a Scenario is data.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/exchange_rates.hpp"
#include "sim/profile.hpp"
#include "sim/workload.hpp"

namespace stowage::sim {

/// Profiles by name, read once.
struct ProfileSet {
  std::map<std::string, StorageProfile, std::less<>> storage;
  std::map<std::string, PlatformProfile, std::less<>> platform;
  std::map<std::string, GpuProfile, std::less<>> gpu;
  std::map<std::string, LoaderProfile, std::less<>> loader;
  /// The rates that put the profiles' prices on one scale (sim/exchange_rates.hpp); none when
  /// the catalog has none, which resolution allows only when every price is in one currency.
  std::optional<ExchangeRates> rates;

  /// The profile `name`; it must be in the set (resolution checked it).
  const StorageProfile& storage_profile(std::string_view name) const;
  const PlatformProfile& platform_profile(std::string_view name) const;
  const GpuProfile& gpu_profile(std::string_view name) const;
  const LoaderProfile& loader_profile(std::string_view name) const;
  /// The object store behind `s` when its kind has one (an accelerator), else null.
  const StorageProfile* backing_of(const StorageProfile& s) const;
};

struct Scenario {
  Workload workload;
  /// The storage choices to evaluate: the workload's list, narrowed or widened by the command
  /// (`--storage`, or every storage of the catalog when the workload lists none).
  std::vector<StorageChoice> candidates;
  std::shared_ptr<const ProfileSet> profiles;

  const PlatformProfile& platform() const { return profiles->platform_profile(workload.platform); }
  const GpuProfile& gpu() const { return profiles->gpu_profile(workload.gpu); }
  /// The workload's loader profile, or null for the generic loader.
  const LoaderProfile* loader() const {
    return workload.loader.profile.empty() ? nullptr
                                           : &profiles->loader_profile(workload.loader.profile);
  }
  const StorageProfile& storage(const StorageChoice& c) const {
    return profiles->storage_profile(c.profile);
  }
};

}  // namespace stowage::sim
