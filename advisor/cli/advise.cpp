// `stowage advise [WORKLOAD] [--storage NAME]... [--format table|markdown|csv|json] [-o FILE]
// [--robustness [--every-figure] [--plot FILE.svg]] [--uncertainty [--worlds N]]
// [--detailed-exitcode]`: which storage should this workload use? With --detailed-exitcode the
// exit status says whether any choice meets the SLO (0) or none does (3, after the whole advice
// is written), so a CI gate can act on it.
// Every candidate is checked against the hard constraints, simulated, costed and ranked
// (advisor/judge/evaluate.hpp, advisor/judge/cost.hpp, advisor/judge/rank.hpp) and reported
// (advisor/report/advice.hpp, which documents the JSON shape).
// The advice then says what it hinges on (advisor/judge/hinges.hpp): each assumed figure within a
// factor 3 of whose value the recommendation or any candidate's SLO verdict flips, after the
// table (terminal and markdown), or that nothing flips; in JSON `"hinges"`, `"verdict_flips"`
// and `"nothing_flips"`. `--robustness` searches every assumed figure (with `--every-figure`,
// every figure) from a tenth to ten times its value and prints the whole table after the
// advice (JSON: `"robustness"`); `--plot FILE.svg` draws it as a tornado chart.
// `--uncertainty [--worlds N]` draws N plausible worlds of the ranged figures
// (advisor/judge/uncertainty.hpp): the table gains each candidate's `holds in` share and p99
// band, and after the advice come how often each candidate meets the SLO, the recommendation
// under uncertainty and what to measure first (advisor/report/uncertainty.hpp; `"uncertainty"`
// in JSON); `--band-plot FILE.svg` draws the bands (advisor/report/band_plot.hpp). Beside them,
// the model's own error on the accuracy suite's independent published loads, and each p99 band
// widened by it (advisor/judge/model_error.hpp).
//
// Evidence: each candidate says how many check cases of the shipped accuracy suite use its
// storage profile and the workload's loader, with their median |error|, or that they are not
// validated against any published load (advisor/judge/evidence.hpp, advisor/report/evidence.hpp).
//
// Candidates: the workload's `storage` list (narrowed by --storage), or, when the workload
// lists none, every storage profile of the catalog. Every storage kind can serve any platform
// the catalog holds, so "suits the platform" is decided by the hard constraints: a profile the
// platform or the workload rules out is shown with its reason instead of a rank.
// Colour (the terminal table only) when stdout is a TTY and NO_COLOR is unset; on a terminal the
// table fits its width (advisor/cli/output_options.hpp). The output is built whole before it is
// written; the same input gives the same bytes.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "advisor/cli/catalog_option.hpp"
#include "advisor/cli/commands.hpp"
#include "advisor/cli/output_options.hpp"
#include "advisor/cli/shipped_suite.hpp"
#include "advisor/judge/advise.hpp"
#include "advisor/judge/evidence.hpp"
#include "advisor/judge/hinges.hpp"
#include "advisor/judge/model_error.hpp"
#include "advisor/judge/uncertainty.hpp"
#include "advisor/report/advice.hpp"
#include "advisor/report/band_plot.hpp"
#include "advisor/report/hinges.hpp"
#include "advisor/report/schema_version.hpp"
#include "advisor/report/text.hpp"
#include "advisor/report/uncertainty.hpp"
#include "sim/config/accuracy_cases.hpp"
#include "sim/config/clouds.hpp"
#include "sim/config/resolve.hpp"
#include "sim/config/sweep_loader.hpp"

