// What `stowage --version` prints: the version, the git revision of the source tree when the
// build was configured (`git describe --always --dirty`, "unknown" outside a checkout) and the
// build type. Defined in the generated version.cpp (cmake/version.cmake), which only the
// `stowage` program compiles, so that a new revision relinks it and nothing else.
#pragma once

#include <string_view>

namespace stowage::advisor {

/// `0.1.0 (git 0815ddd-dirty, Release)`.
std::string_view version_text();

}  // namespace stowage::advisor
