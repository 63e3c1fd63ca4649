// `--help` that fits the terminal: CLI11's layout (names in a column of 30, descriptions beside
// them) with every description, the command's own and the footer (examples, exit codes) wrapped
// at spaces to the terminal's width, or to 80 columns when standard output is not a terminal, so
// that piped help reads the same in any window.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace stowage::advisor {

/// Columns help is wrapped to when standard output is not a terminal.
inline constexpr int kHelpWidth = 80;

class HelpFormatter : public CLI::Formatter {
 public:
  explicit HelpFormatter(int width);
  std::string make_option_desc(const CLI::Option* opt) const override;
  std::string make_subcommand(const CLI::App* sub) const override;
  std::string make_description(const CLI::App* app) const override;
  std::string make_footer(const CLI::App* app) const override;

 private:
  /// `text` wrapped to the description column, lines joined by newlines (CLI11 indents them).
  std::string wrap_description(const std::string& text) const;
  int width_;
};

/// Gives `app` the HelpFormatter at the terminal's width; subcommands added after inherit it.
void use_wrapping_help(CLI::App& app);

}  // namespace stowage::advisor
