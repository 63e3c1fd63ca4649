// `stowage simulate`: run a simulation and print what happened.
//
// Mode `--flows FILE.yaml`: a pure flow scenario (sim/config/flows_loader.hpp), for tests and
// for comparing with other flow-level simulators. It prints each flow's start, end and main
// bottleneck (the limit that held it back longest) as a table, or with `--json`:
//   {"flows": [{"id": "load-0", "start_s": 0, "end_s": 7.1166, "bottleneck": "nas"}, ...],
//    "events": 4}
// with flows in input order, times in seconds as plain numbers, `end_s` null for a flow that
// never completes (a zero rate) and `bottleneck` null for a flow that took no time.
// Without a mode the command is a usage error (exit 2). The output is built whole before it is
// printed; the same file always gives the same bytes.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "advisor/catalog_option.hpp"
#include "advisor/commands.hpp"
#include "advisor/scenario.hpp"
#include "advisor/sim_report.hpp"
#include "sim/config/config_error.hpp"
#include "sim/config/embedded.hpp"
#include "sim/config/flows_loader.hpp"
#include "sim/flow_network.hpp"

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

std::string flows_json(const sim::FlowScenario& scenario, const sim::FlowScenarioResult& result) {
  nlohmann::ordered_json flows = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < result.flows.size(); ++i) {
    const auto& r = result.flows[i];
    nlohmann::ordered_json f;
    f["id"] = scenario.flows[i].id;
    f["start_s"] = r.start.value();
    f["end_s"] = r.end ? nlohmann::ordered_json(r.end->value()) : nlohmann::ordered_json(nullptr);
    f["bottleneck"] =
        r.bottleneck ? nlohmann::ordered_json(*r.bottleneck) : nlohmann::ordered_json(nullptr);
    flows.push_back(std::move(f));
  }
  nlohmann::ordered_json out;
  out["flows"] = std::move(flows);
  out["events"] = result.events;
  return out.dump(2) + "\n";
}

std::string flows_table(const sim::FlowScenario& scenario, const sim::FlowScenarioResult& result) {
  struct Row {
    std::string id, start, end, duration, bottleneck, held;
  };
  std::vector<Row> rows;
  rows.push_back(Row{"flow", "start", "end", "took", "bottleneck", "held by (time, bytes)"});
  double last_end_s = 0;
  std::size_t unfinished = 0;
  for (std::size_t i = 0; i < result.flows.size(); ++i) {
    const auto& r = result.flows[i];
    Row row;
    row.id = scenario.flows[i].id;
    row.start = sim::to_string(r.start);
    if (r.end) {
      row.end = sim::to_string(*r.end);
      row.duration = sim::to_string(*r.end - r.start);
      last_end_s = std::max(last_end_s, r.end->value());
    } else {
      row.end = "never";
      row.duration = "-";
      ++unfinished;
    }
    row.bottleneck = r.bottleneck.value_or("-");
    for (const auto& in : r.intervals) {
      if (!row.held.empty()) row.held += ", ";
      row.held += fmt::format("{} {} {}", in.limit, in.end - in.start, in.bytes);
    }
    rows.push_back(std::move(row));
  }
  std::size_t w[5] = {0, 0, 0, 0, 0};
  for (const Row& row : rows) {
    w[0] = std::max(w[0], row.id.size());
    w[1] = std::max(w[1], row.start.size());
    w[2] = std::max(w[2], row.end.size());
    w[3] = std::max(w[3], row.duration.size());
    w[4] = std::max(w[4], row.bottleneck.size());
  }
  std::string out;
  for (const Row& row : rows) {
    out += fmt::format("{:<{}}  {:>{}}  {:>{}}  {:>{}}  {:<{}}  {}", row.id, w[0], row.start, w[1],
                       row.end, w[2], row.duration, w[3], row.bottleneck, w[4], row.held);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
  out += fmt::format("{} flows, {} events; last completion at {}", result.flows.size(),
                     result.events, sim::Seconds(last_end_s));
  if (unfinished > 0) out += fmt::format("; {} never completed (a zero rate)", unfinished);
  out += '\n';
  return out;
}

void run_flows(const SimulateOptions& options) {
  const sim::FlowScenario scenario = sim::config::load_flow_scenario_file(options.flows_file);
  const sim::FlowScenarioResult result = sim::run_flow_scenario(scenario);
  const std::string out =
      options.json ? flows_json(scenario, result) : flows_table(scenario, result);
  fmt::print("{}", out);
}

void run_workload(const SimulateOptions& options) {
  const sim::Catalog catalog = open_catalog(options.profile_dirs);
  const sim::Workload workload = load_checked_workload(options.workload_file, catalog);
  const std::string where = options.workload_file.empty()
                                ? std::string(sim::config::kEmbeddedWorkloadName)
                                : options.workload_file;
  std::vector<std::string> names;
  for (const sim::StorageChoice& c : workload.storage) names.push_back(c.profile);
  if (workload.storage.empty()) names = catalog.names(sim::ProfileKind::kStorage);
  std::string name = options.storage;
  if (name.empty()) {
    if (names.size() != 1) {
      throw sim::config::ConfigError(where, {}, "", "which storage? use --storage NAME",
                                     fmt::format("one of: {}", fmt::join(names, ", ")));
    }
    name = names.front();
  }
  sim::StorageChoice choice{name, std::nullopt, std::nullopt};
  for (const sim::StorageChoice& c : workload.storage) {
    if (c.profile == name) choice = c;
  }
  if (!catalog.contains(sim::ProfileKind::kStorage, name)) {
    throw sim::config::ConfigError("--storage", {}, "",
                                   fmt::format("unknown storage profile `{}`", name),
                                   fmt::format("one of: {}", fmt::join(names, ", ")));
  }
  const Scenario scenario(workload, choice, catalog);
  if (const auto why = scenario.infeasibility()) {
    fmt::print("{} on {}: not feasible: {}\n", workload.name, name, *why);
    return;
  }
  const sim::SimResult result = sim::simulate_cold_starts(scenario.inputs());
  const std::string out = options.json  ? result_json(result).dump(2) + "\n"
                          : options.csv ? result_csv(result)
                                        : result_table(result);
  if (!options.timeline_file.empty()) {
    write_file_atomically(options.timeline_file, timeline_csv(result));
  }
  fmt::print("{}", out);
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
        throw sim::config::ConfigError("--flows", {}, "",
                                       "a flow scenario takes no workload, --storage or --csv",
                                       "stowage simulate --flows FILE.yaml [--json]");
      }
      run_flows(*options);
      return;
    }
    run_workload(*options);
  });
}

}  // namespace stowage::advisor
