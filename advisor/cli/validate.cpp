// `stowage validate FILE...`: parse workloads, profiles and sweep files and report `FILE: ok` or
// the first error of each.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "advisor/cli/catalog_option.hpp"
#include "advisor/cli/commands.hpp"
#include "advisor/cli/output_file.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/embedded.hpp"
#include "sim/config/validate.hpp"

namespace stowage::advisor {

void add_validate_command(CLI::App& app, CommandStatus& status) {
  struct Options {
    std::vector<std::string> files;
    std::vector<std::string> profile_dirs;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "validate",
      "Check workload and profile files (the embedded default workload when none is given); "
      "print `FILE: ok` or the error, exit 2 if any is bad");
  cmd->add_option("files", options->files, "Workload YAML files");
  add_profiles_option(cmd, options->profile_dirs);
  cmd->callback([options, &status] {
    const sim::config::Catalog catalog = open_catalog(options->profile_dirs);
    const auto with_root = [&](const std::filesystem::path& root) {
      std::vector<std::string> dirs{root.string()};
      dirs.insert(dirs.end(), options->profile_dirs.begin(), options->profile_dirs.end());
      return open_catalog(dirs);
    };
    // Every file is checked, so one run lists every broken file; nothing goes to stdout for a
    // bad file, and the exit status says whether all were good.
    std::string out;
    std::string err;
    if (options->files.empty()) {
      sim::config::validate_default_workload(catalog);
      write_stdout(fmt::format("{}: ok\n", sim::config::kEmbeddedWorkloadName));
      return;
    }
    for (const std::string& file : options->files) {
      try {
        sim::config::validate_file(file, catalog, with_root);
        out += fmt::format("{}: ok\n", file);
      } catch (const sim::config::ConfigError& e) {
        err += fmt::format("{}\n", e.what());
        status.code = sim::config::kExitUserError;
      }
    }
    write_stdout(out);
    fmt::print(stderr, "{}", err);
  });
}

}  // namespace stowage::advisor
