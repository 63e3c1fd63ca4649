#include "advisor/cli/help_format.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <memory>
#include <sstream>

#include "advisor/cli/output_options.hpp"
#include "advisor/report/text.hpp"

namespace stowage::advisor {

HelpFormatter::HelpFormatter(int width) : width_(width) {}

std::string HelpFormatter::wrap_description(const std::string& text) const {
  // At least 30 columns of description, however narrow the terminal.
  const int room = std::max(30, width_ - static_cast<int>(get_column_width()));
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    for (std::string& l : report::wrap_words(line, static_cast<std::size_t>(room))) {
      lines.push_back(std::move(l));
    }
  }
  return fmt::format("{}", fmt::join(lines, "\n"));
}

std::string HelpFormatter::make_option_desc(const CLI::Option* opt) const {
  return wrap_description(CLI::Formatter::make_option_desc(opt));
}

std::string HelpFormatter::make_subcommand(const CLI::App* sub) const {
  std::stringstream out;
  CLI::detail::format_help(out, sub->get_display_name(true),
                           wrap_description(sub->get_description()), get_column_width());
  return out.str();
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
  return report::wrap_text(CLI::Formatter::make_description(app), width_, "");
}

std::string HelpFormatter::make_footer(const CLI::App* app) const {
  // A long line keeps its indent, and its continuation lines go three further, under the text of
  // an exit code (`  5  a failure ...`).
  std::string out;
  std::istringstream in(CLI::Formatter::make_footer(app));
  for (std::string line; std::getline(in, line);) {
    if (static_cast<int>(line.size()) <= width_) {
      out += line + "\n";
      continue;
    }
    const std::size_t lead = std::min(line.find_first_not_of(' '), line.size());
    const int room = std::max(20, width_ - static_cast<int>(lead) - 3);
    const auto lines = report::wrap_words(line.substr(lead), static_cast<std::size_t>(room));
    for (std::size_t i = 0; i < lines.size(); ++i) {
      out += std::string(lead + (i == 0 ? 0 : 3), ' ') + lines[i] + "\n";
    }
  }
  return out;
}

void use_wrapping_help(CLI::App& app) {
  const int terminal = terminal_width("");
  app.formatter(std::make_shared<HelpFormatter>(terminal > 0 ? terminal : kHelpWidth));
}

}  // namespace stowage::advisor
