#include "advisor/judge/rank.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

namespace stowage::advisor {
namespace {

/// 0 = meets the SLO, 1 = misses it, 2 = infeasible.
int group(const Candidate& c) { return !c.feasible() ? 2 : c.meets_slo ? 0 : 1; }

}  // namespace

void rank_candidates(const sim::Objective& objective, std::vector<Candidate>& candidates) {
  double max_p99 = 0, max_cost = 0;
  for (const Candidate& c : candidates) {
    if (group(c) != 0) continue;
    max_p99 = std::max(max_p99, c.judged_p99_s());
    max_cost = std::max(max_cost, c.cost.compared);
  }
  const double w = objective.cost_weight;
  for (Candidate& c : candidates) {
    c.score = 0;
    if (group(c) != 0) continue;
    const double cost_term = max_cost > 0 ? c.cost.compared / max_cost : 0;
    const double p99_term = max_p99 > 0 ? c.judged_p99_s() / max_p99 : 0;
    c.score = w * cost_term + (1 - w) * p99_term;
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    const int ga = group(a), gb = group(b);
    if (ga != gb) return ga < gb;
    if (ga == 0 && a.score != b.score) return a.score < b.score;
    if (ga == 1) {
      // Infinity compares greater than every finite p99, so a failed p99 sorts last.
      const auto ka = std::make_tuple(a.summary.failed, a.judged_p99_s());
      const auto kb = std::make_tuple(b.summary.failed, b.judged_p99_s());
      if (ka != kb) return ka < kb;
    }
    return a.storage < b.storage;
  });
}

CostNote cost_note(const std::vector<Candidate>& candidates,
                   const std::optional<sim::ExchangeRates>& rates) {
  CostNote note;
  std::set<std::string> currencies;
  for (const Candidate& c : candidates) {
    if (group(c) != 0) continue;
    if (!c.cost.currency.empty()) currencies.insert(c.cost.currency);
    if (c.cost.other_currency) currencies.insert(c.cost.other_currency->currency);
    if (c.cost.storage_unpriced) note.unpriced_storage.push_back(c.storage);
    note.reference = c.cost.reference;
  }
  if (currencies.size() > 1) {
    note.currencies.assign(currencies.begin(), currencies.end());
    note.rates = rates;
  }
  return note;
}

std::optional<std::string> recommended(const std::vector<Candidate>& ranked) {
  if (!ranked.empty() && ranked.front().meets_slo) return ranked.front().storage;
  return std::nullopt;
}

double round_cost(double v) { return std::round(v * kCostScale) / kCostScale; }

}  // namespace stowage::advisor
