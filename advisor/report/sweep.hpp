// Sweep output: where a sweep table goes, shared by `stowage sweep` and `stowage merge`.
//
// The rows go to `-o/--out FILE` (advisor/cli/output_file.hpp) or, when there is no --out, to
// stdout unless `--frontier` is given (then stdout carries the frontier report,
// advisor/sweep/frontier.hpp). `--format csv|json` picks the rows' format (default: json when --out
// ends in .json, else csv; see advisor/sweep/run.hpp). `--plot FILE.svg` draws the table
// (advisor/report/svg_plot.hpp). The frontier and the plot are rendered before anything is written,
// so a user error leaves nothing behind; the rows are then written a row at a time, never held
// whole. SweepRowsText renders the rows in pieces (a head, each row, a tail) for a writer that does
// not hold the whole table (`stowage merge`, advisor/sweep/merge.hpp); emit_sweep joins the same
// pieces, so both write the same bytes for the same rows.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/sweep/run.hpp"

namespace stowage::advisor {

struct SweepOutputOptions {
  std::string out;     // empty: stdout
  std::string format;  // csv, json, or empty (from --out's extension)
  bool frontier = false;
  std::string plot;  // empty: no plot
};

/// Adds -o/--out, --format, --frontier and --plot to `cmd`.
void add_sweep_output_options(CLI::App* cmd, SweepOutputOptions& options);

/// The rows' format the options ask for: `csv` or `json`.
std::string sweep_rows_format(const SweepOutputOptions& options);

/// A table's rows as text in pieces: head(), then row(r) for each row with separator() between
/// two rows, then tail(): in CSV the header line, one line a row, nothing; in JSON
/// sweep_json's text indented by 2 (as nlohmann's dump(2)), with a final newline.
class SweepRowsText {
 public:
  /// `format` is `csv` or `json`.
  SweepRowsText(SweepHeader header, std::string_view format);

  const std::string& head() const { return head_; }
  std::string row(const SweepRow& r) const;
  std::string_view separator() const { return json_ ? "," : ""; }
  /// The text after the last row; `rows` says whether there was any.
  std::string tail(bool rows) const;
  /// Hands every piece of `rows` to `sink`, in order.
  void write(const std::vector<SweepRow>& rows,
             const std::function<void(std::string_view)>& sink) const;
  /// All the pieces of `rows`, joined.
  std::string all(const std::vector<SweepRow>& rows) const;

 private:
  SweepHeader header_;
  bool json_;
  nlohmann::ordered_json head_json_;  // sweep_json_head, for the rows' axis values
  std::string head_;
};

/// The line that ends a sweep or a merge that wrote its rows to `file`:
/// `wrote 18 rows (6 points x 3 storages) to sweep.csv`.
std::string sweep_summary(std::size_t rows, std::size_t points, std::size_t storages,
                          const std::string& file);

/// Renders `table` as the options say and writes it; with --out, ends with sweep_summary on
/// standard error.
void emit_sweep(const SweepTable& table, const SweepOutputOptions& options);

}  // namespace stowage::advisor
