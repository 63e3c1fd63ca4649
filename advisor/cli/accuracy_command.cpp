// `stowage accuracy [SUITE.yaml] [--uncertainty [--worlds N] [--band-plot FILE.svg]]
// [--format table|markdown|csv|json] [-o FILE]`: predicts every published load time of the accuracy
// suite (default data/validation/cases.yaml of the source tree) and prints predicted against
// measured, with the check cases' median and p90 |error| (advisor/judge/accuracy.hpp). With
// --uncertainty, each case's band over N worlds of its ranged figures and whether the measured load
// falls inside it (advisor/judge/accuracy_bands.hpp); --band-plot draws them
// (advisor/report/accuracy_plot.hpp). The suite's own profiles directory is searched before
// --profiles and the catalog. The output is built whole before it is printed; the same suite
// gives the same bytes.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "advisor/cli/catalog_option.hpp"
#include "advisor/cli/commands.hpp"
#include "advisor/cli/data_dir.hpp"
#include "advisor/cli/output_options.hpp"
#include "advisor/judge/accuracy.hpp"
#include "advisor/judge/uncertainty.hpp"
#include "advisor/report/accuracy.hpp"
#include "advisor/report/accuracy_plot.hpp"
#include "sim/config/accuracy_cases.hpp"

namespace stowage::advisor {

void add_accuracy_command(CLI::App& app, CommandStatus& /*status*/) {
  struct Options {
    std::string file;
    std::vector<std::string> profile_dirs;
    OutputOptions output;
    bool uncertainty = false;
    int worlds = kDefaultWorlds;
    std::string band_plot;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "accuracy", "Predict the published model load times of the accuracy suite and print the "
                  "error of each (default: data/validation/cases.yaml)");
  cmd->add_option("suite", options->file, "Suite YAML (default: data/validation/cases.yaml)");
  add_output_options(cmd, options->output, {"table", "markdown", "csv", "json"});
  cmd->add_flag("--uncertainty", options->uncertainty,
                "Predict each case in plausible worlds of its ranged figures and say whether the "
                "measured load falls inside the p10 to p90 band");
  cmd->add_option("--worlds", options->worlds, "With --uncertainty: worlds to draw")
      ->capture_default_str();
  cmd->add_option("--band-plot", options->band_plot,
                  "With --uncertainty: write each case's band and its measured load (SVG)");
  add_profiles_option(cmd, options->profile_dirs);
  cmd->callback([options] {
    check_worlds_option(options->uncertainty, options->worlds, options->band_plot);
    const std::filesystem::path file =
        options->file.empty()
            ? data_dir() / "data/validation/cases.yaml"
            : std::filesystem::path(options->file);
    // The suite's profiles directory first, then --profiles and the catalog; every profile a
    // case names is checked as the suite is read.
    std::optional<sim::config::Catalog> catalog;
    const sim::config::AccuracySuite suite = sim::config::load_accuracy_suite(
        file, [&](const std::filesystem::path& profiles) -> const sim::config::Catalog& {
          std::vector<std::string> dirs{profiles.string()};
          dirs.insert(dirs.end(), options->profile_dirs.begin(), options->profile_dirs.end());
          return catalog.emplace(open_catalog(dirs));
        });
    const AccuracyReport r =
        run_accuracy(suite, *catalog, options->uncertainty ? options->worlds : 0);
    const OutputOptions& output = options->output;
    const std::string text = report::accuracy_report(r, output.format, terminal_width(output.out));
    if (!options->band_plot.empty()) {
      write_file_atomically(options->band_plot, report::accuracy_band_svg(r));
    }
    emit(text, output.out);
  });
}

}  // namespace stowage::advisor
