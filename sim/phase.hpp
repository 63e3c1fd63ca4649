// Phase: the steps of one load (a cold start or a model switch), in the order of an image start.
// Each phase of a load has a start and an end (sim/result.hpp PhaseTime); names are stable and
// appear in JSON and CSV output.
#pragma once

#include <cstdint>
#include <string_view>

namespace stowage::sim {

/// The phases of a load, in the order of an image start (other storages wait for an update just
/// before their first read).
enum class Phase : std::uint8_t {
  kUpdateWait,  // waiting for a new model version to reach the storage (sim/update.hpp)
  kDelivery,    // waiting for the platform to deliver the instance (its delivery rate)
  kImagePull,   // pulling a whole image that preprocessing has not yet prepared
  kSandbox,     // the instance (sandbox) starts
  kVpcAttach,   // attaching to the storage's VPC
  kMount,       // mounting the file system or starting the FUSE client
  kReadHash,    // the hash pass over every file
  kReadLoad,    // the load pass over every file
  kH2d,         // host-to-device copy (overlapping the load pass when the loader streams)
  kInit,        // framework start-up after the weights are on the GPU
};
inline constexpr int kPhaseCount = 10;

/// `update_wait`, `delivery`, `image_pull`, `sandbox`, `vpc_attach`, `mount`, `read_hash`,
/// `read_load`, `h2d`, `init`.
std::string_view phase_name(Phase phase);

}  // namespace stowage::sim
