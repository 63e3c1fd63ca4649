#include "advisor/sweep_output.hpp"

#include <fmt/format.h>

#include "advisor/commands.hpp"
#include "advisor/report/svg_plot.hpp"
#include "advisor/sweep_frontier.hpp"

namespace stowage::advisor {

void add_sweep_output_options(CLI::App* cmd, SweepOutputOptions& options) {
  cmd->add_option("--out", options.out,
                  "Write the rows to this file (atomically) instead of stdout");
  cmd->add_option("--format", options.format,
                  "Format of the rows (default: json when --out ends in .json, else csv)")
      ->check(CLI::IsMember({"csv", "json"}));
  cmd->add_flag("--frontier", options.frontier,
                "Print where along the first axis each storage stops meeting the SLO (the rows "
                "then go only to --out)");
  cmd->add_option("--plot", options.plot,
                  "Draw p99 against the first axis (one axis) or the recommended storage over "
                  "the first two axes, as SVG");
}

void emit_sweep(const SweepTable& table, const SweepOutputOptions& options) {
  const std::string format =
      !options.format.empty() ? options.format : (options.out.ends_with(".json") ? "json" : "csv");
  const std::string rows = format == "json" ? sweep_json(table).dump(2) + "\n" : sweep_csv(table);
  const std::string frontier = options.frontier ? sweep_frontier(table) : std::string();
  const std::string plot = options.plot.empty() ? std::string() : sweep_svg(table);
  if (!options.out.empty()) write_file_atomically(options.out, rows);
  if (!options.plot.empty()) write_file_atomically(options.plot, plot);
  if (options.frontier) {
    fmt::print("{}", frontier);
  } else if (options.out.empty()) {
    fmt::print("{}", rows);
  }
}

}  // namespace stowage::advisor
