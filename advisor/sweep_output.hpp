// Sweep output: where a sweep table goes, shared by `stowage sweep` and `stowage merge`.
//
// The rows go to `--out FILE` (written atomically) or, when there is no --out, to stdout unless
// `--frontier` is given (then stdout carries the frontier report, advisor/sweep_frontier.hpp).
// `--format csv|json` picks the rows' format (default: json when --out ends in .json, else
// csv; see advisor/sweep_run.hpp). `--plot FILE.svg` draws the table (advisor/report/svg_plot.hpp).
// Everything is rendered before anything is written, so a user error leaves nothing behind.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "advisor/sweep_run.hpp"

namespace stowage::advisor {

struct SweepOutputOptions {
  std::string out;     // empty: stdout
  std::string format;  // csv, json, or empty (from --out's extension)
  bool frontier = false;
  std::string plot;  // empty: no plot
};

/// Adds --out, --format, --frontier and --plot to `cmd`.
void add_sweep_output_options(CLI::App* cmd, SweepOutputOptions& options);

/// Renders `table` as the options say and writes it.
void emit_sweep(const SweepTable& table, const SweepOutputOptions& options);

}  // namespace stowage::advisor
