#include "advisor/cli/man_page.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>
#include <vector>

#include "advisor/cli/help_footer.hpp"
#include "advisor/cli/output_options.hpp"

namespace stowage::advisor {
namespace {

/// `text` as roff running text: backslashes and hyphens escaped, and a line that would start
/// with a control character (`.` or `'`) protected.
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char ch : text) {
    if (line_start && (ch == '.' || ch == '\'')) out += "\\&";
    if (ch == '\\') {
      out += "\\e";
    } else if (ch == '-') {
      out += "\\-";
    } else {
      out += ch;
    }
    line_start = ch == '\n';
  }
  return out;
}

/// The lines of `text` as a no-fill block (examples, exit codes), each as written.
std::string literal_block(std::string_view text) {
  return ".PP\n.nf\n.RS 4\n" + roff(text) + (text.ends_with('\n') ? "" : "\n") + ".RE\n.fi\n";
}

void command_section(const CLI::App& cmd, const std::string& path, std::string& out) {
  out += fmt::format(".SS \"{}\"\n{}\n", roff("stowage " + path), roff(cmd.get_description()));
  for (const CLI::Option* o : cmd.get_options()) {
    if (o->get_group().empty() || o == cmd.get_help_ptr()) continue;  // hidden, or --help
    std::vector<std::string> flags;
    for (const std::string& n : o->get_snames()) flags.push_back("\\fB" + roff("-" + n) + "\\fR");
    for (const std::string& n : o->get_lnames()) flags.push_back("\\fB" + roff("--" + n) + "\\fR");
    std::string names = fmt::format("{}", fmt::join(flags, ", "));
    if (flags.empty()) {
      names = "\\fI" + roff(o->get_name(true)) + "\\fR";  // a positional argument
    } else if (o->get_expected_max() > 0 && o->get_type_size_max() > 0) {
      names += " \\fI" + roff(o->get_type_name()) + "\\fR";
    }
    out += fmt::format(".TP\n{}\n{}\n", names, roff(o->get_description()));
  }
  if (const std::string_view e = help_examples(path); !e.empty()) {
    out += ".PP\nExamples:\n" + literal_block(e);
  }
  for (const CLI::App* sub : cmd.get_subcommands({})) {
    if (!sub->get_group().empty()) command_section(*sub, path + " " + sub->get_name(), out);
  }
}

}  // namespace

std::string man_page(const CLI::App& app, std::string_view version) {
  std::string out = fmt::format(
      ".TH STOWAGE 1 \"\" \"stowage {}\" \"User Commands\"\n"
      ".SH NAME\nstowage \\- where to keep model weights for serverless GPU inference\n"
      ".SH SYNOPSIS\n.B stowage\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n.br\n"
      ".B stowage\n[\\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR]\n"
      ".SH DESCRIPTION\n{}\n.PP\n"
      "\\fBstowage\\fR alone prints the command list and exits 2; \\fBstowage \\fICOMMAND\\fB "
      "\\-\\-help\\fR prints a command's options, examples and exit codes.\n"
      ".SH COMMANDS\n",
      roff(version), roff(app.get_description()));
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (!sub->get_group().empty()) command_section(*sub, sub->get_name(), out);
  }
  out += ".SH EXIT STATUS\n" + literal_block(exit_codes("calibrate"));
  out +=
      ".SH ENVIRONMENT\n.TP\n.B STOWAGE_PROFILES\n"
      "Directories of profiles (colon\\-separated), searched after \\fB\\-\\-profiles\\fR and "
      "before the installed and the built\\-in catalog.\n"
      ".TP\n.B NO_COLOR\nWhen set, no colour on a terminal.\n"
      ".SH FILES\n.TP\n.I ../share/stowage/\n"
      "The data directory beside the program: the catalog (profiles/) and data/workloads, "
      "data/sweeps and data/validation. The source tree the program was built from, then the "
      "install prefix, are tried after it; \\fBstowage \\-\\-version\\fR prints the one in use.\n"
      ".SH SEE ALSO\n\\fBstowage\\-loader \\-\\-help\\fR; README.md and docs/install.md in the "
      "source tree.\n";
  return out;
}

void add_man_command(CLI::App& app, std::string_view version) {
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("man", "Print the manual page stowage(1) in roff");
  cmd->group("");  // hidden from the command list
  add_out_option(cmd, *out, "Write the page to FILE");
  cmd->callback([out, &app, v = std::string(version)] { emit(man_page(app, v), *out); });
}

}  // namespace stowage::advisor
