#include "advisor/ranking.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "advisor/explain.hpp"
#include "advisor/sim_report.hpp"
#include "sim/update.hpp"

namespace stowage::advisor {
namespace {

void check_target(const std::optional<sim::Seconds>& target, const char* name, double value,
                  std::vector<std::string>& misses) {
  if (target && !(value <= target->value())) {
    misses.push_back(fmt::format("{} {} > {}", name, seconds_text(value), *target));
  }
}

/// 0 = meets the SLO, 1 = misses it, 2 = infeasible.
int group(const Candidate& c) { return !c.feasible() ? 2 : c.meets_slo ? 0 : 1; }

/// A candidate's cost as an amount per currency.
std::map<std::string, double> amounts(const Candidate& c) {
  std::map<std::string, double> out{{c.cost.currency, c.cost.total}};
  if (c.cost.other_currency) out[c.cost.other_currency->currency] += c.cost.other_currency->total();
  return out;
}

/// Per currency: the largest amount in the SLO group and the members priced in it.
struct CurrencyStats {
  double max = 0;
  std::vector<std::string> members;
};

std::map<std::string, CurrencyStats> currency_stats(const std::vector<Candidate>& candidates) {
  std::map<std::string, CurrencyStats> stats;
  for (const Candidate& c : candidates) {
    if (group(c) != 0) continue;
    for (const auto& [currency, amount] : amounts(c)) {
      CurrencyStats& s = stats[currency];
      s.max = std::max(s.max, amount);
      s.members.push_back(c.storage);
    }
  }
  return stats;
}

}  // namespace

void judge_slo(const sim::Objective& objective, Candidate& c) {
  c.misses.clear();
  if (!c.feasible()) {
    c.meets_slo = false;
    return;
  }
  const sim::Summary& s = c.summary;
  if (s.failed > objective.max_failed) {
    c.misses.push_back(fmt::format("{} failed > {} allowed", s.failed, objective.max_failed));
  }
  check_target(objective.p50, "p50", s.p50_s, c.misses);
  check_target(objective.p95, "p95", s.p95_s, c.misses);
  // The p99 target must hold in every replication.
  check_target(objective.p99, "p99", std::max(s.p99_s, c.p99_max_s), c.misses);
  check_target(objective.max, "max", s.max_s, c.misses);
  c.meets_slo = c.misses.empty();
}

void rank_candidates(const sim::Objective& objective, std::vector<Candidate>& candidates) {
  const std::map<std::string, CurrencyStats> stats = currency_stats(candidates);
  double max_p99 = 0;
  for (const Candidate& c : candidates) {
    if (group(c) == 0) max_p99 = std::max(max_p99, c.summary.p99_s);
  }
  const double w = objective.cost_weight;
  for (Candidate& c : candidates) {
    c.score = 0;
    if (group(c) != 0) continue;
    const std::map<std::string, double> own = amounts(c);
    double cost_sum = 0;
    int comparable = 0;
    for (const auto& [currency, s] : stats) {
      if (s.members.size() < 2) continue;
      ++comparable;
      const auto it = own.find(currency);
      if (s.max > 0 && it != own.end()) cost_sum += it->second / s.max;
    }
    const double cost_term = comparable > 0 ? cost_sum / comparable : 0;
    const double p99_term = max_p99 > 0 ? c.summary.p99_s / max_p99 : 0;
    c.score = w * cost_term + (1 - w) * p99_term;
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    const int ga = group(a), gb = group(b);
    if (ga != gb) return ga < gb;
    if (ga == 0 && a.score != b.score) return a.score < b.score;
    if (ga == 1) {
      // Infinity compares greater than every finite p99, so a failed p99 sorts last.
      const auto ka = std::make_tuple(a.summary.failed, a.summary.p99_s);
      const auto kb = std::make_tuple(b.summary.failed, b.summary.p99_s);
      if (ka != kb) return ka < kb;
    }
    return a.storage < b.storage;
  });
}

