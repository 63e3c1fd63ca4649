// `stowage simulate`: run a simulation and print what happened.
//
// Mode `--flows FILE.yaml`: a pure flow scenario (sim/config/flows_loader.hpp), for tests and
// for comparing with other flow-level simulators (advisor/report/flows.hpp has the output).
// Otherwise the cold starts of a workload (default: the embedded one) on `--storage NAME`, or, as
// a table, on every storage the workload lists (every catalog storage when it lists none), one
// after another (advisor/report/sim_result.hpp); CSV, JSON and --timeline describe one storage.
// `--format table|csv|json` (`--json`, `--csv` are the older spellings) and `-o/--out FILE`.
// `--replications N` runs a workload with random delays N times and prints the judged run (the
// worst p99, advisor/judge/judged_run.hpp), so its p99 is the one advise shows; a note says which
// run it is. Tables and CSV are built whole before they are written; JSON is streamed once the simulation
// is done (nothing is written before it succeeds). The same file always gives the same bytes.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "advisor/cli/catalog_option.hpp"
#include "advisor/cli/commands.hpp"
#include "advisor/cli/output_options.hpp"
#include "advisor/judge/judged_run.hpp"
#include "advisor/judge/quota.hpp"
#include "advisor/report/flows.hpp"
#include "advisor/report/json_stream.hpp"
#include "advisor/report/sim_result.hpp"
#include "sim/config/flows_loader.hpp"
#include "sim/config/resolve.hpp"
#include "sim/config/sweep_loader.hpp"
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
  OutputOptions output;
  int replications = 1;  // as advise with --replications N: the judged run is printed
};

void run_flows(const SimulateOptions& options) {
  const sim::FlowScenario scenario = sim::config::load_flow_scenario_file(options.flows_file);
  // Only the table lists every stretch of every flow; JSON prints the main bottleneck, which a
  // flow keeps in memory that does not grow with the capacity changes it lives through.
  sim::FlowNetwork::Options network;
  network.history = options.output.format != "json";
  const sim::FlowScenarioResult result = sim::run_flow_scenario(scenario, network);
  OutputSink sink(options.output.out);
  if (options.output.format == "json") {
    report::JsonStream out([&](std::string_view piece) { sink.write(piece); });
    report::flows_json(scenario, result, out);
    out.finish();
  } else {
    sink.write(report::flows_table(scenario, result));
  }
  sink.commit();
}

/// One storage's simulation in the asked format, written to `sink` (a table says when the
/// storage is not feasible).
void simulate_one(const sim::Workload& workload, const sim::config::Catalog& catalog,
                  const std::string& name, const SimulateOptions& options, OutputSink& sink) {
  sim::StorageChoice choice{name, std::nullopt, std::nullopt};
  for (const sim::StorageChoice& c : workload.storage) {
    if (c.profile == name) choice = c;
  }
  const sim::Scenario scenario = sim::config::resolve_scenario(workload, catalog, {choice});
  if (const auto why = sim::infeasible(scenario, choice)) {
    sink.write(fmt::format("{} on {}: not feasible: {}\n", workload.name, name, *why));
    return;
  }
  JudgedRun judged = judged_run(scenario, choice, options.replications);
  sim::SimResult& result = judged.result;
  if (judged.runs > 1) {
    result.notes.push_back(fmt::format(
        "judged run {} of {} (the worst p99, as advise judges; 1 is the workload's seed): p99 "
        "{}..{} over the runs",
        judged.index + 1, judged.runs, sim::Seconds(judged.p99_min_s),
        sim::Seconds(judged.p99_max_s)));
  }
  const std::vector<QuotaRaise> raises = quota_raises(workload, scenario.platform());
  if (!options.timeline_file.empty()) {
    write_file_atomically(options.timeline_file, report::timeline_csv(result));
  }
  const std::string& format = options.output.format;
  if (format == "json") {
    report::JsonStream out([&](std::string_view piece) { sink.write(piece); });
    report::result_json(result, out, raises);
    out.finish();
    return;
  }
  sink.write(format == "csv" ? report::result_csv(result) : report::result_table(result, raises));
}

void run_workload(const SimulateOptions& options) {
  if (options.replications < 1 || options.replications > sim::config::kMaxReplications) {
    throw UsageError("--replications", fmt::format("{} replications", options.replications),
                     fmt::format("from 1 to {}", sim::config::kMaxReplications));
  }
  const sim::config::Catalog catalog = open_catalog(options.profile_dirs);
  const sim::Workload workload =
      sim::config::load_checked_workload(options.workload_file, catalog);
  std::vector<std::string> names;
  for (const sim::StorageChoice& c : workload.storage) names.push_back(c.profile);
  if (workload.storage.empty()) names = catalog.names(sim::ProfileKind::kStorage);
  if (!options.storage.empty()) {
    if (!catalog.contains(sim::ProfileKind::kStorage, options.storage)) {
      throw unknown_name("--storage", "storage", options.storage,
                         catalog.names(sim::ProfileKind::kStorage));
    }
    names = {options.storage};
  }
  if (names.size() > 1 && (options.output.format != "table" || !options.timeline_file.empty())) {
    throw UsageError("--storage",
                     fmt::format("{} describes one storage and the workload lists several",
                                 options.timeline_file.empty()
                                     ? "--format " + options.output.format
                                     : std::string("--timeline")),
                     fmt::format("--storage one of: {}", fmt::join(names, ", ")));
  }
  OutputSink sink(options.output.out);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) sink.write("\n");
    simulate_one(workload, catalog, names[i], options, sink);
  }
  sink.commit();
}

}  // namespace

void add_simulate_command(CLI::App& app, CommandStatus& /*status: errors are ConfigErrors*/) {
  auto options = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "simulate",
      "Simulate the cold starts of a workload (default: the embedded workload) on each storage it "
      "lists or on --storage NAME, or a pure flow scenario with --flows");
  cmd->add_option("workload", options->workload_file,
                  "Workload YAML (default: the embedded default workload)");
  cmd->add_option("--storage", options->storage,
                  "The storage to simulate (default: every storage the workload lists, one after "
                  "another; CSV, JSON and --timeline need one)");
  cmd->add_option("--timeline", options->timeline_file,
                  "Also write the rate of every shared constraint over time to this CSV file");
  cmd->add_option("--replications", options->replications,
                  "Runs when the workload has random delays; the one with the worst p99 is "
                  "printed, as advise judges it (seeds derived from the workload's seed)")
      ->capture_default_str();
  add_profiles_option(cmd, options->profile_dirs);
  cmd->add_option("--flows", options->flows_file,
                  "A pure flow scenario: constraints, flows and capacity changes (YAML)");
  add_output_options(cmd, options->output, {"table", "csv", "json"});
  add_format_alias(cmd, options->output.format, "json");
  add_format_alias(cmd, options->output.format, "csv");
  cmd->callback([options] {
    if (!options->flows_file.empty()) {
      if (!options->workload_file.empty() || !options->storage.empty() ||
          options->output.format == "csv" || !options->timeline_file.empty() ||
          options->replications != 1) {
        throw UsageError(
            "--flows",
            "a flow scenario takes no workload, --storage, --timeline, --replications or CSV "
            "format",
            "stowage simulate --flows FILE.yaml [--format table|json]");
      }
      run_flows(*options);
      return;
    }
    run_workload(*options);
  });
}

}  // namespace stowage::advisor
