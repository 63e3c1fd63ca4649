// `stowage validate FILE...`: parse workloads and report `FILE: ok` or the first error of each.
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "advisor/commands.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/embedded.hpp"
#include "sim/config/workload_loader.hpp"

namespace stowage::advisor {

void add_validate_command(CLI::App& app, CommandStatus& status) {
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand(
      "validate",
      "Check workload files (the embedded default when none is given); print `FILE: ok` or the "
      "error, exit 2 if any is bad");
  cmd->add_option("files", *files, "Workload YAML files");
  cmd->callback([files, &status] {
    // Every file is checked, so one run lists every broken file; nothing goes to stdout for a
    // bad file, and the exit status says whether all were good.
    std::string out;
    std::string err;
    if (files->empty()) {
      sim::config::load_default_workload();
      fmt::print("{}: ok\n", sim::config::kEmbeddedWorkloadName);
      return;
    }
    for (const std::string& file : *files) {
      try {
        sim::config::load_workload_file(file);
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