namespace stowage::advisor {
namespace {

struct AdviseOptions {
  std::string workload_file;  // empty: the embedded default workload
  std::vector<std::string> storages;
  std::vector<std::string> profile_dirs;
  OutputOptions output;
  int replications = kDefaultReplications;
  bool robustness = false;
  bool every_figure = false;
  std::string plot;
  bool detailed_exitcode = false;
  bool uncertainty = false;
  int worlds = kDefaultWorlds;
  std::string band_plot;
};

/// `--detailed-exitcode`'s status when no choice meets the SLO (as `terraform plan`'s 2 for
/// "changes", a status of its own that no error uses).
constexpr int kNoChoiceMeetsSlo = 3;

struct AdviseResult {
  Advice advice;
  Robustness robustness;
  std::optional<Uncertainty> uncertainty = std::nullopt;
  std::optional<double> p99_target_s = std::nullopt;
};

/// The candidates `--storage` names, in its order, each with the workload's sizing if it has one;
/// each must be offered in the workload's cloud.
std::vector<sim::StorageChoice> narrow(const std::vector<sim::StorageChoice>& choices,
                                       const std::vector<std::string>& names,
                                       const sim::config::Catalog& catalog,
                                       const std::string& cloud) {
  std::vector<sim::StorageChoice> picked;
  for (const std::string& name : names) {
    if (!catalog.contains(sim::ProfileKind::kStorage, name)) {
      throw unknown_name("--storage", "storage", name, catalog.names(sim::ProfileKind::kStorage));
    }
    if (const std::string of = catalog.storage(name).cloud; !sim::config::offered_in(of, cloud)) {
      throw UsageError("--storage", fmt::format("`{}` is a storage of {}, not of {}", name, of, cloud),
                       fmt::format("a storage of {} or of any cloud", cloud));
    }
    sim::StorageChoice choice{name, std::nullopt, std::nullopt};
    for (const sim::StorageChoice& c : choices) {
      if (c.profile == name) choice = c;
    }
    const bool dup = std::any_of(picked.begin(), picked.end(),
                                 [&](const sim::StorageChoice& p) { return p.profile == name; });
    if (!dup) picked.push_back(choice);
  }
  return picked;
}

/// Each candidate's evidence (advisor/judge/evidence.hpp) from the shipped accuracy suite, read
/// as `stowage accuracy` reads it (its profiles directory first, then the catalog), with bands
/// over `worlds` worlds when > 0, and then `u` (when given) the suite's model error
/// (advisor/judge/model_error.hpp), judged against `p99_target_s` when the objective has one;
/// nothing when the suite is not where the source tree keeps it.
void attach_evidence(Advice& advice, const std::string& loader, int worlds, Uncertainty* u,
                     std::optional<double> p99_target_s) {
  const std::unique_ptr<const ShippedSuite> shipped = shipped_suite();
  if (!shipped) return;
  const sim::config::AccuracySuite& suite = shipped->suite;
  const sim::config::Catalog& catalog = shipped->catalog;
  std::vector<std::string> storages;
  for (const Candidate& c : advice.ranked) storages.push_back(c.storage);
  if (worlds <= 0) {
    const std::vector<CheckedCase> cases = checked_cases(suite, catalog, storages, loader);
    for (Candidate& c : advice.ranked) c.evidence = evidence_of(cases, c.storage, loader);
    return;
  }
  // With bands, the whole suite: the model error needs every independent check.
  const AccuracyReport report = run_accuracy(suite, catalog, worlds);
  const std::vector<CheckedCase> cases = checked_cases(report);
  for (Candidate& c : advice.ranked) c.evidence = evidence_of(cases, c.storage, loader);
  if (u != nullptr) attach_model_error(*u, advice_model_error(report), p99_target_s);
}

AdviseResult advise_command(const AdviseOptions& options) {
  if (options.replications < 1 || options.replications > sim::config::kMaxReplications) {
    throw UsageError("--replications", fmt::format("{} replications", options.replications),
                     fmt::format("from 1 to {}", sim::config::kMaxReplications));
  }
  if (options.every_figure && !options.robustness) {
    throw UsageError("--every-figure", "given without --robustness", "--robustness --every-figure");
  }
  check_worlds_option(options.uncertainty, options.worlds, options.band_plot);
  if (!options.plot.empty() && !options.robustness) {
    throw UsageError("--plot", "given without --robustness", "--robustness --plot FILE.svg");
  }
  const sim::config::Catalog catalog = open_catalog(options.profile_dirs);
  sim::Workload workload = sim::config::load_checked_workload(options.workload_file, catalog);
  const std::string cloud = sim::config::workload_cloud(workload, catalog);
  std::vector<sim::StorageChoice> choices = workload.storage;
  if (choices.empty()) choices = sim::config::every_storage(catalog, cloud);
  if (!options.storages.empty()) choices = narrow(choices, options.storages, catalog, cloud);
  const sim::Scenario scenario =
      sim::config::resolve_scenario(std::move(workload), catalog, std::move(choices));
  const EvaluateOptions evaluate{options.replications, true, true};
  AdviseResult r{advise(scenario, evaluate), {}};
  HingeOptions hinge;
  if (options.robustness) hinge = HingeOptions{kRobustnessRange, options.every_figure};
  r.robustness = robustness(scenario, r.advice, evaluate, hinge);
  if (options.uncertainty) {
    r.uncertainty = uncertainty(scenario, r.advice, evaluate, UncertaintyOptions{options.worlds});
    attach_worlds(r.advice, *r.uncertainty);
  }
  if (const auto& p99 = scenario.workload.objective.p99) r.p99_target_s = p99->value();
  attach_evidence(r.advice, scenario.workload.loader.profile,
                  options.uncertainty ? options.worlds : 0,
                  r.uncertainty ? &*r.uncertainty : nullptr, r.p99_target_s);
  return r;
}

}  // namespace

void add_advise_command(CLI::App& app, CommandStatus& status) {
  auto options = std::make_shared<AdviseOptions>();
  CLI::App* cmd = app.add_subcommand(
      "advise",
      "Rank the storage choices of a workload (default: the embedded workload) by SLO and cost, "
      "with the reason for each");
  cmd->add_option("workload", options->workload_file,
                  "Workload YAML (default: the embedded default workload)");
  cmd->add_option("--storage", options->storages,
                  "Only this storage profile (repeatable; default: the workload's list)")
      ->allow_extra_args(false);
  add_output_options(cmd, options->output, {"table", "markdown", "csv", "json"});
  cmd->add_option("--replications", options->replications,
                  "Runs per candidate when the workload has random delays (seeds derived from "
                  "the workload's seed)")
      ->capture_default_str();
  cmd->add_flag("--robustness", options->robustness,
                "Search every assumed figure from x0.1 to x10 and print where the advice flips");
  cmd->add_flag("--every-figure", options->every_figure,
                "With --robustness: every figure, not only assumptions");
  cmd->add_option("--plot", options->plot,
                  "With --robustness: write a tornado chart of the search (SVG)");
  cmd->add_flag("--detailed-exitcode", options->detailed_exitcode,
                "Exit 3 when no choice meets the SLO (0 when one does), for CI gates");
  cmd->add_flag("--uncertainty", options->uncertainty,
                "Draw plausible worlds of the ranged figures and say how often each candidate "
                "meets the SLO");
  cmd->add_option("--worlds", options->worlds, "With --uncertainty: worlds to draw")
      ->capture_default_str();
  cmd->add_option("--band-plot", options->band_plot,
                  "With --uncertainty: write each candidate's p99 band over the worlds (SVG)");
  add_profiles_option(cmd, options->profile_dirs);
  cmd->callback([options, &status] {
    const AdviseResult r = advise_command(*options);
    const Advice& a = r.advice;
    const OutputOptions& output = options->output;
    const int width = terminal_width(output.out);
    const std::string lines = report::wrap_text(report::hinges_text(r.robustness), width, "  ");
    std::string out;
    if (output.format == "json") {
      nlohmann::ordered_json j = report::advice_json(a);
      report::add_hinges_json(j, r.robustness, options->robustness);
      if (r.uncertainty) j["uncertainty"] = report::uncertainty_json(*r.uncertainty);
      out = report::json_text(report::versioned(std::move(j))) + "\n";
    } else if (output.format == "markdown") {
      out = report::advice_markdown(a);
      out += "\n" + lines;
    } else if (output.format == "csv") {
      out = report::advice_csv(a);
    } else {
      out = report::advice_table(a, colour_output(output.out), width);
      out += "\n" + lines;
    }
    if (options->robustness && output.format != "json") {
      out += "\n" + report::robustness_table(r.robustness, output.format);
    }
    if (r.uncertainty && output.format != "json" && output.format != "csv") {
      out += "\n" + report::uncertainty_text(*r.uncertainty, output.format, width);
    }
    const std::string plot =
        options->plot.empty() ? std::string() : report::robustness_svg(r.robustness, a.workload);
    if (!options->plot.empty()) write_file_atomically(options->plot, plot);
    if (!options->band_plot.empty()) {
      write_file_atomically(options->band_plot,
                            report::band_svg(*r.uncertainty, a.workload, r.p99_target_s));
    }
    emit(out, output.out);
    if (options->detailed_exitcode && !a.recommended) status.code = kNoChoiceMeetsSlo;
  });
}

}  // namespace stowage::advisor
