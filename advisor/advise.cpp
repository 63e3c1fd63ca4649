// `stowage advise [WORKLOAD] [--storage NAME]... [--format table|markdown|csv|json]`: which
// storage should this workload use? Every candidate is checked against the hard constraints,
// simulated, costed and ranked (advisor/explain.hpp, advisor/cost.hpp, advisor/ranking.hpp).
//
// Candidates: the workload's `storage` list (narrowed by --storage), or, when the workload
// lists none, every storage profile of the catalog. Every storage kind can serve any platform
// the catalog holds, so "suits the platform" is decided by the hard constraints: a profile the
// platform or the workload rules out is shown with its reason instead of a rank.
//
// JSON (the contract for scripts; times in seconds, null when infinite or not simulated):
//   {"workload": NAME, "recommended": STORAGE or null, "cost_note": TEXT,
//    "candidates": [{"rank", "storage", "kind", "feasible", "reason", "meets_slo", "misses",
//                    "p50_s", "p95_s", "p99_s", "max_s", "p99_spread_s": [MIN, MAX],
//                    "replications", "failed", "cost_per_month", "currency",
//                    "cost": {"storage", "replication", "transfer", "gpu_wait", "update",
//                             "other_currency": null or {"currency", "gpu_wait", "update"}},
//                    "unpriced", "bottleneck", "update_to_ready_s", "update", "explanation"}]}
// in rank order. Colour (the terminal table only) when stdout is a TTY and NO_COLOR is unset.
// The output is built whole before it is printed; the same input gives the same bytes.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "advisor/catalog_option.hpp"
#include "advisor/commands.hpp"
#include "advisor/explain.hpp"
#include "advisor/ranking.hpp"
#include "advisor/scenario.hpp"
#include "advisor/sim_report.hpp"
#include "sim/config/config_error.hpp"

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

std::string verdict(const Candidate& c, const Advice& a) {
  if (!c.feasible()) return "not feasible";
  if (a.recommended && *a.recommended == c.storage) return "recommended";
  return c.meets_slo ? "meets SLO" : "misses SLO";
}

Advice advise(const AdviseOptions& options) {
  if (options.replications < 1) {
    throw sim::config::ConfigError("--replications", {}, "",
                                   fmt::format("{} replications", options.replications),
                                   "at least 1");
  }
  const sim::Catalog catalog = open_catalog(options.profile_dirs);
  const sim::Workload workload = load_checked_workload(options.workload_file, catalog);
  std::vector<sim::StorageChoice> choices = workload.storage;
  if (choices.empty()) {
    for (const std::string& name : catalog.names(sim::ProfileKind::kStorage)) {
      choices.push_back(sim::StorageChoice{name, std::nullopt, std::nullopt});
    }
  }
  if (!options.storages.empty()) {
    std::vector<std::string> known;
    for (const sim::StorageChoice& c : choices) known.push_back(c.profile);
    std::vector<sim::StorageChoice> picked;
    for (const std::string& name : options.storages) {
      if (!catalog.contains(sim::ProfileKind::kStorage, name)) {
        throw sim::config::ConfigError("--storage", {}, "",
                                       fmt::format("unknown storage profile `{}`", name),
                                       fmt::format("one of: {}", fmt::join(known, ", ")));
      }
      sim::StorageChoice choice{name, std::nullopt, std::nullopt};
      for (const sim::StorageChoice& c : choices) {
        if (c.profile == name) choice = c;
      }
      const bool dup = std::any_of(picked.begin(), picked.end(),
                                   [&](const sim::StorageChoice& p) { return p.profile == name; });
      if (!dup) picked.push_back(choice);
    }
    choices = std::move(picked);
  }
  return advise_workload(workload, choices, catalog, options.replications);
}

using Row = std::vector<std::string>;

Row header_row() {
  return {"#", "storage", "verdict", "p50", "p99", "failed", "cost/month", "bottleneck"};
}

std::vector<Row> rows(const Advice& a) {
  std::vector<Row> out;
  int rank = 0;
  for (const Candidate& c : a.ranked) {
    const bool sim = c.feasible();
    out.push_back({std::to_string(++rank), c.storage, verdict(c, a),
                   sim ? seconds_text(c.summary.p50_s) : "-", sim ? p99_text(c) : "-",
                   sim ? fmt::format("{} of {}", c.summary.failed, c.summary.loads) : "-",
                   cost_text(c),
                   sim && !c.summary.bottleneck.empty() ? c.summary.bottleneck : "-"});
  }
  return out;
}

