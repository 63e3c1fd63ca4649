#include "sim/config/resolve.hpp"

#include <fmt/format.h>

#include "sim/config/clouds.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/exchange_rates_loader.hpp"
#include "sim/config/workload_loader.hpp"
#include "sim/storage/registry.hpp"

namespace stowage::sim::config {

Workload load_checked_workload(const std::string& path, const Catalog& catalog) {
  return path.empty() ? load_default_workload(&catalog) : load_workload_file(path, &catalog);
}

namespace {

/// Without exchange rates, every price must be in one currency (sim/exchange_rates.hpp).
void require_one_currency(const ProfileSet& set) {
  std::string first, first_file;
  const auto check = [&](const std::string& currency, const ProfileInfo& info, const char* key) {
    if (currency.empty()) return;
    if (first.empty()) {
      first = currency;
      first_file = info.file;
      return;
    }
    if (currency == first) return;
    throw ConfigError(info.file, Mark{}, key,
                      fmt::format("prices in {} and {} ({}) cannot be compared without exchange "
                                  "rates",
                                  currency, first, first_file),
                      fmt::format("an {} in a --profiles directory", kExchangeRatesFile));
  };
  for (const auto& [name, p] : set.platform) {
    check(p.gpu_pricing.currency, p.info, "gpu_pricing.currency");
    check(p.image.build_currency, p.info, "image.build_currency");
  }
  for (const auto& [name, p] : set.storage) check(p.cost.currency, p.info, "cost.currency");
}

}  // namespace

std::shared_ptr<const ProfileSet> resolve_profiles(const Catalog& catalog,
                                                   const std::vector<std::string>& storages,
                                                   const std::vector<std::string>& platforms,
                                                   const std::vector<std::string>& gpus,
                                                   const std::vector<std::string>& loaders) {
  auto set = std::make_shared<ProfileSet>();
  for (const std::string& l : loaders) {
    if (!set->loader.contains(l)) set->loader.emplace(l, catalog.loader(l));
  }
  for (const std::string& p : platforms) {
    if (!set->platform.contains(p)) set->platform.emplace(p, catalog.platform(p));
  }
  for (const std::string& g : gpus) {
    if (!set->gpu.contains(g)) set->gpu.emplace(g, catalog.gpu(g));
  }
  for (const std::string& name : storages) {
    if (set->storage.contains(name)) continue;
    StorageProfile s = catalog.storage(name);
    if (s.kind->takes("backing") && !set->storage.contains(s.backing)) {
      if (!catalog.contains(ProfileKind::kStorage, s.backing)) {
        throw ConfigError(s.info.file, {}, "backing",
                          fmt::format("the accelerator's backing storage `{}` is not in the "
                                      "catalog",
                                      s.backing),
                          "an object_fuse storage profile name");
      }
      set->storage.emplace(s.backing, catalog.storage(s.backing));
    }
    set->storage.emplace(name, std::move(s));
  }
  set->rates = catalog.exchange_rates();
  if (set->rates) {
    check_currencies(*set, *set->rates);
  } else {
    require_one_currency(*set);
  }
  return set;
}

Scenario resolve_scenario(Workload workload, const Catalog& catalog,
                          std::vector<StorageChoice> candidates) {
  if (candidates.empty()) candidates = workload.storage;
  if (candidates.empty()) candidates = every_storage(catalog, workload_cloud(workload, catalog));
  std::vector<std::string> storages;
  for (const StorageChoice& c : candidates) storages.push_back(c.profile);
  Scenario s;
  std::vector<std::string> loaders;
  if (!workload.loader.profile.empty()) loaders.push_back(workload.loader.profile);
  s.profiles =
      resolve_profiles(catalog, storages, {workload.platform}, {workload.gpu}, loaders);
  s.workload = std::move(workload);
  s.candidates = std::move(candidates);
  return s;
}

}  // namespace stowage::sim::config
