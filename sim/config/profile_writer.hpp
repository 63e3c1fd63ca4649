// Profile writer: a profile as YAML text that the profile loader reads back to the same values
// and sources. `stowage calibrate` writes measured GPU profiles, and measured storage overlays,
// with it. Pure: the same profile
// gives the same bytes.
#pragma once

#include <optional>
#include <string>

#include "sim/profile.hpp"

namespace stowage::sim::config {

/// The figures a storage calibration measured, written as a profile that `extends` the profile
/// they were measured against: each present figure replaces the parent's, with `source`.
struct StorageOverlay {
  std::string extends;  // the parent profile's name; required
  std::string description;
  Source source;  // every figure's source, e.g. {kind: measured, calibration: FILE}
  std::optional<BytesPerSecond> per_connection;
  std::optional<BytesPerSecond> per_client;
  std::optional<bool> page_cache;
  std::optional<BytesPerSecond> fuse_per_vcpu;
};

/// The overlay as YAML that the catalog loads on top of its parent; every figure carries the
/// overlay's source. Quantities are written exactly.
std::string write_storage_overlay_yaml(const StorageOverlay& overlay);

/// A GPU profile as YAML that load_gpu_profile reads back to the same values and sources
/// (quantities are written exactly; a figure's source is written only where it differs from the
/// profile's origin). Used to save measured profiles.
std::string write_gpu_profile_yaml(const GpuProfile& profile);

/// A loader profile as YAML that load_loader_profile reads back to the same values; every
/// figure carries `source` (the profile's own `info.source` is not consulted). Quantities are
/// written exactly. Used to save a measured loading pipeline.
std::string write_loader_profile_yaml(const LoaderProfile& profile, const Source& source);

}  // namespace stowage::sim::config
