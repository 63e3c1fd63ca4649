#include "advisor/cli/help_footer.hpp"

#include <fmt/format.h>

#include <map>
#include <string>

namespace stowage::advisor {
namespace {

constexpr std::string_view kExitCodes =
    "  0  done\n"
    "  1  a failed write, or a command's finding (a failed check)\n"
    "  2  a mistake in the command line or an input file (nothing written)\n";
constexpr std::string_view kExitMachine =
    "  5  a failure of the machine (a loader that cannot run, a temporary directory, missing "
    "shipped data)";

/// Examples by command path (`profiles list`), one command a line.
const std::map<std::string, std::string, std::less<>>& examples() {
  static const std::map<std::string, std::string, std::less<>> kExamples{
      {"",
       "stowage advise\nstowage table --format markdown -o table.md\n"
       "stowage profiles list --kind storage"},
      {"validate",
       "stowage validate data/workloads/default.yaml\n"
       "stowage validate --profiles mine mine/storage/nas-fast.yaml"},
      {"profiles list", "stowage profiles list --kind storage\nstowage profiles list --format csv"},
      {"profiles show",
       "stowage profiles show nas-performance\n"
       "stowage profiles show a10 --kind gpu --format json"},
      {"calibrate",
       "stowage calibrate\nstowage calibrate --loader-profile my-loader --cpu\n"
       "stowage calibrate --storage --dir /mnt/nas --extends nas-performance"},
      {"simulate",
       "stowage simulate data/workloads/burst-500.yaml --storage oss-accel\n"
       "stowage simulate --storage local-nvme --format json -o run.json"},
      {"advise",
       "stowage advise\n"
       "stowage advise data/workloads/small-model.yaml --format markdown -o advice.md"},
      {"table", "stowage table\nstowage table data/workloads/burst-500.yaml --format csv"},
      {"sweep",
       "stowage sweep data/sweeps/nas-frontier.yaml --frontier --plot frontier.svg\n"
       "stowage sweep data/sweeps/nas-frontier.yaml --shard 1/4 -o part-1.json"},
      {"merge", "stowage merge part-*.json -o sweep.csv --frontier"},
      {"accuracy",
       "stowage accuracy\n"
       "stowage accuracy --format markdown -o accuracy.md\n"
       "stowage accuracy --uncertainty --band-plot bands.svg"},
  };
  return kExamples;
}

/// The exit codes a command adds to the shared ones.
std::string_view own_exit_codes(std::string_view path) {
  if (path == "calibrate") {
    return "  3  no GPU found (nothing written)\n  4  partial: what was measured is written, what "
           "is "
           "missing is said\n";
  }
  return {};
}

std::string indented(const std::string& lines) {
  std::string out;
  std::size_t start = 0;
  while (start < lines.size()) {
    const std::size_t end = std::min(lines.find('\n', start), lines.size());
    out += "  " + lines.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

void set_footers(CLI::App& app, const std::string& path) {
  std::string footer;
  if (path.empty())
    footer += "Run `stowage COMMAND --help` for a command's options and examples.\n";
  if (const std::string_view e = help_examples(path); !e.empty()) {
    footer += "Examples:\n" + indented(std::string(e));
  }
  footer += "Exit status:\n" + exit_codes(path);
  app.footer(footer);
  for (CLI::App* sub : app.get_subcommands({})) {
    set_footers(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name());
  }
}

}  // namespace

std::string_view help_examples(std::string_view path) {
  const auto e = examples().find(path);
  return e == examples().end() ? std::string_view() : std::string_view(e->second);
}

std::string exit_codes(std::string_view path) {
  return fmt::format("{}{}{}", kExitCodes, own_exit_codes(path), kExitMachine);
}

void set_help_footers(CLI::App& app) { set_footers(app, ""); }

}  // namespace stowage::advisor
