// `stowage`: where to keep model weights for serverless GPU inference.
//
// Exit status: 0 done, 1 a failed write (WriteError, advisor/cli/output_file.hpp) or a command's
// finding, 2 a user mistake (UsageError, ConfigError, or a command line CLI11 cannot parse: a
// mistyped subcommand or option gets "did you mean"), 5 a failure of the machine, not of the
// input (EnvironmentError, sim/environment_error.hpp: a loader that cannot be run or fails, a
// temporary directory, a file that cannot be read once checked). `stowage` alone prints the
// command list and exits 2; `stowage --version` prints the version, the git revision and build
// type it was built from, and the data directory it reads (advisor/cli/data_dir.hpp).
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "advisor/cli/commands.hpp"
#include "advisor/cli/completion.hpp"
#include "advisor/cli/data_dir.hpp"
#include "advisor/cli/help_footer.hpp"
#include "advisor/cli/help_format.hpp"
#include "advisor/cli/man_page.hpp"
#include "advisor/cli/output_file.hpp"
#include "advisor/cli/version.hpp"
#include "sim/config/catalog.hpp"
#include "sim/config/config_error.hpp"
#include "sim/environment_error.hpp"

namespace {

/// Exit status of a failed write.
constexpr int kExitWriteError = 1;

/// The deepest subcommand given (`app` itself when none).
const CLI::App& deepest(const CLI::App& app) {
  const CLI::App* cmd = &app;
  for (auto given = cmd->get_subcommands(); !given.empty(); given = cmd->get_subcommands()) {
    cmd = given.front();
  }
  return *cmd;
}

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

/// For the first argument `cmd` could not place, `ARG: unknown option (did you mean '--format'?)`
/// or `ARG: unknown command (did you mean 'advise'?)`; empty when there is none or no close name.
std::string did_you_mean(const CLI::App& cmd) {
  const std::vector<std::string> extras = cmd.remaining(false);
  if (extras.empty()) return {};
  const std::string& arg = extras.front();
  std::vector<std::string> names;
  std::string what;
  if (arg.starts_with("-")) {
    what = "option";
    for (const CLI::Option* o : cmd.get_options()) {
      for (const std::string& n : o->get_lnames()) names.push_back("--" + n);
      for (const std::string& n : o->get_snames()) names.push_back("-" + n);
    }
  } else {
    what = "command";
    for (const CLI::App* sub : cmd.get_subcommands({})) names.push_back(sub->get_name());
  }
  const std::string name = arg.substr(0, arg.find('='));
  const std::string guess =
      names.empty() ? std::string() : stowage::sim::config::Catalog::suggest(name, names);
  if (guess.empty() || guess == name) return {};
  return fmt::format("{}: unknown {} (did you mean '{}'?)", name, what, guess);
}

}  // namespace

int main(int argc, char** argv) {
  namespace adv = stowage::advisor;
  // A closed standard output stays closed to writing: a read-only /dev/null takes descriptor 1,
  // so that no file opened later lands there and takes the output, and every write to it fails.
  if (::fcntl(STDOUT_FILENO, F_GETFD) == -1) {
    const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && fd != STDOUT_FILENO) {
      ::dup2(fd, STDOUT_FILENO);
      ::close(fd);
    }
  }
  CLI::App app{
      "stowage: where to keep model weights for serverless GPU inference, proven by simulation"};
  app.name("stowage");
  adv::use_wrapping_help(app);  // before the subcommands, which inherit it
  app.set_version_flag("--version", [] {
    return fmt::format("stowage {}\ndata: {}", adv::version_text(), adv::data_dir().string());
  });
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
  adv::add_completion_command(app);
  adv::add_man_command(app, adv::version_text());
  adv::set_help_footers(app);  // examples and exit codes

  if (argc <= 1) {  // no command: the command list, as a mistake
    fmt::print("{}", app.help());
    return stowage::sim::config::kExitUserError;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    const std::string guess = did_you_mean(deepest(app));
    fmt::print(stderr, "{}: error: {} (see {} --help)\n", command_path(app),
               guess.empty() ? std::string(e.what()) : guess, command_path(app));
    return stowage::sim::config::kExitUserError;
  } catch (const adv::WriteError& e) {
    fmt::print(stderr, "{}: error: {}\n", command_path(app), e.what());
    return kExitWriteError;
  } catch (const stowage::sim::EnvironmentError& e) {
    fmt::print(stderr, "{}: error: {}\n", command_path(app), e.what());
    return stowage::sim::kExitEnvironmentError;
  } catch (const adv::UsageError& e) {
    fmt::print(stderr, "{}: error: {}\n", command_path(app), e.text());
    return stowage::sim::config::kExitUserError;
  } catch (const stowage::sim::config::ConfigError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return stowage::sim::config::kExitUserError;
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
    fmt::print(stderr, "{}: error: cannot write to standard output\n", command_path(app));
    return kExitWriteError;
  }
  return status.code;
}
