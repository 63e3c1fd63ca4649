// The default workload, compiled into the binary from data/workloads/default.yaml so that
// `stowage advise` with no file works from any directory. Immutable; no global state.
#pragma once

#include <string_view>

namespace stowage::sim::config {

/// The text of data/workloads/default.yaml as it was at build time.
std::string_view embedded_default_workload();

/// The name under which the embedded workload appears in messages.
inline constexpr std::string_view kEmbeddedWorkloadName = "<embedded>/default.yaml";

}  // namespace stowage::sim::config
