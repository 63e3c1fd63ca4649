// The `stowage` subcommands. Each one registers itself on the CLI11 app with its options and a
// callback that runs it and stores the exit status. A command builds its whole output before
// writing any of it, so that a user error (ConfigError, caught in main, exit 2) leaves nothing
// half-written on stdout or in an output file (files go through write_file_atomically).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace stowage::advisor {

/// Where a command leaves its exit status (0 ok, 1 a finding such as a failed check, 2 a user
/// error reported as ConfigError).
struct CommandStatus {
  int code = 0;
};

/// A mistake on the command line (not in a file): main prints it as
/// `stowage advise: error: --storage: unknown storage 'oss-acel' (did you mean 'oss-accel'?)`
/// and exits 2. `option` names the option or argument; `expected` may be empty.
class UsageError : public std::runtime_error {
 public:
  UsageError(std::string option, std::string problem, std::string expected = {});
  const std::string& option() const { return option_; }
  /// `--storage: PROBLEM (expected ...)`, without the command.
  const std::string& text() const { return text_; }

 private:
  std::string option_;
  std::string text_;
};

/// A UsageError for a name that is not one of `names`: `unknown WHAT 'NAME' (did you mean
/// 'GUESS'?)`, or with the list of names when nothing is close.
UsageError unknown_name(std::string option, std::string_view what, std::string_view name,
                        const std::vector<std::string>& names);

/// Refuses `--worlds` without `--uncertainty`, a count of worlds outside 1 to kMaxWorlds
/// (advisor/judge/uncertainty.hpp), and a `--band-plot` file (non-empty `band_plot`) without
/// `--uncertainty`, as a UsageError.
void check_worlds_option(bool uncertainty, int worlds, const std::string& band_plot = {});

void add_validate_command(CLI::App& app, CommandStatus& status);
void add_profiles_command(CLI::App& app, CommandStatus& status);
void add_calibrate_command(CLI::App& app, CommandStatus& status);
void add_simulate_command(CLI::App& app, CommandStatus& status);
void add_advise_command(CLI::App& app, CommandStatus& status);
void add_table_command(CLI::App& app, CommandStatus& status);
void add_sweep_command(CLI::App& app, CommandStatus& status);
void add_merge_command(CLI::App& app, CommandStatus& status);
void add_accuracy_command(CLI::App& app, CommandStatus& status);

/// Writes `text` to `path` through a temporary file and a rename, so that readers never see a
/// partial file; throws WriteError (advisor/cli/output_file.hpp) when it cannot be written.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

}  // namespace stowage::advisor
