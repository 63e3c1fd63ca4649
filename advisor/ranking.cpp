#include "advisor/ranking.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "advisor/sim_report.hpp"

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
  std::map<std::string, double> max_cost;  // currency -> largest cost in the SLO group
  double max_p99 = 0;
  for (const Candidate& c : candidates) {
    if (group(c) != 0) continue;
    max_cost[c.cost.currency] = std::max(max_cost[c.cost.currency], c.cost.total);
    max_p99 = std::max(max_p99, c.summary.p99_s);
  }
  const double w = objective.cost_weight;
  for (Candidate& c : candidates) {
    c.score = 0;
    if (group(c) != 0) continue;
    const double mc = max_cost[c.cost.currency];
    const double cost_term = mc > 0 ? c.cost.total / mc : 0;
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

std::optional<std::string> recommended(const std::vector<Candidate>& ranked) {
  if (!ranked.empty() && ranked.front().meets_slo) return ranked.front().storage;
  return std::nullopt;
}

}  // namespace stowage::advisor
