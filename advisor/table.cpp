// `stowage table [SCENARIO.yaml...] [--format table|markdown|csv|json]`: a decision table, one
// row per scenario (workload) and one column per storage choice any of them lists, from the
// same advice as `stowage advise` (advisor/ranking.hpp). With no file it reads the shipped
// scenarios, every data/workloads/*.yaml of the source tree, in name order.
//
// A cell holds the storage's p99 time to ready, marked `*` for the recommended choice and `!`
// when it misses the SLO, `x` when it is not feasible (the reasons follow the table), and `-`
// when the scenario does not list that storage. The last columns are the recommendation and its
// monthly cost. CSV has the same cells; JSON is `{"scenarios": [ADVICE, ...]}` with each
// scenario's `stowage advise --format json` object, in the order given.
// The output is built whole before it is printed; the same files give the same bytes.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "advisor/catalog_option.hpp"
#include "advisor/commands.hpp"
#include "advisor/ranking.hpp"
#include "advisor/scenario.hpp"
#include "advisor/sim_report.hpp"
#include "sim/config/config_error.hpp"

namespace stowage::advisor {
namespace {

/// Replications per candidate, as `stowage advise` runs by default.
constexpr int kTableReplications = 3;

struct TableOptions {
  std::vector<std::string> files;
  std::vector<std::string> profile_dirs;
  std::string format = "table";
};

std::vector<std::string> shipped_scenarios() {
  const std::filesystem::path dir = std::filesystem::path(STOWAGE_SOURCE_DIR) / "data/workloads";
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  if (files.empty()) {
    throw sim::config::ConfigError(dir.string(), {}, "", "no shipped scenarios found",
                                   "workload files: stowage table SCENARIO.yaml...");
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string cell(const Advice& a, const std::string& storage) {
  for (const Candidate& c : a.ranked) {
    if (c.storage != storage) continue;
    if (!c.feasible()) return "x";
    const std::string mark = a.recommended && *a.recommended == c.storage ? "*"
                             : c.meets_slo                                ? ""
                                                                          : "!";
    return seconds_text(c.summary.p99_s) + mark;
  }
  return "-";
}

std::vector<std::vector<std::string>> table_rows(const std::vector<Advice>& all,
                                                 const std::vector<std::string>& storages) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head = {"scenario"};
  head.insert(head.end(), storages.begin(), storages.end());
  head.push_back("recommended");
  head.push_back("cost/month");
  rows.push_back(head);
  for (const Advice& a : all) {
    std::vector<std::string> row = {a.workload};
    for (const std::string& s : storages) row.push_back(cell(a, s));
    row.push_back(a.recommended.value_or("none"));
    row.push_back(a.recommended ? cost_text(a.ranked.front()) : "-");
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string reasons(const std::vector<Advice>& all) {
  std::string out = "\n* recommended, ! misses the SLO, x not feasible, - not a candidate\n";
  for (const Advice& a : all) {
    for (const Candidate& c : a.ranked) {
      if (!c.feasible())
        out += fmt::format("x {} / {}: {}\n", a.workload, c.storage, *c.infeasible);
    }
  }
  return out;
}

/// `*` and `|` are markdown syntax; a cell shows them literally.
std::string markdown_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '*' || ch == '|') out += '\\';
    out += ch;
  }
  return out;
}

std::string render(const std::vector<Advice>& all, const std::string& format) {
  if (format == "json") {
    nlohmann::ordered_json out;
    out["scenarios"] = nlohmann::ordered_json::array();
    for (const Advice& a : all) out["scenarios"].push_back(advice_json(a));
    return out.dump(2) + "\n";
  }
  std::vector<std::string> storages;
  for (const Advice& a : all) {
    for (const Candidate& c : a.ranked) storages.push_back(c.storage);
  }
  std::sort(storages.begin(), storages.end());
  storages.erase(std::unique(storages.begin(), storages.end()), storages.end());
  const auto rows = table_rows(all, storages);
  std::string out;
  if (format == "csv") {
    for (const auto& row : rows) {
      std::vector<std::string> fields;
      for (const std::string& f : row) fields.push_back(csv_field(f));
      out += fmt::format("{}\n", fmt::join(fields, ","));
    }
    return out;
  }
  if (format == "markdown") {
    for (std::size_t k = 0; k < rows.size(); ++k) {
      std::vector<std::string> cells;
      for (const std::string& c : rows[k]) cells.push_back(markdown_escape(c));
      out += fmt::format("| {} |\n", fmt::join(cells, " | "));
      if (k == 0) {
        out += "|---|";
        for (std::size_t i = 1; i < rows[k].size(); ++i) {
          out += i + 2 == rows[k].size() ? "---|" : "--:|";
        }
        out += "\n";
      }
    }
    return out + reasons(all);
  }
  std::vector<std::size_t> w(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) w[i] = std::max(w[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const bool left = i == 0 || i + 2 == row.size();
      line += left ? fmt::format("{:<{}}  ", row[i], w[i]) : fmt::format("{:>{}}  ", row[i], w[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out + reasons(all);
}

}  // namespace

void add_table_command(CLI::App& app, CommandStatus& status) {
  auto options = std::make_shared<TableOptions>();
  CLI::App* cmd = app.add_subcommand(
      "table",
      "A decision table: p99 time to ready of every storage choice for each scenario, with the "
      "recommendation and its cost (default: the shipped scenarios)");
  cmd->add_option("scenarios", options->files, "Workload YAML files (default: data/workloads/)");
  cmd->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"table", "markdown", "csv", "json"}));
  add_profiles_option(cmd, options->profile_dirs);
  cmd->callback([options, &status] {
    (void)status;
    const sim::Catalog catalog = open_catalog(options->profile_dirs);
    const std::vector<std::string> files =
        options->files.empty() ? shipped_scenarios() : options->files;
    std::vector<Advice> all;
    for (const std::string& file : files) {
      const sim::Workload workload = load_checked_workload(file, catalog);
      std::vector<sim::StorageChoice> choices = workload.storage;
      if (choices.empty()) {
        for (const std::string& name : catalog.names(sim::ProfileKind::kStorage)) {
          choices.push_back(sim::StorageChoice{name, std::nullopt, std::nullopt});
        }
      }
      all.push_back(advise_workload(workload, choices, catalog, kTableReplications));
    }
    fmt::print("{}", render(all, options->format));
  });
}

}  // namespace stowage::advisor
