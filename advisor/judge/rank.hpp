// Rank: the SLO verdict and the order in which `stowage advise` recommends storage candidates.
//
// A Candidate is one storage choice with what the advisor learned about it: whether it can
// serve the workload at all (hard constraints, checked before any simulation), the simulated
// time-to-ready summary, the spread of p99 over replications, and its monthly cost.
// Order:
// Every p99 below is the judged one: the worst over the candidate's replications.
//   1. feasible candidates that meet the SLO: every objective target (p50, p95, p99, max) is
//      met and no more than max_failed starts fail. They are ordered by the score
//        score = w x cost term + (1 - w) x p99 / max p99
//      with w the objective's cost_weight and the maximum taken over this group. The cost term
//      compares every member's whole monthly cost converted into one currency with the exchange
//      rates (advisor/judge/cost.hpp `compared`, sim/exchange_rates.hpp):
//        cost term = compared / max compared
//      A member whose storage has no price (`storage_unpriced`) is compared on its priced terms
//      only; the advice's cost note names it, so a cheap-looking unpriced choice never wins on
//      cost silently.
//      Each term lies in [0, 1]; the dearest or slowest member scores 1 on it. A maximum of 0,
//      or no comparable currency, makes that term 0 for everyone. Lower score first;
//   2. feasible candidates that miss the SLO, by how far they miss: fewer failed starts first,
//      then the lower p99 (an infinite p99 last);
//   3. infeasible candidates.
// Ties at every level are broken by storage name, so the order is total and deterministic.
// Worked example: w = 0.5; A costs 100 with p99 50 s, B costs 50 with p99 100 s, both in CNY
// and both meeting the SLO: A scores 0.5 x 1 + 0.5 x 0.5 = 0.75, B 0.5 x 0.5 + 0.5 x 1 = 0.75;
// tied, so A (by name) comes first. With C at USD 10 + CNY 40 (GPU time priced apart) beside
// them and 7.0796 CNY per USD: C compares at CNY 110.80, the group's largest, so its cost term
// is 1 and A's becomes 100 / 110.80 = 0.90.
// The SLO verdict itself is evaluate's (judge_slo); one scenario's advice is advise's
// (advisor/judge/advise.hpp). Judging is pure data: nothing here formats text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "advisor/judge/evaluate.hpp"
#include "sim/scenario.hpp"
#include "sim/workload.hpp"

namespace stowage::advisor {

/// Computes the scores and sorts `candidates` into rank order (see above).
void rank_candidates(const sim::Objective& objective, std::vector<Candidate>& candidates);

/// What the reader of the cost column should know: the currencies converted, with the rates
/// used, and the members of the SLO group whose storage has no price.
struct CostNote {
  std::vector<std::string> currencies;  // of the SLO group's amounts, sorted, when more than one
  std::string reference;                // the currency they were compared in
  std::optional<sim::ExchangeRates> rates;    // the rates used, when `currencies` is not empty
  std::vector<std::string> unpriced_storage;  // SLO group members with unpriced storage
  bool empty() const { return currencies.empty() && unpriced_storage.empty(); }
};
CostNote cost_note(const std::vector<Candidate>& candidates,
                   const std::optional<sim::ExchangeRates>& rates);

/// The first candidate meeting the SLO, if any, in a ranked list.
std::optional<std::string> recommended(const std::vector<Candidate>& ranked);

/// Cost digits kept in reports: hundredths of a currency unit.
inline constexpr double kCostScale = 100.0;
/// A cost rounded to kCostScale.
double round_cost(double v);

}  // namespace stowage::advisor
