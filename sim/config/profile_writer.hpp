// Profile writer: a profile as YAML text that the profile loader reads back to the same values
// and sources. `stowage calibrate` writes measured GPU profiles with it. Pure: the same profile
// gives the same bytes.
#pragma once

#include <string>

#include "sim/profile.hpp"

namespace stowage::sim::config {

/// A GPU profile as YAML that load_gpu_profile reads back to the same values and sources
/// (quantities are written exactly; a figure's source is written only where it differs from the
/// profile's origin). Used to save measured profiles.
std::string write_gpu_profile_yaml(const GpuProfile& profile);

}  // namespace stowage::sim::config
