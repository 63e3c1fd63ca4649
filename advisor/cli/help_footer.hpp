// The end of every `--help`: examples of the command (paths are the source tree's; an installed
// tree has the same files under share/stowage/, docs/install.md) and the exit codes. Set on the
// app and each subcommand after all are added, so that no command file repeats them.
#pragma once

#include <CLI/CLI.hpp>

namespace stowage::advisor {

/// Sets the footer of `app` and of every subcommand under it.
void set_help_footers(CLI::App& app);

}  // namespace stowage::advisor
