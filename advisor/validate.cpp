// `stowage validate FILE...`: parse workloads and report `FILE: ok` or the first error of each.
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "advisor/catalog_option.hpp"
#include "advisor/commands.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/embedded.hpp"
#include "sim/config/workload_loader.hpp"

namespace stowage::advisor {

void add_validate_command(CLI::App& app, CommandStatus& status) {
  struct Options {
    std::vector<std::string> files;
    std::vector<std::string> profile_dirs;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "validate",
      "Check workload files (the embedded default when none is given); print `FILE: ok` or the "
      "error, exit 2 if any is bad");
  cmd->add_option("files", options->files, "Workload YAML files");
  add_profiles_option(cmd, options->profile_dirs);
  cmd->callback([options, &status] {
    const sim::Catalog catalog = open_catalog(options->profile_dirs);
    // Syntax first, then the profile names, each reported where it is written.
    const auto check = [&](const sim::config::YamlDocument& doc) {
      sim::config::load_workload(doc);
      catalog.check_workload_profiles(doc);
    };
    // Every file is checked, so one run lists every broken file; nothing goes to stdout for a
    // bad file, and the exit status says whether all were good.
    std::string out;
    std::string err;
    if (options->files.empty()) {
      check(sim::config::YamlDocument::from_text(sim::config::embedded_default_workload(),
                                                 std::string(sim::config::kEmbeddedWorkloadName)));
      fmt::print("{}: ok\n", sim::config::kEmbeddedWorkloadName);
      return;
    }
    for (const std::string& file : options->files) {
      try {
        check(sim::config::YamlDocument::from_file(file));
        out += fmt::format("{}: ok\n", file);
      } catch (const sim::config::ConfigError& e) {
        err += fmt::format("{}\n", e.what());
        status.code = sim::config::kExitUserError;
      }
    }
    fmt::print("{}", out);
    fmt::print(stderr, "{}", err);
  });
}

}  // namespace stowage::advisor
