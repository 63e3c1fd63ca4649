#include "advisor/cli/output_options.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

#include "advisor/cli/commands.hpp"
#include "advisor/cli/output_file.hpp"

namespace stowage::advisor {
namespace {

/// Bytes gathered before a write to standard output: few system calls for a large table.
constexpr std::size_t kStdoutPiece = 64 * 1024;
/// The help of a format alias, which also marks it as one.
constexpr std::string_view kAliasHelp = "The same as --format";

}  // namespace

void add_output_options(CLI::App* cmd, OutputOptions& options,
                        const std::vector<std::string>& formats) {
  options.format = formats.front();
  cmd->add_option("--format", options.format,
                  fmt::format("Output format: {} (default: {})", fmt::join(formats, ", "),
                              formats.front()))
      ->check(CLI::IsMember(formats));
  add_out_option(cmd, options.out, "Write the output to this file instead of standard output");
}

CLI::Option* add_out_option(CLI::App* cmd, std::string& out, const std::string& help) {
  // `-o -` is standard output, as the default is: never a file named `-`.
  return cmd
      ->add_option("-o,--out", out,
                   help + " (`-` or none: standard output; replaced whole; a device such as "
                          "/dev/null is written through)")
      ->transform([](std::string value) { return value == "-" ? std::string() : value; },
                  "", "");
}

void add_format_alias(CLI::App* cmd, std::string& format, const std::string& name) {
  const std::string flag = "--" + name;
  cmd->add_flag_callback(
      flag,
      [cmd, &format, name, flag] {
        // Two formats asked for (--json --csv, --format csv --json) is a mistake, not a choice.
        for (const CLI::Option* o : cmd->get_options()) {
          if (o->count() == 0 || o->get_name() == flag) continue;
          const bool alias = o->get_description().starts_with(kAliasHelp);
          if (alias || (o->get_name() == "--format" && format != name)) {
            throw UsageError(flag, fmt::format("conflicts with {}", o->get_name()),
                             "one output format");
          }
        }
        format = name;
      },
      fmt::format("{} {}", kAliasHelp, name));
}

OutputSink::OutputSink(const std::string& out) {
  if (!out.empty()) file_.emplace(out);
}

void OutputSink::write(std::string_view piece) {
  if (file_) {
    file_->write(piece);
    return;
  }
  buffer_ += piece;
  if (buffer_.size() >= kStdoutPiece) {
    write_stdout(buffer_);
    buffer_.clear();
  }
}

void OutputSink::commit() {
  if (file_) {
    file_->commit();
  } else {
    write_stdout(buffer_);
    buffer_.clear();
  }
}

void emit(std::string_view text, const std::string& out) {
  OutputSink sink(out);
  sink.write(text);
  sink.commit();
}

int terminal_width(const std::string& out) {
  if (!out.empty() || isatty(STDOUT_FILENO) == 0) return 0;
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return 0;
  return size.ws_col;
}

bool colour_output(const std::string& out) {
  return out.empty() && isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
}

}  // namespace stowage::advisor
