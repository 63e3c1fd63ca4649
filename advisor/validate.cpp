// `stowage validate FILE...`: parse workloads, profiles and sweep files and report `FILE: ok` or
// the first error of each.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "advisor/catalog_option.hpp"
#include "advisor/commands.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/embedded.hpp"
#include "sim/config/sweep_loader.hpp"
#include "sim/config/workload_loader.hpp"

namespace stowage::advisor {

namespace {

// A file in a directory named storage/, platform/ or gpu/ is a profile: it is read through a
// catalog whose first layer is that directory's parent, so that `extends` resolves as it will
// when the profiles are used. Returns false for any other file (a workload).
bool check_profile(const std::string& file, const std::vector<std::string>& profile_dirs) {
  const std::filesystem::path path(file);
  const std::string kind = path.parent_path().filename().string();
  if (path.extension() != ".yaml" || (kind != "storage" && kind != "platform" && kind != "gpu")) {
    return false;
  }
  // Reading it first reports a missing file or bad YAML at the file itself.
  sim::config::YamlDocument::from_file(path);
  std::vector<std::string> dirs{path.parent_path().parent_path().string()};
  if (dirs.front().empty()) dirs.front() = ".";
  dirs.insert(dirs.end(), profile_dirs.begin(), profile_dirs.end());
  const sim::Catalog catalog = open_catalog(dirs);
  const std::string name = path.stem().string();
  if (kind == "storage") {
    catalog.storage(name);
  } else if (kind == "platform") {
    catalog.platform(name);
  } else {
    catalog.gpu(name);
  }
  return true;
}

// A mapping with `axes` is a sweep file (sim/config/sweep_loader.hpp), not a workload.
bool is_sweep(const sim::config::YamlDocument& doc) {
  const sim::config::YamlNode root = doc.root();
  if (!root.is_map()) return false;
  for (const auto& [key, value] : root.entries()) {
    if (key == "axes") return true;
  }
  return false;
}

}  // namespace

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
        if (!check_profile(file, options->profile_dirs)) {
          const auto doc = sim::config::YamlDocument::from_file(file);
          if (is_sweep(doc)) {
            sim::config::load_sweep_file(file, catalog);
          } else {
            check(doc);
          }
        }
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
