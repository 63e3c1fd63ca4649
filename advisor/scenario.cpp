#include "advisor/scenario.hpp"

#include <fmt/format.h>

#include "sim/config/config_error.hpp"
#include "sim/config/embedded.hpp"
#include "sim/config/workload_loader.hpp"

namespace stowage::advisor {

sim::Workload load_checked_workload(const std::string& path, const sim::Catalog& catalog) {
  const sim::config::YamlDocument doc =
      path.empty()
          ? sim::config::YamlDocument::from_text(sim::config::embedded_default_workload(),
                                                 std::string(sim::config::kEmbeddedWorkloadName))
          : sim::config::YamlDocument::from_file(path);
  sim::Workload workload = sim::config::load_workload(doc);
  catalog.check_workload_profiles(doc);
  return workload;
}

Scenario::Scenario(const sim::Workload& workload, sim::StorageChoice choice,
                   const sim::Catalog& catalog)
    : storage_(catalog.storage(choice.profile)),
      platform_(catalog.platform(workload.platform)),
      gpu_(catalog.gpu(workload.gpu)) {
  if (storage_.kind == sim::StorageKind::kAccelerator) {
    if (!catalog.contains(sim::ProfileKind::kStorage, storage_.backing)) {
      throw sim::config::ConfigError(
          storage_.info.file, {}, "backing",
          fmt::format("the accelerator's backing storage `{}` is not in the catalog",
                      storage_.backing),
          "an object_fuse storage profile name");
    }
    backing_ = catalog.storage(storage_.backing);
  }
  inputs_.workload = &workload;
  inputs_.choice = std::move(choice);
  inputs_.storage = &storage_;
  inputs_.backing = backing_ ? &*backing_ : nullptr;
  inputs_.platform = &platform_;
  inputs_.gpu = &gpu_;
}

}  // namespace stowage::advisor
