// `stowage simulate`: run a simulation and print what happened.
//
// Mode `--flows FILE.yaml`: a pure flow scenario (sim/config/flows_loader.hpp), for tests and
// for comparing with other flow-level simulators (advisor/report/flows.hpp has the output).
// Otherwise the cold starts of a workload on one storage (advisor/report/sim_result.hpp).
// Tables and CSV are built whole before they are printed; JSON is streamed once the simulation
// is done (nothing is printed before it succeeds). The same file always gives the same bytes.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "advisor/catalog_option.hpp"
#include "advisor/commands.hpp"
#include "advisor/report/flows.hpp"
#include "advisor/report/sim_result.hpp"
#include "sim/config/flows_loader.hpp"
#include "sim/config/resolve.hpp"
#include "sim/flow_scenario.hpp"
#include "sim/simulate.hpp"

namespace stowage::advisor {
namespace {

struct SimulateOptions {
  std::string flows_file;
  std::string workload_file;  // empty: the embedded default workload
  std::string storage;
  std::string timeline_file;
  std::vector<std::string> profile_dirs;
  bool json = false;
  bool csv = false;
};

void run_flows(const SimulateOptions& options) {
  const sim::FlowScenario scenario = sim::config::load_flow_scenario_file(options.flows_file);
  const sim::FlowScenarioResult result = sim::run_flow_scenario(scenario);
  if (options.json) {
    report::JsonStream out = report::JsonStream::to_file(stdout);
    report::flows_json(scenario, result, out);
    out.finish();
    return;
  }
  fmt::print("{}", report::flows_table(scenario, result));
}

void run_workload(const SimulateOptions& options) {
  const sim::config::Catalog catalog = open_catalog(options.profile_dirs);
  const sim::Workload workload =
      sim::config::load_checked_workload(options.workload_file, catalog);
  std::vector<std::string> names;
  for (const sim::StorageChoice& c : workload.storage) names.push_back(c.profile);
  if (workload.storage.empty()) names = catalog.names(sim::ProfileKind::kStorage);
  std::string name = options.storage;
  if (name.empty()) {
    if (names.size() != 1) {
      throw UsageError("--storage", "which storage? the workload lists several",
                       fmt::format("one of: {}", fmt::join(names, ", ")));
    }
    name = names.front();
  }
  sim::StorageChoice choice{name, std::nullopt, std::nullopt};
  for (const sim::StorageChoice& c : workload.storage) {
    if (c.profile == name) choice = c;
  }
  if (!catalog.contains(sim::ProfileKind::kStorage, name)) {
    throw unknown_name("--storage", "storage", name, catalog.names(sim::ProfileKind::kStorage));
  }
  const sim::Scenario scenario = sim::config::resolve_scenario(workload, catalog, {choice});
  if (const auto why = sim::infeasible(scenario, choice)) {
    fmt::print("{} on {}: not feasible: {}\n", workload.name, name, *why);
    return;
  }
  const sim::SimResult result = sim::simulate(scenario, choice, workload.seed);
  if (!options.timeline_file.empty()) {
    write_file_atomically(options.timeline_file, report::timeline_csv(result));
  }
  if (options.json) {
    report::JsonStream out = report::JsonStream::to_file(stdout);
    report::result_json(result, out);
    out.finish();
    return;
  }
  fmt::print("{}", options.csv ? report::result_csv(result) : report::result_table(result));
}

}  // namespace

void add_simulate_command(CLI::App& app, CommandStatus& /*status: errors are ConfigErrors*/) {
  auto options = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "simulate",
      "Simulate the cold starts of a workload on one storage (default: the embedded workload), "
      "or a pure flow scenario with --flows");
  cmd->add_option("workload", options->workload_file,
                  "Workload YAML (default: the embedded default workload)");
  cmd->add_option("--storage", options->storage,
                  "The storage to simulate (needed when the workload lists several)");
  cmd->add_option("--timeline", options->timeline_file,
                  "Also write the rate of every shared constraint over time to this CSV file");
  add_profiles_option(cmd, options->profile_dirs);
  cmd->add_option("--flows", options->flows_file,
                  "A pure flow scenario: constraints, flows and capacity changes (YAML)");
  auto* json = cmd->add_flag("--json", options->json, "Print JSON instead of a table");
  cmd->add_flag("--csv", options->csv, "Print one CSV row per load")->excludes(json);
  cmd->callback([options] {
    if (!options->flows_file.empty()) {
      if (!options->workload_file.empty() || !options->storage.empty() || options->csv) {
        throw UsageError("--flows", "a flow scenario takes no workload, --storage or --csv",
                         "stowage simulate --flows FILE.yaml [--json]");
      }
      run_flows(*options);
      return;
    }
    run_workload(*options);
  });
}

}  // namespace stowage::advisor
