#include "advisor/report/sweep.hpp"

#include <fmt/format.h>

#include "advisor/cli/commands.hpp"
#include "advisor/cli/output_file.hpp"
#include "advisor/cli/output_options.hpp"
#include "advisor/report/svg_plot.hpp"
#include "advisor/report/text.hpp"
#include "advisor/sweep/frontier.hpp"

namespace stowage::advisor {

void add_sweep_output_options(CLI::App* cmd, SweepOutputOptions& options) {
  add_out_option(cmd, options.out, "Write the rows to this file instead of standard output");
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

std::string sweep_rows_format(const SweepOutputOptions& options) {
  if (!options.format.empty()) return options.format;
  return options.out.ends_with(".json") ? "json" : "csv";
}

SweepRowsText::SweepRowsText(SweepHeader header, std::string_view format)
    : header_(std::move(header)), json_(format == "json") {
  if (!json_) {
    head_ = sweep_csv_head(header_);
    return;
  }
  head_json_ = sweep_json_head(header_);
  // dump(2) of the head ends the object with "\n}"; the rows array continues it.
  head_ = report::json_text(head_json_);
  head_.resize(head_.size() - 2);
  head_ += ",\n  \"rows\": [";
}

std::string SweepRowsText::row(const SweepRow& r) const {
  if (!json_) return sweep_csv_row(header_, r);
  // An element of "rows" sits 4 columns in; JSON text holds no raw newline inside a string.
  const std::string text = report::json_text(sweep_json_row(header_, head_json_, r));
  std::string out = "\n    ";
  out.reserve(text.size() + text.size() / 16);
  for (const char c : text) {
    out += c;
    if (c == '\n') out += "    ";
  }
  return out;
}

std::string SweepRowsText::tail(bool rows) const {
  if (!json_) return "";
  return rows ? "\n  ]\n}\n" : "]\n}\n";
}

void SweepRowsText::write(const std::vector<SweepRow>& rows,
                          const std::function<void(std::string_view)>& sink) const {
  sink(head_);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) sink(separator());
    sink(row(rows[i]));
  }
  sink(tail(!rows.empty()));
}

std::string SweepRowsText::all(const std::vector<SweepRow>& rows) const {
  std::string out;
  write(rows, [&](std::string_view piece) { out += piece; });
  return out;
}

std::string sweep_summary(std::size_t rows, std::size_t points, std::size_t storages,
                          const std::string& file) {
  return fmt::format("wrote {} ({} x {}) to {}\n", report::count_text(rows, "row"),
                     report::count_text(points, "point"), report::count_text(storages, "storage"),
                     file == "-" ? "standard output" : file);
}

void emit_sweep(const SweepTable& table, const SweepOutputOptions& options) {
  const SweepRowsText text(table.header, sweep_rows_format(options));
  const std::string frontier = options.frontier ? sweep_frontier(table) : std::string();
  const std::string plot = options.plot.empty() ? std::string() : sweep_svg(table);
  // The rows are written a row at a time: the text of a large sweep is never held whole.
  const auto write_rows = [&](const std::string& out) {
    OutputSink sink(out);
    text.write(table.rows, [&](std::string_view piece) { sink.write(piece); });
    sink.commit();
  };
  if (!options.out.empty()) write_rows(options.out);
  if (!options.plot.empty()) write_file_atomically(options.plot, plot);
  if (options.frontier) {
    write_stdout(frontier);
  } else if (options.out.empty()) {
    write_rows("");
  }
  if (!options.out.empty()) {
    std::size_t points = 0;  // the rows are in point order
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
      points += i == 0 || table.rows[i].point != table.rows[i - 1].point ? 1 : 0;
    }
    fmt::print(stderr, "{}", sweep_summary(table.rows.size(), points,
                                           table.header.storages.size(), options.out));
  }
}

}  // namespace stowage::advisor
