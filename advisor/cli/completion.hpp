// `stowage completion bash|zsh|fish`: a shell completion script generated from the command
// definition itself (the CLI11 app: its subcommands, their options and the values an option
// accepts), so that the completions never fall behind the commands. The command is hidden from
// the command list; the install rules (cmake/install.cmake) install both scripts.
//
// bash: `source <(stowage completion bash)`, or installed as
// share/bash-completion/completions/stowage. It completes subcommands, options, the values of an
// option with a fixed set (`--format`, `--kind`) and files everywhere else.
// zsh: installed as share/zsh/vendor-completions/_stowage (compinit finds it on $fpath), or
// `source <(stowage completion zsh)` after compinit; the same, with each subcommand's and
// option's description. fish: share/fish/vendor_completions.d/stowage.fish, likewise.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

namespace stowage::advisor {

/// The completion script of `app` for `shell` ("bash", "zsh" or "fish").
std::string completion_script(const CLI::App& app, std::string_view shell);

/// Adds the hidden `completion SHELL [-o FILE]` subcommand to `app`.
void add_completion_command(CLI::App& app);

}  // namespace stowage::advisor
