#include "sim/storage/kind.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/check.hpp"
#include "sim/storage/routes.hpp"
#include "sim/update.hpp"

namespace stowage::sim {

void InstanceLinks::add_own(ConstraintId c) {
  STOWAGE_CHECK(owned_ < own_.size(), "too many per-instance links for one storage");
  own_[owned_++] = c;
}

StorageRun::StorageRun(const StorageSetup& setup) : setup_(setup) {
  STOWAGE_CHECK(setup.profile && setup.platform && setup.workload, "incomplete storage setup");
  own_bound_label_ = client_bound_label(*setup.profile, setup.streams);
}

Sizing StorageRun::sizing() const {
  return sizing_of(setup_.choice, *setup_.profile, model().stored_size());
}

PreReadStages StorageRun::pre_read_stages() const {
  PreReadStages stages;
  if (const auto& mount = setup_.profile->cold_start.mount) {
    stages.attach.push_back({Phase::kMount, *mount});
  }
  return stages;
}

StageRead StorageRun::stage_read(std::int64_t /*host*/, const InstanceLinks& /*links*/) {
  STOWAGE_CHECK(false, "a stage read of a storage that declares none");
  return {};
}

bool StorageKind::takes(std::string_view key) const {
  const auto s = sections();
  return std::any_of(s.begin(), s.end(), [key](const KindSection& k) { return k.key == key; });
}

UpdateTimeline StorageKind::update(const StorageSetup& setup) const { return copy_timeline(setup); }

Sizing sizing_of(const StorageChoice& choice, const StorageProfile& profile, Bytes model_bytes) {
  // A file system holds at least the model; a cache is at least as large as it is bought.
  Sizing s;
  s.stored = choice.stored.value_or(model_bytes);
  if (choice.capacity) {
    s.provisioned = *choice.capacity;
  } else if (profile.limits.min_capacity) {
    s.provisioned = std::max(*profile.limits.min_capacity, model_bytes);
  } else {
    s.provisioned = model_bytes;
  }
  return s;
}

bool gpu_direct_path(const StorageSetup& setup) {
  return setup.profile->gpu_direct.value_or(setup.profile->kind->gpu_direct());
}

LoaderProfile::Staging StorageRun::staging(LoaderProfile::Staging loader) const {
  if (loader == LoaderProfile::Staging::kDirect && !gpu_direct_path(setup_)) {
    return LoaderProfile::Staging::kPinned;
  }
  return loader;
}

std::optional<std::string> storage_infeasibility(const StorageSetup& setup) {
  const StorageProfile& p = *setup.profile;
  const StorageKind& kind = *p.kind;
  if (setup.choice.warm && !kind.warmable()) {
    return fmt::format("`warm` applies to an accelerator's cache; {} is a {} storage", p.info.name,
                       kind.name());
  }
  const auto& unsupported = setup.platform->unsupported_storage;
  if (const auto it = unsupported.find(std::string(kind.name())); it != unsupported.end()) {
    return fmt::format("{} cannot attach {} storage ({}): {}", setup.platform->info.name,
                       kind.name(), p.info.name, it->second);
  }
  if (kind.takes("backing") && setup.backing == nullptr) {
    return fmt::format("{} needs the object store behind it", p.info.name);
  }
  if (p.limits.max_file_size) {
    for (const ModelFile& f : setup.workload->model.files) {
      if (f.size > *p.limits.max_file_size) {
        return fmt::format("{} holds files of at most {}; {} is {}", p.info.name,
                           *p.limits.max_file_size, f.path, f.size);
      }
    }
  }
  return kind.infeasible(setup);
}

}  // namespace stowage::sim
