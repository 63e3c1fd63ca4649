#include "advisor/report/decision_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>

#include "advisor/report/advice.hpp"
#include "advisor/report/hinges.hpp"
#include "advisor/report/schema_version.hpp"
#include "advisor/report/text.hpp"
#include "advisor/report/uncertainty.hpp"

namespace stowage::advisor::report {
namespace {

std::string cell(const Advice& a, const std::string& storage) {
  for (const Candidate& c : a.ranked) {
    if (c.storage != storage) continue;
    if (!c.feasible()) return "x";
    const std::string mark = a.recommended && *a.recommended == c.storage ? "*"
                             : c.meets_slo                                ? ""
                                                                          : "!";
    // `?`: the verdict holds in fewer than the confidence share of plausible worlds.
    const bool shaky = c.worlds && verdict_share(c) < c.worlds->confidence;
    return seconds_text(c.judged_p99_s()) + mark + (shaky ? "?" : "");
  }
  return "-";
}

TextTable table_of(const std::vector<Advice>& all) {
  std::vector<std::string> storages;
  for (const Advice& a : all) {
    for (const Candidate& c : a.ranked) storages.push_back(c.storage);
  }
  std::sort(storages.begin(), storages.end());
  storages.erase(std::unique(storages.begin(), storages.end()), storages.end());
  TextTable t;
  t.record_keys = 1;  // a narrow record names every storage beside its p99
  t.header = {"scenario"};
  t.header.insert(t.header.end(), storages.begin(), storages.end());
  t.header.push_back("recommended");
  t.header.push_back("cost/month");
  t.align.assign(t.header.size(), Align::kRight);
  t.align.front() = Align::kLeft;
  t.align[t.align.size() - 2] = Align::kLeft;
  for (const Advice& a : all) {
    std::vector<std::string> row = {a.workload};
    for (const std::string& s : storages) row.push_back(cell(a, s));
    row.push_back(a.recommended.value_or("none"));
    row.push_back(a.recommended ? cost_text(a.ranked.front()) : "-");
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string reasons(const std::vector<Advice>& all) {
  std::string out = "\n* recommended, ! misses the SLO, x not feasible, - not a candidate";
  // `?` in the legend: the confidence share when every scenario asks the same one.
  std::vector<double> shares;
  int worlds = 0;
  for (const Advice& a : all) {
    for (const Candidate& c : a.ranked) {
      if (c.worlds) shares.push_back(c.worlds->confidence), worlds = c.worlds->worlds;
    }
  }
  const bool one_share = std::adjacent_find(shares.begin(), shares.end(),
                                            std::not_equal_to<>()) == shares.end();
  if (!shares.empty()) {
    out += fmt::format(", ? the verdict holds in fewer than {} of {} plausible worlds",
                       one_share ? fmt::format("{:g}%", shares.front() * 100)
                                 : std::string("its scenario's confidence share"),
                       worlds);
  }
  out += "\n";
  for (const Advice& a : all) {
    for (const Candidate& c : a.ranked) {
      if (!c.feasible()) {
        out += fmt::format("x {} / {}: {}\n", a.workload, c.storage, *c.infeasible);
      }
    }
  }
  for (const Advice& a : all) {
    for (const QuotaRaise& q : a.quota_raises) {
      out += fmt::format("{}: {}\n", a.workload, quota_note(q));
    }
  }
  return out;
}

/// `NAME (guidance: TEXT): agrees when FIGURE below V (...); ...`, one line a disagreeing
/// scenario.
std::string disagreements(const std::vector<Advice>& all,
                          const std::vector<std::optional<GuidanceCheck>>& guidance,
                          bool markdown) {
  std::string out;
  for (std::size_t i = 0; i < guidance.size(); ++i) {
    if (!guidance[i] || guidance[i]->agrees) continue;
    const GuidanceCheck& g = *guidance[i];
    std::vector<std::string> at;
    for (const AgreeAt& a : g.agree_at) {
      at.push_back(agree_condition(g.robustness.figures[a.figure], a.below));
    }
    out += fmt::format("{}{} (guidance: {}): {}\n", markdown ? "- " : "", all[i].workload,
                       g.guidance.text,
                       at.empty() ? "no single assumed figure within x10 of its value makes "
                                    "them agree"
                                  : "agrees when " + fmt::format("{}", fmt::join(at, "; or ")));
  }
  if (!out.empty()) out = "\nwhere stowage and the published guidance disagree:\n" + out;
  return out;
}

nlohmann::ordered_json guidance_json(const GuidanceCheck& g) {
  nlohmann::ordered_json j;
  j["text"] = g.guidance.text;
  j["storages"] = g.guidance.storages;
  j["agrees"] = g.agrees;
  j["agree_at"] = nlohmann::ordered_json::array();
  for (const AgreeAt& a : g.agree_at) {
    const FigureRange& f = g.robustness.figures[a.figure];
    nlohmann::ordered_json at = flip_json(f, a.below);
    at["agrees_when"] = agree_condition(f, a.below);
    j["agree_at"].push_back(std::move(at));
  }
  return j;
}

}  // namespace

std::string decision_table(const std::vector<Advice>& all,
                           const std::vector<Robustness>& robustness, const std::string& format,
                           int width, const std::vector<std::optional<GuidanceCheck>>& guidance,
                           const std::vector<std::optional<Uncertainty>>& uncertainty) {
  const auto guidance_of = [&](std::size_t i) -> const std::optional<GuidanceCheck>* {
    return i < guidance.size() && guidance[i] ? &guidance[i] : nullptr;
  };
  if (format == "json") {
    nlohmann::ordered_json out;
    out["schema_version"] = kSchemaVersion;
    out["scenarios"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < all.size(); ++i) {
      nlohmann::ordered_json a = advice_json(all[i]);
      add_hinges_json(a, robustness[i], false);
      if (const auto* g = guidance_of(i)) a["guidance"] = guidance_json(**g);
      if (i < uncertainty.size() && uncertainty[i]) {
        a["uncertainty"] = uncertainty_json(*uncertainty[i]);
      }
      out["scenarios"].push_back(std::move(a));
    }
    return json_text(out) + "\n";
  }
  const TextTable t = table_of(all);
  if (format == "csv") return render_csv(t);
  std::string hinges;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const std::string lines = hinge_lines(robustness[i]);
    std::size_t start = 0;
    for (std::size_t end = lines.find('\n'); end != std::string::npos;
         start = end + 1, end = lines.find('\n', start)) {
      hinges += fmt::format("{}{}: {}\n", format == "markdown" ? "- " : "", all[i].workload,
                            lines.substr(start, end - start));
    }
  }
  if (!hinges.empty()) hinges = "\nwhat the advice hinges on:\n" + hinges;
  hinges += disagreements(all, guidance, format == "markdown");
  if (format == "markdown") return render_markdown(t) + reasons(all) + hinges;
  return render_terminal(t, {}, width) + wrap_text(reasons(all) + hinges, width, "  ");
}

}  // namespace stowage::advisor::report
