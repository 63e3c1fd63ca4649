// `stowage`: where to keep model weights for serverless GPU inference.
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "advisor/commands.hpp"
#include "sim/config/config_error.hpp"

namespace {

/// The deepest subcommand given: `stowage profiles show`.
std::string command_path(const CLI::App& app) {
  std::string command = "stowage";
  for (const CLI::App* sub = &app; sub != nullptr;) {
    const auto given = sub->get_subcommands();
    sub = given.empty() ? nullptr : given.front();
    if (sub != nullptr) command += " " + sub->get_name();
  }
  return command;
}

}  // namespace

int main(int argc, char** argv) {
  namespace adv = stowage::advisor;
  CLI::App app{
      "stowage: where to keep model weights for serverless GPU inference, proven by simulation"};
  app.name("stowage");
  app.set_version_flag("--version", "stowage " STOWAGE_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  adv::CommandStatus status;
  adv::add_validate_command(app, status);
  adv::add_profiles_command(app, status);
  adv::add_calibrate_command(app, status);
  adv::add_simulate_command(app, status);
  adv::add_advise_command(app, status);
  adv::add_table_command(app, status);
  adv::add_sweep_command(app, status);
  adv::add_merge_command(app, status);
  adv::add_accuracy_command(app, status);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    fmt::print(stderr, "{}: error: {} (see {} --help)\n", command_path(app), e.what(),
               command_path(app));
    return stowage::sim::config::kExitUserError;
  } catch (const adv::UsageError& e) {
    fmt::print(stderr, "{}: error: {}\n", command_path(app), e.text());
    return stowage::sim::config::kExitUserError;
  } catch (const stowage::sim::config::ConfigError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return stowage::sim::config::kExitUserError;
  }
  std::fflush(stdout);
  return status.code;
}
