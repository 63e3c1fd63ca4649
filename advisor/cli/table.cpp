// `stowage table [SCENARIO.yaml...] [--format table|markdown|csv|json] [-o FILE]`: a decision
// table, one row per scenario (workload) and one column per storage choice any of them lists
// (advisor/report/decision_table.hpp), from the same advice as `stowage advise`. With no file it
// reads the shipped scenarios, every data/workloads/*.yaml of the source tree, in name order.
// Each scenario's advice comes with what it hinges on (advisor/judge/hinges.hpp), as `advise` says.
// With `--guidance FILE` (data/guidance.tsv), each scenario the file lists is set against its
// published guidance, and where they disagree the table says which assumed figure, at what
// value, would make them agree (advisor/judge/guidance.hpp).
// With `--uncertainty [--worlds N]`, each scenario's advice is also judged over N plausible worlds
// (advisor/judge/uncertainty.hpp), as `advise --uncertainty` does, and a cell whose verdict holds
// in fewer than the scenario's confidence share of them is marked `?`; JSON adds each
// scenario's `"uncertainty"`, with the model error of published loads
// (advisor/judge/model_error.hpp) as `advise --uncertainty` gives it. Every file is read and
// checked before anything is simulated; the output is built whole before it is printed; the same
// files give the same bytes.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "advisor/cli/catalog_option.hpp"
#include "advisor/cli/commands.hpp"
#include "advisor/cli/data_dir.hpp"
#include "advisor/cli/guidance_file.hpp"
#include "advisor/cli/output_options.hpp"
#include "advisor/cli/shipped_suite.hpp"
#include "advisor/judge/advise.hpp"
#include "advisor/judge/hinges.hpp"
#include "advisor/judge/model_error.hpp"
#include "advisor/judge/uncertainty.hpp"
#include "advisor/report/decision_table.hpp"
#include "sim/config/input_text.hpp"
#include "sim/config/resolve.hpp"
#include "sim/environment_error.hpp"

namespace stowage::advisor {
namespace {

struct TableOptions {
  std::vector<std::string> files;
  std::vector<std::string> profile_dirs;
  std::string guidance;  // a guidance file, or empty
  OutputOptions output;
  bool uncertainty = false;
  int worlds = kDefaultWorlds;
};

std::vector<std::string> shipped_scenarios() {
  const std::filesystem::path dir = data_dir() / "data/workloads";
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  if (files.empty()) {
    throw sim::EnvironmentError(
        fmt::format("no shipped scenarios in {} (expected workload files: stowage table "
                    "SCENARIO.yaml...)",
                    sim::config::printable(dir.string())));
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

void add_table_command(CLI::App& app, CommandStatus& status) {
  auto options = std::make_shared<TableOptions>();
  CLI::App* cmd = app.add_subcommand(
      "table",
      "A decision table: p99 time to ready of every storage choice for each scenario, with the "
      "recommendation and its cost (default: the shipped scenarios)");
  cmd->add_option("scenarios", options->files, "Workload YAML files (default: data/workloads/)");
  add_output_options(cmd, options->output, {"table", "markdown", "csv", "json"});
  add_profiles_option(cmd, options->profile_dirs);
  cmd->add_option("--guidance", options->guidance,
                  "A guidance file (WORKLOAD<TAB>GUIDANCE<TAB>STORAGES, e.g. data/guidance.tsv): "
                  "say where the advice and the guidance disagree, and at which figure's value "
                  "they would agree");
  cmd->add_flag("--uncertainty", options->uncertainty,
                "Draw plausible worlds of each scenario's ranged figures and mark cells whose "
                "verdict holds in fewer than the confidence share of them");
  cmd->add_option("--worlds", options->worlds, "With --uncertainty: worlds to draw")
      ->capture_default_str();
  cmd->callback([options, &status] {
    (void)status;
    check_worlds_option(options->uncertainty, options->worlds);
    const sim::config::Catalog catalog = open_catalog(options->profile_dirs);
    const std::vector<std::string> files =
        options->files.empty() ? shipped_scenarios() : options->files;
    std::vector<sim::Scenario> scenarios;  // every file read and checked before any simulation
    for (const std::string& file : files) {
      scenarios.push_back(sim::config::resolve_scenario(
          sim::config::load_checked_workload(file, catalog), catalog));
    }
    const std::vector<Guidance> guidance =
        options->guidance.empty() ? std::vector<Guidance>{} : load_guidance(options->guidance);
    std::vector<Advice> all;
    std::vector<Robustness> hinges;
    std::vector<std::optional<GuidanceCheck>> checks;
    std::vector<std::optional<Uncertainty>> worlds;
    const EvaluateOptions evaluate{kDefaultReplications, true, true};
    // The model error every scenario's worlds are widened by, as advise widens them.
    std::optional<AdviceModelError> model_error;
    if (options->uncertainty) {
      if (const auto shipped = shipped_suite()) {
        model_error =
            advice_model_error(run_accuracy(shipped->suite, shipped->catalog, options->worlds));
      }
    }
    for (const sim::Scenario& s : scenarios) {
      all.push_back(advise(s, evaluate));
      hinges.push_back(robustness(s, all.back(), evaluate, HingeOptions{}));
      worlds.emplace_back();
      if (options->uncertainty) {
        worlds.back() = uncertainty(s, all.back(), evaluate, UncertaintyOptions{options->worlds});
        attach_worlds(all.back(), *worlds.back());
        if (model_error) {
          const auto& p99 = s.workload.objective.p99;
          attach_model_error(*worlds.back(), *model_error,
                             p99 ? std::optional<double>(p99->value()) : std::nullopt);
        }
      }
      checks.emplace_back();
      for (const Guidance& g : guidance) {
        if (g.workload == all.back().workload)
          checks.back() = check_guidance(s, all.back(), evaluate, g);
      }
    }
    emit(report::decision_table(all, hinges, options->output.format,
                                terminal_width(options->output.out), checks, worlds),
         options->output.out);
  });
}

}  // namespace stowage::advisor
