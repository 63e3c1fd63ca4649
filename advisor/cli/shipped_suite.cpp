#include "advisor/cli/shipped_suite.hpp"

#include <filesystem>

#include "advisor/cli/catalog_option.hpp"
#include "advisor/cli/data_dir.hpp"

namespace stowage::advisor {

std::unique_ptr<const ShippedSuite> shipped_suite() {
  const std::filesystem::path file = data_dir() / "data/validation/cases.yaml";
  if (!std::filesystem::exists(file)) return nullptr;
  sim::config::AccuracySuite suite = sim::config::load_accuracy_suite(file);
  const std::string profiles = suite.profiles.string();
  return std::unique_ptr<const ShippedSuite>(
      new ShippedSuite{std::move(suite), open_catalog({profiles})});
}

}  // namespace stowage::advisor
