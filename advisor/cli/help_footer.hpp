// The end of every `--help`: examples of the command (paths are the source tree's; an installed
// tree has the same files under share/stowage/, docs/install.md) and the exit codes. Set on the
// app and each subcommand after all are added, so that no command file repeats them.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

namespace stowage::advisor {

/// The examples of the command at `path` (`profiles list`; empty for `stowage` itself), one a
/// line, or nothing.
std::string_view help_examples(std::string_view path);

/// The exit codes of the command at `path`, one a line (`  0  done`).
std::string exit_codes(std::string_view path);

/// Sets the footer of `app` and of every subcommand under it.
void set_help_footers(CLI::App& app);

}  // namespace stowage::advisor
