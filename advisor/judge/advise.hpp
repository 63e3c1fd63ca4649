// Advise: one scenario's advice, as `stowage advise`, `stowage table` and the hinge search judge
// it. Every candidate of the scenario is evaluated (advisor/judge/evaluate.hpp: hard constraints,
// replications, cost, SLO verdict), ranked (advisor/judge/rank.hpp), the recommendation is the
// first that meets the SLO, the cost note says which currencies were compared, and the default
// platform quotas the workload exceeds are listed (advisor/judge/quota.hpp). Reports render an
// Advice (advisor/report/advice.hpp); nothing here formats text. Deterministic: the same scenario
// and options give the same advice.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "advisor/judge/evaluate.hpp"
#include "advisor/judge/quota.hpp"
#include "advisor/judge/rank.hpp"
#include "sim/scenario.hpp"

namespace stowage::advisor {

/// One scenario's advice: its candidates in rank order.
struct Advice {
  std::string workload;
  std::vector<Candidate> ranked;
  std::optional<std::string> recommended;
  CostNote cost_note;
  /// Default platform quotas the workload exceeds (advisor/judge/quota.hpp): every candidate is
  /// simulated as written, and the scenario needs these raised.
  std::vector<QuotaRaise> quota_raises;
  /// The time no storage changes (advisor/judge/attribution.hpp), when the objective has a p99
  /// target and a candidate was simulated: the least p99 of it over the feasible candidates
  /// (they share their draws, so they differ only by a platform's delivery queue), the target,
  /// and the phase that holds most of it in that candidate's p99 load.
  struct StorageIndependent {
    double p99_s = 0;
    double target_s = 0;
    sim::Phase largest = sim::Phase::kSandbox;
  };
  std::optional<StorageIndependent> storage_independent;
};

/// Evaluates every candidate of the scenario (advisor/judge/evaluate.hpp) and ranks them.
Advice advise(const sim::Scenario& scenario, const EvaluateOptions& options);

}  // namespace stowage::advisor
