// The `image:` section of a platform profile: how images reach instances (internal to
// sim/config/profile_loader.cpp). Every figure is recorded with its source through the Scope.
#pragma once

#include "sim/config/profile_fields.hpp"
#include "sim/profile.hpp"

namespace stowage::sim::config {

/// Reads `image:` of `scope` into `p.image`; with `inherit`, keys a parent gave may be absent.
/// Throws ConfigError at the offending key.
void read_platform_image(const profile_fields::Scope& scope, PlatformProfile& p, bool inherit);

}  // namespace stowage::sim::config
