#include "advisor/cli/catalog_option.hpp"

#include <cstdlib>
#include <filesystem>

#include "advisor/cli/data_dir.hpp"
#include "advisor/cli/user_dir.hpp"

namespace stowage::advisor {

void add_profiles_option(CLI::App* cmd, std::vector<std::string>& dirs) {
  // One directory per occurrence, so that `--profiles DIR workload.yaml` leaves the workload to
  // the command.
  cmd->add_option("--profiles", dirs,
                  "A directory of profiles searched first (repeatable: --profiles A --profiles B; "
                  "then STOWAGE_PROFILES, the user's $XDG_CONFIG_HOME/stowage (default "
                  "~/.config/stowage), the installed and the built-in catalog)")
      ->allow_extra_args(false);
}

sim::config::Catalog open_catalog(const std::vector<std::string>& dirs) {
  const char* env = std::getenv("STOWAGE_PROFILES");
  return sim::config::Catalog::standard(std::vector<std::filesystem::path>(dirs.begin(), dirs.end()),
                                        env ? std::string_view(env) : std::string_view(),
                                        data_dir() / "profiles", user_config_dir());
}

}  // namespace stowage::advisor