std::string cost_note(const std::vector<Candidate>& candidates) {
  const std::map<std::string, CurrencyStats> stats = currency_stats(candidates);
  if (stats.size() < 2) return {};
  std::vector<std::string> parts;
  std::vector<std::string> compared;
  for (const auto& [currency, s] : stats) {
    if (s.members.size() < 2) {
      parts.push_back(
          fmt::format("costs in {} ({}) are left out of the ranking: no other choice "
                      "meeting the SLO is priced in {}",
                      currency, s.members.front(), currency));
    } else {
      compared.push_back(currency);
    }
  }
  if (compared.size() > 1) {
    parts.insert(parts.begin(), fmt::format("costs in {} are not converted: the cost term averages "
                                            "each currency's share of its largest amount",
                                            fmt::join(compared, " and ")));
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::optional<std::string> recommended(const std::vector<Candidate>& ranked) {
  if (!ranked.empty() && ranked.front().meets_slo) return ranked.front().storage;
  return std::nullopt;
}

double round_cost(double v) { return std::round(v * kCostScale) / kCostScale; }

std::string cost_text(const Candidate& c) {
  if (!c.feasible()) return "-";
  std::string text = fmt::format("{:.2f} {}", round_cost(c.cost.total), c.cost.currency);
  if (c.cost.other_currency) {
    text += fmt::format(" + {:.2f} {}", round_cost(c.cost.other_currency->total()),
                        c.cost.other_currency->currency);
  }
  return text;
}

std::string p99_text(const Candidate& c) {
  std::string text = seconds_text(c.summary.p99_s);
  if (c.replications > 1 && c.p99_min_s != c.p99_max_s) {
    text += fmt::format(" ({}..{})", seconds_text(c.p99_min_s), seconds_text(c.p99_max_s));
  }
  return text;
}

std::string note_line(const Candidate& c) {
  return c.feasible() ? c.explanation
                      : fmt::format("{}: not feasible: {}", c.storage, *c.infeasible);
}

Advice advise_workload(const sim::Workload& workload,
                       const std::vector<sim::StorageChoice>& choices, const sim::Catalog& catalog,
                       int replications) {
  Advice a;
  a.workload = workload.name;
  for (const sim::StorageChoice& choice : choices) {
    a.ranked.push_back(evaluate_candidate(workload, choice, catalog, replications));
  }
  rank_candidates(workload.objective, a.ranked);
  a.recommended = recommended(a.ranked);
  a.cost_note = cost_note(a.ranked);
  return a;
}

nlohmann::ordered_json advice_json(const Advice& a) {
  using J = nlohmann::ordered_json;
  J out;
  out["workload"] = a.workload;
  out["recommended"] = a.recommended ? J(*a.recommended) : J(nullptr);
  out["cost_note"] = a.cost_note.empty() ? J(nullptr) : J(a.cost_note);
  J list = J::array();
  int rank = 0;
  for (const Candidate& c : a.ranked) {
    const bool sim = c.feasible();
    const auto secs = [&](double v) { return sim ? seconds_json(v) : J(nullptr); };
    J j;
    j["rank"] = ++rank;
    j["storage"] = c.storage;
    j["kind"] = c.kind;
    j["feasible"] = sim;
    j["reason"] = sim ? J(nullptr) : J(*c.infeasible);
    j["meets_slo"] = c.meets_slo;
    j["misses"] = c.misses;
    j["p50_s"] = secs(c.summary.p50_s);
    j["p95_s"] = secs(c.summary.p95_s);
    j["p99_s"] = secs(c.summary.p99_s);
    j["max_s"] = secs(c.summary.max_s);
    j["p99_spread_s"] =
        sim ? J::array({seconds_json(c.p99_min_s), seconds_json(c.p99_max_s)}) : J(nullptr);
    j["replications"] = c.replications;
    j["failed"] = sim ? J(c.summary.failed) : J(nullptr);
    j["cost_per_month"] = sim ? J(round_cost(c.cost.total)) : J(nullptr);
    j["currency"] = sim ? J(c.cost.currency) : J(nullptr);
    if (sim) {
      J cost;
      cost["storage"] = round_cost(c.cost.storage);
      cost["replication"] = round_cost(c.cost.replication);
      cost["transfer"] = round_cost(c.cost.transfer);
      cost["gpu_wait"] = round_cost(c.cost.gpu_wait);
      cost["update"] = round_cost(c.cost.update);
      cost["other_currency"] = c.cost.other_currency
                                   ? J({{"currency", c.cost.other_currency->currency},
                                        {"gpu_wait", round_cost(c.cost.other_currency->gpu_wait)},
                                        {"update", round_cost(c.cost.other_currency->update)}})
                                   : J(nullptr);
      j["cost"] = std::move(cost);
    } else {
      j["cost"] = nullptr;
    }
    j["unpriced"] = c.cost.unpriced;
    j["bottleneck"] = sim && !c.summary.bottleneck.empty() ? J(c.summary.bottleneck) : J(nullptr);
    j["update_to_ready_s"] = sim ? J(c.update.ready_s) : J(nullptr);
    j["update"] = sim ? J(sim::update_text(c.update)) : J(nullptr);
    j["explanation"] = note_line(c);
    list.push_back(std::move(j));
  }
  out["candidates"] = std::move(list);
  return out;
}

}  // namespace stowage::advisor
