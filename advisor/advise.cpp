// `stowage advise [WORKLOAD] [--storage NAME]... [--format table|markdown|csv|json]`: which
// storage should this workload use? Every candidate is checked against the hard constraints,
// simulated, costed and ranked (advisor/evaluate.hpp, advisor/cost.hpp, advisor/rank.hpp) and
// reported (advisor/report/advice.hpp, which documents the JSON shape).
//
// Candidates: the workload's `storage` list (narrowed by --storage), or, when the workload
// lists none, every storage profile of the catalog. Every storage kind can serve any platform
// the catalog holds, so "suits the platform" is decided by the hard constraints: a profile the
// platform or the workload rules out is shown with its reason instead of a rank.
// Colour (the terminal table only) when stdout is a TTY and NO_COLOR is unset. The output is
// built whole before it is printed; the same input gives the same bytes.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "advisor/catalog_option.hpp"
#include "advisor/commands.hpp"
#include "advisor/rank.hpp"
#include "advisor/report/advice.hpp"
#include "sim/config/resolve.hpp"

namespace stowage::advisor {
namespace {

/// Default replications for workloads with random delays (small: advice must take seconds).
constexpr int kDefaultReplications = 3;

struct AdviseOptions {
  std::string workload_file;  // empty: the embedded default workload
  std::vector<std::string> storages;
  std::vector<std::string> profile_dirs;
  std::string format = "table";
  int replications = kDefaultReplications;
};

/// The candidates `--storage` names, in its order, each with the workload's sizing if it has one.
std::vector<sim::StorageChoice> narrow(const std::vector<sim::StorageChoice>& choices,
                                       const std::vector<std::string>& names,
                                       const sim::config::Catalog& catalog) {
  std::vector<sim::StorageChoice> picked;
  for (const std::string& name : names) {
    if (!catalog.contains(sim::ProfileKind::kStorage, name)) {
      throw unknown_name("--storage", "storage", name, catalog.names(sim::ProfileKind::kStorage));
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

Advice advise_command(const AdviseOptions& options) {
  if (options.replications < 1) {
    throw UsageError("--replications", fmt::format("{} replications", options.replications),
                     "at least 1");
  }
  const sim::config::Catalog catalog = open_catalog(options.profile_dirs);
  sim::Workload workload = sim::config::load_checked_workload(options.workload_file, catalog);
  std::vector<sim::StorageChoice> choices = workload.storage;
  if (choices.empty()) choices = sim::config::every_storage(catalog);
  if (!options.storages.empty()) choices = narrow(choices, options.storages, catalog);
  const sim::Scenario scenario =
      sim::config::resolve_scenario(std::move(workload), catalog, std::move(choices));
  return advise(scenario, EvaluateOptions{options.replications, true});
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
                  "Only these storage profiles (repeatable; default: the workload's list)");
  cmd->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"table", "markdown", "csv", "json"}));
  cmd->add_option("--replications", options->replications,
                  "Runs per candidate when the workload has random delays (seeds derived from "
                  "the workload's seed)")
      ->capture_default_str();
  add_profiles_option(cmd, options->profile_dirs);
  cmd->callback([options, &status] {
    (void)status;
    const Advice a = advise_command(*options);
    std::string out;
    if (options->format == "json") {
      out = report::advice_json(a).dump(2) + "\n";
    } else if (options->format == "markdown") {
      out = report::advice_markdown(a);
    } else if (options->format == "csv") {
      out = report::advice_csv(a);
    } else {
      const bool colour = isatty(fileno(stdout)) != 0 && std::getenv("NO_COLOR") == nullptr;
      out = report::advice_table(a, colour);
    }
    fmt::print("{}", out);
  });
}

}  // namespace stowage::advisor
