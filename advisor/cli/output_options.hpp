// The output options of every command that prints results: `--format` (the formats the command
// renders, the first the default) and `-o/--out FILE` (default: standard output). emit() writes a
// command's whole text where they say (advisor/cli/output_file.hpp: a file is replaced whole or a
// device written through; a failed write is a WriteError, exit 1). terminal_width() is what the
// terminal formats fit: the width of the terminal on standard output, or 0 (no limit) when the
// output goes to a pipe, a file or --out, so that piped output is the same at any window size.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/cli/output_file.hpp"

namespace stowage::advisor {

struct OutputOptions {
  std::string format;
  std::string out;  // empty: standard output
};

/// Adds `--format` (one of `formats`, default the first) and `-o,--out FILE` to `cmd`.
void add_output_options(CLI::App* cmd, OutputOptions& options,
                        const std::vector<std::string>& formats);

/// Adds `-o,--out FILE` alone, described by `help`.
CLI::Option* add_out_option(CLI::App* cmd, std::string& out, const std::string& help);

/// Adds a flag `--NAME` that sets `format` to NAME (the older spelling of `--format NAME`).
void add_format_alias(CLI::App* cmd, std::string& format, const std::string& name);

/// Where a command's text goes in pieces: the file `out` (replaced whole at commit(), never if
/// the command fails first) or, when `out` is empty, standard output (in pieces of about 64 KiB
/// and the rest at commit()).
class OutputSink {
 public:
  explicit OutputSink(const std::string& out);
  void write(std::string_view piece);
  void commit();

 private:
  std::optional<AtomicFile> file_;
  std::string buffer_;  // standard output's pieces, written about 64 KiB at a time
};

/// Writes `text` to `out` (replaced whole) or, when `out` is empty, to standard output.
void emit(std::string_view text, const std::string& out);

/// The columns the terminal on standard output has, or 0 when `out` is given or standard output
/// is not a terminal (no limit).
int terminal_width(const std::string& out);

/// Whether colour fits: standard output is a terminal, `out` is empty and NO_COLOR is unset.
bool colour_output(const std::string& out);

}  // namespace stowage::advisor