std::string footer(const Advice& a, const std::string& bullet) {
  std::string out;
  for (const Candidate& c : a.ranked) out += bullet + note_line(c) + "\n";
  if (!a.cost_note.empty()) out += "\nnote: " + a.cost_note + "\n";
  return out;
}

std::string advice_table(const Advice& a, bool colour) {
  std::vector<Row> all = rows(a);
  all.insert(all.begin(), header_row());
  std::vector<std::size_t> w(all.front().size(), 0);
  for (const Row& r : all) {
    for (std::size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], r[i].size());
  }
  std::string out = fmt::format("{}: recommended {}\n\n", a.workload,
                                a.recommended.value_or("none (no candidate meets the SLO)"));
  for (std::size_t k = 0; k < all.size(); ++k) {
    std::string line;
    for (std::size_t i = 0; i < all[k].size(); ++i) {
      const bool right = i == 0 || i == 3 || i == 4 || i == 5 || i == 6;
      line += right ? fmt::format("{:>{}}  ", all[k][i], w[i])
                    : fmt::format("{:<{}}  ", all[k][i], w[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (colour && k > 0) {
      const Candidate& c = a.ranked[k - 1];
      const char* code = !c.feasible() ? "2" : c.meets_slo ? "32" : "31";
      line = fmt::format("\x1b[{}m{}\x1b[0m", code, line);
    }
    out += line + "\n";
  }
  return out + "\n" + footer(a, "");
}

std::string markdown_cell(std::string s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|') out += '\\';
    out += ch;
  }
  return out;
}

std::string advice_markdown(const Advice& a) {
  std::string out = fmt::format("**{}**: recommended **{}**\n\n", a.workload,
                                a.recommended.value_or("none (no candidate meets the SLO)"));
  const Row h = header_row();
  out += "| " + fmt::format("{}", fmt::join(h, " | ")) + " |\n|";
  for (std::size_t i = 0; i < h.size(); ++i) out += (i == 1 || i == 2 || i == 7) ? "---|" : "--:|";
  out += "\n";
  for (Row r : rows(a)) {
    for (std::string& cell : r) cell = markdown_cell(cell);
    out += "| " + fmt::format("{}", fmt::join(r, " | ")) + " |\n";
  }
  return out + "\n" + footer(a, "- ");
}

std::string csv_seconds(const Candidate& c, double v) {
  return c.feasible() && std::isfinite(v) ? fmt::format("{}", v) : "";
}

std::string advice_csv(const Advice& a) {
  std::string out =
      "rank,storage,feasible,meets_slo,p50_s,p95_s,p99_s,max_s,failed,cost_per_month,currency,"
      "bottleneck,reason,explanation\n";
  int rank = 0;
  for (const Candidate& c : a.ranked) {
    const bool sim = c.feasible();
    const Row r = {std::to_string(++rank),
                   c.storage,
                   sim ? "true" : "false",
                   c.meets_slo ? "true" : "false",
                   csv_seconds(c, c.summary.p50_s),
                   csv_seconds(c, c.summary.p95_s),
                   csv_seconds(c, c.summary.p99_s),
                   csv_seconds(c, c.summary.max_s),
                   sim ? std::to_string(c.summary.failed) : "",
                   sim ? fmt::format("{}", round_cost(c.cost.total)) : "",
                   sim ? c.cost.currency : "",
                   sim ? c.summary.bottleneck : "",
                   sim ? "" : *c.infeasible,
                   note_line(c)};
    std::vector<std::string> fields;
    for (const std::string& f : r) fields.push_back(csv_field(f));
    out += fmt::format("{}\n", fmt::join(fields, ","));
  }
  return out;
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
    const Advice a = advise(*options);
    std::string out;
    if (options->format == "json") {
      out = advice_json(a).dump(2) + "\n";
    } else if (options->format == "markdown") {
      out = advice_markdown(a);
    } else if (options->format == "csv") {
      out = advice_csv(a);
    } else {
      const bool colour = isatty(fileno(stdout)) != 0 && std::getenv("NO_COLOR") == nullptr;
      out = advice_table(a, colour);
    }
    fmt::print("{}", out);
  });
}

}  // namespace stowage::advisor
