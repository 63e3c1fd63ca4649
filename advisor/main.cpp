// `stowage`: where to keep model weights for serverless GPU inference.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "advisor/commands.hpp"
#include "sim/config/config_error.hpp"

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : stowage::sim::config::kExitUserError;
  } catch (const stowage::sim::config::ConfigError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return stowage::sim::config::kExitUserError;
  }
  std::fflush(stdout);
  return status.code;
}
