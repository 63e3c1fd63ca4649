#include "sim/config/validate.hpp"

#include <string>

#include "sim/config/exchange_rates_loader.hpp"
#include "sim/config/sweep_loader.hpp"
#include "sim/config/workload_loader.hpp"
#include "sim/config/yaml_reader.hpp"

namespace stowage::sim::config {
namespace {

/// Checks `path` as a profile when it sits in a profile directory; false when it does not.
bool check_profile(const std::filesystem::path& path, const CatalogWithRoot& catalog_with_root) {
  const std::string kind = path.parent_path().filename().string();
  if (path.extension() != ".yaml" ||
      (kind != "storage" && kind != "platform" && kind != "gpu" && kind != "loader")) {
    return false;
  }
  // Reading it first reports a missing file or bad YAML at the file itself.
  YamlDocument::from_file(path);
  std::filesystem::path root = path.parent_path().parent_path();
  if (root.empty()) root = ".";
  const Catalog catalog = catalog_with_root(root);
  const std::string name = path.stem().string();
  if (kind == "storage") {
    catalog.storage(name);
  } else if (kind == "platform") {
    catalog.platform(name);
  } else if (kind == "loader") {
    catalog.loader(name);
  } else {
    catalog.gpu(name);
  }
  return true;
}

bool is_sweep(const YamlDocument& doc) {
  const YamlNode root = doc.root();
  if (!root.is_map()) return false;
  for (const auto& [key, value] : root.entries()) {
    if (key == "axes") return true;
  }
  return false;
}

}  // namespace

void validate_file(const std::filesystem::path& file, const Catalog& catalog,
                   const CatalogWithRoot& catalog_with_root) {
  if (check_profile(file, catalog_with_root)) return;
  const YamlDocument doc = YamlDocument::from_file(file);
  if (file.filename() == kExchangeRatesFile) {
    load_exchange_rates(doc);
  } else if (is_sweep(doc)) {
    load_sweep_file(file, catalog);
  } else {
    load_workload(doc, &catalog);
  }
}

void validate_default_workload(const Catalog& catalog) { load_default_workload(&catalog); }

}  // namespace stowage::sim::config
