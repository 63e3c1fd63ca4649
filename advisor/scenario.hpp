// Scenario: a workload and one storage choice, with every profile they name, ready to simulate.
//
// Commands read a workload (a file, or the embedded default), check its profile names against
// the catalog where they are written, and build one Scenario per storage choice. A Scenario owns
// its profiles, so the sim::ColdStartInputs it hands out point into it: keep it in place (it is
// neither copied nor moved) while they are used.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sim/catalog.hpp"
#include "sim/cold_start.hpp"
#include "sim/workload.hpp"

namespace stowage::advisor {

/// Reads `path` (empty: the embedded default workload) and checks its profile names.
sim::Workload load_checked_workload(const std::string& path, const sim::Catalog& catalog);

class Scenario {
 public:
  /// Loads the profiles of `choice` and of the workload's platform and GPU.
  Scenario(const sim::Workload& workload, sim::StorageChoice choice, const sim::Catalog& catalog);
  Scenario(const Scenario&) = delete;
  Scenario& operator=(const Scenario&) = delete;

  const sim::ColdStartInputs& inputs() const { return inputs_; }
  const sim::StorageProfile& storage() const { return storage_; }
  const sim::PlatformProfile& platform() const { return platform_; }
  const sim::GpuProfile& gpu() const { return gpu_; }
  /// Why it cannot be simulated, if it cannot.
  std::optional<std::string> infeasibility() const { return sim::infeasibility(inputs_); }

 private:
  sim::StorageProfile storage_;
  std::optional<sim::StorageProfile> backing_;
  sim::PlatformProfile platform_;
  sim::GpuProfile gpu_;
  sim::ColdStartInputs inputs_;
};

}  // namespace stowage::advisor
