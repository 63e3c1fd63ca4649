// `stowage man`: the manual page stowage(1), in roff, generated from the command definition (the
// CLI11 app: every command's description, options and positional arguments) with the examples
// and exit codes of `--help` (advisor/cli/help_footer.hpp), so that it says what `--help` says.
// Hidden from the command list; written after each link of `stowage` and installed as
// share/man/man1/stowage.1 (cmake/install.cmake).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

namespace stowage::advisor {

/// The manual page of `app`; `version` goes in its header (`0.1.0 (git ..., Release)`).
std::string man_page(const CLI::App& app, std::string_view version);

/// Adds the hidden `man [-o FILE]` subcommand to `app`.
void add_man_command(CLI::App& app, std::string_view version);

}  // namespace stowage::advisor
