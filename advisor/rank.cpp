#include "advisor/rank.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace stowage::advisor {
namespace {

void check_target(const std::optional<sim::Seconds>& target, Miss::Target name, double value,
                  std::vector<Miss>& misses) {
  if (target && !(value <= target->value())) misses.push_back({name, value, target->value()});
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
    c.misses.push_back({Miss::Target::kFailed, static_cast<double>(s.failed),
                        static_cast<double>(objective.max_failed)});
  }
  check_target(objective.p50, Miss::Target::kP50, s.p50_s, c.misses);
  check_target(objective.p95, Miss::Target::kP95, s.p95_s, c.misses);
  // The p99 target must hold in every replication.
  check_target(objective.p99, Miss::Target::kP99, std::max(s.p99_s, c.p99_max_s), c.misses);
  check_target(objective.max, Miss::Target::kMax, s.max_s, c.misses);
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

CostNote cost_note(const std::vector<Candidate>& candidates) {
  const std::map<std::string, CurrencyStats> stats = currency_stats(candidates);
  CostNote note;
  if (stats.size() < 2) return note;
  for (const auto& [currency, s] : stats) {
    if (s.members.size() < 2) {
      note.left_out.emplace_back(currency, s.members.front());
    } else {
      note.compared.push_back(currency);
    }
  }
  return note;
}

std::optional<std::string> recommended(const std::vector<Candidate>& ranked) {
  if (!ranked.empty() && ranked.front().meets_slo) return ranked.front().storage;
  return std::nullopt;
}

double round_cost(double v) { return std::round(v * kCostScale) / kCostScale; }

Advice advise(const sim::Scenario& scenario, const EvaluateOptions& options) {
  Advice a;
  a.workload = scenario.workload.name;
  for (const sim::StorageChoice& choice : scenario.candidates) {
    a.ranked.push_back(evaluate(scenario, choice, options));
  }
  rank_candidates(scenario.workload.objective, a.ranked);
  a.recommended = recommended(a.ranked);
  a.cost_note = cost_note(a.ranked);
  return a;
}

}  // namespace stowage::advisor
